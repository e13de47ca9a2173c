"""The reports on Neo4j read the rankings that `graphbuild load` keeps on the nodes
(graphbuild/rankings.py). A graph without them is one clear error that names what is missing
and how to mend it, never rows silently missing; another application's nodes, which a load
leaves unranked, are no such graph."""

import pytest
from click.testing import CliRunner

from graphbuild import reports
from graphbuild.cli import cli
from graphbuild.errors import UnrankedGraphError
from graphbuild.graph import to_networkx
from graphbuild.reports.neo4j import Neo4jReports
from graphbuild.reports.offline import Offline

pytestmark = pytest.mark.neo4j


def login(neo4j_server) -> list[str]:
    args = ["--uri", neo4j_server["uri"], "--user", neo4j_server["user"]]
    return args + (["--password", neo4j_server["password"]] if neo4j_server["password"] else [])


def test_a_graph_without_a_ranking_is_an_error_naming_it_and_the_load_that_sets_it(store, neo4j_driver,
                                                                                   neo4j_server, seeds_graph):
    store.load(seeds_graph)
    neo4j_driver.execute_query("MATCH (n) REMOVE n.degree_invested_in")
    with pytest.raises(UnrankedGraphError) as raised:
        reports.run("investors", {}, Neo4jReports(neo4j_driver))
    assert "Person.degree_invested_in, Organization.degree_invested_in" in str(raised.value)
    assert "graphbuild load --graph out/graph.json" in str(raised.value)
    assert "Person.degree," not in str(raised.value)  # the rankings still there are not named

    on_the_command_line = CliRunner().invoke(cli, ["report", "investors", "--backend", "neo4j", *login(neo4j_server)])
    assert on_the_command_line.exit_code == 1
    assert on_the_command_line.output.startswith("Error: the graph in Neo4j lacks rankings")

    store.load(seeds_graph)  # what the error advises
    offline = reports.run("investors", {}, Offline(to_networkx(seeds_graph))).rows
    assert offline and reports.run("investors", {}, Neo4jReports(neo4j_driver)).rows == offline


def test_another_applications_nodes_of_our_labels_leave_the_reports_as_they_are(store, neo4j_driver, seeds_graph):
    # written first, so that a scan of either label meets them before graphbuild's nodes
    neo4j_driver.execute_query("CREATE (:Person {name: 'theirs'}), (:Organization {name: 'theirs too'})")
    store.load(seeds_graph)
    offline = Offline(to_networkx(seeds_graph))
    for name in ("investors", "most-connected", "people"):
        assert reports.run(name, {}, Neo4jReports(neo4j_driver)).rows == reports.run(name, {}, offline).rows, name


def test_a_label_only_another_application_uses_needs_no_ranking(store, neo4j_driver, build_text):
    kg = build_text({"a.md": "Kevin Weil joined OpenAI."})  # no Model in it
    neo4j_driver.execute_query("CREATE (:Model {name: 'theirs'})")
    store.load(kg)
    assert reports.run("people", {}, Neo4jReports(neo4j_driver)).rows == \
        reports.run("people", {}, Offline(to_networkx(kg))).rows != []
