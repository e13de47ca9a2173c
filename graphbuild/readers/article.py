"""A plain article or any text of unknown layout: a header (a title line, front matter, `**Key:**
value` lines, a newsletter's issue line), then paragraphs; Markdown `#` lines are headings.
A paragraph of thousands of words is speech written down without speaker labels (a monologue's
transcript): the document is then read as a transcript."""

from __future__ import annotations

import re

from ..models import Document, Layout, SegmentKind
from .header import read_header, text_spans
from .text import doc_id, line_spans, segment

MARKDOWN_HEADING = re.compile(r"#{1,6}\s+")
# no writer goes on this many words without a paragraph break; a transcript of speech may
SPEECH_PARAGRAPH_WORDS = 1000


def read(text: str, source: str) -> list[Document]:
    header = read_header(text, source)
    segments = list(header.segments)
    speech = False
    for a, b in line_spans(text, header.body):
        speech = speech or len(text[a:b].split()) >= SPEECH_PARAGRAPH_WORDS
        for a, b in text_spans(text, a, b):
            marker = MARKDOWN_HEADING.match(text, a, b)
            if marker:
                segments.append(segment(text, marker.end(), b, kind=SegmentKind.HEADING))
            else:
                segments.append(segment(text, a, b))
    return [Document(id=doc_id(source), source=source, title=header.title, show=header.show, date=header.date,
                     host=header.host, guests=header.guests, url=header.url,
                     layout=Layout.TRANSCRIPT_TEXT if speech else Layout.ARTICLE,
                     text=text, segments=[s for s in segments if s])]
