"""Name comparison: normalisation, fuzzy and phonetic similarity, with guards.

Speech-to-text mangles names in a few typical ways: a wrong letter or two ("Nvidea"), a
word split in two ("open AI", "Tik Tok"), a sound-alike spelling ("Jeff" for "Geoff"). Each
is handled by one general rule here; none knows any particular misspelling.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jellyfish
from nameparser import HumanName
from num2words import num2words
from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from .models import unaccented

COMMON_WORD_ZIPF = 3.0  # a word at least this frequent in English is a word, not a name
MIN_SIMILARITY = 60  # below this rapidfuzz ratio no two spellings are one name
VOWELS = frozenset("aeiou")
SPELLING_CLOSE = 87  # at or above it, one spelling is a slip of the other even without the same sound


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Casefolded, accents and punctuation removed, white space collapsed; letters of any
    script kept, so that no name normalises to nothing."""
    text = re.sub(r"['’]s\b", "", unaccented(text).casefold())
    return " ".join(re.sub(r"[^\w&+]|_", " ", text).split())


@lru_cache(maxsize=65536)
def compact(text: str) -> str:
    """Normalised with no spaces: 'Open AI' and 'OpenAI' meet here."""
    return normalize(text).replace(" ", "").replace("&", "and")


@lru_cache(maxsize=65536)
def without_title(name: str) -> str:
    """A person's name without the title before it ('President Boris Yeltsin', 'Dr. Fei-Fei
    Li'), by nameparser's titles; the name itself where none is."""
    parsed = HumanName(name)
    rest = " ".join(part for part in (parsed.first, parsed.middle, parsed.last, parsed.suffix) if part)
    return rest if parsed.title and rest else name


SPOKEN_NUMBER = re.compile(r"(?<![\w.,-])\d{1,3}(?![\w.,%-])")  # '11 Labs', not 'GPT-4', '3.5' or '40%'
VERSION_WORD = re.compile(r"[A-Z]|[IVX]+")  # a version's word: "X", "II"


def numbers_as_words(text: str) -> str:
    """Speech to text writes a number it hears in digits where a name spells it: '11 Labs' is
    said 'eleven Labs' (ElevenLabs)."""
    return SPOKEN_NUMBER.sub(lambda m: num2words(int(m.group())), text)


def singular(key: str) -> str:
    return key[:-1] if len(key) > 4 and key.endswith("s") and not key.endswith("ss") else key


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def is_common_word(word: str) -> bool:
    return zipf(word.lower()) >= COMMON_WORD_ZIPF


def all_common_words(text: str, floor: float = COMMON_WORD_ZIPF) -> bool:
    """Every word of the text is one English knows well ('Black Forest Labs', 'Final Phase'), or
    at least as often as `floor` says."""
    return all(zipf(w) >= floor for w in normalize(text).split())


def firm_short_form(name: str) -> str | None:
    """The first word a firm of several words goes by alone ('Kleiner' of Kleiner Perkins,
    'Jina' of Jina AI); none where general English knows the word ('Index' of Index Ventures)."""
    words = name.split()
    return words[0] if len(words) >= 2 and not is_common_word(words[0]) else None


def a_version(name: str) -> bool:
    """'iPhone X', 'Freddy II': a name and a version's word (a capital letter, a Roman numeral),
    a thing of its own, not a longer form of its first word."""
    words = name.split()
    return len(words) == 2 and VERSION_WORD.fullmatch(words[1]) is not None


def inner_capital(text: str) -> bool:
    """A capital past the first letter ('OpenAI', 'FDA', 'iPhone'): no sentence's start put it there."""
    return any(c.isupper() for c in text[1:])


@lru_cache(maxsize=65536)
def phonetic(word: str) -> str:
    return jellyfish.metaphone(word) if word else ""


def similar_words(a: str, b: str) -> bool:
    """Two single (compacted) words that are one word misheard: close in spelling, or
    less close but sounding the same. Short words must match exactly."""
    if a == b:
        return True
    if any(c.isdigit() for c in a + b) and _version(a) != _version(b):
        return False  # versions: GPT-4 is not GPT-4o, Llama 3 is not Llama 2
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 3 or not _same_onset(a, b):
        return False
    score = fuzz.ratio(a, b)
    same_sound = phonetic(a) == phonetic(b)
    return score >= SPELLING_CLOSE or same_sound and score >= MIN_SIMILARITY


def _same_onset(a: str, b: str) -> bool:
    """Both begin alike: the same letter or sound, or a vowel each, which the ear mixes up
    ('Enthropic' for Anthropic)."""
    return a[0] == b[0] or phonetic(a)[:1] == phonetic(b)[:1] or a[0] in VOWELS and b[0] in VOWELS


def _version(word: str) -> tuple[str, str]:
    """The digits of a name and what follows the last of them: ('4', 'o') for gpt4o."""
    digits = "".join(c for c in word if c.isdigit())
    tail = re.sub(r"^.*\d", "", word) if digits else ""
    return digits, tail


def similar_person_names(a: str, b: str) -> bool:
    """'Sam Altmann' ~ 'Sam Altman', 'Jeff Hinton' ~ 'Geoff Hinton'; but 'Kevin Scott' is
    not 'Kevin Weil': the family names must be alike too."""
    ta, tb = normalize(a).split(), normalize(b).split()
    if len(ta) < 2 or len(tb) < 2:
        return False
    (first_a, last_a), (first_b, last_b) = (ta[0], ta[-1]), (tb[0], tb[-1])
    if last_a == last_b:  # one family: only the same first name, its short form or its sound
        return (first_a == first_b or fuzz.ratio(first_a, first_b) >= 80 or _is_short_form(first_a, first_b)
                or phonetic(first_a) == phonetic(first_b))
    if not similar_words(last_a, last_b) and not (first_a == first_b and phonetic(last_a) == phonetic(last_b)):
        return False
    # a misheard family name: the first names must agree too, loosely ('Seb' for 'Sepp')
    return first_a == first_b or first_a[0] == first_b[0] and fuzz.ratio(first_a, first_b) >= 50


def _is_short_form(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)
