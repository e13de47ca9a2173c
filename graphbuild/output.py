"""The one printer of report rows: table, csv, json or markdown, on screen or into a file
whose extension says the format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import GraphbuildError
from .files import atomic_path

FORMATS = ("table", "csv", "json", "markdown")
LIST_SEPARATOR = "; "
SUFFIXES = {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown", ".txt": "table"}


def format_of(path: Path) -> str:
    """The format a file's extension asks for (.csv, .json, .md, .txt)."""
    if path.suffix.lower() not in SUFFIXES:
        known = ", ".join(SUFFIXES)
        raise GraphbuildError(f"cannot tell the format of {path} from its extension (known: {known}); add --format")
    return SUFFIXES[path.suffix.lower()]


def write(path: Path, text: str) -> None:
    """Replace `path` with `text` whole (a failed write leaves the old file)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")


def cell(value: Any) -> str:
    """A value as the text of one cell: a list as its items joined by '; ' (as spreadsheets
    write several values in one cell), never as JSON."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render(columns: list[str], rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell(r.get(c)) for c in columns] for r in rows)
        return out.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(cell(r.get(c)).replace("|", "\\|").replace("\n", " ") for c in columns) + " |"
                  for r in rows]
        return "\n".join(lines)
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(Text(cell(row.get(c))) for c in columns))  # Text: '[bold]' in a name is no markup
    console = Console(record=True, width=200)
    with console.capture() as captured:
        console.print(table)
    return captured.get().rstrip("\n")
