"""The main job: files in, KnowledgeGraph out, written as GraphML and JSON.

A document that cannot be read, parsed or extracted is skipped alone: it becomes one
`Skipped` record (file, stage, reason) and the build goes on with the others."""

from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Literal, Optional

from spacy.language import Language

from .errors import GraphFileError, ReadError
from .exporters import write_graphml, write_json
from .extract.nlp import load_nlp
from .extract.pipeline import extract
from .files import atomic_path, replaced_together
from .graph import to_networkx
from .models import Document, KnowledgeGraph, Strict
from .readers import find_files, path_text, read_path
from .readers.text import doc_id
from .resolve import resolve

GRAPHML, JSON = "graph.graphml", "graph.json"
MAX_REASON = 200  # characters of an error message kept in a skip line


class Skipped(Strict):
    """A file (or one document of it) the build left out, and why."""

    file: str
    stage: Literal["read", "parse", "extract"]
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.file} ({self.stage}): {self.reason}"

    @classmethod
    def document(cls, document: Document, stage: str, err: Exception) -> "Skipped":
        """A document whose parse or extraction failed."""
        return cls(file=_file_of(document), stage=stage, reason=_reason(err))


class BuildSummary(Strict):
    """What a build did, for scripts (`build --summary-json`): seconds per stage, documents read
    and built, those skipped and why, and the graph's nodes per label and edges per type."""

    documents_read: int = 0
    documents_built: int = 0
    skipped: list[Skipped] = []
    nodes: dict[str, int] = {}
    edges: dict[str, int] = {}
    outputs: list[str] = []
    seconds: dict[str, float] = {}

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = round(time.perf_counter() - start, 3)

    def count(self, kg: KnowledgeGraph) -> None:
        self.documents_built = len(kg.documents)
        self.nodes, self.edges = counts(kg)

    def write(self, path: Path) -> None:
        self.seconds["total"] = round(sum(v for k, v in self.seconds.items() if k != "total"), 3)
        with atomic_path(path) as tmp:
            tmp.write_text(self.model_dump_json(indent=1) + "\n", encoding="utf-8")


def counts(kg: KnowledgeGraph) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per label and edges per type, sorted by name."""
    nodes = Counter(e.label.value for e in kg.entities)
    nodes["Investment"], nodes["Document"] = len(kg.investments), len(kg.documents)
    edges = Counter(r.type.value for r in kg.relations)
    return dict(sorted(nodes.items())), dict(sorted(edges.items()))


def read_documents(paths: list[Path], on_skip: Callable[[Skipped], None]) -> list[Document]:
    """Every document under `paths`; a file that cannot be read is passed to `on_skip`."""
    return [document for file, root in find_files(paths) for document in read_file(file, root, on_skip)]


def read_file(file: Path, root: Path, on_skip: Callable[[Skipped], None]) -> list[Document]:
    """The documents of one file (its source named relative to `root`), or none and a skip."""
    try:
        return read_path(file, root)
    except ReadError as err:
        on_skip(Skipped(file=path_text(file), stage="read", reason=err.problem))
    except OSError as err:
        on_skip(Skipped(file=path_text(file), stage="read", reason=err.strerror or str(err)))
    return []


def build_graph(documents: list[Document], nlp: Optional[Language] = None, min_confidence: float = 0.0,
                on_document: Callable[[Document], None] = lambda d: None,
                on_skip: Optional[Callable[[Skipped], None]] = None) -> KnowledgeGraph:
    """The graph of `documents`. With `on_skip`, a document whose parse or extraction fails is
    reported there and left out; without it, the error is raised."""
    nlp = nlp or load_nlp()

    def skip(document: Document, stage: str, err: Exception) -> None:
        on_document(document)
        on_skip(Skipped.document(document, stage, err))

    def tracked():
        for extraction in extract(documents, nlp, on_error=skip if on_skip else None):
            on_document(extraction.document)
            yield extraction

    return resolve(tracked(), min_confidence=min_confidence)


def write_outputs(kg: KnowledgeGraph, out_dir: Path) -> list[Path]:
    """Write graph.graphml and graph.json: both replace the old pair, or (on failure) neither does."""
    try:
        with replaced_together(out_dir, [GRAPHML, JSON]) as staging:
            write_graphml(to_networkx(kg), staging / GRAPHML)
            write_json(kg, staging / JSON)
    except OSError as err:
        raise GraphFileError(f"could not write the graph to {out_dir} ({err.strerror or err}); "
                             f"{GRAPHML} and {JSON} there are unchanged") from None
    return [out_dir / GRAPHML, out_dir / JSON]


def _file_of(document: Document) -> str:
    """The file, and which of its documents when it holds several (a listing of episodes)."""
    return document.source if document.id == doc_id(document.source) else f"{document.source} ({document.id})"


def _reason(err: Exception) -> str:
    text = " ".join(str(err).split()) or "no message"
    text = f"{type(err).__name__}: {text}"
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"
