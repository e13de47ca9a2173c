"""A dialogue transcript: turns of `Name: text`, `**Name:** text` or `**Name**: text`, with or
without a timestamp before them (`[00:01:02]`, a Whisper range `[00:00:40.920 --> 00:01:07.330]`),
or under a label line `Name (00:36:03):`; perhaps under a header (title, show, date, guests)."""

from __future__ import annotations

import re

from ..models import Document, Layout
from .header import read_header
from .listing import turn_segments
from .text import doc_id
from .turns import is_turn_line, speaker_of

MANY_TURNS = 5  # this many turn lines make a dialogue whoever they name
FULL_NAME = re.compile(r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}")  # 'Jori Lallo', not 'Note' or 'Key takeaway'


def matches(text: str) -> bool:
    """Turns are a good part of the lines: five or more, or fewer between two people named in
    full (an excerpt of a talk), which no article's 'Note:' and 'Update:' lines are."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    turns = [ln for ln in lines if is_turn_line(ln)]
    if len(turns) < 0.3 * len(lines):
        return False
    people = {speaker for ln in turns if (speaker := speaker_of(ln)) and FULL_NAME.fullmatch(speaker)}
    return len(turns) >= MANY_TURNS or len(people) >= 2


def read(text: str, source: str) -> list[Document]:
    header = read_header(text, source)
    segments = header.segments + turn_segments(text, header.body, len(text), in_transcript=True)
    return [Document(id=doc_id(source), source=source, title=header.title, show=header.show, date=header.date,
                     host=header.host, guests=header.guests, url=header.url, layout=Layout.DIALOGUE_TRANSCRIPT,
                     text=text, segments=[s for s in segments if s])]
