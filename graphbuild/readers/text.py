"""Small helpers the layout readers share."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from pathlib import PurePath
from typing import Optional

from ..models import Segment, SegmentKind, slugify, stripped

SENTENCE_END = re.compile(r"(?:''|[.!?…:;\"”’)\]])\s*$")  # '' closes a quote in tokenised text
MAX_JOINED = 3000  # characters of one joined turn: its timestamp stays close to what it says


NAMED_MONTH_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y")


def iso_date(text: Optional[str]) -> Optional[str]:
    """A date as written ('26/02/2026', 'Feb 26, 2026') in ISO form ('2026-02-26'), so that dates
    sort; day first where both orders could be (as pages outside the US write), as written
    where it is no date."""
    if not text:
        return text
    numbers = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", text.strip())
    formats = (("%m/%d/%Y" if int(numbers.group(2)) > 12 else "%d/%m/%Y",) if numbers else ("%Y-%m-%d", *NAMED_MONTH_FORMATS))
    cleaned = "/".join(numbers.groups()) if numbers else text.strip()
    if numbers and len(numbers.group(3)) == 2:
        formats = (formats[0].replace("%Y", "%y"),)
    for fmt in formats:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return text


def date_readings(written: str) -> dict[str, date]:
    """The days a numeric date ('9/30/2025', '3/4/2025') can be: month first ('mdy') and day
    first ('dmy'), each where it is a valid day."""
    readings = {}
    for order, fmt in (("mdy", "%m/%d/%Y"), ("dmy", "%d/%m/%Y")):
        try:
            readings[order] = datetime.strptime(written.strip(), fmt).date()
        except ValueError:
            continue
    return readings


def doc_id(source: str, part: int | None = None, distinct: bool = False) -> str:
    """The id of a file's document (of its episode `part` when it holds several): the slug of
    its name. `distinct` adds a short hash of the name, for names whose slugs meet
    ('Report 1.txt', 'report_1.md')."""
    stem = slugify(PurePath(source).with_suffix("").as_posix())
    if distinct:
        stem = f"{stem}-{hashlib.sha1(source.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
    return stem if part is None else f"{stem}-e{part}"


def line_spans(text: str, start: int = 0, end: int | None = None):
    """Yield (line_start, line_end) of each line of text[start:end], newline excluded."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        yield pos, stop
        pos = stop + 1


def segment(text: str, start: int, end: int, **fields) -> Segment | None:
    start, end = stripped(text, start, end)
    return Segment(start=start, end=end, **fields) if end > start else None


def join_broken_turns(text: str, segments: list[Optional[Segment]]) -> list[Segment]:
    """Consecutive lines of one speaker in a transcript, the first not ending its sentence, as
    one segment: automatic captions and diarised transcripts cut a sentence every few seconds
    ('[00:00:12] Ana: and that is why we' / '[00:00:14] Ana: bought the company.'), and a fact
    is read within a sentence. What lies between the lines (a line break, the next timestamp
    and label) is hidden; the joined segment keeps the first line's timestamp. A turn with
    nothing after its label (None, as `segment` gives it) is left out, and ends the run."""
    joined: list[Segment] = []
    previous: Optional[Segment] = None  # the segment before, as joined so far
    for seg in segments:
        if seg is not None and previous is not None and _continues(text, previous, seg):
            seg = previous.model_copy(update={"end": seg.end, "hidden": [*previous.hidden, (previous.end, seg.start),
                                                                          *seg.hidden]})
            joined[-1] = seg
        elif seg is not None:
            joined.append(seg)
        previous = seg
    return joined


def _continues(text: str, last: Segment, seg: Segment) -> bool:
    transcript = seg.speaker is not None or seg.timestamp is not None  # show notes' lines are not
    return transcript and last.kind is seg.kind is SegmentKind.TEXT and last.speaker == seg.speaker \
        and not SENTENCE_END.search(text[last.start:last.end]) and seg.end - last.start <= MAX_JOINED
