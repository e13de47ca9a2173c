"""Bulk import into the local server, for graphs too big to load in transactions:
neo4j-admin writes the database from the files that `graphbuild export --format neo4j-admin`
wrote while the server is stopped; then the server starts, the schema is created as `load`
creates it (schema/constraints.cypher), and the few rows the CSVs cannot hold
(remainder.json) are loaded as `load` loads them."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Callable, Iterator, Optional

from ..exporters import read_json
from ..exporters.neo4j_admin import ARGS, REMAINDER
from ..models import NODES, Strict
from .neo4j import LoadStats, Neo4jStore, StoreError, connect
from .server import USER, LocalNeo4j

LABELS = {spec.label.value for spec in NODES}
INDEX_WAIT = 600  # seconds for the name and full-text indexes to be filled before the import is done


class ImportStats(Strict):
    counts: dict[str, int]  # nodes per label and relationships per type, as the server counts them
    remainder: LoadStats
    seconds: dict[str, float]  # neo4j-admin, server start, schema and remainder

    @property
    def nodes(self) -> int:
        return sum(count for key, count in self.counts.items() if key in LABELS)

    @property
    def relationships(self) -> int:
        return sum(count for key, count in self.counts.items() if key not in LABELS)


def bulk_import(local: LocalNeo4j, folder: Path, ask: Optional[Callable[[str], None]] = None,
                database: str = "neo4j") -> ImportStats:
    """Replace the local server's database with the exported graph in `folder`; the server is
    left running. The files are checked first; the old database is kept until the new one is
    online, and put back if the import fails. With `ask`, a database holding nodes graphbuild
    did not write is replaced only if `ask(question)` returns (it raises to refuse). Refuses,
    changing nothing, when the server runs."""
    if not (folder / ARGS).is_file():
        raise StoreError(f"{folder}: no {ARGS} here; write the files with "
                         f"`graphbuild export --format neo4j-admin --out {folder}`")
    check_files(folder)
    remainder = read_json(folder / REMAINDER)
    local.require_stopped()
    local.prepare()  # a new instance gets its password before its data folder holds anything
    if ask and local.has_store(database):
        others = _what_else_it_holds(local, database)
        if others:
            ask(f"Database '{database}' of {local.home} holds {others}: replace it with the import?")
    seconds = {}
    started = time.perf_counter()
    with local.replacing(database):
        local.import_files(folder / ARGS, database)
        seconds["neo4j-admin"] = time.perf_counter() - started
        local.start()
        local.await_online(database)
        seconds["start"] = time.perf_counter() - started - sum(seconds.values())
    driver = connect(local.uri, USER, local.password, database)
    try:
        store = Neo4jStore(driver, database)
        stats = store.load(remainder)  # the schema first, then the remainder's rows
        driver.execute_query("CALL db.awaitIndexes($seconds)", seconds=INDEX_WAIT, database_=database)
        seconds["schema and remainder"] = time.perf_counter() - started - sum(seconds.values())
        counts = store.counts()
    finally:
        driver.close()
    return ImportStats(counts=counts, remainder=stats, seconds={k: round(v, 3) for k, v in seconds.items()})


def _what_else_it_holds(local: LocalNeo4j, database: str) -> str:
    """What of the database's nodes graphbuild did not write, said in words ('' if none); the
    server is started to count them, then stopped."""
    local.start()
    try:
        driver = connect(local.uri, USER, local.password, database)
        try:
            count = Neo4jStore(driver, database).foreign_nodes()
        finally:
            driver.close()
        return f"{count} nodes graphbuild did not write" if count else ""
    except StoreError as err:
        return f"a store that could not be read ({err})"
    finally:
        local.stop()


def check_files(folder: Path) -> None:
    """Read every file of the import as neo4j-admin reads it, and fail on the first fault,
    naming its file and line: neo4j-admin, given a bad line, leaves a store that never starts."""
    options = [line.partition("=")[::2] for line in (folder / ARGS).read_text(encoding="utf-8").splitlines()]
    settings = dict(options)
    array_delimiter = chr(int(settings.get("--array-delimiter", "U+003B")[2:], 16))
    multiline = set(settings.get("--multiline-fields", "").split(","))
    ids: set[str] = set()
    for header, *data in (files.split(",") for option, files in options if option in ("--nodes", "--relationships")):
        columns = next(iter(_Rows(folder / header, multiline=False)), [])
        for name in data:
            rows = _Rows(folder / name, name in multiline)
            for row in rows:
                problem = _problem(row, columns, ids, array_delimiter)
                if problem:
                    raise StoreError(f"{folder / name}, line {rows.line}: {problem}; nothing was imported")


class _Rows:
    """The rows of a CSV file, with the line each ends on; a fault is a StoreError naming both."""

    def __init__(self, path: Path, multiline: bool):
        self.path, self.multiline, self.line = path, multiline, 0

    def __iter__(self) -> Iterator[list[str]]:
        try:
            with open(self.path, encoding="utf-8", newline="") as f:
                reader = csv.reader(f, strict=True)
                for row in reader:
                    self.line = reader.line_num
                    if not self.multiline and any("\n" in field or "\r" in field for field in row):
                        raise StoreError(f"{self.path}, line {self.line}: a line break inside a field, in a file "
                                         "not listed in --multiline-fields; nothing was imported")
                    yield row
        except (csv.Error, UnicodeDecodeError) as err:
            raise StoreError(f"{self.path}, line {self.line + 1}: not CSV as neo4j-admin reads it ({err}); "
                             "nothing was imported") from None
        except OSError as err:
            raise StoreError(f"{self.path}: {err.strerror or err}; nothing was imported") from None


CHECKS: dict[str, Callable[[str], object]] = {
    "long": int, "int": int, "short": int, "byte": int, "double": float, "float": float,
    "boolean": lambda v: {"true": True, "false": False}[v.strip().lower()],
}


def _problem(row: list[str], columns: list[str], ids: set[str], array_delimiter: str) -> str:
    """What neo4j-admin would refuse in one data row ('' if nothing)."""
    if len(row) != len(columns):
        return f"{len(row)} fields where the header has {len(columns)}"
    for column, value in zip(columns, row):
        kind = column.rsplit(":", 1)[-1] if ":" in column else "string"
        if kind == "ID":
            if value in ids:
                return f"the id {value!r} appears twice"
            ids.add(value)
        elif kind in ("START_ID", "END_ID") and value not in ids:
            return f"a relationship to {value!r}, which no node file holds"
        elif value and kind.rstrip("[]").lower() in CHECKS:
            items = value.split(array_delimiter) if kind.endswith("[]") else [value]
            try:
                for item in items:
                    CHECKS[kind.rstrip("[]").lower()](item)
            except (ValueError, KeyError):
                return f"{value[:50]!r} in column {column} is not a {kind}"
    return ""
