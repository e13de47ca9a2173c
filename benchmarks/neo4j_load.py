"""Reports and loading on a synthetic graph (200k nodes, 600k relationships by default): the
bulk path into a fresh local server (`export --format neo4j-admin` and `neo4j import`:
neo4j-admin, server start, schema and rankings), then the median latency of each canned report
with its default parameters on that server and offline on the same graph, against the targets.
With --batched, first the batched loader and, on the same server, a loader that sends one row
per transaction (on a sample), compared with the bulk path (NEO4J_URI, NEO4J_USER and
NEO4J_PASSWORD name that server when set, else it is a local one in a temporary folder).
Not a test: it prints figures.

    python benchmarks/neo4j_load.py [--nodes 200000] [--relationships 600000] [--runs 5] [--batched]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from graphbuild import reports
from graphbuild.exporters import write_neo4j_admin
from graphbuild.graph import to_networkx
from graphbuild.models import (DocumentNode, Entity, EntityLabel, Investment, KnowledgeGraph, Provenance, Relation,
                               RelationType)
from graphbuild.reports.neo4j import Neo4jReports
from graphbuild.reports.offline import Offline
from graphbuild.stores.bulk import bulk_import
from graphbuild.stores.neo4j import LoadStats, Neo4jStore, connect
from graphbuild.stores.server import LocalNeo4j

NEO4J_TARGET, SLOW_TARGET, OFFLINE_TARGET = 0.1, 0.3, 1.0  # seconds, the median of a report with its defaults
SHARES = {EntityLabel.PERSON: 0.5, EntityLabel.ORGANIZATION: 0.3, EntityLabel.MODEL: 0.05, EntityLabel.PRODUCT: 0.05,
          EntityLabel.INVESTMENT: 0.05, EntityLabel.DOCUMENT: 0.05}
RELATIONS = [(RelationType.WORKS_AT, EntityLabel.PERSON, EntityLabel.ORGANIZATION, 0.3),
             (RelationType.COMPETES_WITH, EntityLabel.ORGANIZATION, EntityLabel.ORGANIZATION, 0.1),
             (RelationType.FOUNDED, EntityLabel.PERSON, EntityLabel.ORGANIZATION, 0.05),
             (RelationType.DEVELOPED, EntityLabel.ORGANIZATION, EntityLabel.MODEL, 0.05),
             (RelationType.ACQUIRED, EntityLabel.ORGANIZATION, EntityLabel.ORGANIZATION, 0.05),
             (RelationType.INVESTED_IN, EntityLabel.ORGANIZATION, EntityLabel.INVESTMENT, 0.1),
             (RelationType.FUNDS, EntityLabel.INVESTMENT, EntityLabel.ORGANIZATION, 0.05),
             (RelationType.MENTIONED_IN, EntityLabel.ORGANIZATION, EntityLabel.DOCUMENT, 0.3)]


def node(label: EntityLabel, i: int, prefix: str):
    """One node of each kind, with the properties a built graph gives it."""
    node_id, name, doc = f"{label.value}:{prefix}{i}", f"{label.value} {prefix}{i}", f"doc-{i % 5000}"
    if label is EntityLabel.DOCUMENT:
        return DocumentNode(id=node_id, name=name, doc_id=f"{prefix}{i}", source=f"{prefix}{i}.txt", layout="article")
    if label is EntityLabel.INVESTMENT:
        return Investment(id=node_id, name=name, amount_usd=1e6 * (1 + i % 50), round="seed", documents=[doc],
                          quotes=[f"{name} was raised."], confidence=0.7)
    return Entity(id=node_id, label=label, name=name, aliases=[name], documents=[doc], mention_count=1 + i % 7)


def relation(rel: RelationType, source: str, target: str, i: int) -> Relation:
    quote = f"{source} and {target} in one synthetic sentence."
    return Relation(type=rel, source=source, target=target, confidence=0.7,
                    role="engineer" if rel is RelationType.WORKS_AT else None,
                    evidence=[Provenance(doc_id=f"doc-{i % 5000}", start=i, end=i + 40, quote=quote)])


def synthetic(nodes: int, relationships: int, prefix: str, seed: int = 7) -> KnowledgeGraph:
    rng = random.Random(seed)
    ids = {label: [f"{label.value}:{prefix}{i}" for i in range(int(nodes * share))] for label, share in SHARES.items()}
    relations = {}
    for rel, src, dst, share in RELATIONS:
        for i in range(int(relationships * share)):
            made = relation(rel, rng.choice(ids[src]), rng.choice(ids[dst]), i)
            relations.setdefault(made.key, made)  # one edge per pair and type, as a built graph has
    kg = KnowledgeGraph(relations=list(relations.values()))
    for label, share in SHARES.items():
        made = [node(label, i, prefix) for i in range(int(nodes * share))]
        {EntityLabel.INVESTMENT: kg.investments, EntityLabel.DOCUMENT: kg.documents}.get(label, kg.entities).extend(made)
    return kg


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_server(name: str) -> LocalNeo4j:
    return LocalNeo4j(home=Path(tempfile.mkdtemp(prefix=f"graphbuild-bench-{name}-")), bolt_port=_free_port(),
                      http_port=_free_port(), heap="2g", page_cache="1g")


def bulk(kg: KnowledgeGraph) -> tuple[LocalNeo4j, float, dict[str, float], dict[str, int]]:
    """Export and import into a fresh local server, left running: the server, seconds in all,
    per step, and the counts."""
    server = local_server("bulk")
    started = time.perf_counter()
    write_neo4j_admin(kg, server.home / "bulk-files")
    exported = time.perf_counter() - started
    stats = bulk_import(server, server.home / "bulk-files")
    return server, time.perf_counter() - started, {"export": exported, **stats.seconds}, stats.counts


def latency(run: Callable[[], list], runs: int) -> tuple[float, int]:
    """The median seconds of `runs` runs, and the rows of the last."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(rows)


def report_latencies(kg: KnowledgeGraph, driver, runs: int) -> None:
    """Each report with its default parameters on Neo4j and offline, against the targets. The
    offline backend indexes its graph once (as the load did on Neo4j); that time is printed apart."""
    graph = to_networkx(kg)
    started = time.perf_counter()
    backend = Offline(graph)
    print(f"offline index (once per graph; a ranking is counted at the first report that reads it): "
          f"{time.perf_counter() - started:.1f} s")
    print(f"report latency (median of {runs} runs, default parameters; targets: Neo4j {NEO4J_TARGET * 1000:.0f} ms, "
          f"most-connected and path {SLOW_TARGET * 1000:.0f} ms; offline {OFFLINE_TARGET * 1000:.0f} ms):")
    print(f"  {'report':16s} {'Neo4j':>9s} {'offline':>9s}  rows")
    for name in reports.REPORTS:
        online, rows = latency(lambda: reports.run(name, {}, Neo4jReports(driver)).rows, runs)
        offline, offline_rows = latency(lambda: reports.run(name, {}, backend).rows, runs)
        target = SLOW_TARGET if name in ("most-connected", "path") else NEO4J_TARGET
        missed = [b for b, t, limit in (("Neo4j", online, target), ("offline", offline, OFFLINE_TARGET)) if t > limit]
        print(f"  {name:16s} {online * 1000:7.1f} ms {offline * 1000:7.1f} ms  {rows}"
              + (f" (offline {offline_rows})" if offline_rows != rows else "")
              + (f"  over target: {', '.join(missed)}" if missed else ""))


def batched_loads(kg: KnowledgeGraph, args) -> tuple[LoadStats, dict[str, int]]:
    """The batched loader on the graph and, on the same server, one row per transaction on a sample."""
    share = args.sample / (args.nodes + args.relationships)
    sample = synthetic(int(args.nodes * share), int(args.relationships * share), "s", seed=11)
    server = None
    if os.environ.get("NEO4J_URI"):
        uri, user, password = os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD")
    else:
        server = local_server("batched")
        server.start()
        uri, user, password = server.uri, "neo4j", server.password
    driver = connect(uri, user, password)
    try:
        driver.execute_query("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
        big = Neo4jStore(driver, batch_size=args.batch_size).load(kg)
        counts = Neo4jStore(driver).counts()
        driver.execute_query("MATCH (n) WHERE n.id STARTS WITH 's' OR n.id CONTAINS ':s' DETACH DELETE n")
        single = Neo4jStore(driver, batch_size=1).load(sample)
    finally:
        driver.close()
        if server:
            server.stop()
    print(f"batched loader (batch {args.batch_size}) : {big.rows / big.seconds:10.0f} rows/s "
          f"({big.rows} rows in {big.seconds:.1f} s, {big.batches} transactions)")
    print(f"one row per transaction      : {single.rows / single.seconds:10.0f} rows/s "
          f"({single.rows} rows in {single.seconds:.1f} s)")
    print(f"speed-up                     : {(big.rows / big.seconds) / (single.rows / single.seconds):10.1f}x (target >= 20x)")
    return big, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=200_000)
    parser.add_argument("--relationships", type=int, default=600_000)
    parser.add_argument("--batched", action="store_true",
                        help="also load through the batched loader (and one row per transaction) and compare")
    parser.add_argument("--sample", type=int, default=2_000, help="rows for the one-row-per-transaction loader")
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5, help="runs of each report for its median")
    args = parser.parse_args()

    kg = synthetic(args.nodes, args.relationships, "n")
    print(f"graph: {len(kg.entities) + len(kg.investments) + len(kg.documents)} nodes, {len(kg.relations)} relationships")
    batched = batched_loads(kg, args) if args.batched else None
    server, seconds, steps, counts = bulk(kg)
    try:
        print(f"bulk import (export + neo4j import): {seconds:.1f} s: "
              + ", ".join(f"{step} {t:.1f} s" for step, t in steps.items()))
        if batched:
            big, batched_counts = batched
            if counts != batched_counts:
                raise SystemExit(f"the bulk import holds {counts}, the batched load {batched_counts}")
            print(f"bulk vs batched, end to end  : {big.seconds / seconds:10.1f}x (target >= 10x); the same counts")
            print(f"neo4j-admin alone vs batched : {big.seconds / steps['neo4j-admin']:10.1f}x")
        driver = connect(server.uri, "neo4j", server.password)
        try:
            report_latencies(kg, driver, args.runs)
        finally:
            driver.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
