"""The canned reports offline, and the report command's formats."""

import json

import pytest
from click.testing import CliRunner

from graphbuild import reports
from graphbuild.cli import cli
from graphbuild.exporters import write_json
from graphbuild.graph import to_networkx


@pytest.fixture(scope="module")
def graph(seeds_graph):
    return to_networkx(seeds_graph)


@pytest.fixture(scope="module")
def graph_file(seeds_graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("out") / "graph.json"
    write_json(seeds_graph, path)
    return path


def run(graph, name, **given):
    report = reports.get(name)
    return reports.run_offline(report, graph, reports.parse_params(report, [f"{k}={v}" for k, v in given.items()])).rows


def test_every_report_has_a_cypher_file_with_a_header():
    for report in reports.REPORTS.values():
        text = report.cypher_path.read_text()
        assert text.startswith(f"// {report.name}:"), report.name
        for param in report.params:
            assert f"${param}" in text, (report.name, param)


def test_people_lists_roles_at_an_organization(graph):
    rows = run(graph, "people", organization="Factory")
    assert {(r["person"], r["role"]) for r in rows} >= {("Matan Grinberg", "CEO"), ("Eno", "co-founder")}


def test_investors_show_amounts_rounds_and_stakes(graph):
    [sequoia] = run(graph, "investors", investor="Sequoia")
    assert (sequoia["company"], sequoia["amount_usd"], sequoia["round"], sequoia["stake"]) == ("Factory", 1e6, "seed", "20%")


def test_path_shows_the_evidence_of_each_step(graph):
    rows = run(graph, "path", **{"from": "Discord", "to": "Kleiner Perkins"})
    assert [r["step"] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["source"] == "Discord" and rows[-1]["target"] == "Kleiner Perkins"
    assert all(r["quote"] for r in rows)


def test_defaults_pick_the_most_connected_entity(graph):
    top = run(graph, "most-connected", limit=1)[0]["entity"]
    assert {r["entity"] for r in run(graph, "profile")} == {top}
    assert {r["entity"] for r in run(graph, "mentions")} == {top}


def test_unknown_parameters_are_refused():
    with pytest.raises(reports.ReportError, match="takes no parameter 'colour'"):
        reports.parse_params(reports.get("people"), ["colour=blue"])
    with pytest.raises(reports.ReportError, match="must be an integer"):
        reports.parse_params(reports.get("most-connected"), ["limit=ten"])


def test_report_list_names_one_report_per_line():
    result = CliRunner().invoke(cli, ["report", "--list"])
    assert [line.split("\t")[0] for line in result.output.splitlines()] == list(reports.REPORTS)


@pytest.mark.parametrize("name", list(reports.REPORTS))
def test_every_report_runs_with_no_parameters_as_json(graph_file, name):
    result = CliRunner().invoke(cli, ["report", name, "--graph", str(graph_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows)


def test_csv_and_markdown(graph_file):
    csv_out = CliRunner().invoke(cli, ["report", "most-connected", "-p", "limit=2", "--graph", str(graph_file),
                                       "--format", "csv"]).output.splitlines()
    assert csv_out[0] == "entity,label,degree,documents" and len(csv_out) == 3
    md = CliRunner().invoke(cli, ["report", "most-connected", "-p", "limit=2", "--graph", str(graph_file),
                                  "--format", "markdown"]).output.splitlines()
    assert md[0] == "| entity | label | degree | documents |" and md[1] == "|---|---|---|---|"


# ------------------------------------------------ parameters checked alike on both backends

BAD_PARAMS = [
    ("most-connected", "limit=-1", "parameter 'limit' of report 'most-connected' must be an integer from 1 to 9223372036854775807, not -1"),
    ("most-connected", "limit=0", "parameter 'limit' of report 'most-connected' must be an integer from 1 to 9223372036854775807, not 0"),
    ("most-connected", f"limit={2**63}", f"parameter 'limit' of report 'most-connected' must be an integer from 1 to 9223372036854775807, not {2**63}"),
    ("co-investors", "min_shared=0", "parameter 'min_shared' of report 'co-investors' must be an integer from 1 to 9223372036854775807, not 0"),
    ("most-connected", "limit=ten", "parameter 'limit' of report 'most-connected' must be an integer"),
]


@pytest.fixture(scope="module")
def small_graph_file(tmp_path_factory, seeds_graph):
    from graphbuild.exporters import write_json

    path = tmp_path_factory.mktemp("graph") / "graph.json"
    write_json(seeds_graph, path)
    return path


@pytest.mark.parametrize("name, param, message", BAD_PARAMS)
def test_out_of_range_parameters_are_one_clear_error_offline(small_graph_file, name, param, message):
    from click.testing import CliRunner

    from graphbuild.cli import cli

    result = CliRunner().invoke(cli, ["report", name, "-p", param, "--graph", str(small_graph_file)])
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"


@pytest.mark.neo4j
@pytest.mark.parametrize("name, param, message", BAD_PARAMS)
def test_out_of_range_parameters_are_the_same_error_on_neo4j(neo4j_server, name, param, message):
    from click.testing import CliRunner

    from graphbuild.cli import cli

    args = ["report", name, "-p", param, "--backend", "neo4j", "--uri", neo4j_server["uri"], "--user", neo4j_server["user"]]
    if neo4j_server["password"]:
        args += ["--password", neo4j_server["password"]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"


def test_the_library_runners_check_parameters_too(seeds_graph):
    from graphbuild.graph import to_networkx

    with pytest.raises(reports.ReportError, match="must be an integer from 1"):
        reports.run_offline(reports.get("most-connected"), to_networkx(seeds_graph), {"limit": -1})
