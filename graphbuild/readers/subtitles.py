"""Caption files as video platforms export them: WebVTT (`.vtt`, a voice as `<v Name>`) and
SubRip (`.srt`, perhaps `Name: text`). One segment per cue, with its start time as the
timestamp and its voice (or label) as the speaker; cue numbers, timings, tags and NOTE
blocks are never text."""

from __future__ import annotations

import re

from ..models import Document, Layout, Segment
from .text import doc_id, join_broken_turns, line_spans, segment
from .turns import SPEAKER

TIME = r"(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}"
TIMING = re.compile(rf"[ \t]*(?P<ts>{TIME})[ \t]*-->[ \t]*{TIME}")
VOICE = re.compile(r"<v(?:\.[\w.-]+)*\s+(?P<speaker>[^>]+?)\s*>")
TAG = re.compile(r"</?[a-z][^>]*>|&\w+;")


def matches(text: str) -> bool:
    return text.startswith("WEBVTT") or len(TIMING.findall(text[:5000])) >= 2 and \
        len(re.findall(rf"^{TIME}[ \t]*-->", text[:5000], re.M)) >= 2


def read(text: str, source: str) -> list[Document]:
    segments: list[Segment] = []
    speaker, timestamp, cue_at = None, None, None
    for a, b in line_spans(text):
        timing = TIMING.match(text, a, b)
        if timing:
            timestamp, cue_at = timing.group("ts"), b + 1
        elif cue_at is not None and not text[a:b].strip():  # a blank line ends the cue
            speaker = _cue(text, cue_at, a, speaker, timestamp, segments)
            cue_at = None
    if cue_at is not None:
        _cue(text, cue_at, len(text), speaker, timestamp, segments)
    return [Document(id=doc_id(source), source=source, layout=Layout.SUBTITLES, text=text,
                     segments=join_broken_turns(text, segments))]


def _cue(text: str, start: int, end: int, speaker, timestamp, segments: list[Segment]):
    """Append the cue's text, cut at its tags, and return the speaker it leaves."""
    voice = VOICE.search(text, start, end)
    label = SPEAKER.match(text[start:end].lstrip())
    if voice:
        speaker = voice.group("speaker")
    elif label:
        speaker = label.group("speaker")
        start = text.index(label.group(0), start) + label.end()
    pos = start
    for tag in [*TAG.finditer(text, start, end), None]:
        found = segment(text, pos, tag.start() if tag else end, speaker=speaker, timestamp=timestamp)
        if found:
            segments.append(found)
        pos = tag.end() if tag else end
    return speaker
