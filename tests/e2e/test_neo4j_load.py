"""Loading into a real Neo4j server (started by the test session, or NEO4J_URI)."""

from collections import Counter

import pytest
from click.testing import CliRunner
from neo4j.exceptions import Neo4jError

from graphbuild.cli import cli
from graphbuild.stores.neo4j import LoadStats, StoreError, connect, merge_nodes_query
from graphbuild.models import EntityLabel

pytestmark = pytest.mark.neo4j


def expected_counts(kg):
    counts = Counter(e.label.value for e in kg.entities)
    counts.update({"Investment": len(kg.investments), "Document": len(kg.documents)})
    counts.update(r.type.value for r in kg.relations)
    return dict(counts)


def test_load_puts_every_node_and_relationship_in(store, seeds_graph):
    stats = store.load(seeds_graph)
    assert store.counts() == expected_counts(seeds_graph)
    assert stats.nodes_created == len(seeds_graph.entities) + len(seeds_graph.investments) + len(seeds_graph.documents)
    assert stats.batches > 10  # batch_size=50: many transactions, not one
    record = store.driver.execute_query(
        "MATCH (p:Person {id: 'Person:matan-grinberg'})-[r:WORKS_AT]->(o:Organization {id: 'Organization:factory'}) "
        "RETURN r.role AS role, r.quotes AS quotes, o.aliases AS aliases").records[0]
    assert record["role"] == "CEO" and record["quotes"] and "Factory" in record["aliases"]


def test_loading_twice_changes_nothing(store, seeds_graph):
    store.load(seeds_graph)
    first = store.counts()
    again = store.load(seeds_graph)
    assert store.counts() == first
    assert (again.nodes_created, again.relationships_created) == (0, 0)


def test_new_documents_merge_into_existing_nodes(store, build_text):
    monday = build_text({"monday.txt": "Dario Amodei, CEO of Anthropic, said Anthropic competes with OpenAI."})
    tuesday = build_text({"tuesday.txt": "Anthropic launched Claude. Mike Krieger joined Anthropic."})
    store.load(monday)
    store.load(tuesday)
    ids = {e.id for e in monday.entities} | {e.id for e in tuesday.entities}
    found = store.driver.execute_query(
        "MATCH (n) WHERE n:Person OR n:Organization OR n:Model OR n:Product RETURN n.id AS id").records
    assert sorted(r["id"] for r in found) == sorted(ids)
    anthropic = store.driver.execute_query(
        "MATCH (o:Organization {id: 'Organization:anthropic'}) RETURN o.documents AS docs, o.mention_count AS n").records[0]
    assert sorted(anthropic["docs"]) == ["monday", "tuesday"]
    assert anthropic["n"] == 2 + 2
    store.load(tuesday)  # the same documents again: no double counting
    assert store.driver.execute_query(
        "MATCH (o:Organization {id: 'Organization:anthropic'}) RETURN o.mention_count AS n").records[0]["n"] == 4


def test_a_failed_batch_writes_nothing(store):
    rows = [{"id": "Person:ok", "props": {"name": "Ok", "aliases": ["Ok"], "documents": ["d"], "mention_count": 1}},
            {"id": "Person:bad", "props": {"name": {"a map": "is no property value"}, "aliases": [], "documents": [],
                                           "mention_count": 1}}]
    with pytest.raises(Neo4jError):
        store.write(merge_nodes_query(EntityLabel.PERSON), rows, LoadStats())
    assert store.driver.execute_query("MATCH (n:Person) RETURN count(n) AS c").records[0]["c"] == 0


def test_incompatible_schema_version_is_refused(store, neo4j_driver):
    neo4j_driver.execute_query("CREATE (:GraphbuildSchema {id: 'graphbuild', version: 99})")
    with pytest.raises(StoreError, match="schema of version 99"):
        store.ensure_schema()


def test_connection_errors_say_what_is_wrong(neo4j_server):
    if neo4j_server["password"]:
        with pytest.raises(StoreError, match="refused the credentials of user 'neo4j'"):
            connect(neo4j_server["uri"], "neo4j", "wrong-password")
    with pytest.raises(StoreError, match="has no database 'nosuchdb'"):
        connect(neo4j_server["uri"], neo4j_server["user"], neo4j_server["password"], "nosuchdb")
    with pytest.raises(StoreError, match="unreachable at bolt://127.0.0.1:1"):
        connect("bolt://127.0.0.1:1", "neo4j", "x")


def test_load_command_reports_and_fails_clearly(neo4j_server, tmp_path, store):
    (tmp_path / "a.md").write_text("Kevin Weil joined OpenAI.")
    args = ["load", str(tmp_path / "a.md"), "--uri", neo4j_server["uri"], "--user", neo4j_server["user"]]
    if neo4j_server["password"]:
        args += ["--password", neo4j_server["password"]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "nodes and" in result.output
    bad = CliRunner().invoke(cli, ["load", str(tmp_path / "a.md"), "--uri", "bolt://127.0.0.1:1"])
    assert bad.exit_code != 0 and "unreachable" in bad.output


def login(neo4j_server) -> list[str]:
    args = ["--uri", neo4j_server["uri"], "--user", neo4j_server["user"]]
    return args + (["--password", neo4j_server["password"]] if neo4j_server["password"] else [])


def test_a_ten_thousand_character_name_loads_cut_where_indexed_and_whole_beside(store, build_text):
    from graphbuild.graph import INDEXED_CHARS

    name = "Zq" * 2500 + " " + "Ёж" * 2499  # one name of 10,000 characters, beyond the 8 kB an index holds
    kg = build_text({"long.txt": f"--- METADATA START ---\nShow: S\nEpisode: E\nHost: Harry Stebbings\nGuests: {name}\n"
                                 f"--- METADATA END ---\n1\nHarry Stebbings: Welcome, {name}.\n"})
    assert name in {e.name for e in kg.entities}
    store.load(kg)
    assert store.counts() == {k: v for k, v in expected_counts(kg).items() if v}
    person = store.driver.execute_query("MATCH (p:Person) WHERE p.uncut_name IS NOT NULL "
                                        "RETURN p.name AS name, p.uncut_name AS uncut, p.id AS id").records[0]
    assert (person["name"], person["uncut"]) == (name[:INDEXED_CHARS], name)
    assert len(person["id"]) <= len("Person:") + 200


def test_wipe_asks_removes_only_graphbuilds_nodes_and_says_how_many(neo4j_server, store, tmp_path):
    (tmp_path / "a.md").write_text("Kevin Weil joined OpenAI.")
    assert CliRunner().invoke(cli, ["load", str(tmp_path / "a.md"), *login(neo4j_server)]).exit_code == 0
    ours = store.own_nodes()
    assert ours == len(store.driver.execute_query("MATCH (n) RETURN n").records)
    # another application's nodes, one of them with a label graphbuild uses too
    store.driver.execute_query("MATCH (o:Organization {id: 'Organization:openai'}) "
                               "CREATE (:Customer {name: 'theirs'})-[:USES]->(o), (:Person:Employee {id: 'hr-1'})")
    refused = CliRunner().invoke(cli, ["load", str(tmp_path / "a.md"), "--wipe", *login(neo4j_server)], input="n\n")
    assert refused.exit_code == 1
    assert f"Delete {ours} nodes graphbuild wrote at {neo4j_server['uri']}?" in refused.output
    assert store.own_nodes() == ours
    wiped = CliRunner().invoke(cli, ["load", str(tmp_path / "a.md"), "--wipe", "--yes", *login(neo4j_server)])
    assert wiped.exit_code == 0, wiped.output
    assert f"removed {ours} nodes" in wiped.output
    theirs = store.driver.execute_query("MATCH (n) WHERE n:Customer OR n:Employee RETURN n").records
    assert [dict(r["n"]) for r in theirs] in ([{"name": "theirs"}, {"id": "hr-1"}], [{"id": "hr-1"}, {"name": "theirs"}])


def test_no_credential_is_ever_printed(neo4j_server, tmp_path, store):
    (tmp_path / "a.md").write_text("Kevin Weil joined OpenAI.")
    host = neo4j_server["uri"].split("//", 1)[1]
    for uri, said in (("bolt://neo4j:hunter2-secret@127.0.0.1:1", "unreachable at bolt://127.0.0.1:1"),
                      (f"bolt://neo4j:hunter2-secret@{host}", "refused the credentials of user 'neo4j'"),
                      ("bolt://neo4j:hunter2-secret@[::1", "is not a valid URI"),
                      ("bolt://neo4j:Top@hunter2@127.0.0.1:1", "unreachable at bolt://127.0.0.1:1"),  # '@' unescaped
                      ("bolt://neo4j:Top/hunter2@127.0.0.1:1", "unreachable at bolt://127.0.0.1:1"),  # '/' unescaped
                      ("neo4j:Top@hunter2@127.0.0.1:1", "NEO4J_URI …@127.0.0.1:1: no scheme"),
                      ("http://neo4j:hunter2@127.0.0.1:1", "NEO4J_URI http://127.0.0.1:1: Neo4j speaks no http://")):
        for command in (["load", str(tmp_path / "a.md")], ["report", "most-connected", "--backend", "neo4j"]):
            result = CliRunner().invoke(cli, [*command, "--uri", uri])
            assert result.exit_code == 1 and said in result.output, result.output
            assert "hunter2" not in result.output and "Traceback" not in result.output
    if neo4j_server["password"]:  # credentials written into the URI are used, and not shown either
        uri = f"bolt://{neo4j_server['user']}:{neo4j_server['password']}@{host}"
        result = CliRunner().invoke(cli, ["load", str(tmp_path / "a.md"), "--uri", uri])
        assert result.exit_code == 0 and neo4j_server["password"] not in result.output, result.output
