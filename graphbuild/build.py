"""The main job: files in, KnowledgeGraph out, written as GraphML and JSON.

Extraction is per document and pure (`extract_documents`): what the extraction cache keeps,
and what runs in worker processes (`local_extractor`) or any other engine that honours the
`Extractor` contract. Resolution then runs over every document's extraction at once.

A document that cannot be read, parsed or extracted is skipped alone: it becomes one
`Skipped` record (file, stage, reason) and the build goes on with the others."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal, Optional, Union

from spacy.language import Language

from .cache import ExtractionCache, content_key
from .errors import GraphFileError, OutputError, ReadError
from .exporters import write_graphml, write_json
from .extract.budget import TimeBudget
from .extract.nlp import load_nlp
from .extract.pipeline import extract
from .files import atomic_path, replaced_together
from .graph import to_networkx
from .models import Document, Extraction, KnowledgeGraph, Strict
from .readers import distinct_ids, find_files, path_text, read_path
from .readers.text import doc_id
from .resolve import resolve

GRAPHML, JSON = "graph.graphml", "graph.json"
MAX_REASON = 200  # characters of an error message kept in a skip line
CHUNK_CHARS = 50_000  # characters of documents sent to a worker at once: small documents go together


class Skipped(Strict):
    """A file (or one document of it) the build left out, and why."""

    file: str
    stage: Literal["read", "parse", "extract"]
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.file} ({self.stage}): {self.reason}"

    @classmethod
    def of(cls, document: Document, stage: str, err: Exception) -> "Skipped":
        """A document whose parse or extraction failed."""
        return cls(file=_file_of(document), stage=stage, reason=_reason(err))


class Duplicate(Strict):
    """A document whose content is another's: it is built once, under the first name."""

    file: str
    same_as: str

    def __str__(self) -> str:
        return f"{self.file} has the same content as {self.same_as}; counted once"


Outcome = Union[Extraction, Skipped]
# An engine: one Outcome per document, in the documents' order (the graph depends on that order).
Extractor = Callable[[list[Document]], Iterable[Outcome]]


class BuildSummary(Strict):
    """What a build did, for scripts (`build --summary-json`): seconds per stage, documents read
    and built, those skipped and why, and the graph's nodes per label and edges per type."""

    documents_read: int = 0
    documents_built: int = 0
    documents_from_cache: int = 0
    layouts: dict[str, int] = {}  # documents built per layout: how each file was read
    notes: list[str] = []  # documents read as plain articles that have lines like speaker turns
    skipped: list[Skipped] = []
    duplicates: list[Duplicate] = []
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

    def note_cached(self, document: Document) -> None:
        self.documents_from_cache += 1

    def count(self, kg: KnowledgeGraph) -> None:
        self.documents_built = len(kg.documents)
        self.nodes, self.edges = counts(kg)
        self.layouts = dict(sorted(Counter(d.layout for d in kg.documents).items()))

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


def read_documents(paths: list[Path], on_skip: Callable[[Skipped], None], leave_out: Iterable[Path] = ()) -> list[Document]:
    """Every document under `paths` (but in the folders `leave_out`), each with an id of its own;
    a file that cannot be read is passed to `on_skip`."""
    return distinct_ids([document for file, root in find_files(paths, leave_out)
                         for document in read_file(file, root, on_skip)])


def read_file(file: Path, root: Path, on_skip: Callable[[Skipped], None]) -> list[Document]:
    """The documents of one file (its source named relative to `root`), or none and a skip."""
    try:
        return read_path(file, root)
    except ReadError as err:
        on_skip(Skipped(file=path_text(file), stage="read", reason=err.problem))
    except OSError as err:
        on_skip(Skipped(file=path_text(file), stage="read", reason=err.strerror or str(err)))
    return []


def extract_documents(documents: Iterable[Document], nlp: Language, raise_errors: bool = False,
                      time_budget: TimeBudget = TimeBudget()) -> Iterator[Outcome]:
    """Each document's Extraction, or the Skipped that says why there is none (a failure, or
    its `time_budget` spent): one per document, in order, streamed. It depends on nothing but
    the documents and the pipeline, so its result can be cached and computed anywhere (a worker
    process, a cluster). With `raise_errors` a failing document raises instead."""
    skips: list[Skipped] = []

    def skip(document: Document, stage: str, err: Exception) -> None:
        skips.append(Skipped.of(document, stage, err))

    for extraction in extract(documents, nlp, on_error=None if raise_errors else skip, time_budget=time_budget):
        yield from skips  # the documents before this one that failed
        skips.clear()
        yield extraction
    yield from skips


def local_extractor(workers: int = 1, nlp: Optional[Language] = None, raise_errors: bool = False,
                    time_budget: TimeBudget = TimeBudget()) -> Extractor:
    """The engine of one machine: extraction in this process, or spread over `workers`
    processes, each loading the pipeline once (`nlp` must then be None: the default pipeline)."""
    if workers > 1 and nlp is not None:
        raise ValueError("a pipeline given as an object runs in this process only: use workers=1")

    def run(documents: list[Document]) -> Iterator[Outcome]:
        pending = deque(_chunks(documents))
        if workers <= 1 or len(pending) <= 1:
            yield from extract_documents(documents, nlp or load_nlp(), raise_errors, time_budget)
            return
        while pending:  # a worker that dies breaks its pool: the next chunks go to a fresh one
            lost: list[Document] = []
            with _worker_pool(min(workers, len(pending))) as pool:
                in_flight: deque[tuple[list[Document], Future]] = deque()
                try:
                    while pending or in_flight:  # a few chunks ahead of the one awaited: memory stays bounded
                        while pending and len(in_flight) <= 2 * workers:
                            chunk = pending.popleft()
                            in_flight.append((chunk, _submit(pool, chunk, raise_errors, time_budget)))
                        outcomes = in_flight[0][1].result()
                        in_flight.popleft()
                        yield from outcomes
                except BrokenProcessPool:
                    lost = [document for chunk, _ in in_flight for document in chunk]
            yield from _retry_alone(lost, raise_errors, time_budget)

    return run


@contextmanager
def _worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes that end with the build, however it ends: on an error, Ctrl-C or SIGTERM
    (which the command line turns into KeyboardInterrupt) they are killed, not awaited."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker)
    try:
        yield pool
    except BaseException:
        for process in list((pool._processes or {}).values()):  # Python 3.14 has pool.kill_workers()
            process.kill()
        raise
    finally:
        pool.shutdown(cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, documents: list[Document], raise_errors: bool,
            time_budget: TimeBudget) -> Future:
    """Send documents to a worker. A worker this starts keeps SIGINT blocked, as it inherits the
    mask: a Ctrl-C, which the terminal sends to every process, reaches only the build, which stops
    the workers (while they import, a worker would print a traceback of its own)."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return pool.submit(_extract_in_worker, documents, raise_errors, time_budget)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _retry_alone(documents: list[Document], raise_errors: bool, time_budget: TimeBudget) -> Iterator[Outcome]:
    """The documents a dead worker took with it (killed, or out of memory), once more, one at a
    time in a fresh worker: a document that kills its worker again is skipped."""
    waiting = deque(documents)
    while waiting:
        with _worker_pool(1) as pool:
            while waiting:
                document = waiting.popleft()
                try:
                    yield from _submit(pool, [document], raise_errors, time_budget).result()
                except BrokenProcessPool:
                    if raise_errors:
                        raise
                    yield Skipped(file=_file_of(document), stage="extract",
                                  reason="its worker process died twice (killed, or out of memory)")
                    break


_worker_nlp: Optional[Language] = None


def _start_worker() -> None:
    global _worker_nlp
    _worker_nlp = load_nlp()


def _extract_in_worker(documents: list[Document], raise_errors: bool, time_budget: TimeBudget) -> list[Outcome]:
    return list(extract_documents(documents, _worker_nlp, raise_errors, time_budget))


def _chunks(documents: list[Document]) -> Iterator[list[Document]]:
    """Consecutive documents, cut where they reach CHUNK_CHARS."""
    chunk, size = [], 0
    for document in documents:
        chunk.append(document)
        size += len(document.text)
        if size >= CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build_graph(documents: list[Document], nlp: Optional[Language] = None, min_confidence: float = 0.0,
                on_document: Callable[[Document], None] = lambda d: None,
                on_skip: Optional[Callable[[Skipped], None]] = None, *,
                workers: int = 1, extractor: Optional[Extractor] = None, cache: Optional[ExtractionCache] = None,
                on_duplicate: Callable[[Duplicate], None] = lambda d: None,
                on_cached: Callable[[Document], None] = lambda d: None,
                time_budget: TimeBudget = TimeBudget()) -> KnowledgeGraph:
    """The graph of `documents`. With `on_skip`, a document whose parse or extraction fails is
    reported there and left out; without it, the error is raised.

    A document with the content of an earlier one is left out and reported to `on_duplicate`:
    its evidence counts once. With a `cache`, documents extracted before are read from it
    (and reported to `on_cached`) and the others are stored in it. Extraction runs on
    `extractor` (by default `local_extractor(workers, nlp, time_budget=time_budget)`); resolution
    runs over all."""
    extractor = extractor or local_extractor(workers, nlp, raise_errors=on_skip is None, time_budget=time_budget)
    extractions = _extractions(documents, extractor, cache, on_document, on_skip or (lambda s: None),
                               on_duplicate, on_cached)
    return resolve(extractions, min_confidence=min_confidence)


def _extractions(documents: list[Document], extractor: Extractor, cache: Optional[ExtractionCache],
                 on_document: Callable[[Document], None], on_skip: Callable[[Skipped], None],
                 on_duplicate: Callable[[Duplicate], None], on_cached: Callable[[Document], None]) -> Iterator[Extraction]:
    """Every distinct document's extraction, in the documents' order, from the cache or the extractor."""
    first: dict[str, Document] = {}
    plan: list[tuple[Document, str, Optional[Extraction]]] = []  # (document, key, cached extraction)
    for document in documents:
        key = content_key(document)
        if key in first:
            on_duplicate(Duplicate(file=_file_of(document), same_as=_file_of(first[key])))
            on_document(document)
            continue
        first[key] = document
        plan.append((document, key, cache.get(key, document) if cache else None))
    fresh = iter(extractor([document for document, _, cached in plan if cached is None]))
    for document, key, cached in plan:
        if cached is not None:
            on_cached(document)
            outcome: Outcome = cached
        else:
            outcome = next(fresh)
            if cache and isinstance(outcome, Extraction):
                cache.put(key, outcome)
        on_document(document)
        if isinstance(outcome, Skipped):
            on_skip(outcome)
        else:
            yield outcome


def write_outputs(kg: KnowledgeGraph, out_dir: Path) -> list[Path]:
    """Write graph.graphml and graph.json: both replace the old pair, or (on failure) neither does."""
    try:
        with replaced_together(out_dir, [GRAPHML, JSON]) as staging:
            write_graphml(to_networkx(kg), staging / GRAPHML)
            write_json(kg, staging / JSON)
    except OutputError as err:
        raise GraphFileError(f"could not write the graph to {out_dir} ({err.problem}); "
                             f"{GRAPHML} and {JSON} there are unchanged") from None
    return [out_dir / GRAPHML, out_dir / JSON]


def _file_of(document: Document) -> str:
    """The file, and which of its documents when it holds several (a listing of episodes)."""
    whole = document.id in (doc_id(document.source), doc_id(document.source, distinct=True))
    return document.source if whole else f"{document.source} ({document.id})"


def _reason(err: Exception) -> str:
    text = " ".join(str(err).split()) or "no message"
    text = f"{type(err).__name__}: {text}"
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"
