"""The graph as JSON: the KnowledgeGraph model itself, so it reads back without loss
(schema/graph.schema.json is generated from the same model)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..errors import GraphFileError, ReadError
from ..files import atomic_path, read_bytes
from ..models import KnowledgeGraph

MAX_GRAPH_BYTES = 16 * 1024 * 1024 * 1024  # a bound, not a size seen: /dev/zero and its kind are refused before


def write_json(kg: KnowledgeGraph, path: Path) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(kg.model_dump_json(indent=1, exclude_none=True), encoding="utf-8")


def read_json(path: Path) -> KnowledgeGraph:
    if not path.exists():
        raise GraphFileError(f"{path}: no such graph file; run 'graphbuild build' first")
    try:
        return KnowledgeGraph.model_validate_json(read_bytes(path, MAX_GRAPH_BYTES, "a graph"))
    except ReadError as err:
        raise GraphFileError(str(err)) from None
    except (ValidationError, ValueError) as err:
        raise GraphFileError(f"{path}: not a graphbuild graph.json ({str(err).splitlines()[0]})") from None
