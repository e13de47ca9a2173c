"""The mentions of one document, beyond what each segment shows alone: the entity-list
subject, names a role word introduces, speaker labels and header names, name parts
('Matan' after 'Matan Grinberg'), misheard repeats of a name, and short forms."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import cache
from typing import Callable, Iterable, Iterator, Optional

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from ..knowledge import FIRM_WORDS, GIVEN_NAMES, KBEntry, KnowledgeBase
from ..models import (ARTIFACT_LABELS, MENTION_TRUST, RECOGNISED, SPOKEN_LAYOUTS, Document, EntityLabel, Layout, Mention,
                      MentionSource, OrgKind, Segment, SegmentKind)
from ..names import (COMMON_WORD_ZIPF, a_version, all_common_words, firm_short_form, inner_capital, normalize, phonetic,
                     similar_words, zipf)
from .mentions import find_mentions, is_title_like

ENTITY_ITEM = re.compile(r"^(?P<name>[^*]+)\*\*\s*\((?P<type>[\w ]+)\)\s*:\s*")
LIST_TYPES = {"person": EntityLabel.PERSON, "people": EntityLabel.PERSON, "model": EntityLabel.MODEL,
              "product": EntityLabel.PRODUCT, "tool": EntityLabel.PRODUCT, "organization": EntityLabel.ORGANIZATION,
              "organisation": EntityLabel.ORGANIZATION, "company": EntityLabel.ORGANIZATION,
              "startup": EntityLabel.ORGANIZATION, "lab": EntityLabel.ORGANIZATION, "investor": EntityLabel.ORGANIZATION,
              "fund": EntityLabel.ORGANIZATION, "university": EntityLabel.ORGANIZATION, "media": EntityLabel.ORGANIZATION}
RARE_FIRST_NAME_ZIPF = 3.6  # 'Elon' 3.3, 'Jensen' 3.6; 'Gavin' 3.7, 'Tim' 4.5 name too many to tell
RARE_WORD_ZIPF = 2.0  # below: a word general English hardly knows ('Hapatia', 'Fodilandry')
CASELESS_LAYOUTS = {Layout.AUTO_CAPTIONS, Layout.CAPTION_STREAM}  # automatic captions: case at random
LOWER_CASE_WORD = re.compile(r"(?<![\w./@-])[a-z]+(?![\w-]|\.\w)")  # a word, not part of an address or a handle
NAME_INSIDE_SENTENCE = re.compile(r"[a-z0-9,;(\u201c\"'\u2019]\s+([A-Z][a-z]+)\b")  # after a word, not a sentence's end
PARTICIPANTS = {MentionSource.SPEAKER, MentionSource.METADATA}  # who takes part in the talk
ROLE_INTRODUCES_NAME = re.compile(
    r"\b(?:his|her|my|our|their) (?:co-?founders?|cofounders?|business partner|boss|colleague|ceo|cto|"
    r"chief scientist|manager|advisor)(?: and \w+)?,? (?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
CAMEL_CASE = re.compile(r"[a-z][A-Z]")  # 'LanceDB', 'MapReduce': no ear writes a capital after a small letter
SELF_INTRODUCTION = re.compile(r"\b(?:I'm|I’m|I am|[Mm]y name is|[Mm]y name's) (?P<name>[A-Z][a-z]+(?: [A-Z]\w+)?)")


def document_mentions(doc: Document, parsed: Iterable[tuple[Segment, Doc]], kb: KnowledgeBase) -> list[Mention]:
    """Every mention in the document, sorted by position."""
    return DocumentMentions(doc, parsed, kb).find()


def _covering(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether an offset falls inside any of `spans`, which may overlap: one bisection per
    question, not a pass over every span (a long transcript has hundreds of thousands)."""
    spans = sorted(spans)
    starts = [start for start, _ in spans]
    reach = list(itertools.accumulate((end for _, end in spans), max))  # furthest end so far

    def covered(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and reach[i] > offset

    return covered


def _introduced_name(sdoc: Doc, match: re.Match) -> Optional[Span]:
    """The name a speaker gives: proper nouns, the first a given name ('Nate' of 'I'm Nate And';
    not 'French' of 'I'm French'), and no firm's ('I'm Ada Health's CMO', 'I am Hunter Robotics')."""
    span = sdoc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
    if span is None:
        return None
    words = span[:sum(1 for _ in itertools.takewhile(lambda t: t.pos_ == "PROPN" and t.is_alpha, span))]
    if not words or normalize(words[0].text) not in GIVEN_NAMES:
        return None
    after = sdoc[words.end].lower_ if words.end < len(sdoc) else ""
    return None if after in {"'s", "’s"} or normalize(words[-1].text) in FIRM_WORDS else words


def _overlaps(mention: Mention, start: int, end: int) -> bool:
    return mention.start < end and start < mention.end


class DocumentMentions:
    def __init__(self, doc: Document, parsed: Iterable[tuple[Segment, Doc]], kb: KnowledgeBase):
        self.doc = doc
        self.parsed = parsed
        self.kb = kb
        self.mentions: list[Mention] = []
        # speech (speaker turns, captions): names come from the ear, and first names alone
        self.spoken = doc.layout in SPOKEN_LAYOUTS or any(s.speaker for s in doc.segments)
        # whether an offset is where a transcript is written, not heard: its title and header values
        self.written = _covering([(s.start, s.end) for s in doc.segments
                                  if s.kind in (SegmentKind.HEADING, SegmentKind.METADATA)])

    def find(self) -> list[Mention]:
        caseless = self.doc.layout == Layout.AUTO_CAPTIONS
        line_starts = frozenset(m.end() + self.doc.offset for m in re.finditer(r"\n\s*", self.doc.text)) if caseless else frozenset()
        for segment, sdoc in self.parsed:
            found = find_mentions(sdoc, self.kb, offset=segment.start, caseless=caseless,
                                  line_starts=line_starts, heading=self._reads_as_title(segment), spoken=self.spoken,
                                  cased=self.doc.layout not in CASELESS_LAYOUTS)
            if segment.kind == "entity_list":
                found = self._entity_list_subject(segment, found)
            found = self._self_introduced(segment, sdoc, found)
            self.mentions.extend(found)
            self.mentions.extend(self._people_by_role(segment, found))
        self._add_named_people()
        self._add_name_parts(line_starts)
        self._join_misheard_people()
        self._join_heard_to_written()
        self._resolve_short_forms()
        self._drop_common_words_taken_for_names()
        self._drop_terms_written_in_lower_case()
        self._drop_unsupported_rare_words()
        return sorted(self.mentions, key=lambda m: (m.start, m.end))

    def _drop_common_words_taken_for_names(self) -> None:
        """Ordinary words the recogniser takes for a name are one only where the document also
        writes the word capitalised inside a sentence ('last month Harbor raised'), and not more
        often in lower case ('legal opened with a plan ... Legal was put in a position'): a capital
        at a sentence's or an item's start says nothing ('Renowned physicist at...'). Capitals
        inside a word are no sentence's start: 'FDA' and 'NASA' are names wherever they stand,
        and so is a name its sentence describes ('Hayes is a Fellow of AAAI': source DESCRIBED).
        A caption stream has no sentences, and capitalises where each caption began: there a run
        of words English knows, even rarely ('Revenue', 'Final Phase', 'Unwound', 'Omelette'), is
        no name wherever it stands, unless it is a person's that begins with a given name ('Grace
        Hopper'); a name known to the knowledge base was matched as such already."""
        stream = self.doc.layout == Layout.CAPTION_STREAM
        inside = Counter() if stream else Counter(NAME_INSIDE_SENTENCE.findall(self.doc.text))
        lower = Counter() if stream else Counter(LOWER_CASE_WORD.findall(self.doc.text))

        def ordinary(m: Mention) -> bool:
            words = m.text.split()
            # a person's name may score as a rare word ('Arvind'): rare words are ordinary for others only
            floor = RARE_WORD_ZIPF if stream and m.label is not EntityLabel.PERSON else COMMON_WORD_ZIPF
            if not all(w.isalpha() and not inner_capital(w) for w in words) or not all_common_words(m.text, floor):
                return False
            if stream:
                return not (m.label is EntityLabel.PERSON and normalize(words[0]) in GIVEN_NAMES)
            return len(words) == 1 and inside[m.text] < max(1, lower[m.text.lower()])

        self.mentions = [m for m in self.mentions if not (m.source is MentionSource.NER and not m.full_name and ordinary(m))]

    def _drop_terms_written_in_lower_case(self) -> None:
        """In writing, words of the language the recogniser took for a name ('Bug Fixing' in a
        bold heading) are a term where the text also writes them in lower case ('automated bug
        fixing'); one word alone is not enough ('new things on comet', a tweet's Comet). Speech
        to text writes case at random, so a transcript keeps them."""
        if self.spoken:
            return
        @cache  # a name said many times is searched for once
        def written_in_lower_case(text: str) -> bool:
            return re.search(rf"(?<![\w-]){re.escape(text.lower())}(?![\w-])", self.doc.text) is not None

        def a_term(m: Mention) -> bool:
            return m.source in RECOGNISED and not m.kb_name and not m.full_name \
                and len(m.text.split()) > 1 and all_common_words(m.text) \
                and written_in_lower_case(m.text)

        self.mentions = [m for m in self.mentions if not a_term(m)]

    def _drop_unsupported_rare_words(self) -> None:
        """Speech-to-text garbles a name into a word no dictionary knows ('Hapatia'): in a
        transcript, such a word the recogniser alone found is a name only where the document
        says it again (or writes it as a speaker); a misheard known name was already matched
        to the knowledge base. A title or header line is written, not heard: 'Wayve CEO Alex Kendall';
        so is a word in camel case ('LanceDB'), which only a transcriber who knows the name writes."""
        if not self.spoken:
            return
        said = Counter(m.text.casefold() for m in self.mentions)
        self.mentions = [m for m in self.mentions if not (
            m.source in RECOGNISED and not m.kb_name and not m.full_name and len(m.text.split()) == 1
            and zipf(normalize(m.text)) < RARE_WORD_ZIPF and said[m.text.casefold()] == 1
            and not self.written(m.start) and not CAMEL_CASE.search(m.text))]

    def _reads_as_title(self, segment: Segment) -> bool:
        return segment.kind == "heading" or segment.kind != "entity_list" and is_title_like(self.doc.segment_text(segment))

    def _entity_list_subject(self, segment: Segment, found: list[Mention]) -> list[Mention]:
        """`**Name** (type): ...` states the entity and its type outright."""
        item = ENTITY_ITEM.match(self.doc.segment_text(segment))
        if not item or item.group("type").strip().lower() not in LIST_TYPES:
            return found
        name = item.group("name").strip()
        label = LIST_TYPES[item.group("type").strip().lower()]
        entry = self.kb.exact(name)
        subject = Mention(text=name, label=label, start=segment.start, end=segment.start + len(name), source=MentionSource.ENTITY_LIST,
                          kb_name=entry.name if entry and entry.label is label else None,
                          kind=entry.kind if entry else (OrgKind.COMPANY if label is EntityLabel.ORGANIZATION else None),
                          confidence=MENTION_TRUST[MentionSource.ENTITY_LIST])
        return [subject, *(m for m in found if m.start >= subject.end)]

    def _self_introduced(self, segment: Segment, sdoc: Doc, found: list[Mention]) -> list[Mention]:
        """'I'm Nate', 'my name is Priya': a speaker who gives their name is a person, even by a
        first name alone, which the recogniser often reads as a firm's. A name the knowledge base
        gave another type stays ('I'm Claude'), and captions capitalise at random ('I'm Frank')."""
        if self.doc.layout in CASELESS_LAYOUTS:
            return found
        for match in SELF_INTRODUCTION.finditer(sdoc.text):
            name = _introduced_name(sdoc, match)
            if name is None:
                continue
            start, end = segment.start + name.start_char, segment.start + name.end_char
            taken = [m for m in found if _overlaps(m, start, end)]
            if any(m.label is EntityLabel.PERSON or m.source not in RECOGNISED for m in taken):
                continue
            found = [m for m in found if not _overlaps(m, start, end)]
            found.append(Mention(text=name.text, label=EntityLabel.PERSON, start=start, end=end,
                                 source=MentionSource.INTRODUCED, confidence=MENTION_TRUST[MentionSource.INTRODUCED]))
        return sorted(found, key=lambda m: m.start)

    def _people_by_role(self, segment: Segment, found: list[Mention]) -> Iterator[Mention]:
        """'his co-founder Eno': a name that a role word introduces is a person's, even alone."""
        text = self.doc.segment_text(segment)
        for match in ROLE_INTRODUCES_NAME.finditer(text):
            start, end = segment.start + match.start("name"), segment.start + match.end("name")
            if not any(_overlaps(m, start, end) for m in found):
                yield Mention(text=match.group("name"), label=EntityLabel.PERSON, start=start, end=end,
                              source=MentionSource.ROLE, confidence=MENTION_TRUST[MentionSource.ROLE])

    def _add_named_people(self) -> None:
        """Speaker labels and the people the header names (host, guests) are mentions too."""
        seen: set[str] = set()
        for segment in self.doc.segments:  # the segments alone: no parse read back
            label = segment.speaker
            if not label or label in seen or self.kb.is_speaker_role(label):
                continue
            at = self.doc.text.rfind(label, 0, segment.start - self.doc.offset)
            seen.add(label)
            if at >= 0:
                self._add_person(label, self.doc.offset + at, MentionSource.SPEAKER)
        for name in [*self.doc.host, *self.doc.guests]:
            at = self.doc.text.find(name)
            if at >= 0:
                self._add_person(name, self.doc.offset + at, MentionSource.METADATA)

    def _add_person(self, name: str, start: int, source: MentionSource) -> None:
        if any(m.start <= start < m.end for m in self.mentions):
            return
        entry = self.kb.exact(name) or (self.kb.fuzzy_person(name) if len(name.split()) > 1 else None)
        if entry and entry.label is not EntityLabel.PERSON:
            return
        self.mentions.append(Mention(text=name, label=EntityLabel.PERSON, start=start, end=start + len(name),
                                     source=source, kb_name=entry.name if entry else None, confidence=MENTION_TRUST[source]))

    def _add_name_parts(self, line_starts: frozenset[int]) -> None:
        """'Matan' and 'Grinberg' written as names after 'Matan Grinberg', 'Kleiner' after
        'Kleiner Perkins': mentions of them, even where NER missed them. Of a firm's name, only
        a first word that general English does not know ('Index' of Index Ventures is a word);
        a part that two names share ('Andreessen') is nobody's."""
        parts: dict[str, dict[str, Mention]] = {}
        for m in self.mentions:
            name = m.kb_name or m.text
            words = name.split()
            if len(words) >= 2 and m.label is EntityLabel.PERSON:
                ends = (words[0], words[-1])
            elif m.label is EntityLabel.ORGANIZATION and (short := firm_short_form(name)):
                ends = (short,)
            else:
                continue
            for part in ends:
                parts.setdefault(part, {}).setdefault(name, m)
        unique = {part: next(iter(named.items())) for part, named in parts.items() if len(named) == 1 and len(part) > 2}
        taken = _covering([(m.start, m.end) for m in self.mentions])
        for segment, sdoc in self.parsed:
            for token in sdoc:
                start = segment.start + token.idx
                if token.text in unique and start not in line_starts and not taken(start) and not _begins_a_name(token):
                    name, whole = unique[token.text]
                    self.mentions.append(Mention(text=token.text, label=whole.label, start=start,
                                                 end=start + len(token.text), source=MentionSource.COREF,
                                                 confidence=MENTION_TRUST[MentionSource.COREF],
                                                 full_name=name, kind=whole.kind))

    def _join_misheard_people(self) -> None:
        """In one document, 'Martin Cado' beside 'Martin Casado' is him misheard: same first
        name, a family name close in spelling to one said more often."""
        counts = Counter(m.kb_name or m.text for m in self.mentions if m.label is EntityLabel.PERSON)
        # two words as normalised, not as written: "O'Brien" or "<b>x</b>" split apart there
        names = {n: parts for n in counts if len(parts := normalize(n).split()) == 2}
        by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for n, (first, last) in names.items():
            by_first[first].append((n, last))
        joined: dict[str, Optional[str]] = {}  # one answer per name, however often it is said
        for m in self.mentions:
            if m.label is not EntityLabel.PERSON or m.kb_name or m.full_name or m.text not in names:
                continue
            if m.text not in joined:
                first, last = names[m.text]
                better = [n for n, l in by_first[first] if n != m.text and counts[n] >= counts[m.text]
                          and fuzz.ratio(last, l) >= 75]
                joined[m.text] = better[0] if len(better) == 1 else None
            if joined[m.text]:
                m.full_name = joined[m.text]

    def _join_heard_to_written(self) -> None:
        """A transcript's title and header are written, its turns heard: a one-word name said
        in the turns that sounds like and is spelled close to one the header writes, a person's
        to a person's, is that name misheard ('Wave' under the title 'Wayve CEO Alex Kendall'),
        unless the turns say the written form too."""
        if not self.spoken:
            return
        in_header = {normalize(m.text): m for m in self.mentions if len(m.text.split()) == 1 and self.written(m.start)}
        heard = [m for m in self.mentions if not self.written(m.start)]
        said = {normalize(m.text) for m in heard}
        for m in heard:
            key = normalize(m.text)
            if m.kb_name or m.full_name or len(key.split()) != 1 or key in in_header:
                continue
            heard_as = [w for k, w in in_header.items() if k not in said and _same_kind(w.label, m.label)
                        and phonetic(k) == phonetic(key) and similar_words(k, key)]
            if len(heard_as) == 1:
                m.full_name, m.label, m.kind = heard_as[0].kb_name or heard_as[0].text, heard_as[0].label, heard_as[0].kind

    def _resolve_short_forms(self) -> None:
        """'Grinberg' and 'Matan' after 'Matan Grinberg' are the same person, 'Kleiner' after
        'Kleiner Perkins' the same firm. In a transcript, a lone name that no full name in the
        document explains is the one well-known person it can only mean (`_known_person`), or else
        dropped: people talking say first names ('thanks, Sarah'), where written text names a
        person alone by the family name ('as Bengio showed')."""
        full: dict[str, Mention] = {}
        for m in self.mentions:
            name = m.kb_name or m.text
            # words as normalised: ', :' is no full name, though it has two tokens
            if m.label not in ARTIFACT_LABELS and len(normalize(name).split()) >= 2:
                full.setdefault(name, m)
        by_part: dict[tuple[str, EntityLabel], set[str]] = {}
        by_sound: dict[str, set[tuple[str, str]]] = {}  # in speech: (part, name) of people by how the part sounds
        for name, m in full.items():
            parts = normalize(name).split()
            ends = (parts[0], parts[-1]) if m.label is EntityLabel.PERSON else \
                () if a_version(name) else (parts[0],)  # 'Quorvane X' is no 'Quorvane'
            for part in ends:
                by_part.setdefault((part, m.label), set()).add(name)
                if m.label is EntityLabel.PERSON and self.spoken:
                    by_sound.setdefault(phonetic(part), set()).add((part, name))
        counts = Counter(m.kb_name or m.text for m in self.mentions)
        present = {m.kb_name or m.text for m in self.mentions if m.source in PARTICIPANTS} if self.spoken else set()
        kept = []
        for m in self.mentions:
            key = normalize(m.text)
            if len(key.split()) == 1 and not m.kb_name and m.source in {*RECOGNISED, MentionSource.SPEAKER}:
                if self._first_name_read_as_a_firm(m, key):
                    m.label, m.kind = EntityLabel.PERSON, None
                names = set().union(*(by_part.get((key, lab), set()) for lab in EntityLabel))
                if not names and self.spoken and m.label is EntityLabel.PERSON:
                    # 'Mark' heard for Marc: the same sound and a close spelling ('Jen' is no John)
                    names = {name for part, name in by_sound.get(phonetic(key), set()) if similar_words(key, part)}
                target = _the_participant(key, names, present) or _most_mentioned(names, counts)
                if target:
                    m.full_name, m.label, m.kind = full[target].kb_name or target, full[target].label, full[target].kind
                elif known := self._known_person(m):
                    m.full_name, m.label, m.kind = known.name, EntityLabel.PERSON, None
                elif m.label is EntityLabel.PERSON and self.spoken and m.source is not MentionSource.SPEAKER \
                        and not m.text.startswith("@"):
                    continue  # a speaker label or a handle ('@karpathy') names a person on its own
            kept.append(m)
        self.mentions = kept

    def _first_name_read_as_a_firm(self, mention: Mention, key: str) -> bool:
        """People talking call each other by first name ('thanks, Danny'), which the recogniser
        may read as a firm's one-word name; a firm the knowledge base knows has its name already."""
        return self.spoken and mention.label is EntityLabel.ORGANIZATION and mention.source is MentionSource.NER \
            and key in GIVEN_NAMES

    def _known_person(self, mention: Mention) -> Optional[KBEntry]:
        """A lone name no full name of the document explains may be a well-known person's:
        by the family name whatever the recogniser's guess ('Bengio', 'Zuckerberg'), by the
        first name only where it read a person and the name is a rare one ('Satya', not 'Tim')."""
        return self.kb.person_of_lone_name(mention.text, family=True) or (
            self.kb.person_of_lone_name(mention.text, family=False)
            if mention.label is EntityLabel.PERSON and zipf(normalize(mention.text)) < RARE_FIRST_NAME_ZIPF else None)


def _the_participant(first: str, names: set[str], present: set[str]) -> Optional[str]:
    """People talking call each other by first name: of the full names a lone first name may
    stand for, the only one who takes part (speaks, or the header names) is who 'Sam' is,
    however often the talk names Sam Altman. A family name alone is not so decided."""
    taking_part = {n for n in names & present if normalize(n).split()[0] == first}
    return taking_part.pop() if len(taking_part) == 1 else None


def _same_kind(a: EntityLabel, b: EntityLabel) -> bool:
    """Both people, or neither: the recogniser may take a firm for its product, seldom for a person."""
    return (a is EntityLabel.PERSON) == (b is EntityLabel.PERSON)


def _most_mentioned(names: set[str], counts: Counter) -> Optional[str]:
    """The one full name a short form stands for: the only one, or one mentioned at least
    twice as often as any other ('Kleiner' in a talk about Kleiner Perkins, not Eugene Kleiner)."""
    ranked = sorted(names, key=lambda n: (-counts[n], n))
    if len(ranked) == 1 or len(ranked) > 1 and counts[ranked[0]] >= 2 * counts[ranked[1]]:
        return ranked[0] if ranked else None
    return None


def _begins_a_name(token: Token) -> bool:
    """'Zorvath' in 'Zorvath Canvas': the first word of a longer name (a product, a namesake),
    not the short form of the firm it begins."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.is_title and following.pos_ == "PROPN"
