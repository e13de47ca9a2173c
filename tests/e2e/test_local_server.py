"""`graphbuild neo4j start` as a user runs it: on ports of its own, it says what to export and
notes the address where `load` and `report` find it; the user's own settings in neo4j.conf
survive a restart."""

import json
import os
import socket
import subprocess
import sys

import pytest
from neo4j import GraphDatabase

from graphbuild.exporters import write_json
from graphbuild.stores import server
from graphbuild.stores.server import merge_conf


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

pytestmark = pytest.mark.neo4j


def test_merge_conf_keeps_the_users_lines_and_sets_ours():
    text = "# mine\ndb.transaction.timeout=17s\nserver.bolt.listen_address=127.0.0.1:1\n"
    merged = merge_conf(text, {"server.bolt.listen_address": "127.0.0.1:7999", "dbms.usage_report.enabled": "false"})
    assert merged == ("# mine\ndb.transaction.timeout=17s\nserver.bolt.listen_address=127.0.0.1:7999\n"
                      "dbms.usage_report.enabled=false\n")
    assert merge_conf(merged, {"server.bolt.listen_address": "127.0.0.1:7999"}) == merged


def test_start_notes_the_address_for_load_and_report_and_keeps_user_settings(tmp_path, seeds_graph):
    runtime = tmp_path / "neo4j"
    runtime.mkdir()
    for jars in ("lib", "plugins"):  # the jars assembled for this checkout, not fetched again
        (runtime / jars).symlink_to(server.RUNTIME / jars)
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_PASSWORD")}
    env["GRAPHBUILD_NEO4J_DIR"] = str(runtime)
    write_json(seeds_graph, tmp_path / "out" / "graph.json")
    bolt, http = _free_port(), _free_port()
    ports = ["--bolt-port", str(bolt), "--http-port", str(http)]

    def graphbuild(*args, check=True, **extra_env):
        done = subprocess.run([sys.executable, "-c", "from graphbuild.cli import main; main()", *args], cwd=tmp_path, env={**env, **extra_env},
                              capture_output=True, text=True)
        assert done.returncode == 0 or not check, done.stdout + done.stderr
        return done

    started = graphbuild("neo4j", "start", *ports)
    try:
        uri = f"bolt://127.0.0.1:{bolt}"
        assert f"export NEO4J_URI={uri}" in started.stdout
        assert json.loads((runtime / "connection.json").read_text())["uri"] == uri
        assert "nodes and" in graphbuild("load").stdout  # no NEO4J_URI, no --uri: the noted address
        assert json.loads(graphbuild("report", "most-connected", "--backend", "neo4j", "--format", "json").stdout)
        elsewhere = graphbuild("load", check=False, NEO4J_URI=f"bolt://127.0.0.1:{_free_port()}")
        assert elsewhere.returncode != 0 and "unreachable" in elsewhere.stderr  # the environment still wins

        graphbuild("neo4j", "stop")
        assert not (runtime / "connection.json").exists()
        conf = runtime / "dev" / "conf" / "neo4j.conf"
        conf.write_text(conf.read_text() + "# mine\ndb.transaction.timeout=17s\n")
        graphbuild("neo4j", "start", *ports)
        assert "db.transaction.timeout=17s" in conf.read_text()
        with GraphDatabase.driver(uri) as driver:  # the server runs with the user's setting
            value = driver.execute_query("SHOW SETTINGS YIELD name, value WHERE name = 'db.transaction.timeout' "
                                         "RETURN value").records[0]["value"]
        assert value == "17s"
    finally:
        graphbuild("neo4j", "stop", check=False)
