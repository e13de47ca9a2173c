"""Loader throughput on a synthetic graph (200k nodes, 600k relationships by default): rows
per second of the batched loader and, on the same server in the same run, of a loader that
sends one row per transaction (on a sample); then the median latency of each canned report.
Not a test: it prints figures. Uses NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD) when set,
else starts a local server of its own in a temporary folder.

    python benchmarks/neo4j_load.py [--nodes 200000] [--relationships 600000] [--sample 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from graphbuild import reports
from graphbuild.models import EntityLabel, RelationType
from graphbuild.stores.neo4j import LoadStats, Neo4jStore, connect, merge_nodes_query, merge_relationships_query
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


def node_rows(label: EntityLabel, count: int, prefix: str) -> list[dict]:
    """Rows shaped as the loader makes them from a KnowledgeGraph, for each kind of node."""
    def props(i: int) -> dict:
        name = f"{label.value} {prefix}{i}"
        if label is EntityLabel.DOCUMENT:
            return {"name": name, "doc_id": f"{prefix}{i}", "source": f"{prefix}{i}.txt", "layout": "article"}
        if label is EntityLabel.INVESTMENT:
            return {"name": name, "amount_usd": 1e6 * (1 + i % 50), "round": "seed", "documents": [f"doc-{i % 5000}"],
                    "quotes": [f"{name} was raised."], "confidence": 0.7}
        return {"name": name, "aliases": [name], "documents": [f"doc-{i % 5000}"], "mention_count": 1 + i % 7,
                "in_knowledge_base": False}
    return [{"id": f"{label.value}:{prefix}{i}", "props": props(i)} for i in range(count)]


def relationship_rows(source: list[dict], target: list[dict], count: int, rng: random.Random) -> list[dict]:
    rows = []
    for i in range(count):
        a, b = rng.choice(source)["id"], rng.choice(target)["id"]
        rows.append({"source": a, "target": b, "props": {
            "confidence": 0.7, "role": "engineer", "doc_ids": [f"doc-{i % 5000}"],
            "quotes": [f"{a} and {b} in one synthetic sentence."], "span_starts": [i], "span_ends": [i + 40],
            "speakers": [""], "timestamps": [""]}})
    return rows


def synthetic(nodes: int, relationships: int, prefix: str, seed: int = 7):
    rng = random.Random(seed)
    by_label = {label: node_rows(label, int(nodes * share), prefix) for label, share in SHARES.items()}
    rels = [(rel, src, dst, relationship_rows(by_label[src], by_label[dst], int(relationships * share), rng))
            for rel, src, dst, share in RELATIONS]
    return by_label, rels


def load(store: Neo4jStore, by_label, rels) -> LoadStats:
    stats = LoadStats()
    started = time.perf_counter()
    for label, rows in by_label.items():
        store.write(merge_nodes_query(label), rows, stats)
    for rel, src, dst, rows in rels:
        store.write(merge_relationships_query(rel, src, dst), rows, stats)
    stats.seconds = time.perf_counter() - started
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=200_000)
    parser.add_argument("--relationships", type=int, default=600_000)
    parser.add_argument("--sample", type=int, default=2_000, help="rows for the one-row-per-transaction loader")
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5, help="runs of each report for its median")
    args = parser.parse_args()

    server = None
    if os.environ.get("NEO4J_URI"):
        uri, user, password = os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD")
    else:
        server = LocalNeo4j(home=Path(tempfile.mkdtemp(prefix="graphbuild-bench-")), bolt_port=17787, http_port=17574,
                            heap="2g", page_cache="1g")
        server.start()
        uri, user, password = server.uri, "neo4j", server.password
    driver = connect(uri, user, password)
    try:
        driver.execute_query("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
        batched = Neo4jStore(driver, batch_size=args.batch_size)
        batched.ensure_schema()
        by_label, rels = synthetic(args.nodes, args.relationships, "n")
        big = load(batched, by_label, rels)
        share = args.sample / (args.nodes + args.relationships)
        sample_nodes, sample_rels = synthetic(int(args.nodes * share), int(args.relationships * share), "s", seed=11)
        single = load(Neo4jStore(driver, batch_size=1), sample_nodes, sample_rels)
        print(f"graph: {sum(map(len, by_label.values()))} nodes, {sum(len(r[3]) for r in rels)} relationships")
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


if __name__ == "__main__":
    main()
