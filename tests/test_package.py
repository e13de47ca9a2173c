"""The package as a user installs it: a wheel, built here and installed into a fresh venv
outside the repository, runs the reports and loads with the constraints it ships.

The venv gets graphbuild from the wheel alone; its dependencies (spaCy, neo4j, ...) come from
the test venv's site-packages through a .pth path line, which adds that folder but not its
own .pth files, so the editable install of the repository stays out."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphbuild import reports
from graphbuild.cli import cli
from graphbuild.exporters import write_json
from graphbuild.stores.neo4j import schema_statements

pytestmark = pytest.mark.package

ROOT = Path(__file__).resolve().parent.parent
NOT_SHIPPED = shutil.ignore_patterns(".git", ".neo4j", ".venv", "training", "tests", "seeds", "out", "build", "docs",
                                     "benchmarks", "*.egg-info", "__pycache__", ".pytest_cache")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source, dist = tmp_path_factory.mktemp("source") / "graphbuild", tmp_path_factory.mktemp("dist")
    shutil.copytree(ROOT, source, ignore=NOT_SHIPPED)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(dist), str(source)], check=True)
    return next(dist.glob("graphbuild-*.whl"))


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
    python = home / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "graphbuild_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return home


@pytest.fixture
def run(venv, tmp_path):
    """Run a command of the venv from a folder outside the repository, as a user would."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NEO4J_URI", "VIRTUAL_ENV")}
    env["GRAPHBUILD_NEO4J_DIR"] = str(tmp_path / "neo4j")

    def run(*args: str) -> str:
        done = subprocess.run([str(venv / "bin" / args[0]), *args[1:]], cwd=tmp_path, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


def test_the_wheel_ships_the_reports_the_schema_and_the_knowledge_base(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in [*ROOT.glob("cypher/*.cypher"), *ROOT.glob("schema/*")]:
        assert f"graphbuild/_data/{path.parent.name}/{path.name}" in names
    assert "graphbuild/_data/neo4j-runtime/pom.xml" in names
    for path in (ROOT / "graphbuild" / "knowledge").iterdir():
        if path.is_file() and path.suffix != ".pyc":
            assert f"graphbuild/knowledge/{path.name}" in names


def test_the_installed_package_runs_from_its_own_files(run, venv):
    where = run("python", "-c", "import graphbuild, graphbuild.stores.neo4j as s, graphbuild.reports as r; "
                                "print(graphbuild.__file__); print(s.SCHEMA_FILE); print(r.CYPHER_DIR)")
    assert all(line.startswith(str(venv)) for line in where.splitlines()), where
    statements = run("python", "-c", "import json; from graphbuild.stores.neo4j import schema_statements; "
                                     "print(json.dumps(schema_statements()))")
    assert json.loads(statements) == schema_statements() and len(schema_statements()) > 5
    cyphers = run("python", "-c", "import json; from graphbuild.reports import REPORTS; "
                                  "print(json.dumps({n: r.cypher() for n, r in REPORTS.items()}))")
    assert json.loads(cyphers) == {name: report.cypher() for name, report in reports.REPORTS.items()}


def test_the_installed_command_lists_and_runs_reports_offline(run, seeds_graph, tmp_path):
    assert run("graphbuild", "report", "--list") == CliRunner().invoke(cli, ["report", "--list"]).output
    write_json(seeds_graph, tmp_path / "out" / "graph.json")
    for name in ("people", "most-connected"):
        expected = CliRunner().invoke(cli, ["report", name, "--graph", str(tmp_path / "out" / "graph.json"),
                                            "--format", "json"], catch_exceptions=False).output
        assert run("graphbuild", "report", name, "--format", "json") == expected  # out/graph.json of the cwd
        assert json.loads(expected)


@pytest.mark.neo4j
def test_the_installed_command_loads_with_the_constraints_it_ships(run, neo4j_server, neo4j_driver, seeds_graph,
                                                                   tmp_path):
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    for constraint in neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name").records:
        neo4j_driver.execute_query(f"DROP CONSTRAINT `{constraint['name']}`")
    write_json(seeds_graph, tmp_path / "out" / "graph.json")
    login = ["--uri", neo4j_server["uri"], "--user", neo4j_server["user"]]
    login += ["--password", neo4j_server["password"]] if neo4j_server["password"] else []
    assert "nodes and" in run("graphbuild", "load", *login)
    names = {r["name"] for r in neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
    assert len(names) >= 5
    rows = json.loads(run("graphbuild", "report", "most-connected", "--backend", "neo4j", "--format", "json", *login))
    assert rows


@pytest.mark.neo4j
def test_the_installed_command_builds_loads_and_runs_every_report_on_both_backends(run, neo4j_server, neo4j_driver,
                                                                                   seeds_dir, tmp_path):
    shutil.copytree(seeds_dir, tmp_path / "texts")
    assert "wrote out/graph.json" in run("graphbuild", "build", "texts", "--out", "out")
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    login = ["--uri", neo4j_server["uri"], "--user", neo4j_server["user"]]
    login += ["--password", neo4j_server["password"]] if neo4j_server["password"] else []
    assert "nodes and" in run("graphbuild", "load", "--out", "out", *login)
    for name in reports.REPORTS:
        offline = json.loads(run("graphbuild", "report", name, "--format", "json"))
        online = json.loads(run("graphbuild", "report", name, "--backend", "neo4j", "--format", "json", *login))
        assert offline == online and offline, name
    run("graphbuild", "report", "funding-rounds", "--output", "rounds.csv")
    assert (tmp_path / "rounds.csv").read_text(encoding="utf-8").startswith("company,round,amount,")
