"""A document's header: YAML front matter, a title line (`# Title`, a line in bold, or a short
first line), `**Key:** value` lines (Podcast, Date, Guest, Video URL...) and a newsletter's issue
line ('AI News for 9/29/2025-9/30/2025'). HTML comments are never text, nor a title.

Which keys mean what is data: `knowledge/header_fields.json`."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from importlib import resources
from pathlib import PurePath
from typing import Iterator, Optional

from pydantic import Field

from ..models import Segment, SegmentKind, Strict, stripped
from .text import SENTENCE_END, date_readings, iso_date, line_spans, segment
from .turns import is_turn_line

COMMENT = re.compile(r"<!--.*?-->", re.S)
FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.S)
YAML_ITEM = re.compile(r"[ \t]*(?:(?P<key>[\w][\w -]{0,30}):|-)[ \t]*(?P<value>.*?)[ \t]*$")
KEY_LINE = re.compile(r"^\*\*(?P<key>[^*:\n]{1,30}?)(?::\*\*|\*\*:)[ \t]*(?P<value>.*?)$")
TITLE_LINE = re.compile(r"^(?:#\s+(?P<heading>.+?)\s*#*|\*\*(?P<bold>[^*\n]{2,200})\*\*)$")
RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
US_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
ISSUE_LINE = re.compile(rf"\bfor (?P<first>{US_DATE})(?:\s*-\s*(?P<last>{US_DATE}))?")
FILE_DATE = re.compile(r"(?<!\d)(?P<y>\d{4}|\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
MAX_TITLE = 200
ISSUE_LINE_WITHIN = 3000  # characters after the header where an issue line may stand


class Header(Strict):
    title: Optional[str] = None
    show: Optional[str] = None
    date: Optional[str] = None
    host: list[str] = Field(default_factory=list)
    guests: list[str] = Field(default_factory=list)
    url: Optional[str] = None
    body: int = 0  # where the text after the header starts
    segments: list[Segment] = Field(default_factory=list)  # the title (a heading) and the guests' names


@cache
def field_of_key() -> dict[str, str]:
    fields = json.loads(resources.files("graphbuild.knowledge").joinpath("header_fields.json").read_text("utf-8"))
    return {key: field for field, keys in fields.items() for key in keys}


def read_header(text: str, source: str) -> Header:
    values: dict[str, list[tuple[int, int]]] = {}
    front = FRONT_MATTER.match(text)
    if front:
        _front_matter(text, front, values)
    line_title, body = _header_lines(text, front.end() if front else 0, values)
    title = _first_title(values) or line_title  # a title field says so; a title line may be a heading
    guests = list(_names(text, values.get("guests", [])))
    segments = [segment(text, *span, kind=SegmentKind.HEADING) for span in {title, line_title} if span]
    segments += [segment(text, a, b, kind=SegmentKind.METADATA) for a, b in guests]
    return Header(
        title=text[title[0]:title[1]] if title else None,
        show=_value(text, values, "show"),
        date=iso_date(_value(text, values, "date")) or _issue_date(text, body, source),
        host=[text[a:b] for a, b in _names(text, values.get("host", []))],
        guests=[text[a:b] for a, b in guests],
        url=_value(text, values, "url"), body=body,
        segments=sorted((s for s in segments if s), key=lambda s: s.start),
    )


def text_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The parts of text[start:end] outside HTML comments, stripped, not empty."""
    pos = start
    for comment in COMMENT.finditer(text, start, end):
        yield from _nonempty(text, pos, comment.start())
        pos = comment.end()
    yield from _nonempty(text, pos, end)


def _nonempty(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    start, end = stripped(text, start, end)
    if end > start:
        yield start, end


def _front_matter(text: str, front: re.Match, values: dict[str, list[tuple[int, int]]]) -> None:
    """`key: value` lines, and `- item` lines under a key with no value (a YAML list)."""
    key = None
    for a, b in line_spans(text, front.start("body"), front.end("body")):
        item = YAML_ITEM.match(text, a, b)
        if not item:
            continue
        key = item.group("key").strip().lower() if item.group("key") else key
        field = field_of_key().get(key or "")
        if field and item.end("value") > item.start("value"):
            values.setdefault(field, []).extend(_list_items(text, item.start("value"), item.end("value")))


def _list_items(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A value without its quotes; `[a, b]` is two values."""
    if text[start] == "[" and text[end - 1] == "]":
        pos = start + 1
        for item in re.finditer(r"[^,\]]+", text[start + 1:end - 1]):
            yield from _unquoted(text, pos + item.start(), pos + item.end())
    else:
        yield from _unquoted(text, start, end)


def _unquoted(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    start, end = stripped(text, start, end)
    if end - start >= 2 and text[start] in "'\"" and text[end - 1] == text[start]:
        start, end = start + 1, end - 1
    yield from _nonempty(text, start, end)


def _header_lines(text: str, start: int, values: dict[str, list[tuple[int, int]]]) -> tuple[Optional[tuple[int, int]], int]:
    """The title's span and where the body starts: title and key lines at the top, up to the
    first other line (a rule after them belongs to the header)."""
    title, body, keyed, marked = None, start, False, False
    for a, b in line_spans(text, start):
        parts = list(text_spans(text, a, b))
        if not parts:
            body = b
            continue
        a, b = parts[0][0], parts[-1][1]
        line = text[a:b]
        key = KEY_LINE.match(line)
        field = field_of_key().get(key.group("key").strip().lower()) if key else None
        if field and _plausible(field, key.group("value")):
            keyed = True
            if key.end("value") > key.start("value"):
                values.setdefault(field, []).append((a + key.start("value"), a + key.end("value")))
        elif RULE.match(line) and (title or keyed):
            body = b
            break
        elif title is None and not keyed and _is_title(line):
            found = TITLE_LINE.match(line)
            group = next((g for g in ("heading", "bold") if found and found.group(g)), None)
            marked = group is not None  # '# Title', '**Title**'
            title = (a + found.start(group), a + found.end(group)) if group else (a, b)
            title = stripped(text, *title)
        else:
            body = a
            break
        body = b
    if title and not (keyed or marked) and not text[title[1]:].strip():
        return None, start  # a plain line alone in its file is the text, not a title over nothing
    return title, body


def _plausible(field: str, value: str) -> bool:
    """A header line, not a turn of a speaker whose label is a header key ('**Host:** Welcome!')."""
    return field not in ("host", "guests") or len(value.split()) <= 12 and not SENTENCE_END.search(value)


def _is_title(line: str) -> bool:
    if TITLE_LINE.match(line):
        return True
    return len(line) <= 120 and not SENTENCE_END.search(line) and not is_turn_line(line) and not line.startswith(("[", "!", "<", ">"))


def _first_title(values: dict[str, list[tuple[int, int]]]) -> Optional[tuple[int, int]]:
    spans = values.get("title")
    return spans[0] if spans and spans[0][1] - spans[0][0] <= MAX_TITLE else None


def _value(text: str, values: dict[str, list[tuple[int, int]]], field: str) -> Optional[str]:
    spans = values.get(field)
    return text[spans[0][0]:spans[0][1]] if spans else None


def _names(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Each name of a value such as 'Ana Ruiz, Bo Li and Cy Young' (unknown ones left out)."""
    for a, b in spans:
        pos = a
        for sep in re.finditer(r"\s*(?:,|&|;|\band\b)\s*", text[a:b]):
            yield from _known(text, pos, a + sep.start())
            pos = a + sep.end()
        yield from _known(text, pos, b)


def _known(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    if text[start:end].strip().lower() not in {"", "unknown", "n/a", "none"}:
        yield from _nonempty(text, start, end)


def _issue_date(text: str, body: int, source: str) -> Optional[str]:
    """A newsletter's issue line near the top ('for 9/29/2025-9/30/2025'), its last day; else a
    date in the file name (`2025-09-30-...`, `25-09-30-...`). A day and month that could be
    either way round are read as the range (the shorter span forward) or the file name (the
    nearer day) says."""
    named = FILE_DATE.search(PurePath(source).name)
    file_date = _file_date(named) if named else None
    issue = ISSUE_LINE.search(text, body, body + ISSUE_LINE_WITHIN)
    if not issue:
        return file_date.isoformat() if file_date else None
    readings = date_readings(issue.group("last") or issue.group("first"))
    lasts = list(readings.values())
    if issue.group("last"):
        firsts = date_readings(issue.group("first"))
        lasts = [last for order, last in readings.items()
                 if order in firsts and 0 <= (last - firsts[order]).days <= 31] or lasts
    if file_date:
        lasts.sort(key=lambda d: abs((d - file_date).days))
    return lasts[0].isoformat() if lasts else None


def _file_date(found: re.Match) -> Optional[date]:
    year = int(found.group("y")) + (2000 if len(found.group("y")) == 2 else 0)
    try:
        return date(year, int(found.group("m")), int(found.group("d")))
    except ValueError:
        return None
