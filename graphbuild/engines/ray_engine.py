"""Extraction on a Ray cluster (`graphbuild build --engine ray`): the files are Ray Data items,
each batch of them read and extracted by an actor that loads the spaCy pipeline once; the
extractions come back to the driver, which resolves them into one graph, as the local engine does.

The workers read the files themselves, so every path must be readable on every node (a local
cluster, or a shared filesystem). Without an address, `ray.init` joins the cluster that
RAY_ADDRESS names, else starts a local one.

Example:
    graphbuild build seeds --out out --engine ray --address ray://head:10001
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Optional

from ..build import Skipped, read_file
from ..cache import rebind
from ..errors import GraphbuildError
from ..extract.budget import TimeBudget
from ..extract.nlp import load_nlp
from ..extract.pipeline import extract
from ..models import Extraction, KnowledgeGraph
from ..readers import distinct_ids, find_files, path_text
from ..resolve import resolve

BATCH_SIZE = 4  # files per batch: small, so that the actors share a corpus of a few dozen files evenly
READ = -1  # the position of a file's read skip: before its documents


class RayMissingError(GraphbuildError):
    pass


class Extractor:
    """A Ray Data actor: the pipeline is loaded once, then each batch of files is read and extracted."""

    def __init__(self, time_budget: TimeBudget) -> None:
        self.nlp = load_nlp()
        self.time_budget = time_budget

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        out: dict[str, list] = {"file": [], "position": [], "extraction": [], "skipped": []}

        def add(file: int, position: int, extraction: str = "", skipped: str = "") -> None:
            for key, value in zip(out, (file, position, extraction, skipped)):
                out[key].append(value)

        documents, places = [], []  # (file, position in it) of each document
        for file, path, root in zip(batch["file"], batch["path"], batch["root"]):
            found = read_file(Path(path), Path(root), lambda s: add(int(file), READ, skipped=s.model_dump_json()))
            places += [(int(file), i) for i in range(len(found))]
            documents += found
        documents = distinct_ids(documents)
        place = {d.id: where for d, where in zip(documents, places)}  # document id -> (file, position in it)
        for extraction in extract(documents, self.nlp, on_error=lambda d, stage, err: add(
                *place[d.id], skipped=Skipped.of(d, stage, err).model_dump_json()), time_budget=self.time_budget):
            add(*place[extraction.document.id], extraction=extraction.model_dump_json())
        return out


def build_graph(paths: list[Path], address: Optional[str] = None, min_confidence: float = 0.0,
                on_skip: Callable[[Skipped], None] = lambda s: None,
                time_budget: TimeBudget = TimeBudget()) -> tuple[int, KnowledgeGraph]:
    """The graph of the files under `paths`, extracted on Ray; and the number of documents read.
    Skips are reported in the order the local engine reports them: reading first, then the rest."""
    files = list(find_files(paths))
    rows = sorted(run_extraction(files, address, time_budget), key=lambda r: (r["file"], r["position"]))
    for stage_is_read in (True, False):
        for row in rows:
            if row["skipped"] and (row["position"] == READ) is stage_is_read:
                skip = Skipped.model_validate_json(row["skipped"])
                if stage_is_read:  # the workers read absolute paths; name the file as the user did
                    skip.file = path_text(files[row["file"]][0])
                on_skip(skip)
    extractions = [Extraction.model_validate_json(r["extraction"]) for r in rows if r["extraction"]]
    documents = distinct_ids([e.document for e in extractions])  # each batch's ids are its own: now the build's
    extractions = [rebind(e, d) for e, d in zip(extractions, documents)]
    return sum(r["position"] != READ for r in rows), resolve(extractions, min_confidence=min_confidence)


def run_extraction(files: list[tuple[Path, Path]], address: Optional[str],
                   time_budget: TimeBudget = TimeBudget()) -> list[dict[str, Any]]:
    """Rows of (file index, position, extraction or skip as JSON) for the (file, root) pairs."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise RayMissingError("--engine ray needs Ray: pip install 'graphbuild[ray]'") from None
    if not ray.is_initialized():
        ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # its plan and timing lines are no build output
    items = [{"file": i, "path": str(file.absolute()), "root": str(root.absolute())}
             for i, (file, root) in enumerate(files)]
    if not items:
        return []
    actors = max(1, min(int(ray.cluster_resources().get("CPU", 1)), -(-len(items) // BATCH_SIZE)))
    dataset = ray.data.from_items(items).map_batches(Extractor, compute=ray.data.ActorPoolStrategy(size=actors),
                                                     batch_size=BATCH_SIZE, num_cpus=1,
                                                     fn_constructor_kwargs={"time_budget": time_budget})
    return dataset.take_all()
