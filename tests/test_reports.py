"""The canned reports offline, and the report command's formats."""

import json

import pytest
from click.testing import CliRunner

from graphbuild import reports
from graphbuild.cli import cli
from graphbuild.exporters import write_json
from graphbuild.graph import to_networkx
from graphbuild.reports.offline import Offline


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
    return reports.run(name, reports.parse_params(report, [f"{k}={v}" for k, v in given.items()]), Offline(graph)).rows


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
    with pytest.raises(reports.ReportError, match="must be an integer from 1"):
        reports.run("most-connected", {"limit": -1}, Offline(to_networkx(seeds_graph)))


# ------------------------------------------------ funding rounds, timeline, filters, output

def small_graph():
    """Two funding rounds (one with a lead named last in the alphabet, one with no investor), a
    WORKS_AT told in two dated documents, and the mentions of two documents."""
    from graphbuild.models import DocumentNode, Entity, Investment, KnowledgeGraph, Provenance, Relation

    def told(doc, quote):
        return Provenance(doc_id=doc, start=0, end=len(quote), quote=quote)

    def org(name, docs=("news",)):
        return Entity(id=f"Organization:{name.lower()}", label="Organization", name=name, aliases=[name],
                      mention_count=1, documents=list(docs))

    raise_a = "Plinth raised a $20M Series A at a $200M valuation, led by Zeta Ventures, with Alpha Partners."
    seed = "Plinth had raised a $2M seed round in 2021."
    joined = "Ada Byrne joined Plinth as CTO."
    return KnowledgeGraph(
        entities=[org("Plinth", ("news", "blog")), org("Zeta Ventures"), org("Alpha Partners"),
                  Entity(id="Person:ada-byrne", label="Person", name="Ada Byrne", aliases=[], mention_count=2,
                         documents=["news", "blog"])],
        investments=[Investment(id="Investment:plinth-series-a", name="Plinth Series A $20M", documents=["news"],
                                quotes=[raise_a], confidence=0.7, round="Series A", amount_usd=2e7, amount_text="$20M",
                                valuation_usd=2e8, valuation_text="$200M"),
                     Investment(id="Investment:plinth-seed", name="Plinth seed $2M", documents=["blog"], quotes=[seed],
                                confidence=0.55, round="seed", amount_usd=2e6, amount_text="$2M", date="2021")],
        documents=[DocumentNode(id="Document:news", name="Plinth's Series A", doc_id="news", source="news.md",
                                layout="article", date="2024-03-05", show="Seed Notes"),
                   DocumentNode(id="Document:blog", name="A blog", doc_id="blog", source="blog.md", layout="article",
                                date="2023-11-20")],
        relations=[
            Relation(type="FUNDS", source="Investment:plinth-series-a", target="Organization:plinth", confidence=0.7,
                     evidence=[told("news", raise_a)]),
            Relation(type="FUNDS", source="Investment:plinth-seed", target="Organization:plinth", confidence=0.55,
                     evidence=[told("blog", seed)]),
            Relation(type="INVESTED_IN", source="Organization:alpha partners", target="Investment:plinth-series-a",
                     confidence=0.7, evidence=[told("news", raise_a)]),
            Relation(type="INVESTED_IN", source="Organization:zeta ventures", target="Investment:plinth-series-a",
                     lead=True, confidence=0.7, evidence=[told("news", raise_a)]),
            Relation(type="WORKS_AT", source="Person:ada-byrne", target="Organization:plinth", role="CTO",
                     confidence=0.9, evidence=[told("news", joined), told("blog", joined)]),
            Relation(type="MENTIONED_IN", source="Organization:plinth", target="Document:news", confidence=1.0,
                     evidence=[told("news", raise_a)]),
        ])


def test_funding_rounds_list_every_round_with_valuation_and_the_lead_first():
    rows = run(to_networkx(small_graph()), "funding-rounds")
    assert [(r["round"], r["amount_usd"], r["valuation_usd"], r["investors"], r["leads"]) for r in rows] == [
        ("seed", 2e6, None, [], []),  # dated 2021, and no investor named: still a round
        ("Series A", 2e7, 2e8, ["Zeta Ventures", "Alpha Partners"], ["Zeta Ventures"])]
    assert rows[1]["quote"].startswith("Plinth raised a $20M Series A")


def test_co_investors_default_to_the_investor_with_the_most_not_to_the_one_with_the_most_rounds():
    from graphbuild.models import Entity, Investment, Relation
    kg = small_graph()
    for company in ("Quarry", "Kiln"):  # a lone angel's two rounds: the most investments, no co-investor
        kg.entities.append(Entity(id=f"Organization:{company.lower()}", label="Organization", name=company,
                                  aliases=[], mention_count=1, documents=["blog"]))
        kg.investments.append(Investment(id=f"Investment:{company.lower()}-seed", name=f"{company} seed",
                                         documents=["blog"], quotes=[], confidence=0.7, round="seed"))
        kg.relations += [Relation(type="FUNDS", source=f"Investment:{company.lower()}-seed",
                                  target=f"Organization:{company.lower()}", confidence=0.7),
                         Relation(type="INVESTED_IN", source="Person:ada-byrne",
                                  target=f"Investment:{company.lower()}-seed", confidence=0.7)]
    rows = run(to_networkx(kg), "co-investors")
    assert [(r["investor"], r["co_investor"]) for r in rows] == [("Alpha Partners", "Zeta Ventures")]


def test_timeline_puts_everything_dated_about_an_entity_in_order():
    rows = run(to_networkx(small_graph()), "timeline", entity="plinth")
    assert [(r["date"], r["relationship"], r["other"], r["document"]) for r in rows] == [
        ("2021", "FUNDS", "Plinth seed $2M", "blog"),  # the event's own date before the document's
        ("2023-11-20", "WORKS_AT", "Ada Byrne", "blog"),
        ("2024-03-05", "FUNDS", "Plinth Series A $20M", "news"),
        ("2024-03-05", "MENTIONED_IN", "Plinth's Series A", "news"),
        ("2024-03-05", "WORKS_AT", "Ada Byrne", "news")]


def test_the_show_filter_keeps_what_the_documents_of_one_show_tell():
    graph = to_networkx(small_graph())
    assert {r["document"] for r in run(graph, "timeline", entity="Plinth", show="seed notes")} == {"news"}
    assert [r["document"] for r in run(graph, "mentions", entity="Plinth", show="Seed Notes")] == ["Plinth's Series A"]
    assert run(graph, "mentions", entity="Plinth", show="Another Show") == []


def test_fact_filters_keep_what_a_document_tells_and_what_is_confident_enough():
    graph = to_networkx(small_graph())
    assert [r["document"] for r in run(graph, "timeline", entity="Plinth", document="blog")] == ["blog", "blog"]
    assert [r["round"] for r in run(graph, "funding-rounds", min_confidence=0.6)] == ["Series A"]
    assert [r["round"] for r in run(graph, "funding-rounds", document="blog")] == ["seed"]
    assert run(graph, "people", organization="Plinth", min_confidence=0.95) == []
    assert [r["person"] for r in run(graph, "people", organization="Plinth", document="news")] == ["Ada Byrne"]


def test_an_unknown_name_suggests_the_closest_and_exits_non_zero(tmp_path):
    write_json(small_graph(), tmp_path / "graph.json")
    result = CliRunner().invoke(cli, ["report", "timeline", "-p", "entity=Plinht", "--graph", str(tmp_path / "graph.json")])
    assert (result.exit_code, result.output) == (1, "Error: no entity named 'Plinht' (did you mean 'Plinth'?)\n")
    result = CliRunner().invoke(cli, ["report", "profile", "-p", "document=nws", "--graph", str(tmp_path / "graph.json")])
    assert (result.exit_code, result.output) == (1, "Error: no document named 'nws' (did you mean 'news'?)\n")
    result = CliRunner().invoke(cli, ["report", "profile", "-p", "min_confidence=1.5", "--graph", str(tmp_path / "graph.json")])
    assert result.output == "Error: parameter 'min_confidence' of report 'profile' must be a number from 0 to 1, not 1.5\n"


def test_csv_cells_hold_lists_as_items_joined_by_semicolons(tmp_path):
    import csv

    write_json(small_graph(), tmp_path / "graph.json")
    out = CliRunner().invoke(cli, ["report", "funding-rounds", "--graph", str(tmp_path / "graph.json"), "--format", "csv"])
    rows = list(csv.DictReader(out.output.splitlines()))
    assert rows[1]["investors"] == "Zeta Ventures; Alpha Partners" and rows[0]["investors"] == ""


@pytest.mark.parametrize("suffix, check", [
    (".csv", lambda text: text.splitlines()[0].startswith("company,round,amount,")),
    (".json", lambda text: json.loads(text)[1]["investors"] == ["Zeta Ventures", "Alpha Partners"]),
    (".md", lambda text: text.splitlines()[1].startswith("|---|")),
    (".txt", lambda text: "Zeta Ventures; Alpha Partners" in text and "┃ company" in text),
])
def test_output_writes_a_file_in_the_format_of_its_extension(tmp_path, suffix, check):
    write_json(small_graph(), tmp_path / "graph.json")
    target = tmp_path / "reports" / f"rounds{suffix}"
    result = CliRunner().invoke(cli, ["report", "funding-rounds", "--graph", str(tmp_path / "graph.json"),
                                      "--output", str(target)])
    assert result.exit_code == 0 and result.output == f"wrote {target}: 2 rows\n"
    assert check(target.read_text(encoding="utf-8"))
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_output_with_an_unknown_extension_is_one_clear_error(tmp_path):
    write_json(small_graph(), tmp_path / "graph.json")
    result = CliRunner().invoke(cli, ["report", "people", "--graph", str(tmp_path / "graph.json"), "-o", str(tmp_path / "p.xlsx")])
    assert result.exit_code == 1 and "cannot tell the format of" in result.output and not (tmp_path / "p.xlsx").exists()


# ------------------------------------------------ what a newcomer trips on

def _graph_file(tmp_path, kg):
    write_json(kg, tmp_path / "graph.json")
    return str(tmp_path / "graph.json")


def test_an_empty_report_says_no_rows_and_why(tmp_path):
    from graphbuild.models import KnowledgeGraph

    kg = small_graph()
    bare = KnowledgeGraph(entities=kg.entities, documents=kg.documents,
                          relations=[r for r in kg.relations if r.type.value in ("WORKS_AT", "MENTIONED_IN")])
    result = CliRunner().invoke(cli, ["report", "investors", "--graph", _graph_file(tmp_path, bare)])
    assert result.exit_code == 0
    assert "no rows: this graph has no Investment nodes" in result.output
    result = CliRunner().invoke(cli, ["report", "people", "-p", "organization=Plinth", "-p", "min_confidence=0.99",
                                      "--graph", str(tmp_path / "graph.json")])
    assert "no rows\n" in result.output and "has no" not in result.output  # nothing is missing: the filter left none


def test_a_misspelt_report_name_suggests_the_closest():
    result = CliRunner().invoke(cli, ["report", "peple"])
    assert (result.exit_code, result.output) == (
        1, "Error: no report named 'peple' (did you mean 'people'?); `graphbuild report --list` lists them\n")


def test_a_parameter_without_a_value_says_how_to_write_it(graph_file):
    result = CliRunner().invoke(cli, ["report", "profile", "-p", "entity", "--graph", str(graph_file)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: parameter 'entity' of report 'profile' has no value: write it as entity=VALUE")


def test_a_format_that_contradicts_the_output_extension_is_refused(tmp_path):
    target = tmp_path / "x.csv"
    result = CliRunner().invoke(cli, ["report", "people", "--graph", _graph_file(tmp_path, small_graph()),
                                      "--output", str(target), "--format", "json"])
    assert result.exit_code == 1 and "--format json conflicts with the extension of" in result.output
    assert not target.exists()
    agreed = CliRunner().invoke(cli, ["report", "people", "--graph", str(tmp_path / "graph.json"),
                                      "--output", str(target), "--format", "csv"])
    assert agreed.exit_code == 0 and target.read_text().startswith("organization,person")


def test_the_table_never_cuts_a_document_id():
    from graphbuild import output

    doc = "117-0f3a9c2b55e1d4a7-e12"
    rows = [{"quote": "a long sentence " * 30, "other": "x " * 40, "document": doc, "documents": [doc, doc]}]
    text = output.render(["quote", "other", "document", "documents"], rows, "table")
    assert doc in text and text.count(doc) == 3


def test_every_list_report_gives_a_page_and_all_gives_every_row(graph):
    everything = run(graph, "models")
    assert len(everything) > 3
    assert run(graph, "models", limit=2, offset=1) == everything[1:3]
    backend = Offline(graph)
    assert reports.run("models", {}, backend, all_rows=True).rows == reports.run("models", {"limit": 1000}, backend).rows


def test_all_on_the_command_line(graph_file):
    paged = CliRunner().invoke(cli, ["report", "models", "-p", "limit=2", "--graph", str(graph_file), "--format", "json"])
    every = CliRunner().invoke(cli, ["report", "models", "--all", "--graph", str(graph_file), "--format", "json"])
    assert len(json.loads(paged.output)) == 2 and len(json.loads(every.output)) > 2
