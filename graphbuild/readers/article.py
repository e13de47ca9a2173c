"""A plain article or any text of unknown layout: a title line, then paragraphs."""

from __future__ import annotations

from ..models import Document
from .text import SENTENCE_END, doc_id, line_spans, paragraphs, stripped


def read(text: str, source: str) -> list[Document]:
    title = None
    body_start = 0
    for a, b in line_spans(text):
        a, b = stripped(text, a, b)
        if b > a:
            first = text[a:b]
            if len(first) <= 120 and not SENTENCE_END.search(first):
                title, body_start = first, b
            break
    segments = paragraphs(text, body_start, len(text))
    if title:
        segments.insert(0, paragraphs(text, 0, body_start, kind="heading")[0])
    return [Document(id=doc_id(source), source=source, title=title, layout="article",
                     text=text, segments=segments)]
