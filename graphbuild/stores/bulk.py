"""Bulk import into the local server, for graphs too big to load in transactions:
neo4j-admin writes the database from the files that `graphbuild export --format neo4j-admin`
wrote while the server is stopped; then the server starts, the schema is created as `load`
creates it (schema/constraints.cypher), and the few rows the CSVs cannot hold
(remainder.json) are loaded as `load` loads them."""

from __future__ import annotations

import time
from pathlib import Path

from ..exporters import read_json
from ..exporters.neo4j_admin import ARGS, REMAINDER
from ..models import NODES, Strict
from .neo4j import LoadStats, Neo4jStore, StoreError, connect
from .server import LocalNeo4j

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


def bulk_import(local: LocalNeo4j, folder: Path, user: str = "neo4j") -> ImportStats:
    """Replace the local server's database with the exported graph in `folder`; the server is
    left running. Refuses, changing nothing, when the server runs."""
    if not (folder / ARGS).is_file():
        raise StoreError(f"{folder}: no {ARGS} here; write the files with "
                         f"`graphbuild export --format neo4j-admin --out {folder}`")
    remainder = read_json(folder / REMAINDER)
    seconds = {}
    started = time.perf_counter()
    local.import_files(folder / ARGS)
    seconds["neo4j-admin"] = time.perf_counter() - started
    local.start()
    seconds["start"] = time.perf_counter() - started - sum(seconds.values())
    driver = connect(local.uri, user, local.password)
    try:
        store = Neo4jStore(driver)
        stats = store.load(remainder)  # the schema first, then the remainder's rows
        driver.execute_query("CALL db.awaitIndexes($seconds)", seconds=INDEX_WAIT)
        seconds["schema and remainder"] = time.perf_counter() - started - sum(seconds.values())
        counts = store.counts()
    finally:
        driver.close()
    return ImportStats(counts=counts, remainder=stats, seconds={k: round(v, 3) for k, v in seconds.items()})
