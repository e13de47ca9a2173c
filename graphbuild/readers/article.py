"""A plain article or any text of unknown layout: a header (a title line, front matter, `**Key:**
value` lines, a newsletter's issue line), then paragraphs; Markdown `#` lines are headings.

Speech written down without speaker labels is read the same way, as speech (`_layout`):
automatic captions run together into a few long lines with almost no sentence end (a caption
stream), or a monologue's punctuated transcript, whose paragraphs run to a thousand words."""

from __future__ import annotations

import re

from ..models import Document, Layout, SegmentKind
from .header import read_header, text_spans
from .text import doc_id, line_spans, segment

MARKDOWN_HEADING = re.compile(r"#{1,6}\s+")
# a paragraph of this many words with no Markdown in it may be speech: a writer's run to fewer
SPOKEN_PARAGRAPH_WORDS = 150
# no writer goes on this many words without a paragraph break; a transcript of speech may
MONOLOGUE_PARAGRAPH_WORDS = 1000
STREAM_WORDS_PER_SENTENCE = 200  # captions run together: fewer sentence ends than one per this many words
SENTENCE_STOP = re.compile(r"[.!?](?=\s|$)")
MARKDOWN = re.compile(r"\]\(|\*\*|^\s*(?:[-*+|>]|\d+\.)\s")  # a link, bold, a list, table or quote line


def read(text: str, source: str) -> list[Document]:
    header = read_header(text, source)
    segments = list(header.segments)
    paragraphs = []
    for a, b in line_spans(text, header.body):
        for a, b in text_spans(text, a, b):
            marker = MARKDOWN_HEADING.match(text, a, b)
            if marker:
                segments.append(segment(text, marker.end(), b, kind=SegmentKind.HEADING))
            else:
                segments.append(segment(text, a, b))
                paragraphs.append(text[a:b])
    return [Document(id=doc_id(source), source=source, title=header.title, show=header.show, date=header.date,
                     host=header.host, guests=header.guests, url=header.url, layout=_layout(paragraphs),
                     text=text, segments=[s for s in segments if s])]


def _layout(paragraphs: list[str]) -> Layout:
    """Speech where the body holds a long paragraph free of Markdown: a caption stream where the
    body has almost no sentence end, a monologue's transcript where such a paragraph runs to a
    thousand words; else writing."""
    counts = [len(p.split()) for p in paragraphs]
    spoken = [n for n, p in zip(counts, paragraphs) if n >= SPOKEN_PARAGRAPH_WORDS and not MARKDOWN.search(p)]
    if not spoken:
        return Layout.ARTICLE
    if sum(len(SENTENCE_STOP.findall(p)) for p in paragraphs) * STREAM_WORDS_PER_SENTENCE < sum(counts):
        return Layout.CAPTION_STREAM
    return Layout.TRANSCRIPT_TEXT if max(spoken) >= MONOLOGUE_PARAGRAPH_WORDS else Layout.ARTICLE
