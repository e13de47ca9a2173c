"""`graphbuild neo4j start` as a user runs it: on ports of its own, with authentication on and a
password generated, kept 0600 and never on a command line; it says what to export and notes the
address where `load` and `report` find it; the user's own settings in neo4j.conf survive a
restart. Ports already taken and stale PID files are refused; a server lost mid-load is one line."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graphbuild.exporters import write_json
from graphbuild.stores import server
from graphbuild.models import EntityLabel, Entity, KnowledgeGraph
from graphbuild.stores.server import LocalNeo4j, merge_conf

ROOT = Path(__file__).resolve().parents[2]


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

    command_lines, starting = set(), threading.Event()
    starting.set()

    def watch_command_lines():  # every process's arguments while the server is set up and starts
        while starting.is_set():
            for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
                try:
                    command_lines.add(cmdline.read_bytes())
                except OSError:
                    pass

    watcher = threading.Thread(target=watch_command_lines)
    watcher.start()
    try:
        started = graphbuild("neo4j", "start", *ports)
    finally:
        starting.clear()
        watcher.join()
    try:
        uri = f"bolt://127.0.0.1:{bolt}"
        assert f"export NEO4J_URI={uri}" in started.stdout
        kept = runtime / "dev" / "credentials.json"
        assert kept.stat().st_mode & 0o777 == 0o600
        password = json.loads(kept.read_text())["password"]
        assert len(password) >= 20 and password not in started.stdout + started.stderr
        assert any(b"CommunityEntryPoint" in c for c in command_lines)  # the watcher saw the server start
        assert not [c for c in command_lines if password.encode() in c]
        with GraphDatabase.driver(uri) as anonymous, pytest.raises(AuthError):
            anonymous.verify_connectivity()  # authentication is on
        assert json.loads((runtime / "connection.json").read_text())["uri"] == uri
        assert "Neo4j running (pid " in (status := graphbuild("neo4j", "status").stdout) and uri in status  # its ports
        assert "nodes and" in graphbuild("load").stdout  # no NEO4J_URI, no --uri: the noted address
        assert json.loads(graphbuild("report", "most-connected", "--backend", "neo4j", "--format", "json").stdout)
        elsewhere = graphbuild("load", check=False, NEO4J_URI=f"bolt://127.0.0.1:{_free_port()}")
        assert elsewhere.returncode != 0 and "unreachable" in elsewhere.stderr  # the environment still wins

        graphbuild("neo4j", "stop")
        assert not (runtime / "connection.json").exists()
        nowhere = graphbuild("report", "most-connected", "--backend", "neo4j", check=False)  # not the default port
        assert nowhere.returncode == 1 and nowhere.stderr.startswith("Error: no Neo4j server is noted")
        assert len(nowhere.stderr.splitlines()) == 1
        conf = runtime / "dev" / "conf" / "neo4j.conf"
        conf.write_text(conf.read_text() + "# mine\ndb.transaction.timeout=17s\n")
        graphbuild("neo4j", "start")  # the ports it was given before
        assert "db.transaction.timeout=17s" in conf.read_text()
        with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:  # the same password; the user's setting
            value = driver.execute_query("SHOW SETTINGS YIELD name, value WHERE name = 'db.transaction.timeout' "
                                         "RETURN value").records[0]["value"]
        assert value == "17s"
    finally:
        graphbuild("neo4j", "stop", check=False)


def cli_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**{k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_PASSWORD")}, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", "from graphbuild.cli import main; main()", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600)


def test_a_password_that_starts_with_a_dash_is_a_password_not_an_option(tmp_path):
    password = "-" + "x" * 23  # one generated password in 64 starts so: neo4j-admin read it as an unknown option
    instance = LocalNeo4j(home=tmp_path / "dev", bolt_port=_free_port(), http_port=_free_port(), password=password)
    try:
        instance.start()
        with GraphDatabase.driver(instance.uri, auth=("neo4j", password)) as driver:
            driver.verify_connectivity()
    finally:
        instance.stop()


@pytest.mark.parametrize("taken", ["--http-port", "--bolt-port"])
def test_start_fails_naming_a_port_that_is_taken(tmp_path, taken):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        ports = {"--http-port": str(_free_port()), "--bolt-port": str(_free_port()), taken: str(port)}
        done = cli_in(tmp_path, "neo4j", "start", "--home", str(tmp_path / "dev"), *[x for kv in ports.items() for x in kv])
    name = "HTTP" if taken == "--http-port" else "Bolt"
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith(f"Error: {name} port {port} on 127.0.0.1 is taken")
    assert taken in done.stderr and "running" not in done.stdout
    assert not (tmp_path / "dev" / "run" / "graphbuild-neo4j.pid").exists()


def test_a_stale_pid_file_never_signals_the_process_it_names(tmp_path):
    unrelated = subprocess.Popen(["sleep", "300"])
    try:
        pid_file = tmp_path / "dev" / "run" / "graphbuild-neo4j.pid"
        pid_file.parent.mkdir(parents=True)
        pid_file.write_text(str(unrelated.pid))  # the server died; its PID went to another process
        assert cli_in(tmp_path, "neo4j", "status", "--home", str(tmp_path / "dev")).returncode == 1
        stopped = cli_in(tmp_path, "neo4j", "stop", "--home", str(tmp_path / "dev"))
        assert stopped.returncode == 0 and "Neo4j was not running" in stopped.stdout
        time.sleep(0.5)
        assert unrelated.poll() is None  # still running: never signalled
        assert not pid_file.exists()
    finally:
        unrelated.kill()
        unrelated.wait()


def test_stop_signals_only_the_server_of_its_own_home(tmp_path):
    other = tmp_path / "n2"  # a server whose home starts with this one's name, here a stand-in process
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", server.SERVER_CLASS,
                                f"--home-dir={other}", f"--config-dir={other / 'conf'}", "--console-mode"])
    try:
        for home in (other, tmp_path / "n"):  # n's server died, and its PID went to n2's
            (home / "run").mkdir(parents=True)
            (home / "run" / "graphbuild-neo4j.pid").write_text(str(running.pid))
        deadline = time.monotonic() + 30
        while LocalNeo4j(home=other).pid() != running.pid:  # n2's server, once the stand-in shows its arguments
            assert running.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        assert cli_in(tmp_path, "neo4j", "status", "--home", str(tmp_path / "n")).returncode == 1
        stopped = cli_in(tmp_path, "neo4j", "stop", "--home", str(tmp_path / "n"))
        assert stopped.returncode == 0 and "Neo4j was not running" in stopped.stdout
        time.sleep(0.5)
        assert running.poll() is None
    finally:
        running.kill()
        running.wait()


def test_docker_compose_listens_on_this_machine_and_needs_a_password():
    compose = (ROOT / "docker-compose.yml").read_text()
    ports = [line.strip() for line in compose.splitlines() if line.strip().startswith('- "') and line.count(":") >= 2]
    assert ports == ['- "${NEO4J_BIND:-127.0.0.1}:7474:7474"', '- "${NEO4J_BIND:-127.0.0.1}:7687:7687"']
    assert 'NEO4J_AUTH: "neo4j/${NEO4J_PASSWORD:?' in compose  # compose refuses an unset or empty password
    settings = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
                    if "=" in line and not line.startswith("#"))
    assert settings["NEO4J_PASSWORD"] == ""


def test_a_server_lost_mid_load_ends_in_the_unreachable_line(tmp_path):
    local = LocalNeo4j(home=tmp_path / "lost", bolt_port=_free_port(), http_port=_free_port(), password="lost-server-pw")
    local.start()
    try:
        people = [Entity(id=f"Person:p{i}", label=EntityLabel.PERSON, name=f"P{i}", aliases=[f"P{i}"], mention_count=1,
                         documents=["d"]) for i in range(200_000)]
        write_json(KnowledgeGraph(entities=people), tmp_path / "out" / "graph.json")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NEO4J_URI": local.uri, "NEO4J_PASSWORD": local.password}
        load = subprocess.Popen([sys.executable, "-c", "from graphbuild.cli import main; main()", "load", "--out",
                                 str(tmp_path / "out"), "--batch-size", "100"], cwd=tmp_path, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with GraphDatabase.driver(local.uri, auth=("neo4j", local.password)) as driver:
            while not driver.execute_query("MATCH (p:Person) RETURN count(p) > 0 AS some").records[0]["some"]:
                assert load.poll() is None, load.communicate()
                time.sleep(0.2)
        os.kill(local.pid(), signal.SIGKILL)  # lost partway: some batches are in, the rest cannot be
        out, err = load.communicate(timeout=300)
    finally:
        local.stop()
    assert load.returncode == 1, out + err
    assert err.strip().splitlines() == [f"Error: Neo4j is unreachable at {local.uri}: start it (docker compose up -d, "
                                        "or graphbuild neo4j start)"]
