"""Loader throughput on a synthetic graph (200k nodes, 600k relationships by default): rows
per second of the batched loader and, on the same server in the same run, of a loader that
sends one row per transaction (on a sample); then the median latency of each canned report;
then the bulk path on the same graph, into a fresh local server: `export --format neo4j-admin`
and `neo4j import` (neo4j-admin, server start, schema), against the batched loader.
Not a test: it prints figures. Uses NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD) for the
batched loader when set, else starts a local server of its own in a temporary folder.

    python benchmarks/neo4j_load.py [--nodes 200000] [--relationships 600000] [--sample 2000]
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

from graphbuild import reports
from graphbuild.exporters import write_neo4j_admin
from graphbuild.models import (DocumentNode, Entity, EntityLabel, Investment, KnowledgeGraph, Provenance, Relation,
                               RelationType)
from graphbuild.stores.bulk import bulk_import
from graphbuild.stores.neo4j import LoadStats, Neo4jStore, connect
from graphbuild.stores.server import LocalNeo4j

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


def bulk(kg: KnowledgeGraph) -> tuple[float, dict[str, float], dict[str, int]]:
    """Export and import into a fresh local server: seconds in all, per step, and the counts."""
    server = local_server("bulk")
    try:
        started = time.perf_counter()
        write_neo4j_admin(kg, server.home / "bulk-files")
        exported = time.perf_counter() - started
        stats = bulk_import(server, server.home / "bulk-files")
        return time.perf_counter() - started, {"export": exported, **stats.seconds}, stats.counts
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=200_000)
    parser.add_argument("--relationships", type=int, default=600_000)
    parser.add_argument("--sample", type=int, default=2_000, help="rows for the one-row-per-transaction loader")
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5, help="runs of each report for its median")
    args = parser.parse_args()

    kg = synthetic(args.nodes, args.relationships, "n")
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
        batched_counts = Neo4jStore(driver).counts()
        driver.execute_query("MATCH (n) WHERE n.id STARTS WITH 's' OR n.id CONTAINS ':s' DETACH DELETE n")
        single = Neo4jStore(driver, batch_size=1).load(sample)
        print(f"graph: {len(kg.entities) + len(kg.investments) + len(kg.documents)} nodes, "
              f"{len(kg.relations)} relationships")
        print(f"batched loader (batch {args.batch_size}) : {big.rows / big.seconds:10.0f} rows/s "
              f"({big.rows} rows in {big.seconds:.1f} s, {big.batches} transactions)")
        print(f"one row per transaction      : {single.rows / single.seconds:10.0f} rows/s "
              f"({single.rows} rows in {single.seconds:.1f} s)")
        print(f"speed-up                     : {(big.rows / big.seconds) / (single.rows / single.seconds):10.1f}x (target >= 20x)")
        print("report latency (median of %d runs, default parameters):" % args.runs)
        for report in reports.REPORTS.values():
            params = reports.parse_params(report, [])
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                rows = reports.run_neo4j(report, driver, params).rows
                times.append(time.perf_counter() - started)
            print(f"  {report.name:16s} {statistics.median(times) * 1000:9.1f} ms  ({len(rows)} rows)")
    finally:
        driver.close()
        if server:
            server.stop()

    seconds, steps, counts = bulk(kg)
    if counts != batched_counts:
        raise SystemExit(f"the bulk import holds {counts}, the batched load {batched_counts}")
    admin = steps["neo4j-admin"]
    print(f"bulk import (export + neo4j import): {big.rows / seconds:10.0f} rows/s ({seconds:.1f} s: "
          + ", ".join(f"{step} {t:.1f} s" for step, t in steps.items()) + "); the same counts as the batched load")
    print(f"bulk vs batched, end to end  : {big.seconds / seconds:10.1f}x (target >= 10x)")
    print(f"neo4j-admin alone vs batched : {big.seconds / admin:10.1f}x")


if __name__ == "__main__":
    main()
