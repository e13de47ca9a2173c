"""Extraction on a Ray cluster (`graphbuild build --engine ray`): an `Extractor` (build.py)
whose documents are Ray Data items, extracted in batches by actors that load the spaCy pipeline
once. Everything else is the build's one flow, as for the local engine: the driver reads the
files, counts a copy once, takes what the extraction cache holds and stores what comes back,
and resolves. So a warm rebuild sends only the new documents to the cluster, and the workers
need no access to the files.

Without an address, `ray.init` joins the cluster that RAY_ADDRESS names, else starts a local one.

Example:
    graphbuild build seeds --out out --engine ray --address ray://head:10001
"""

from __future__ import annotations

import logging
from typing import Any, Optional

from ..build import Extractor, Outcome, Skipped, extract_documents
from ..errors import GraphbuildError
from ..extract.budget import TimeBudget
from ..extract.nlp import load_nlp
from ..models import Document, Extraction

BATCH_SIZE = 4  # documents per batch: small, so that the actors share a few dozen documents evenly


class RayMissingError(GraphbuildError):
    pass


class _ExtractBatch:
    """A Ray Data actor: the pipeline is loaded once, then each batch of documents is extracted."""

    def __init__(self, time_budget: TimeBudget) -> None:
        self.nlp = load_nlp()
        self.time_budget = time_budget

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        documents = [Document.model_validate_json(d) for d in batch["document"]]
        outcomes = list(extract_documents(documents, self.nlp, time_budget=self.time_budget))
        return {"index": list(batch["index"]), "skipped": [isinstance(o, Skipped) for o in outcomes],
                "outcome": [o.model_dump_json() for o in outcomes]}


def ray_extractor(address: Optional[str] = None, time_budget: TimeBudget = TimeBudget()) -> Extractor:
    """The Ray engine: one Outcome per document, in the documents' order. Without Ray installed
    it says so at once, before any file is read."""
    try:
        import ray
    except ImportError:
        raise RayMissingError("--engine ray needs Ray: pip install 'graphbuild[ray]'") from None

    def run(documents: list[Document]) -> list[Outcome]:
        if not documents:
            return []
        rows = sorted(_run_on_ray(ray, documents, address, time_budget), key=lambda row: row["index"])
        return [(Skipped if row["skipped"] else Extraction).model_validate_json(row["outcome"]) for row in rows]
    return run


def _run_on_ray(ray, documents: list[Document], address: Optional[str], time_budget: TimeBudget) -> list[dict[str, Any]]:
    import ray.data

    if not ray.is_initialized():
        ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # its plan and timing lines are no build output
    items = [{"index": i, "document": d.model_dump_json()} for i, d in enumerate(documents)]
    actors = max(1, min(int(ray.cluster_resources().get("CPU", 1)), -(-len(items) // BATCH_SIZE)))
    dataset = ray.data.from_items(items).map_batches(_ExtractBatch, compute=ray.data.ActorPoolStrategy(size=actors),
                                                     batch_size=BATCH_SIZE, num_cpus=1,
                                                     fn_constructor_kwargs={"time_budget": time_budget})
    return dataset.take_all()
