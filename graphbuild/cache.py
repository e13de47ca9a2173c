"""The extraction cache: one document's Extraction, kept as JSON under the sha256 of its content
and of the pipeline that extracted it, so that a rebuild parses only new or changed documents.

A document's content is everything a reader made of the file except its name (`id`, `source`):
the same text under another name has the same key, which is also how a build finds copies.
The pipeline's version covers graphbuild's code, knowledge base and trained model (every file
of the package), spaCy's version and the pipeline's model and components: change any and the
old entries are simply not found (they sit in a folder of their own, safe to delete).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Optional

import spacy
from pydantic import ValidationError
from spacy.language import Language
from spacy.util import get_package_version

from .extract.nlp import DEFAULT_MODEL
from .errors import OutputError, ReadError
from .files import atomic_path, read_bytes
from .models import Document, Extraction
from .readers import path_text

PACKAGE = Path(__file__).resolve().parent
DEFAULT_FOLDER = ".graphbuild-cache"
MAX_ENTRY_BYTES = 1024 * 1024 * 1024  # an entry holds its document (up to 100 MB) and what was found in it


def content_key(document: Document) -> str:
    """The sha256 of the document's content, whatever file it was read from."""
    content = document.model_dump_json(exclude={"id", "source"})
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def pipeline_version(nlp: Optional[Language] = None) -> str:
    """The sha256 of what an extraction depends on besides its document: for the default
    pipeline (`nlp` None, whichever process loads it), or for the pipeline `nlp`."""
    digest = hashlib.sha256(_package_digest().encode())
    digest.update(f"spacy {spacy.__version__} {DEFAULT_MODEL} {get_package_version(DEFAULT_MODEL)}".encode())
    if nlp is not None:
        digest.update(json.dumps([nlp.meta.get("name"), nlp.meta.get("version"), nlp.pipe_names]).encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _package_digest() -> str:
    digest = hashlib.sha256()
    try:
        digest.update(version("graphbuild").encode())
    except PackageNotFoundError:  # run from a checkout that was never installed
        pass
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def rebind(extraction: Extraction, document: Document) -> Extraction:
    """A cached extraction of the same content, as if made from `document`: its name, and its
    doc id in every provenance."""
    if extraction.document.id == document.id and extraction.document.source == document.source:
        return extraction
    return extraction.model_copy(update={
        "document": document,
        "relations": [_cited_as(r, document.id) for r in extraction.relations],
        "investments": [_cited_as(i, document.id) for i in extraction.investments],
    })


def _cited_as(item, doc_id: str):
    return item.model_copy(update={"provenance": item.provenance.model_copy(update={"doc_id": doc_id})})


class ExtractionCache:
    """Extractions on disk: `<folder>/<pipeline version>/<content key>.json`, one file per key.
    The cache only saves time: a file that cannot be read back counts as missing (and is
    overwritten by the next `put`), a file that cannot be written is left out; both are
    reported to `warn` as one line."""

    def __init__(self, folder: Path, version: str, warn: Callable[[str], None] = lambda message: None):
        self.folder = folder / version[:16]
        self.warn = warn

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str, document: Document) -> Optional[Extraction]:
        """The extraction kept for `document` (of content `key`), if there is one that holds."""
        path = self.path(key)
        if not path.exists():
            return None
        try:
            extraction = Extraction.model_validate_json(read_bytes(path, MAX_ENTRY_BYTES, "a cache entry"))
            reason = mismatch(extraction, key, document)
        except ReadError as err:
            reason = err.problem
        except ValidationError as err:
            reason = f"not an extraction ({err.errors()[0]['msg']})"
        if reason is None:
            return rebind(extraction, document)
        self.warn(f"ignored damaged cache file {path_text(path)}: {reason}; extracting its document again")
        return None

    def put(self, key: str, extraction: Extraction) -> None:
        try:  # mode 0600: an entry holds its document's whole text, which may be no one else's to read
            with atomic_path(self.path(key), private=True) as tmp:
                tmp.write_text(extraction.model_dump_json(), encoding="utf-8")
        except OutputError as err:
            self.warn(f"could not write cache file {path_text(self.path(key))}: {err.problem}")


def mismatch(extraction: Extraction, key: str, document: Document) -> Optional[str]:
    """Why a cached extraction does not fit `document` (None when it does): another document's
    content, a quote that is not the text at its offsets, a fact naming a mention it lacks. An
    entry edited by hand, or damaged, would otherwise put false quotes into the graph."""
    if content_key(extraction.document) != key:
        return "not the extraction of its document"
    for item in (*extraction.relations, *extraction.investments):
        if document.slice(item.provenance.start, item.provenance.end) != item.provenance.quote:
            return f"the quote {item.provenance.quote[:40]!r} is not the text at its offsets"
    ends = [end for r in extraction.relations for end in (r.source, r.target)]
    ends += [end for i in extraction.investments for end in (*i.investors, *i.lead, i.investee) if end is not None]
    if any(not 0 <= end < len(extraction.mentions) for end in ends):
        return "a fact names a mention the entry lacks"
    return None
