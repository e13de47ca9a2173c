"""The knowledge base of well-known entities of the field, curated and learned.

`entities.jsonl`, curated by hand, holds real-world names only: canonical name, label, kind
and common alternative names ("a16z" for Andreessen Horowitz); `learned_entities.jsonl` the
names the training annotations give in several documents with one label
(`training/mine_knowledge.py`), and `learned_facts.jsonl` the facts they state in several
documents. `generic_terms.txt` lists words that look like names to NER but
name no one; `speaker_roles.txt` the words of generic speaker labels;
`company_words.txt` the words that end a firm's name; `product_kinds.txt`, `org_kinds.txt`
and `person_kinds.txt` the nouns that describe a product, an organisation or a person;
`term_nouns.txt` the nouns of terms of art named after someone ('Kalman filter'), `field_nouns.txt`
those of a field's terms ('Machine translation'); `event_words.txt` the words of an
event's or an honour's name; `given_names.txt` people's given names (`training/given_names.py`); `model_names.json` the words of a model name's shape."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache, lru_cache
from importlib import resources
from typing import Optional

from rapidfuzz import fuzz, process

from ..models import CATALOGUE, EntityLabel, OrgKind, RelationType, Strict
from ..names import MIN_SIMILARITY, all_common_words, compact, normalize, similar_person_names, similar_words, singular


def _word_list(name: str) -> frozenset[str]:
    """One word or term a line, casefolded; '#' starts a comment line."""
    lines = resources.files(__package__).joinpath(name).read_text("utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


COMPANY_WORDS = _word_list("company_words.txt")
CORPORATE_SUFFIXES = COMPANY_WORDS | {"ai"}  # what a firm's name may drop: 'Affinity' of Affinity Partners
ROLE_WORDS = _word_list("role_words.txt")
ROLE_PATTERN = "(?:" + "|".join(re.escape(r) for r in sorted(ROLE_WORDS, key=lambda r: (-len(r), r))) + ")"  # longest first
PRODUCT_WORDS = _word_list("product_words.txt")
PRODUCT_KINDS = _word_list("product_kinds.txt")
ORG_KINDS = _word_list("org_kinds.txt")
FIRM_WORDS = COMPANY_WORDS | ORG_KINDS  # words that end a firm's or a school's name, never a person's ('Robotics', 'College')
PERSON_KINDS = _word_list("person_kinds.txt")
TERM_NOUNS = _word_list("term_nouns.txt")
FIELD_NOUNS = _word_list("field_nouns.txt")
EVENT_WORDS = _word_list("event_words.txt")
GIVEN_NAMES = _word_list("given_names.txt")
MODEL_NAME_WORDS: dict[str, list[str]] = {
    part: words for part, words in json.loads(resources.files(__package__).joinpath("model_names.json").read_text("utf-8")).items()
    if part != "about"}
MIN_FAMILY_CHARS = 3  # 'o1 pro' is no family of 'o1': too short a name to begin others by chance


class KBEntry(Strict):
    name: str
    label: EntityLabel
    kind: Optional[OrgKind] = None
    aliases: list[str] = []
    also_product: bool = False  # a company known by its product's name (Cursor, Midjourney)
    made_by: list[str] = []  # a model's or product's makers, entries of their own, the main one first

    @property
    def surface_forms(self) -> list[str]:
        return [self.name, *self.aliases]

    def short_form(self) -> Optional[str]:
        """'Affinity' for Affinity Partners, 'ZT' for ZT Systems: the name less a corporate suffix."""
        words = self.name.split()
        if self.label is EntityLabel.ORGANIZATION and len(words) == 2 and words[1].lower() in CORPORATE_SUFFIXES:
            return words[0]
        return None

    def is_ambiguous(self, surface: str) -> bool:
        """A form made only of common English words ('Factory', 'Black Forest Labs')
        names this entity only when the text writes it as a name."""
        return all_common_words(surface)


class KnownFact(Strict):
    """A fact of the field the training annotations state in several documents."""
    source: str
    type: RelationType
    target: str
    documents: int


class KnowledgeBase:
    def __init__(self, entries: list[KBEntry], generic_terms: set[str], speaker_roles: frozenset[str] = frozenset(),
                 facts: list[KnownFact] = ()):
        self.entries = entries
        self.generic_terms = generic_terms
        self.speaker_roles = speaker_roles
        self.by_form: dict[str, KBEntry] = {}
        self.by_compact: dict[str, KBEntry] = {}
        for entry in entries:
            for form in entry.surface_forms:
                self.by_form.setdefault(normalize(form), entry)
                self.by_compact.setdefault(singular(compact(form)), entry)
        self.forms = {entry.name: entry.surface_forms for entry in entries}
        self.short_forms: set[str] = set()
        for entry in entries:  # short forms never take a name another entry has
            short = entry.short_form()
            if short and normalize(short) not in self.by_form and singular(compact(short)) not in self.by_compact:
                self.by_form[normalize(short)] = entry
                self.short_forms.add(normalize(short))
                self.forms[entry.name] = [*entry.surface_forms, short]
        self.people = [e for e in entries if e.label is EntityLabel.PERSON]
        self.first_names = {normalize(p.name).split()[0] for p in self.people}
        self._people_by_part: dict[tuple[str, bool], list[KBEntry]] = defaultdict(list)  # (word, family?)
        for person in self.people:
            words = normalize(person.name).split()
            if len(words) >= 2:
                self._people_by_part[(words[0], False)].append(person)
                self._people_by_part[(words[-1], True)].append(person)
        # a model family's members are its name and more words: 'Claude 3.5 Sonnet', 'GPT-4o mini'
        self._makers_by_family = {normalize(form): entry.made_by for entry in entries if entry.made_by
                                  for form in entry.surface_forms if len(normalize(form)) >= MIN_FAMILY_CHARS}
        self._single_words = [(key, entry) for key, entry in self.by_compact.items() if len(key) >= 4]
        self._single_keys = [key for key, _ in self._single_words]
        self._facts = {(fact.type, self._key(fact.source), self._key(fact.target)) for fact in facts}

    def _key(self, name: str) -> str:
        """A name as the base knows it: its entry's name where it has one, normalised."""
        entry = self.exact(name)
        return normalize(entry.name if entry else name)

    def states(self, rel: RelationType, source: str, target: str) -> bool:
        """Whether the base knows this fact: learned from the annotations (`learned_facts.jsonl`),
        or for DEVELOPED, an entry's maker."""
        ends = [(self._key(source), self._key(target))]
        if CATALOGUE[rel].symmetric:
            ends.append(ends[0][::-1])
        if any((rel, *pair) in self._facts for pair in ends):
            return True
        return rel is RelationType.DEVELOPED and self.makes(source, target)

    def makes(self, maker: str, made: str) -> bool:
        """Whether an entry names `maker` as a maker of the model or product `made`."""
        return self._key(maker) in {normalize(name) for name in self.makers_of(made)}

    def knows(self, name: str, label: EntityLabel) -> bool:
        """Whether an entry already names this: the same name, or a person's name spelled
        another way ('Clément Delangue' of Clem Delangue)."""
        return self.exact(name) is not None or label is EntityLabel.PERSON and self.fuzzy_person(name) is not None

    def exact(self, surface: str) -> Optional[KBEntry]:
        return self.by_form.get(normalize(surface)) or self.by_compact.get(singular(compact(surface)))

    def fuzzy(self, surface: str) -> Optional[KBEntry]:
        """The entry whose compacted name `surface` is a misheard form of, when one entry
        is clearly the closest (10 points ahead of any other)."""
        key = singular(compact(surface))
        return self._fuzzy_key(key) if len(key) >= 4 else None

    @lru_cache(maxsize=16384)
    def _fuzzy_key(self, key: str) -> Optional[KBEntry]:
        # rapidfuzz narrows ~1,000 names to the few within reach; similar_words decides
        near = process.extract(key, self._single_keys, scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY, limit=None)
        best: dict[str, tuple[float, KBEntry, str]] = {}
        for k, score, i in near:
            entry = self._single_words[i][1]
            if similar_words(key, k) and score > best.get(entry.name, (0, None, ""))[0]:
                best[entry.name] = (score, entry, k)
        ranked = sorted(best.values(), key=lambda sek: -sek[0])
        if not ranked:
            return None
        # a longer name that holds the closest one is no rival ('OpenAI API' beside OpenAI for 'Open AAI')
        rivals = [score for score, _, k in ranked[1:] if not k.startswith(ranked[0][2])]
        return None if rivals and ranked[0][0] - rivals[0] < 10 else ranked[0][1]

    def fuzzy_person(self, surface: str) -> Optional[KBEntry]:
        found = {p.name: p for p in self.people if any(similar_person_names(surface, f) for f in p.surface_forms)}
        return next(iter(found.values())) if len(found) == 1 else None

    def person_of_lone_name(self, word: str, family: bool) -> Optional[KBEntry]:
        """The one well-known person whose family (or first) name this word is, where no other
        known person shares it: 'Zuckerberg', 'Karpathy', 'Satya'."""
        found = self._people_by_part.get((normalize(word), family), [])
        return found[0] if len(found) == 1 else None

    def makers_of(self, surface: str) -> list[str]:
        """The organisations that make the model or product `surface` names: its entry's, or
        else its family's (the longest known name it begins with)."""
        entry = self.exact(surface)
        if entry is not None and entry.made_by:
            return entry.made_by
        words = normalize(surface).split()
        return next((self._makers_by_family[family] for k in range(len(words) - 1, 0, -1)
                     if (family := " ".join(words[:k])) in self._makers_by_family), [])

    def is_generic(self, surface: str) -> bool:
        return normalize(surface) in self.generic_terms or surface.casefold() in self.generic_terms

    def is_speaker_role(self, label: str) -> bool:
        """'SPEAKER_00', 'Host', 'Unknown Guest', 'Speaker B': a role in the conversation, not a name."""
        words = [w for w in re.split(r"[\s_:()\[\]#.-]+|(?<=[a-z])(?=\d)", label.casefold()) if w]
        return bool(words) and all(w in self.speaker_roles or w.isdigit() or len(w) == 1 for w in words) \
            and any(w in self.speaker_roles for w in words)


def _json_lines(name: str) -> list[dict]:
    lines = resources.files(__package__).joinpath(name).read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _entries(name: str) -> list[KBEntry]:
    return [KBEntry.model_validate(row) for row in _json_lines(name)]


@cache
def load_curated() -> KnowledgeBase:
    """The hand-curated entries alone."""
    return KnowledgeBase(_entries("entities.jsonl"), _word_list("generic_terms.txt"), _word_list("speaker_roles.txt"))


@cache
def load() -> KnowledgeBase:
    """The curated entries, those learned from the training annotations
    (`training/mine_knowledge.py`) that name nothing the curated ones do, and the facts learned
    from them."""
    curated = load_curated()
    learned = [e for e in _entries("learned_entities.jsonl") if not curated.knows(e.name, e.label)]
    facts = [KnownFact.model_validate(row) for row in _json_lines("learned_facts.jsonl")]
    return KnowledgeBase([*curated.entries, *learned], curated.generic_terms, curated.speaker_roles, facts)
