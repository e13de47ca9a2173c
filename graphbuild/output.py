"""The one printer of report rows: table, csv, json or markdown, on screen or into a file
whose extension says the format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Optional

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import GraphbuildError
from .files import atomic_path

FORMATS = ("table", "csv", "json", "markdown")
MAX_WORD = 60  # a table column is at least as wide as its longest word (an id) up to this
LIST_SEPARATOR = "; "
SUFFIXES = {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown", ".txt": "table"}


def format_of(path: Path) -> str:
    """The format a file's extension asks for (.csv, .json, .md, .txt)."""
    if path.suffix.lower() not in SUFFIXES:
        known = ", ".join(SUFFIXES)
        raise GraphbuildError(f"cannot tell the format of {path} from its extension (known: {known}); add --format")
    return SUFFIXES[path.suffix.lower()]


def chosen_format(fmt: Optional[str], path: Optional[Path]) -> str:
    """The format asked for: --format, else the output file's extension, else a table. A
    --format that the file's extension contradicts is refused (JSON in a .csv misleads)."""
    implied = format_of(path) if path and (fmt is None or path.suffix.lower() in SUFFIXES) else None
    if fmt and implied and fmt != implied:
        raise GraphbuildError(f"--format {fmt} conflicts with the extension of {path} ({implied}); "
                              "drop one, or give the file the format's extension")
    return fmt or implied or "table"


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
    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    table = Table(show_lines=False)
    for i, column in enumerate(columns):  # an id ('-p document=' needs it whole) is never cut or folded
        longest_word = max((len(word) for line in cells for word in line[i].split()), default=0)
        table.add_column(column, min_width=min(longest_word, MAX_WORD), overflow="fold")
    for line in cells:
        table.add_row(*(Text(value) for value in line))  # Text: '[bold]' in a name is no markup
    console = Console(record=True, width=200)
    with console.capture() as captured:
        console.print(table)
    return captured.get().rstrip("\n")
