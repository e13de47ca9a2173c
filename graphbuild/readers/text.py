"""Small helpers the layout readers share."""

from __future__ import annotations

import re
from pathlib import PurePath

from ..models import Segment, slugify

SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]\s*$")


def doc_id(source: str, part: int | None = None) -> str:
    stem = slugify(PurePath(source).with_suffix("").as_posix())
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


def stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment(text: str, start: int, end: int, **fields) -> Segment | None:
    start, end = stripped(text, start, end)
    return Segment(start=start, end=end, **fields) if end > start else None

