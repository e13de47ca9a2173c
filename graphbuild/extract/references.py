"""Who 'I', 'we', 'my company', 'you', 'he', 'they' are, in one document: speakers from
labels, the header or the document's subject; whom a speaker addresses from the turns around
theirs; pronouns from the nearest fitting mention before them (or, for a possessive, the
person its sentence names); organizations from who founded or works where."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import Optional

from ..models import Document, EntityLabel, Mention, MentionSource, OrgKind, RelationMention, RelationType, Segment
from ..names import normalize
from . import pronouns
from .relations import Pronoun, Ref, Wants

SCHOOLS = {OrgKind.UNIVERSITY, OrgKind.MEDIA}  # where one studies or speaks is not 'my company'
ORG_OF_MIN_CONFIDENCE = 0.5  # a weaker fact does not say whose firm "his company" and "we" are
ANTECEDENT_WINDOW = 1500
TURNS_AROUND = 3  # turns after (the answer) and before a speaker's, where whom they address may speak
GENERIC_YOU_REACH = 2  # words before a 'you' where a condition makes it anyone
SAYING = {"said", "says", "told", "added", "explained", "noted", "recalled", "wrote"}


def _name_key(m: Mention) -> tuple[str, EntityLabel]:
    return normalize(m.full_name or m.kb_name or m.text), m.label


def _words(text: str) -> list[str]:
    """Lower-case words, a clitic apart: "you'd" is 'you', "'d"."""
    return re.findall(r"[a-z]+|'[a-z]+", text.lower().replace("\u2019", "'"))


class References:
    def __init__(self, doc: Document, mentions: list[Mention]):
        self.doc = doc
        self.mentions = mentions  # sorted by start
        self.starts = [m.start for m in mentions]
        first: dict[tuple[str, EntityLabel], int] = {}
        self.key_of = [first.setdefault(_name_key(m), i) for i, m in enumerate(mentions)]
        self.org_of: dict[int, int] = {}
        # asked once per segment or fact, answered from the (fixed) mentions once: a long
        # transcript would otherwise pass over all its mentions at every 'I'
        self._named: dict[str, Optional[int]] = {}
        self._main: list[Optional[int]] = []  # main_person(), once known
        self._turns: list[tuple[int, str]] = []  # (first segment's start, speaker label) of each speaker turn
        for segment in doc.segments:
            if segment.speaker and (not self._turns or normalize(self._turns[-1][1]) != normalize(segment.speaker)):
                self._turns.append((segment.start, segment.speaker))
        self._turn_starts = [start for start, _ in self._turns]

    def inside(self, start: int, end: int) -> range:
        """Indexes of the mentions that start in [start, end)."""
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def mention_at(self, offset: int) -> Optional[int]:
        """The mention covering a file offset, if any."""
        i = bisect_right(self.starts, offset) - 1
        return i if i >= 0 and self.mentions[i].start <= offset < self.mentions[i].end else None

    def entity_key(self, index: int) -> int:
        """Mentions of one entity share the index of its first mention."""
        return self.key_of[index]

    @staticmethod
    def needs_org_of(ref: Ref) -> bool:
        """'my company', 'his firm', 'we': known only once who works where is known."""
        return isinstance(ref, Pronoun) and (ref.wants is Wants.ORG and ref.word not in pronouns.IMPERSONAL
                                             or ref.word in pronouns.WE)

    def learn_organizations(self, relations: list[RelationMention]) -> None:
        """Whose organization is whose: what a person founded first, else where they work, by
        facts more likely than not (what 'his company' and 'we' then stand for rests on them)."""
        ranked = sorted(relations, key=lambda r: (r.type is not RelationType.FOUNDED, bool(r.past), r.provenance.start))
        for rel in ranked:
            if rel.type in (RelationType.FOUNDED, RelationType.WORKS_AT) and rel.confidence >= ORG_OF_MIN_CONFIDENCE \
                    and self.mentions[rel.target].kind not in SCHOOLS:
                person = self.entity_key(rel.source)
                self.org_of.setdefault(person, rel.target)

    def resolve(self, ref: Ref, segment: Segment, wants: Wants) -> Optional[int]:
        if isinstance(ref, int):
            return ref
        word = ref.word
        if word in pronouns.FIRST_PERSON | pronouns.SECOND_PERSON:
            if word in pronouns.SECOND_PERSON:
                person = None if self._generic(ref) else self._addressee(segment)
            else:
                person = self._saying(ref, segment)
            if person is None:
                return None
            if ref.wants is Wants.ORG or wants is Wants.ORG and word in pronouns.WE:
                org = self.org_of.get(self.entity_key(person))
                return org if org is not None else (None if ref.wants is Wants.ORG else person)
            return person
        if word in pronouns.PERSONAL:
            person = self._sentence_subject(ref) or self._antecedent(ref.offset, {EntityLabel.PERSON})
            if person is None or ref.wants is not Wants.ORG:
                return person
            return self.org_of.get(self.entity_key(person))
        return self._antecedent(ref.offset, {EntityLabel.ORGANIZATION})

    def _saying(self, ref: Pronoun, segment: Segment) -> Optional[int]:
        """Who says 'I' or 'we': the segment's speaker, else the person quoted saying it."""
        speaker = self._speaker(segment)
        return speaker if speaker is not None else self._quoted_speaker(ref)

    def _quoted_speaker(self, ref: Pronoun) -> Optional[int]:
        """'"We invested in Groq early," Ross said': inside quotation marks, 'I' and 'we'
        are the person the sentence says said it."""
        start, end = ref.sentence
        before = self.doc.slice(start, ref.offset)
        if before.count('"') % 2 == 0 and before.count("“") <= before.count("”"):
            return None  # not inside a quotation
        for i in self.inside(ref.offset, end):
            m = self.mentions[i]
            if m.label is not EntityLabel.PERSON:
                continue
            after = _words(self.doc.slice(m.end, min(end, m.end + 15)))
            ahead = _words(self.doc.slice(max(start, m.start - 10), m.start))
            if after[:1] and after[0] in SAYING or ahead[-1:] and ahead[-1] in SAYING:
                return self.entity_key(i)
        return None

    def _sentence_subject(self, ref: Pronoun) -> Optional[int]:
        """'With his co-founder Eno, Matan left': a possessive's owner may come later in its
        sentence; the first person named there who is not the one introduced by it."""
        start, end = ref.sentence
        for i in self.inside(*ref.sentence):
            m = self.mentions[i]
            if m.end <= end and m.label is EntityLabel.PERSON and m.source is not MentionSource.ROLE and not m.start <= ref.offset < m.end:
                return i
        return None

    def _antecedent(self, offset: int, labels: set[EntityLabel]) -> Optional[int]:
        for i in reversed(self.inside(offset - ANTECEDENT_WINDOW, offset)):
            m = self.mentions[i]
            if m.end <= offset and m.label in labels:
                return i
        return None

    def _speaker(self, segment: Segment) -> Optional[int]:
        """Who says 'I' here: the labelled speaker, else the single guest of an interview,
        else (show notes, quotes) the person the document is about."""
        if segment.speaker:
            return self._person_named(segment.speaker)
        if segment.kind == "quote" or self.doc.layout in {"numbered-transcript", "show-notes"}:
            if self.doc.layout == "numbered-transcript" and self.doc.segment_text(segment).rstrip().endswith("?"):
                return None  # a question is the host's
            return self.main_person()
        return None

    def _generic(self, ref: Pronoun) -> bool:
        """'if you invest in Stripe early', 'you can work at X': a 'you' that is anyone."""
        before = _words(self.doc.slice(max(ref.sentence[0], ref.offset - 40), ref.offset))[-GENERIC_YOU_REACH:]
        after = _words(self.doc.slice(ref.offset, ref.offset + 40))[1:]  # past the 'you' itself
        return (any(word in pronouns.GENERIC_YOU_AFTER for word in before)
                or any(tuple(after[:len(phrase)]) == phrase for phrase in pronouns.GENERIC_YOU_BEFORE))

    def _addressee(self, segment: Segment) -> Optional[int]:
        """Whom a speaker says 'you' to: the next other person to speak (who answers), else the
        last one before, within a few turns; nobody outside a dialogue, where 'you' is the
        reader or anyone."""
        if not segment.speaker:
            return None
        at = bisect_right(self._turn_starts, segment.start) - 1
        speaker = self._person_named(segment.speaker)
        around = [*self._turns[at + 1:at + 1 + TURNS_AROUND], *reversed(self._turns[max(0, at - TURNS_AROUND):max(0, at)])]
        for _, label in around:
            person = self._person_named(label)
            if person is not None and person != speaker and normalize(label) != normalize(segment.speaker):
                return person
        return None

    def _person_named(self, name: str) -> Optional[int]:
        key = normalize(name)
        if key not in self._named:
            self._named[key] = next((self.entity_key(i) for i, m in enumerate(self.mentions) if m.label is EntityLabel.PERSON
                                     and key in {normalize(m.text), normalize(m.full_name or ""), normalize(m.kb_name or "")}), None)
        return self._named[key]

    def main_person(self) -> Optional[int]:
        if not self._main:
            self._main.append(self._find_main_person())
        return self._main[0]

    def _find_main_person(self) -> Optional[int]:
        for guest in self.doc.guests:
            found = self._person_named(guest)
            if found is not None:
                return found
        hosts = {normalize(h) for h in [*self.doc.host, self.doc.show or ""]}
        counts = Counter(self.entity_key(i) for i, m in enumerate(self.mentions)
                         if m.label is EntityLabel.PERSON and normalize(m.full_name or m.kb_name or m.text) not in hosts)
        return counts.most_common(1)[0][0] if counts else None

