"""The one printer of report rows: table, csv, json or markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

FORMATS = ("table", "csv", "json", "markdown")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
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
