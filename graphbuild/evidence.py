"""Evidence: the verbatim sentence that says a thing, with its place in the file, speaker and
timestamp. Titles and lists of chapters name things but are no sentences."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable, Optional

from .models import Document, Mention, Provenance, Segment, SegmentKind

MAX_QUOTE = 300
CHAPTER_STAMP = re.compile(r"\b\d{1,2}:\d\d\b")


def states_no_fact(doc: Document, segment: Segment) -> bool:
    """A header's values and a list of chapters name things but state nothing. A title states the
    facts it names ('OpenAI vs Anthropic', 'Zed Founder Nathan Sobo'): in an hour of talk many
    facts are said only there."""
    return segment.kind is SegmentKind.METADATA or len(CHAPTER_STAMP.findall(doc.segment_text(segment))) >= 2


def names_only(doc: Document, segment: Segment) -> bool:
    """Segments whose mentions are quoted only where the text names a thing nowhere else: the
    title too, so that where a sentence names it, its first mention's quote is that sentence."""
    return segment.kind is SegmentKind.HEADING and doc.segment_text(segment) == doc.title \
        or states_no_fact(doc, segment)


def provenance(doc: Document, start: int, end: int, segment: Segment) -> Provenance:
    """The evidence of what is said at [start, end) in `segment`: its sentence, and who said it when."""
    start, end = _quote_bounds(doc, start, end, segment)
    return Provenance(doc_id=doc.id, start=start, end=end, quote=doc.slice(start, end),
                      speaker=segment.speaker, timestamp=segment.timestamp)


class MentionEvidence:
    """Where a document first mentions something in a sentence (not in its title or a list of
    chapters, unless nowhere else): that sentence. Whether a segment only names things is
    asked once per segment, not once per mention: one long segment may name a thing thousands
    of times."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.starts = [s.start for s in doc.segments]
        self._names_only: dict[int, bool] = {}  # by segment index

    def __call__(self, mentions: Iterable[Mention]) -> Optional[Provenance]:
        placed = [(m, i) for m in mentions if (i := bisect_right(self.starts, m.start) - 1) >= 0]
        said = [(m, i) for m, i in placed if not self._names_only_at(i)] or placed
        if not said:
            return None
        mention, i = min(said, key=lambda pair: pair[0].start)
        return provenance(self.doc, mention.start, mention.end, self.doc.segments[i])

    def _names_only_at(self, index: int) -> bool:
        if index not in self._names_only:
            self._names_only[index] = names_only(self.doc, self.doc.segments[index])
        return self._names_only[index]


def _quote_bounds(doc: Document, start: int, end: int, segment: Segment) -> tuple[int, int]:
    """The evidence, widened to its sentence but kept short, on word boundaries."""
    if end - start >= MAX_QUOTE:
        return start, start + MAX_QUOTE
    room = (MAX_QUOTE - (end - start)) // 2
    lo, hi = max(segment.start, start - room), min(segment.end, end + room)
    left = doc.visible(lo, start, segment)
    cut = max(left.rfind(". "), left.rfind("? "), left.rfind("! "))
    if cut >= 0:
        lo += cut + 2
    elif lo > segment.start:
        space = left.find(" ")
        lo += space + 1 if space >= 0 else 0
    right = doc.visible(end, hi, segment)
    stop = min((p for p in (right.find(". "), right.find("? "), right.find("! ")) if p >= 0), default=-1)
    if stop >= 0:
        hi = end + stop + 1
    elif hi < segment.end:
        space = right.rfind(" ")
        hi = end + space if space >= 0 else end
    return doc.trimmed(lo, hi, segment)
