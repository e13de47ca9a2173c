"""The graph schema kept in schema/: JSON Schema generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from .models import KnowledgeGraph
from .resources import source_checkout

SCHEMA_DIR = (source_checkout() or Path.cwd()) / "schema"  # the repository's, which the wheel copies


def json_schema() -> str:
    return json.dumps(KnowledgeGraph.model_json_schema(), indent=2, sort_keys=True) + "\n"


def write_json_schema(folder: Path = SCHEMA_DIR) -> Path:
    path = folder / "graph.schema.json"
    path.write_text(json_schema(), encoding="utf-8")
    return path
