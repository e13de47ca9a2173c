"""The graph as JSON: the KnowledgeGraph model itself, so it reads back without loss
(schema/graph.schema.json is generated from the same model)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..errors import GraphFileError
from ..files import atomic_path
from ..models import KnowledgeGraph


def write_json(kg: KnowledgeGraph, path: Path) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(kg.model_dump_json(indent=1, exclude_none=True), encoding="utf-8")


def read_json(path: Path) -> KnowledgeGraph:
    try:
        return KnowledgeGraph.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such graph file; run 'graphbuild build' first") from None
    except (ValidationError, ValueError) as err:
        raise GraphFileError(f"{path}: not a graphbuild graph.json ({str(err).splitlines()[0]})") from None
