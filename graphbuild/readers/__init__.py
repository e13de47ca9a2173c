"""Readers: files in, one `Document` per real document out.

`read_path` decodes a file, picks the layout that fits it and hands it to that layout's
reader. Each reader keeps offsets into the original text, so every quote can be traced.
"""

from __future__ import annotations

import codecs
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import ReadError
from ..files import read_bytes
from ..models import Document, Layout
from . import article, captions, dialogue, listing, numbered, shownotes, subtitles
from .text import doc_id
from .turns import LOOSE_TURN

SUFFIXES = (".txt", ".md", ".vtt", ".srt")
MAX_FILE_BYTES = 100 * 1024 * 1024  # a larger file is refused, not read: no text document is that big
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # UTF-32 LE starts like UTF-16 LE
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# Most specific first: the first layout whose `matches` says yes reads the file.
LAYOUTS = (subtitles, numbered, listing, shownotes, dialogue, captions)
TURN_LINES_NOTED = 5  # an article with this many lines that look like turns is worth a note


def decode(path: Path) -> str:
    raw = read_bytes(path, MAX_FILE_BYTES)
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


def find_files(paths: list[Path], leave_out: Iterable[Path] = ()) -> Iterator[tuple[Path, Path]]:
    """Yield (file, root) for every document file under `paths`, sorted for determinism.
    A path given by name is yielded even when it is missing or no regular file, so that
    reading it reports why it was skipped. Folders in `leave_out` (the build's own output and
    cache) and folders that hold a built graph are not searched: what graphbuild wrote is
    never read back as a document. A file whose name under its root is one another root
    has already given is named by its path, so that each file has a name of its own."""
    leave_out = {_identity(folder) for folder in leave_out if folder.is_dir()}
    names: set[Path] = set()
    for path in paths:
        files = sorted(_document_files(path, leave_out)) if path.is_dir() else [path]
        root = path if path.is_dir() else path.parent
        for file in files:
            name = file.relative_to(root)
            root_here = root if name not in names else Path(file.anchor)
            names.add(file.relative_to(root_here))
            yield file, root_here


def _identity(folder: Path | os.DirEntry) -> tuple[int, int]:
    """What makes a folder the same whatever path names it (a resolve costs a call per level)."""
    info = folder.stat()
    return info.st_dev, info.st_ino


def _document_files(root: Path, leave_out: set[tuple[int, int]]) -> Iterator[Path]:
    """The document files (SUFFIXES) under `root`, not in symbolic links to folders; a loop, not a
    recursion, so that no depth of folders is too deep."""
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # unreadable: as though empty, as rglob does
            continue
        if folder != root and _holds_graph(entries):
            continue
        for entry in entries:
            path = folder / entry.name
            if entry.is_dir(follow_symlinks=False):
                if _identity(entry) not in leave_out:
                    folders.append(path)
            elif not entry.is_dir() and path.suffix.lower() in SUFFIXES:
                yield path


def _holds_graph(entries: list[os.DirEntry]) -> bool:
    """A folder `build` wrote a graph into, where reports may be written too."""
    return {"graph.json", "graph.graphml"} <= {entry.name for entry in entries}


def distinct_ids(documents: list[Document]) -> list[Document]:
    """The documents, where those of different files that share an id ('Report 1.txt' and
    'report_1.md' are both 'report-1') get ids with a short hash of their file's name: no two
    files' facts merge, and an id stays the same from build to build of the same files."""
    sources: dict[str, set[str]] = defaultdict(set)
    for document in documents:
        sources[document.id].add(document.source)
    return [document if len(sources[document.id]) == 1 else document.model_copy(update={"id": _distinct_id(document)})
            for document in documents]


def _distinct_id(document: Document) -> str:
    plain = doc_id(document.source)
    part = document.id[len(plain):] if document.id.startswith(plain) else f"-{document.id}"  # '-e2' of an episode
    return doc_id(document.source, distinct=True) + part
