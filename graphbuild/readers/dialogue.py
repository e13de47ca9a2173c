"""A dialogue transcript: turns of `Name: text`, `**Name:** text` or `**Name**: text`, with or
without a timestamp before them (`[00:01:02]`, a Whisper range `[00:00:40.920 --> 00:01:07.330]`),
or under a label line `Name (00:36:03):`; perhaps under a header (title, show, date, guests)."""

from __future__ import annotations

from typing import Optional

from ..models import Document, Layout
from .header import read_header
from .listing import turn_segments
from .text import doc_id
from .turns import is_turn_line, speaker_of

MANY_TURNS = 5  # this many turn lines make a dialogue whoever they name


def matches(text: str) -> bool:
    """Turns are a good part of the lines: five or more, or fewer where they are an exchange (an
    excerpt of a talk): one speaker speaks again after another, which a newsletter's bold labels
    ('**Google DeepMind:**', '**Why It Matters:**') and a byline ('Posted By:') never do."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    turns = [ln for ln in lines if is_turn_line(ln)]
    if len(turns) < 0.3 * len(lines):
        return False
    return len(turns) >= MANY_TURNS or _an_exchange([speaker_of(ln) for ln in turns])


def _an_exchange(speakers: list[Optional[str]]) -> bool:
    """Someone speaks again after someone else did: 'A, B, A'."""
    named = [s for s in speakers if s]
    return any(named[i] != named[i - 1] and named[i] in named[:i - 1] for i in range(2, len(named)))


def read(text: str, source: str) -> list[Document]:
    header = read_header(text, source)
    segments = header.segments + turn_segments(text, header.body, len(text), in_transcript=True)
    return [Document(id=doc_id(source), source=source, title=header.title, show=header.show, date=header.date,
                     host=header.host, guests=header.guests, url=header.url, layout=Layout.DIALOGUE_TRANSCRIPT,
                     text=text, segments=[s for s in segments if s])]
