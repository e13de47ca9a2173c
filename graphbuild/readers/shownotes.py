"""A show-notes page: a header (title, show and host), a summary, `## [mm:ss] Heading`
sections with `> *quote [mm:ss]*` lines, and an `Entities` list of
`**Name** (type): description` lines, which the extractor reads as structured facts."""

from __future__ import annotations

import re

from ..models import Document, Layout, Segment, SegmentKind, stripped
from .text import doc_id, line_spans, segment

SECTION = re.compile(r"##\s*(?:\[(?P<ts>[\d:]+)\]\s*)?")
QUOTE = re.compile(r">\s*\*(?P<q>.+?)\s*(?:\[(?P<ts>[\d:]+)\])?\*")
ENTITY_ITEM = re.compile(r"(?:^|\s)-\s+\*\*(?P<name>[^*]+)\*\*\s*\((?P<type>[\w ]+)\)\s*:\s*")
SHOW_WITH_HOST = re.compile(r"^(?P<show>.+?) with (?P<host>[A-Z][A-Za-zÀ-ÿ’'-]+(?: [A-Z][A-Za-zÀ-ÿ’'-]+){1,2})")


def matches(text: str) -> bool:
    return bool(ENTITY_ITEM.search(text)) or len(SECTION.findall(text)) >= 3 and "> *" in text


def read(text: str, source: str) -> list[Document]:
    lines = [text[a:b].strip() for a, b in line_spans(text)]
    repeated = [ln for ln in lines if ln and len(ln) > 20 and lines.count(ln) > 1]
    title = repeated[0] if repeated else next((ln for ln in lines if len(ln) > 20), None)
    show, host = None, []
    for line in lines:
        found = SHOW_WITH_HOST.match(line)
        if found:
            show, host = found.group("show").strip(), [found.group("host")]
            break
    return [Document(id=doc_id(source), source=source, title=title, show=show, host=host,
                     layout=Layout.SHOW_NOTES, text=text, segments=_segments(text, title))]


def _segments(text: str, title: str | None) -> list[Segment]:
    segments: list[Segment] = []
    for a, b in line_spans(text):
        a, b = stripped(text, a, b)
        if b - a > 0:
            parts = [p for p in _split_line(text, a, b) if p]
            if text[a:b] == title and [p.kind for p in parts] == [SegmentKind.TEXT]:  # the title, wherever the page repeats it
                parts = [parts[0].model_copy(update={"kind": SegmentKind.HEADING})]
            segments.extend(parts)
    return [s for s in segments if s]


def _split_line(text: str, start: int, end: int) -> list[Segment]:
    """Cut one (possibly very long) line at section, quote and entity-list markers."""
    cuts = []
    for pattern in (SECTION, QUOTE, ENTITY_ITEM):
        cuts.extend((m.start(), m.end(), m) for m in pattern.finditer(text, start, end))
    cuts.sort(key=lambda c: c[0])
    segments, pos, timestamp, kind = [], start, None, SegmentKind.TEXT
    for cut_start, cut_end, found in cuts:
        if cut_start < pos:
            continue
        segments.append(segment(text, pos, cut_start, kind=kind, timestamp=timestamp))
        if found.re is QUOTE:
            q_start = found.start("q")
            segments.append(segment(text, q_start, found.end("q"), kind=SegmentKind.QUOTE, timestamp=found.group("ts") or timestamp))
            pos, kind = cut_end, SegmentKind.TEXT
        elif found.re is SECTION:
            timestamp = found.group("ts")
            heading_end = _heading_end(text, cut_end, end)
            segments.append(segment(text, cut_end, heading_end, kind=SegmentKind.HEADING, timestamp=timestamp))
            pos, kind = heading_end, SegmentKind.TEXT
        else:
            pos, kind, timestamp = found.start("name"), SegmentKind.ENTITY_LIST, None
    segments.append(segment(text, pos, end, kind=kind, timestamp=timestamp))
    return segments


def _heading_end(text: str, start: int, end: int) -> int:
    """A question heading ends at its `?`; otherwise the heading cannot be told from the
    summary that follows it, and the section is read as one text segment."""
    question = text.find("?", start, min(end, start + 100))
    return question + 1 if question >= 0 else start
