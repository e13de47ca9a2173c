"""A plain article or any text of unknown layout: a title line, then paragraphs; Markdown
`#` lines are headings."""

from __future__ import annotations

import re

from ..models import Document, Segment
from .text import SENTENCE_END, doc_id, line_spans, segment, stripped

MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


def read(text: str, source: str) -> list[Document]:
    segments: list[Segment] = []
    title = None
    for a, b in line_spans(text):
        a, b = stripped(text, a, b)
        if a == b:
            continue
        line = text[a:b]
        marker = MARKDOWN_HEADING.match(line)
        first_line = not segments and len(line) <= 120 and not SENTENCE_END.search(line)
        if marker or first_line:
            heading = segment(text, a + (marker.end() if marker else 0), b, kind="heading")
            title = title or (text[heading.start:heading.end] if not segments else None)
            segments.append(heading)
        else:
            segments.append(segment(text, a, b))
    return [Document(id=doc_id(source), source=source, title=title, layout="article",
                     text=text, segments=segments)]
