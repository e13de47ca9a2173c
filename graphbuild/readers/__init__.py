"""Readers: files in, one `Document` per real document out.

`read_path` decodes a file, picks the layout that fits it and hands it to that layout's
reader. Each reader keeps offsets into the original text, so every quote can be traced.
"""

from __future__ import annotations

import codecs
from collections import Counter
import stat
from pathlib import Path
from typing import Iterator

from ..errors import ReadError
from ..models import Document, Layout
from . import article, captions, dialogue, listing, numbered, shownotes, subtitles
from .turns import LOOSE_TURN

SUFFIXES = (".txt", ".md", ".vtt", ".srt")
MAX_FILE_BYTES = 100 * 1024 * 1024  # a larger file is refused, not read: no text document is that big
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # UTF-32 LE starts like UTF-16 LE
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# Most specific first: the first layout whose `matches` says yes reads the file.
LAYOUTS = (subtitles, numbered, listing, shownotes, dialogue, captions)
TURN_LINES_NOTED = 5  # an article with this many lines that look like turns is worth a note


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes; never opens a pipe or device (it could block or never end), never
    reads more than `limit` bytes."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(path, "no such file or folder") from None
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(path, "not a regular file (a pipe, device or socket)")
    too_big = f"larger than {limit // (1024 * 1024)} MB, the limit for one document"
    if info.st_size > limit:
        raise ReadError(path, too_big)
    with path.open("rb") as file:
        raw = file.read(limit + 1)  # the file may have grown since stat
    if len(raw) > limit:
        raise ReadError(path, too_big)
    return raw


def decode(path: Path) -> str:
    raw = read_bytes(path)
    bom = next((encoding for mark, encoding in BOMS if raw.startswith(mark)), None)
    if bom:  # UTF-16/32 text is full of NUL bytes: it is text all the same
        try:
            text = raw.decode(bom)
        except UnicodeDecodeError as err:
            raise ReadError(path, f"not valid {bom.upper()} text despite its byte order mark ({err.reason})") from None
        if not text.strip():
            raise ReadError(path, "empty file")
        return text
    if not raw.strip():
        raise ReadError(path, "empty file")
    if b"\x00" in raw[:8192]:
        raise ReadError(path, "binary file (NUL bytes), not a text document")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReadError(path, f"not valid UTF-8 text (byte {err.start}: {err.reason})") from None


def read_text(text: str, source: str) -> list[Document]:
    for layout in LAYOUTS:
        if layout.matches(text):
            docs = layout.read(text, source)
            if docs:
                return docs
    return article.read(text, source)


def layout_note(document: Document) -> str | None:
    """One line for a document read as a plain article though many of its lines look like
    speaker turns (two or more labels, each starting several lines): a layout the readers do not know yet."""
    if document.layout is not Layout.ARTICLE:
        return None
    labels = Counter(turn.group("label") for line in document.text.splitlines() if (turn := LOOSE_TURN.match(line.strip())))
    repeated = [n for n in labels.values() if n > 1]
    turns = sum(repeated)
    if len(repeated) < 2 or turns < TURN_LINES_NOTED:
        return None
    return f"{document.source} was read as a plain article, though {turns} of its lines look like speaker turns"


def path_text(path: Path | str) -> str:
    """A path as text: bytes of a file name that are not UTF-8 become U+FFFD, which every
    output can hold (a lone surrogate cannot be written as UTF-8 JSON or XML)."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_path(path: Path, root: Path | None = None) -> list[Document]:
    source = path.name if root is None or root == path else str(path.relative_to(root))
    return read_text(decode(path), path_text(source))


def find_files(paths: list[Path]) -> Iterator[tuple[Path, Path]]:
    """Yield (file, root) for every document file under `paths`, sorted for determinism.
    A path given by name is yielded even when it is missing or no regular file, so that
    reading it reports why it was skipped."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if not p.is_dir()):
                if file.suffix.lower() in SUFFIXES:
                    yield file, path
        else:
            yield path, path.parent
