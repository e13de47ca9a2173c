"""`graphbuild export --format neo4j-admin` then `graphbuild neo4j import`, as a user runs them,
into a fresh local server, gives the database that `graphbuild load` gives in another fresh
one: the same nodes, relationships and properties, the same schema, the same report rows.
The graph is the seeds', with three list items added that a CSV cannot hold as they are."""

import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time

import pytest
from neo4j import GraphDatabase

from graphbuild import reports
from graphbuild.exporters import write_json
from graphbuild.reports.neo4j import Neo4jReports
from graphbuild.stores import server
from graphbuild.stores.neo4j import Neo4jStore
from graphbuild.stores.server import LocalNeo4j, ServerError

pytestmark = pytest.mark.neo4j

NODES = "MATCH (n) WHERE NOT n:GraphbuildSchema RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
EDGES = "MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def snapshot(driver) -> tuple[dict, dict]:
    nodes = {r["id"]: (r["labels"], r["props"]) for r in driver.execute_query(NODES).records}
    edges = {(r["source"], r["type"], r["target"]): r["props"] for r in driver.execute_query(EDGES).records}
    return nodes, edges


def schema(driver) -> tuple[set, set]:
    constraints = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
    indexes = {(r["name"], r["state"]) for r in driver.execute_query("SHOW INDEXES YIELD name, state").records}
    return constraints, indexes


def report_rows(driver) -> dict:
    return {name: reports.run(name, {}, Neo4jReports(driver)).rows for name in reports.REPORTS}


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """A fresh local server, stopped, in a runtime folder of its own (with this checkout's jars)."""
    runtime = tmp_path_factory.mktemp("runtime")
    for jars in ("lib", "plugins"):
        (runtime / jars).symlink_to(server.RUNTIME / jars)
    local = LocalNeo4j(home=runtime / "bulk", bolt_port=_free_port(), http_port=_free_port(),
                       password=secrets.token_hex(8), runtime=runtime)
    yield local
    local.stop()


@pytest.fixture(scope="module")
def graphbuild(local, tmp_path_factory):
    cwd = tmp_path_factory.mktemp("user")
    env = {**{k: v for k, v in os.environ.items() if k != "NEO4J_URI"},
           "GRAPHBUILD_NEO4J_DIR": str(local.runtime), "NEO4J_PASSWORD": local.password}
    server_args = ["--home", str(local.home), "--bolt-port", str(local.bolt_port), "--http-port", str(local.http_port)]

    def run(*args, check=True, input=None):
        args = [*args, *server_args] if args[:2] == ("neo4j", "import") else args
        done = subprocess.run([sys.executable, "-c", "from graphbuild.cli import main; main()", *args],
                              cwd=cwd, env=env, capture_output=True, text=True, input=input)
        assert done.returncode == 0 or not check, done.stdout + done.stderr
        return done

    run.cwd = cwd
    return run


@pytest.fixture(scope="module")
def both(neo4j_driver, awkward_graph, graphbuild, local):
    """The seeds' graph, with a few lists CSV cannot hold, loaded into the session's server and
    imported into a fresh one: what each database then holds."""
    kg = awkward_graph
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    Neo4jStore(neo4j_driver).load(kg)
    loaded = {"graph": snapshot(neo4j_driver), "counts": Neo4jStore(neo4j_driver).counts(),
              "schema": schema(neo4j_driver), "reports": report_rows(neo4j_driver)}

    write_json(kg, graphbuild.cwd / "out" / "graph.json")
    graphbuild("export", "--format", "neo4j-admin", "--out", "bulk")
    done = graphbuild("neo4j", "import", "bulk")
    assert f"Neo4j running (pid {local.pid()}): {local.uri}" in done.stdout
    with GraphDatabase.driver(local.uri, auth=("neo4j", local.password)) as driver:
        imported = {"graph": snapshot(driver), "counts": Neo4jStore(driver).counts(),
                    "schema": schema(driver), "reports": report_rows(driver)}
    return kg, loaded, imported


def test_the_same_nodes_relationships_and_properties(both):
    kg, loaded, imported = both
    assert loaded["counts"]["Person"] and loaded["counts"]["WORKS_AT"]
    assert imported["counts"] == loaded["counts"]
    assert imported["graph"] == loaded["graph"]
    nodes, edges = imported["graph"]
    entity, relation = kg.entities[0], kg.relations[0]
    assert " padded name " in nodes[entity.id][1]["aliases"]
    assert "unit\x1fseparated" in edges[relation.source, relation.type.value, relation.target]["doc_ids"]


def test_the_same_constraints_and_indexes_all_online(both):
    _, loaded, imported = both
    assert imported["schema"] == loaded["schema"]
    assert all(state == "ONLINE" for _, state in imported["schema"][1])


@pytest.mark.parametrize("name", reports.REPORTS)
def test_every_report_gives_the_same_rows(both, name):
    _, loaded, imported = both
    assert loaded["reports"][name], f"report {name} found nothing to compare"
    assert imported["reports"][name] == loaded["reports"][name]


def test_a_running_server_is_refused_and_keeps_its_graph(both, graphbuild, local):
    _, _, imported = both
    refused = graphbuild("neo4j", "import", "bulk", check=False)
    assert refused.returncode == 1
    assert f"Neo4j is running (pid {local.pid()}" in refused.stderr and "graphbuild neo4j stop" in refused.stderr
    with GraphDatabase.driver(local.uri, auth=("neo4j", local.password)) as driver:
        assert Neo4jStore(driver).counts() == imported["counts"]


def store_files(local) -> dict:
    """Every file of the database's store and transaction logs, by content."""
    return {path.relative_to(local.home): hashlib.sha256(path.read_bytes()).hexdigest()
            for kind in ("databases", "transactions") for path in (local.home / "data" / kind / "neo4j").rglob("*")
            if path.is_file()}


def test_a_bad_import_leaves_the_database_whole_and_another_applications_data_is_asked_for(both, graphbuild, local):
    """Runs last: it replaces the module's database, and ends with one neo4j-admin broke by hand."""
    _, _, imported = both
    with GraphDatabase.driver(local.uri, auth=("neo4j", local.password)) as driver:
        driver.execute_query("CREATE (:Person:Employee {id: 'hr-1'})")  # another application's
    graphbuild("neo4j", "stop", "--home", str(local.home))  # the ports it was started on
    before = store_files(local)
    assert before

    shutil.copytree(graphbuild.cwd / "bulk", graphbuild.cwd / "bad")
    lines = (graphbuild.cwd / "bad" / "Person.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, '"Person:torn","Person","Torn, "line\n')
    (graphbuild.cwd / "bad" / "Person.csv").write_text("".join(lines), encoding="utf-8")
    refused = graphbuild("neo4j", "import", "bad", check=False)
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == ["Error: bad/Person.csv, line 3: not CSV as "
                                           "neo4j-admin reads it (',' expected after '\"'); nothing was imported"]
    assert store_files(local) == before

    shutil.copytree(graphbuild.cwd / "bulk", graphbuild.cwd / "odd")  # files neo4j-admin itself refuses
    with open(graphbuild.cwd / "odd" / "neo4j-admin.args", "a", encoding="utf-8") as args:
        args.write("--id-type=integer\n")
    failed = graphbuild("neo4j", "import", "odd", "--yes", check=False)
    assert failed.returncode == 1 and "neo4j-admin database import failed" in failed.stderr
    assert store_files(local) == before and not (local.home / "data" / "graphbuild-previous-neo4j").exists()

    declined = graphbuild("neo4j", "import", "bulk", check=False, input="n\n")
    assert declined.returncode == 1
    assert f"Database 'neo4j' of {local.home} holds 1 nodes graphbuild did not write: replace it" in declined.stdout
    assert local.pid() is None and local.has_store()  # started to count the nodes, then stopped; not replaced

    graphbuild("neo4j", "import", "bulk", "--yes")
    with GraphDatabase.driver(local.uri, auth=("neo4j", local.password)) as driver:
        assert Neo4jStore(driver).counts() == imported["counts"]  # hr-1 is gone, as the user agreed
    graphbuild("neo4j", "stop", "--home", str(local.home))

    # neo4j-admin run by hand on the bad files (the README's route without graphbuild) breaks the store
    with pytest.raises(ServerError, match="import failed"):
        local.import_files(graphbuild.cwd / "bad" / "neo4j-admin.args")
    assert "Neo4j running" in graphbuild("neo4j", "start", "--home", str(local.home)).stdout  # and its database?
    started = time.monotonic()
    unavailable = graphbuild("report", "most-connected", "--backend", "neo4j", check=False)
    assert time.monotonic() - started < 25  # no 30 s of retries
    assert unavailable.returncode == 1
    [line] = unavailable.stderr.strip().splitlines()
    assert line.startswith(f"Error: Neo4j at {local.uri} is running, but its database 'neo4j' is not available (")
