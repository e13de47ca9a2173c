"""The GraphML that `build` writes, imported by Neo4j's own `apoc.import.graphml`, gives the
graph that `graphbuild load` gives: the same labels, ids, list properties and counts."""

import shutil

import pytest

from graphbuild import reports
from graphbuild.errors import UnrankedGraphError
from graphbuild.exporters import write_graphml
from graphbuild.graph import to_networkx
from graphbuild.reports.neo4j import Neo4jReports

pytestmark = pytest.mark.neo4j

NODES = ("MATCH (n) WHERE NOT n:GraphbuildSchema "
         "RETURN n.id AS id, labels(n) AS labels, n.aliases AS aliases, n.documents AS documents, "
         "n.quotes AS quotes, n.mention_count AS mention_count, n.name AS name")
EDGES = ("MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, r.doc_ids AS doc_ids, "
         "r.quotes AS quotes, r.span_starts AS span_starts, r.speakers AS speakers, r.confidence AS confidence, "
         "r.role AS role, r.past AS past, r.lead AS lead")


def snapshot(driver):
    nodes = {r["id"]: dict(r) for r in driver.execute_query(NODES).records}
    edges = {(r["source"], r["type"], r["target"]): dict(r) for r in driver.execute_query(EDGES).records}
    return nodes, edges


def test_apoc_import_of_the_graphml_gives_what_load_gives(store, neo4j_driver, neo4j_server, seeds_graph, tmp_path):
    store.load(seeds_graph)
    loaded, loaded_counts = snapshot(neo4j_driver), store.counts()
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")

    path = tmp_path / "graph.graphml"
    write_graphml(to_networkx(seeds_graph), path)
    if neo4j_server["import_dir"]:  # the local server: a file in its import folder, as a user would
        shutil.copy(path, neo4j_server["import_dir"] / "graph.graphml")
        source = "graph.graphml"
    else:  # a server elsewhere: the same bytes, sent as the parameter
        source = path.read_bytes()
    neo4j_driver.execute_query("CALL apoc.import.graphml($source, {readLabels: true})", source=source)
    imported, imported_counts = snapshot(neo4j_driver), store.counts()

    assert imported_counts == loaded_counts
    assert imported == loaded
    anthropic = imported[0]["Organization:anthropic"]
    assert anthropic["labels"] == ["Organization"] and isinstance(anthropic["aliases"], list)
    works_at = [e for key, e in imported[1].items() if key[1] == "WORKS_AT"]
    assert works_at and all(isinstance(e["span_starts"], list) and isinstance(e["span_starts"][0], int)
                            for e in works_at)

    # the import sets no rankings: a report says so and how to load instead of lacking rows
    with pytest.raises(UnrankedGraphError, match=r"degree_invested_in.*graphbuild load"):
        reports.run("investors", {}, Neo4jReports(neo4j_driver))
    store.load(seeds_graph)  # the advice: a load over the imported graph ranks it
    assert reports.run("investors", {}, Neo4jReports(neo4j_driver)).rows
