"""A dialogue transcript: turns of `Name: text`, `**Name:** text` or `**Name**: text`, with or
without a timestamp before them (`[00:01:02]`, a Whisper range `[00:00:40.920 --> 00:01:07.330]`),
or under a label line `Name (00:36:03):`; perhaps under a header (title, show, date, guests)."""

from __future__ import annotations

from ..models import Document, Layout
from .header import read_header
from .listing import turn_segments
from .text import doc_id
from .turns import is_turn_line


def matches(text: str) -> bool:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    turns = sum(1 for ln in lines if is_turn_line(ln))
    return turns >= 5 and turns >= 0.3 * len(lines)


def read(text: str, source: str) -> list[Document]:
    header = read_header(text, source)
    segments = header.segments + turn_segments(text, header.body, len(text), in_transcript=True)
    return [Document(id=doc_id(source), source=source, title=header.title, show=header.show, date=header.date,
                     host=header.host, guests=header.guests, url=header.url, layout=Layout.DIALOGUE_TRANSCRIPT,
                     text=text, segments=[s for s in segments if s])]
