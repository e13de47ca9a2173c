"""The lines of a transcript: a timestamp before a turn (`[00:01:02]`, `\\[16:06\\]`, a Whisper
range `[00:00:40.920 --> 00:01:07.330]`), a speaker label (`Name:`, `**Name:**`, `**Name**:`,
`SPEAKER_00:`), or a label on its own line with the time (`Lenny Rachitsky (00:36:03):`).
Labels and timestamps become a segment's speaker and timestamp, never text."""

from __future__ import annotations

import re
from typing import Optional

STAMP = r"\d{1,2}:\d{2}(?::\d{2}){0,2}(?:[.,]\d{1,3})?"
NAME = r"(?:[A-Z][\w.'’-]*|[a-z]{3,12})(?: [A-Z][\w.'’-]*){0,3}|Speaker \d+"
# `[ts] rest` or `[ts - ts] rest` or `[ts --> ts] rest`; Markdown may escape the brackets
TURN = re.compile(rf"^\\?\[(?P<ts>{STAMP})(?:\s*(?:-->|-)\s*(?P<ts_end>{STAMP}))?\\?\]\s*(?P<rest>.*)$")
# a note on the speaker in a plain label, not part of the name: `Mario (Last Name Unknown):`,
# `Ana (host):`; a bold one (`**GPT-5 (OpenAI):**`) is how newsletters start an item
NOTE = r"\([A-Za-z][A-Za-z ]{0,29}\)"
# `Name: `, `**Name:** ` or `**Name**: `, perhaps with a note and followed by the turn's timestamp
SPEAKER = re.compile(rf"^(?P<bold>\*\*)?(?P<speaker>{NAME})(?(bold)|(?: {NOTE})?)(?(bold)(?::\*\*|\*\*:)|:)(?:\s+|$)"
                     rf"(?:\\?\[(?P<ts>{STAMP})\\?\]\s*)?")
LABEL_LINE = re.compile(rf"^(?P<speaker>{NAME})\s+\(?(?P<ts>{STAMP})\)?:?$")
# what a turn in a layout not known yet may look like: a label (perhaps after a time, perhaps
# marked up), a colon, then what is said; never a list item
LOOSE_TURN = re.compile(r"^(?:[\[(][^\])\n]{0,30}[\])]\s*)?[*_<(]{0,2}(?P<label>[A-Z][\w.'’ -]{0,40}?)[*_\])>]{0,3}\s?:[*_]{0,2}\s+\S")


def is_turn_line(line: str) -> bool:
    """Does this (stripped) line start or label a turn?"""
    return bool(TURN.match(line) or SPEAKER.match(line) or LABEL_LINE.match(line))


def speaker_of(line: str) -> Optional[str]:
    """The speaker a (stripped) turn line names, if it names one, after its timestamp if any."""
    stamped = TURN.match(line)
    rest = stamped.group("rest") if stamped else line
    label = SPEAKER.match(rest) or LABEL_LINE.match(rest)
    return label.group("speaker") if label else None
