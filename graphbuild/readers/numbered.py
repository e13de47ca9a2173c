"""A numbered-line transcript: an optional metadata header, then `N` / text line pairs."""

from __future__ import annotations

import re

from ..models import Document, Layout
from .text import doc_id, iso_date, line_spans, segment

HEADER = re.compile(r"--- METADATA START ---\n(.*?)\n--- METADATA END ---\n?", re.S)
NUMBER_LINE = re.compile(r"^\d{1,6}$", re.M)
UNKNOWN = {"", "unknown", "n/a", "none"}


def matches(text: str) -> bool:
    numbers = len(NUMBER_LINE.findall(text[:20000]))
    lines = text[:20000].count("\n") + 1
    return bool(HEADER.match(text)) or numbers > 10 and numbers * 2.5 >= lines


def metadata(text: str) -> tuple[dict[str, str], int]:
    header = HEADER.match(text)
    if not header:
        return {}, 0
    fields: dict[str, str] = {}
    for line in header.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and value.strip().lower() not in UNKNOWN:
            fields.setdefault(key.strip().lower(), value.strip())
    return fields, header.end()


def names(value: str | None) -> list[str]:
    return [n.strip() for n in re.split(r",|&| and ", value or "") if n.strip()]


def read(text: str, source: str) -> list[Document]:
    fields, body = metadata(text)
    segments = []
    for a, b in line_spans(text, body):
        if not NUMBER_LINE.fullmatch(text[a:b].strip()):
            seg = segment(text, a, b)
            if seg:
                segments.append(seg)
    episode = fields.get("episode")
    return [Document(
        id=doc_id(source), source=source, title=episode, show=fields.get("show"),
        date=iso_date(fields.get("date")), layout=Layout.NUMBERED_TRANSCRIPT,
        host=names(fields.get("host")), guests=names(fields.get("guests")),
        url=fields.get("source url") or fields.get("url"), text=text, segments=segments,
    )]
