"""A podcast listing page: several episodes, each with a title, a date, show notes and a
transcript of `[hh:mm:ss] Speaker: text` turns or `[range]` lines followed by `Speaker: text`.
One Document per episode."""

from __future__ import annotations

import re
from collections import Counter

from ..models import Document, Layout, Segment, SegmentKind, stripped
from .text import SENTENCE_END, doc_id, iso_date, join_broken_turns, line_spans, segment
from .turns import LABEL_LINE, SPEAKER, STAMP, TURN

DATE = r"(\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})"
EPISODE_DATE = re.compile(rf"^\s*{DATE}\s*[|·•–-]\s*\S", re.M)
BULLET = re.compile(r"^\s*[•*·-]\s+")
TOC_LINE = re.compile(rf"^\s*(?:[*•-]\s*)?{STAMP}\s*[–—-]\s*\S")
STAMP_IN_LINE = re.compile(rf"{STAMP}\s*[–—-]?\s*[A-Z]")


def matches(text: str) -> bool:
    """Several episodes, each under its date line; or one, with a timestamped transcript."""
    episodes = len(EPISODE_DATE.findall(text))
    return episodes >= 2 or episodes == 1 and sum(1 for line in text.splitlines() if TURN.match(line.strip())) >= 5


def episode_bounds(text: str) -> list[tuple[int, int, int]]:
    """(start, title line start, date line start) of each episode."""
    bounds = []
    for match in EPISODE_DATE.finditer(text):
        lines_above = [s for s in _lines_before(text, match.start(), 3) if text[s[0]:s[1]].strip()]
        title = lines_above[0] if lines_above else (match.start(), match.start())
        start = lines_above[1][0] if len(lines_above) > 1 and BULLET.match(text[lines_above[1][0]:lines_above[1][1]]) else title[0]
        bounds.append((start, title[0], match.start()))
    return bounds


def _lines_before(text: str, pos: int, count: int) -> list[tuple[int, int]]:
    found = []
    end = pos - 1
    while end > 0 and len(found) < count * 3:
        begin = text.rfind("\n", 0, end) + 1
        found.append((begin, end))
        end = begin - 1
    return [span for span in found if text[span[0]:span[1]].strip()][:count]


def read(text: str, source: str) -> list[Document]:
    bounds = episode_bounds(text)
    if not bounds:
        bounds = [(0, 0, 0)]
    docs = []
    for number, (start, title_at, date_at) in enumerate(bounds, 1):
        end = bounds[number][0] if number < len(bounds) else len(text)
        docs.append(_episode(text, source, number if len(bounds) > 1 else None, start, title_at, date_at, end))
    return docs


def _episode(text, source, number, start, title_at, date_at, end) -> Document:
    title = text[title_at:text.find("\n", title_at)].strip() if date_at > title_at else None
    show = BULLET.sub("", text[start:title_at]).strip() or None if start < title_at else None
    date_match = EPISODE_DATE.match(text, date_at) if date_at > title_at else None
    segments: list[Segment] = []
    if title:
        segments.append(segment(text, title_at, title_at + len(text[title_at:].split("\n", 1)[0]), kind=SegmentKind.HEADING))
    body = text.find("\n", date_at) + 1 if date_match else start
    segments.extend(turn_segments(text, body, end))
    return Document(
        id=doc_id(source, number), source=source, title=title, show=show,
        date=iso_date(date_match.group(1)) if date_match else None, layout=Layout.PODCAST_LISTING,
        offset=start, text=text[start:end], segments=[s for s in segments if s],
    )


def turn_segments(text: str, start: int, end: int, in_transcript: bool = False) -> list[Segment]:
    """Show notes until a 'Transcript' line or the first timestamped turn, then turns:
    each line keeps the last speaker and timestamp seen. A label on its own line
    ('Ana Ruiz (00:36:03):') names the speaker and time of the lines below it."""
    segments: list[Segment] = []
    speaker, timestamp = None, None
    labels: Counter = Counter()  # how often each 'Name:' label is written
    for a, b in line_spans(text, start, end):
        a, b = stripped(text, a, b)
        line = text[a:b]
        if not line:
            continue
        if line == "Transcript":
            in_transcript, speaker = True, None
            continue
        turn = TURN.match(line)
        if turn:
            in_transcript = True
            timestamp = turn.group("ts")
            a = b - len(turn.group("rest"))
            line = turn.group("rest")
            if not line:
                continue
            if not SPEAKER.match(line) and _is_heading(line):
                segments.append(segment(text, a, b, kind=SegmentKind.HEADING, timestamp=timestamp))
                continue
        label = LABEL_LINE.match(line)
        if label:
            in_transcript, speaker, timestamp = True, label.group("speaker"), label.group("ts")
            labels[speaker] += 1
            continue
        if in_transcript:
            who = SPEAKER.match(line)
            if who:
                speaker = who.group("speaker")
                timestamp = who.group("ts") or timestamp
                labels[speaker] += 1
                a += who.end()
            segments.append(segment(text, a, b, speaker=speaker, timestamp=timestamp))
        else:
            kind = SegmentKind.HEADING if _is_contents(line) or _is_heading(line) else SegmentKind.TEXT
            segments.append(segment(text, a, b, kind=kind))
    return join_broken_turns(text, _drop_one_off_speakers(text, segments, labels))


def _is_contents(line: str) -> bool:
    """A table of contents: a line of timestamped chapter titles, one or many."""
    return bool(TOC_LINE.match(line)) or len(STAMP_IN_LINE.findall(line)) >= 2


def _drop_one_off_speakers(text: str, segments: list[Segment], labels: Counter) -> list[Segment]:
    """A 'Name:' written once in a long transcript ('Generated: 2/27/2026') is text, not a
    speaker: its line gets its label back and no speaker, nor do the lines after it."""
    if sum(labels.values()) < 5:
        return segments
    fixed, previous = [], None
    for seg in segments:
        if seg and seg.speaker and labels[seg.speaker] == 1:
            update: dict = {"speaker": None}
            if seg.speaker != previous:  # the labelled line itself
                label_at = text.rfind(seg.speaker, 0, seg.start)
                update["start"] = label_at if label_at >= 0 else seg.start
            previous = seg.speaker
            seg = seg.model_copy(update=update)
        else:
            previous = seg.speaker if seg else previous
        fixed.append(seg)
    return fixed


def _is_heading(line: str) -> bool:
    return len(line.split()) <= 8 and not SENTENCE_END.search(line) and line[:1].isupper()
