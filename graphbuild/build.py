"""The main job: files in, KnowledgeGraph out, written as GraphML and JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from spacy.language import Language

from .errors import ReadError
from .exporters import write_graphml, write_json
from .extract.nlp import load_nlp
from .extract.pipeline import extract
from .graph import to_networkx
from .models import Document, KnowledgeGraph
from .readers import find_files, read_path
from .resolve import resolve

GRAPHML, JSON = "graph.graphml", "graph.json"


def read_documents(paths: list[Path], warn: Callable[[str], None]) -> list[Document]:
    """Every document under `paths`; a file that cannot be read is reported and skipped."""
    documents = []
    for file, root in find_files(paths):
        try:
            documents.extend(read_path(file, root))
        except (ReadError, OSError) as err:
            warn(str(err) if isinstance(err, ReadError) else f"{file}: {err.strerror or err}")
    return documents


def build_graph(documents: list[Document], nlp: Optional[Language] = None, min_confidence: float = 0.0,
                on_document: Callable[[Document], None] = lambda d: None) -> KnowledgeGraph:
    nlp = nlp or load_nlp()

    def tracked():
        for extraction in extract(documents, nlp):
            on_document(extraction.document)
            yield extraction

    return resolve(tracked(), min_confidence=min_confidence)


def write_outputs(kg: KnowledgeGraph, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    write_graphml(to_networkx(kg), out_dir / GRAPHML)
    write_json(kg, out_dir / JSON)
    return [out_dir / GRAPHML, out_dir / JSON]
