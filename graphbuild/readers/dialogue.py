"""A dialogue transcript without timestamps: `Name: text` turns, perhaps under a title."""

from __future__ import annotations

from ..models import Document
from .listing import SPEAKER, turn_segments
from .text import SENTENCE_END, doc_id, line_spans, segment, stripped


def matches(text: str) -> bool:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    turns = sum(1 for ln in lines if SPEAKER.match(ln))
    return turns >= 5 and turns >= 0.3 * len(lines)


def read(text: str, source: str) -> list[Document]:
    title, body = None, 0
    for a, b in line_spans(text):
        a, b = stripped(text, a, b)
        if b > a:
            line = text[a:b]
            if not SPEAKER.match(line) and len(line) <= 120 and not SENTENCE_END.search(line):
                title, body = line.lstrip("# ").strip(), b
            break
    segments = turn_segments(text, body, len(text), in_transcript=True)
    if title:
        segments.insert(0, segment(text, text.find(title), text.find(title) + len(title), kind="heading"))
    return [Document(id=doc_id(source), source=source, title=title, layout="dialogue-transcript",
                     text=text, segments=[s for s in segments if s])]
