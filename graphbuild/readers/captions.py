"""An auto-caption stream: short lines, lowercase-heavy, no punctuation, with chapter
titles spliced into the text. Chapters become heading segments; the text between them
becomes one segment each, read with line breaks as spaces."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from ..models import Document, Layout, Segment, SegmentKind, stripped
from .text import doc_id, line_spans, segment

FILLERS = {"uh", "um", "like", "yeah", "know", "mean", "oh", "okay", "right"}
PRONOUNS = {"i", "you", "we", "they", "he", "she", "it's", "i'm", "you're", "we're", "they're", "my", "our", "your"}
PUNCTUATED = re.compile(r"[.!?,]")


def matches(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) < 20:
        return False
    short = sum(len(ln) <= 60 for ln in lines) / len(lines)
    bare = sum(not PUNCTUATED.search(ln) for ln in lines) / len(lines)
    return short > 0.9 and bare > 0.8


def is_chapter_title(line: str) -> bool:
    """A chapter title is short, starts with a capital, and reads as a title: no fillers,
    no pronouns and not ending on a function word the way a cut-off caption line does."""
    words = line.split()
    if not words or not words[0][:1].isupper() or len(words) > 9:
        return False
    lowered = [w.lower().strip("’'") for w in words]
    if words[0] in {"I", "I'm", "I’m"} or FILLERS & set(lowered) or PRONOUNS & set(lowered):
        return False
    return lowered[-1] not in STOP_WORDS and not PUNCTUATED.search(line)


def read(text: str, source: str) -> list[Document]:
    segments: list[Segment] = []
    chunk_start = None
    for a, b in line_spans(text):
        a, b = stripped(text, a, b)
        if a == b:
            continue
        if is_chapter_title(text[a:b]):
            if chunk_start is not None:
                segments.append(segment(text, chunk_start, a))
            segments.append(segment(text, a, b, kind=SegmentKind.HEADING))
            chunk_start = None
        elif chunk_start is None:
            chunk_start = a
    if chunk_start is not None:
        segments.append(segment(text, chunk_start, len(text)))
    return [Document(id=doc_id(source), source=source, layout=Layout.AUTO_CAPTIONS,
                     text=text, segments=[s for s in segments if s])]
