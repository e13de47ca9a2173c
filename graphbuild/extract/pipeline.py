"""Documents in, one Extraction per document out.

Segments of all documents go through `nlp.pipe` in one stream; then, per document:
mentions, speakers and short forms ('Matan' after 'Matan Grinberg'), facts per sentence,
and the resolution of 'I', 'we', 'my company', 'they' to speakers and antecedents.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Iterator, Optional

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import KnowledgeBase
from ..knowledge import load as load_kb
from ..models import (Document, EntityLabel, Extraction, InvestmentMention, Mention, OrgKind, Provenance,
                      RelationMention, RelationType, Segment)
from ..resolve.matching import normalize
from .mentions import Finders, find_mentions, is_title_like
from .relations import Fact, FundingEvent, MaskedSentence, Pronoun, Ref, find_facts, find_funding

ENTITY_ITEM = re.compile(r"^(?P<name>[^*]+)\*\*\s*\((?P<type>[\w ]+)\)\s*:\s*")
LIST_TYPES = {"person": EntityLabel.PERSON, "people": EntityLabel.PERSON, "model": EntityLabel.MODEL,
              "product": EntityLabel.PRODUCT, "tool": EntityLabel.PRODUCT, "organization": EntityLabel.ORGANIZATION,
              "organisation": EntityLabel.ORGANIZATION, "company": EntityLabel.ORGANIZATION,
              "startup": EntityLabel.ORGANIZATION, "lab": EntityLabel.ORGANIZATION, "investor": EntityLabel.ORGANIZATION,
              "fund": EntityLabel.ORGANIZATION, "university": EntityLabel.ORGANIZATION, "media": EntityLabel.ORGANIZATION}
ROLE_INTRODUCES_NAME = re.compile(
    r"\b(?:his|her|my|our|their) (?:co-?founders?|cofounders?|business partner|boss|colleague|ceo|cto|"
    r"chief scientist|manager|advisor)(?: and \w+)?,? (?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
SCHOOLS = {OrgKind.UNIVERSITY, OrgKind.MEDIA}  # where one studies or speaks is not 'my company'
FIRST_PERSON = {"i", "me", "my", "mine", "we", "our", "us"}
PERSON_PRONOUNS = {"he", "she", "his", "her", "him"}
MAX_QUOTE = 300
OFFER = re.compile(r"\b(check|stake|term sheet|offer\w*)\b", re.I)
INVESTED_IN_SOMETHING = re.compile(r"\binvest\w* [^.]{0,40}\bin\b", re.I)
ANTECEDENT_WINDOW = 1500


def spacy_text(document: Document, segment: Segment) -> str:
    """The segment as spaCy reads it: line breaks become spaces, so offsets stay the same."""
    return document.segment_text(segment).replace("\n", " ")


def extract(documents: Iterable[Document], nlp: Language, kb: Optional[KnowledgeBase] = None,
            batch_size: int = 64) -> Iterator[Extraction]:
    kb = kb or load_kb()
    finders = Finders.build(nlp, kb)
    docs = list(documents)
    stream = ((spacy_text(d, s), (i, s)) for i, d in enumerate(docs) for s in d.segments)
    parsed: list[list[tuple[Segment, Doc]]] = [[] for _ in docs]
    done = 0
    for sdoc, (index, segment) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        while done < index:  # every segment of documents before `index` has been parsed
            yield DocumentExtractor(docs[done], parsed[done], finders).run()
            parsed[done] = []
            done += 1
        parsed[index].append((segment, sdoc))
    for i in range(done, len(docs)):
        yield DocumentExtractor(docs[i], parsed[i], finders).run()


class DocumentExtractor:
    def __init__(self, document: Document, parsed: list[tuple[Segment, Doc]], finders: Finders):
        self.doc = document
        self.parsed = parsed
        self.finders = finders
        self.kb = finders.kb
        self.mentions: list[Mention] = []
        self.speaker_ids: dict[str, Optional[int]] = {}

    def run(self) -> Extraction:
        self._find_mentions()
        self._resolve_short_forms()
        facts, events = self._find_facts()
        relations, investments = self._resolve_facts(facts, events)
        return Extraction(document=self.doc, mentions=self.mentions, relations=relations, investments=investments)

    # ------------------------------------------------------------ mentions

    def _find_mentions(self) -> None:
        caseless = self.doc.layout == "auto-captions"
        line_starts = frozenset(m.end() + self.doc.offset for m in re.finditer(r"\n\s*", self.doc.text)) if caseless else frozenset()
        for segment, sdoc in self.parsed:
            found = find_mentions(sdoc, self.finders, offset=segment.start, caseless=caseless,
                                  line_starts=line_starts, heading=self._reads_as_title(segment))
            if segment.kind == "entity_list":
                found = self._entity_list_subject(segment, found)
            self.mentions.extend(found)
            self.mentions.extend(self._people_by_role(segment, found))
        self._add_named_people()
        self._add_name_parts(line_starts)
        self._join_misheard_people()
        self.mentions.sort(key=lambda m: (m.start, m.end))

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
        subject = Mention(text=name, label=label, start=segment.start, end=segment.start + len(name), source="entity_list",
                          kb_name=entry.name if entry and entry.label is label else None,
                          kind=entry.kind if entry else (OrgKind.COMPANY if label is EntityLabel.ORGANIZATION else None),
                          confidence=0.95)
        return [subject, *(m for m in found if m.start >= subject.end)]

    def _people_by_role(self, segment: Segment, found: list[Mention]) -> Iterator[Mention]:
        """'his co-founder Eno': a name that a role word introduces is a person's, even alone."""
        text = self.doc.segment_text(segment)
        for match in ROLE_INTRODUCES_NAME.finditer(text):
            start, end = segment.start + match.start("name"), segment.start + match.end("name")
            if not any(m.start < end and start < m.end for m in found):
                yield Mention(text=match.group("name"), label=EntityLabel.PERSON, start=start, end=end,
                              source="role", confidence=0.6)

    def _add_named_people(self) -> None:
        """Speaker labels and the people the header names (host, guests) are mentions too."""
        for segment, _ in self.parsed:
            label = segment.speaker
            if not label or label in self.speaker_ids or re.fullmatch(r"Speaker \d+", label):
                continue
            at = self.doc.text.rfind(label, 0, segment.start - self.doc.offset)
            self.speaker_ids[label] = None
            if at >= 0:
                self._add_person(label, self.doc.offset + at, "speaker")
        for name in [*self.doc.host, *self.doc.guests]:
            at = self.doc.text.find(name)
            if at >= 0:
                self._add_person(name, self.doc.offset + at, "metadata")

    def _add_person(self, name: str, start: int, source: str) -> None:
        if any(m.start <= start < m.end for m in self.mentions):
            return
        entry = self.kb.exact(name) or (self.kb.fuzzy_person(name) if len(name.split()) > 1 else None)
        if entry and entry.label is not EntityLabel.PERSON:
            return
        self.mentions.append(Mention(text=name, label=EntityLabel.PERSON, start=start, end=start + len(name),
                                     source=source, kb_name=entry.name if entry else None, confidence=0.8))

    def _add_name_parts(self, line_starts: frozenset[int]) -> None:
        """'Matan' and 'Grinberg' written as names after 'Matan Grinberg': mentions of him,
        even where NER missed them."""
        parts: dict[str, set[str]] = {}
        for m in self.mentions:
            name = m.kb_name or m.text
            if m.label is EntityLabel.PERSON and len(name.split()) >= 2:
                for part in (name.split()[0], name.split()[-1]):
                    parts.setdefault(part, set()).add(name)
        unique = {part: next(iter(names)) for part, names in parts.items() if len(names) == 1 and len(part) > 2}
        taken = [(m.start, m.end) for m in self.mentions]
        for segment, sdoc in self.parsed:
            for token in sdoc:
                start = segment.start + token.idx
                if token.text in unique and start not in line_starts and not any(a <= start < b for a, b in taken):
                    self.mentions.append(Mention(text=token.text, label=EntityLabel.PERSON, start=start,
                                                 end=start + len(token.text), source="coref", confidence=0.6,
                                                 full_name=unique[token.text]))

    def _join_misheard_people(self) -> None:
        """In one document, 'Martin Cado' beside 'Martin Casado' is him misheard: same first
        name, a family name close in spelling to one said more often."""
        counts = Counter(m.kb_name or m.text for m in self.mentions if m.label is EntityLabel.PERSON)
        names = [n for n in counts if len(n.split()) == 2]
        for m in self.mentions:
            if m.label is not EntityLabel.PERSON or m.kb_name or m.full_name or len(m.text.split()) != 2:
                continue
            first, last = normalize(m.text).split()
            better = [n for n in names if n != m.text and normalize(n).split()[0] == first and counts[n] >= counts[m.text]
                      and fuzz.ratio(last, normalize(n).split()[1]) >= 75]
            if len(better) == 1:
                m.full_name = better[0]

    def _resolve_short_forms(self) -> None:
        """'Grinberg' and 'Matan' after 'Matan Grinberg' are the same person, 'Kleiner' after
        'Kleiner Perkins' the same firm; a lone first name that no full name in the
        document explains is dropped."""
        full: dict[str, Mention] = {}
        for m in self.mentions:
            name = m.kb_name or m.text
            if m.label in (EntityLabel.PERSON, EntityLabel.ORGANIZATION) and len(name.split()) >= 2:
                full.setdefault(name, m)
        by_part: dict[tuple[str, EntityLabel], set[str]] = {}
        for name, m in full.items():
            parts = normalize(name).split()
            ends = (parts[0], parts[-1]) if m.label is EntityLabel.PERSON else (parts[0],)
            for part in ends:
                by_part.setdefault((part, m.label), set()).add(name)
        counts = Counter(m.kb_name or m.text for m in self.mentions)
        kept = []
        for m in self.mentions:
            key = normalize(m.text)
            if len(key.split()) == 1 and not m.kb_name and m.source in {"ner", "speaker"}:
                names = set().union(*(by_part.get((key, lab), set()) for lab in EntityLabel))
                target = _most_mentioned(names, counts)
                if target:
                    m.full_name, m.label, m.kind = full[target].kb_name or target, full[target].label, full[target].kind
                elif m.label is EntityLabel.PERSON and m.source != "speaker":
                    continue  # a speaker label is a person even when only a first name
            kept.append(m)
        self.mentions = kept

    # ------------------------------------------------------------ facts

    def _find_facts(self) -> tuple[list[tuple[Fact, Segment]], list[tuple[FundingEvent, Segment]]]:
        facts, events = [], []
        for segment, sdoc in self.parsed:
            for sent_start, sent_end in self._sentences(segment, sdoc):
                inside = [(i, m.start, m.end, m.label) for i, m in enumerate(self.mentions)
                          if sent_start <= m.start and m.end <= sent_end]
                plain = self.doc.slice(sent_start, sent_end).replace("\n", " ")
                masked = MaskedSentence(plain, sent_start, inside)
                if segment.kind == "entity_list":
                    masked.masked = re.sub(r">>\*\*\s*\([\w ]+\)\s*:\s*", ">>, ", masked.masked, count=1)
                facts.extend((f, segment) for f in find_facts(masked))
                event = find_funding(masked, plain)
                if event:
                    events.append((event, segment))
        return facts, events

    @staticmethod
    def _sentences(segment: Segment, sdoc: Doc) -> Iterator[tuple[int, int]]:
        if segment.kind == "entity_list":  # one item, one statement
            yield segment.start, segment.end
            return
        for sent in sdoc.sents:
            yield segment.start + sent.start_char, segment.start + sent.end_char

    # ------------------------------------------------------------ references

    def _resolve_facts(self, facts, events) -> tuple[list[RelationMention], list[InvestmentMention]]:
        self.org_of: dict[int, int] = {}
        resolved: list[RelationMention] = []
        pending = []
        for fact, segment in facts:  # first the facts that need no one's organization
            if self._needs_org_of(fact.source) or self._needs_org_of(fact.target):
                pending.append((fact, segment))
            else:
                resolved.extend(self._relation(fact, segment))
        self._learn_organizations(resolved)
        for fact, segment in pending:
            resolved.extend(self._relation(fact, segment))
        investments = [inv for event, segment in events if (inv := self._investment(event, segment))]
        return _dedupe(resolved), investments

    @staticmethod
    def _needs_org_of(ref: Ref) -> bool:
        """'my company', 'his firm', 'we': known only once who works where is known."""
        return isinstance(ref, Pronoun) and (ref.wants == "org" and ref.word not in {"they", "their", "it", "its", "them"}
                                             or ref.word in {"we", "our", "us"})

    def _learn_organizations(self, relations: list[RelationMention]) -> None:
        """Whose organization is whose: what a person founded first, else where they work."""
        ranked = sorted(relations, key=lambda r: (r.type is not RelationType.FOUNDED, bool(r.past), r.provenance.start))
        for rel in ranked:
            if rel.type in (RelationType.FOUNDED, RelationType.WORKS_AT) and self.mentions[rel.target].kind not in SCHOOLS:
                person = self._entity_key(rel.source)
                self.org_of.setdefault(person, rel.target)

    def _entity_key(self, index: int) -> int:
        """Mentions of the same person share the index of their first mention."""
        m = self.mentions[index]
        name = normalize(m.full_name or m.kb_name or m.text)
        for i, other in enumerate(self.mentions):
            if normalize(other.full_name or other.kb_name or other.text) == name and other.label is m.label:
                return i
        return index

    def _ref(self, ref: Ref, segment: Segment, wants: str) -> Optional[int]:
        if isinstance(ref, int):
            return ref
        word = ref.word
        if word in FIRST_PERSON:
            person = self._speaker(segment)
            if person is None:
                return None
            if ref.wants == "org" or wants == "org" and word in {"we", "our", "us"}:
                org = self.org_of.get(self._entity_key(person))
                return org if org is not None else (None if ref.wants == "org" else person)
            return person
        if word in PERSON_PRONOUNS:
            person = self._sentence_subject(ref) or self._antecedent(ref.offset, {EntityLabel.PERSON})
            if person is None or ref.wants != "org":
                return person
            return self.org_of.get(self._entity_key(person))
        return self._antecedent(ref.offset, {EntityLabel.ORGANIZATION})

    def _sentence_subject(self, ref: Pronoun) -> Optional[int]:
        """'With his co-founder Eno, Matan left': a possessive's owner may come later in its
        sentence; the first person named there who is not the one introduced by it."""
        start, end = ref.sentence
        for i, m in enumerate(self.mentions):
            if start <= m.start and m.end <= end and m.label is EntityLabel.PERSON and m.source != "role" \
                    and not (m.start <= ref.offset < m.end):
                return i
        return None

    def _antecedent(self, offset: int, labels: set[EntityLabel]) -> Optional[int]:
        for i in range(len(self.mentions) - 1, -1, -1):
            m = self.mentions[i]
            if m.end <= offset and m.label in labels and offset - m.end < ANTECEDENT_WINDOW:
                return i
            if m.end <= offset - ANTECEDENT_WINDOW:
                break
        return None

    def _speaker(self, segment: Segment) -> Optional[int]:
        """Who says 'I' here: the labelled speaker, else the single guest of an interview,
        else (show notes, quotes) the person the document is about."""
        if segment.speaker:
            return self._person_named(segment.speaker)
        if segment.kind == "quote" or self.doc.layout in {"numbered-transcript", "show-notes"}:
            if self.doc.layout == "numbered-transcript" and self.doc.segment_text(segment).rstrip().endswith("?"):
                return None  # a question is the host's
            return self._main_person()
        return None

    def _person_named(self, name: str) -> Optional[int]:
        key = normalize(name)
        for i, m in enumerate(self.mentions):
            if m.label is EntityLabel.PERSON and key in {normalize(m.text), normalize(m.full_name or ""), normalize(m.kb_name or "")}:
                return self._entity_key(i)
        return None

    def _main_person(self) -> Optional[int]:
        for guest in self.doc.guests:
            found = self._person_named(guest)
            if found is not None:
                return found
        hosts = {normalize(h) for h in [*self.doc.host, self.doc.show or ""]}
        counts = Counter(self._entity_key(i) for i, m in enumerate(self.mentions)
                         if m.label is EntityLabel.PERSON and normalize(m.full_name or m.kb_name or m.text) not in hosts)
        return counts.most_common(1)[0][0] if counts else None

    def _provenance(self, start: int, end: int, segment: Segment) -> Provenance:
        start, end = _quote_bounds(self.doc, start, end, segment)
        return Provenance(doc_id=self.doc.id, start=start, end=end, quote=self.doc.slice(start, end),
                          speaker=segment.speaker, timestamp=segment.timestamp)

    def _relation(self, fact: Fact, segment: Segment) -> list[RelationMention]:
        source = self._ref(fact.source, segment, "person" if fact.type in (RelationType.WORKS_AT, RelationType.FOUNDED) else "org")
        target = self._ref(fact.target, segment, "org")
        if source is None or target is None or source == target:
            return []
        return [RelationMention(type=fact.type, source=source, target=target, role=fact.role, past=fact.past,
                                confidence=fact.confidence, provenance=self._provenance(fact.start, fact.end, segment))]

    def _investment(self, event: FundingEvent, segment: Segment) -> Optional[InvestmentMention]:
        investors = [i for r in event.investors if (i := self._ref(r, segment, "org")) is not None]
        lead = [i for r in event.lead if (i := self._ref(r, segment, "org")) is not None]
        investee = self._ref(event.investee, segment, "org") if event.investee is not None else None
        if investee is None and investors and OFFER.search(event_text := self.doc.slice(event.start, event.end)) \
                and not INVESTED_IN_SOMETHING.search(event_text):
            main = self._main_person()  # 'offered a $1M check': for the company the story is about
            investee = self.org_of.get(main) if main is not None else None
        if investee is None or investee in investors or self.mentions[investee].label is not EntityLabel.ORGANIZATION:
            return None
        return InvestmentMention(investors=investors, lead=lead, investee=investee, **event.terms.model_dump(),
                                 confidence=event.confidence, provenance=self._provenance(event.start, event.end, segment))


def _most_mentioned(names: set[str], counts: Counter) -> Optional[str]:
    """The one full name a short form stands for: the only one, or one mentioned at least
    twice as often as any other ('Kleiner' in a talk about Kleiner Perkins, not Eugene Kleiner)."""
    ranked = sorted(names, key=lambda n: (-counts[n], n))
    if len(ranked) == 1 or len(ranked) > 1 and counts[ranked[0]] >= 2 * counts[ranked[1]]:
        return ranked[0] if ranked else None
    return None


def _quote_bounds(doc: Document, start: int, end: int, segment: Segment) -> tuple[int, int]:
    """The evidence, widened to its sentence but kept short, on word boundaries."""
    if end - start >= MAX_QUOTE:
        return start, start + MAX_QUOTE
    room = (MAX_QUOTE - (end - start)) // 2
    lo, hi = max(segment.start, start - room), min(segment.end, end + room)
    left = doc.slice(lo, start)
    cut = max(left.rfind(". "), left.rfind("? "), left.rfind("! "))
    if cut >= 0:
        lo += cut + 2
    elif lo > segment.start:
        space = left.find(" ")
        lo += space + 1 if space >= 0 else 0
    right = doc.slice(end, hi)
    stop = min((p for p in (right.find(". "), right.find("? "), right.find("! ")) if p >= 0), default=-1)
    if stop >= 0:
        hi = end + stop + 1
    elif hi < segment.end:
        space = right.rfind(" ")
        hi = end + space if space >= 0 else end
    return lo, hi


def _dedupe(relations: list[RelationMention]) -> list[RelationMention]:
    seen, kept = set(), []
    for rel in relations:
        key = (rel.type, rel.source, rel.target, rel.provenance.start)
        if key not in seen:
            seen.add(key)
            kept.append(rel)
    return kept
