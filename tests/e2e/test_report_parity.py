"""Every canned report gives the same rows on Neo4j and offline, over the seeds graph."""

import io
import json
import zipfile

import pytest

from graphbuild import reports
from graphbuild.graph import to_networkx
from graphbuild.reports.naming import resolve
from graphbuild.reports.neo4j import Neo4jReports
from graphbuild.reports.offline import Offline, _by

pytestmark = pytest.mark.neo4j

DOC = "000-61f2e5bfc8b53997"  # the seeds' show notes of Factory
PARAMS = {
    "investors": [{}, {"investor": "Sequoia"}, {"document": DOC}, {"min_confidence": 0.9}, {"limit": 2, "offset": 1}],
    "funding-rounds": [{}, {"company": "Factory"}, {"document": DOC}, {"min_confidence": 0.6}],
    "people": [{}, {"organization": "Andreessen Horowitz"}, {"organization": "Factory", "min_confidence": 0.95},
               {"organization": "Factory", "document": "001-deb325d1d78e05a5"}],
    "competitors": [{}, {"entity": "openai"}, {"entity": "openai", "document": DOC}],
    "co-investors": [{}, {"min_shared": 2}, {"investor": "Sequoia"}],
    "models": [{}, {"developer": "Anthropic"}],
    "most-connected": [{}, {"limit": 3}, {"limit": 4, "offset": 3}],
    "path": [{}, {"from": "Matan Grinberg", "to": "Sequoia Capital"}, {"from": "Discord", "to": "Kleiner Perkins"}],
    "profile": [{}, {"entity": "Factory"}, {"entity": "Factory", "document": DOC, "min_confidence": 0.9},
                {"entity": "Factory", "limit": 3, "offset": 2}],
    "timeline": [{}, {"entity": "Anthropic"}, {"entity": "CuspAI"}, {"entity": "Anthropic", "document": "003-85aef4a95984c154-e3"},
                 {"entity": "Anthropic", "show": "latent space: the ai engineer podcast"}],
    "mentions": [{}, {"entity": "Max Welling"}, {"entity": "Anthropic", "show": "Latent Space: The AI Engineer Podcast"}],
}
EXPECTED_EMPTY = [{"min_shared": 2}, {"organization": "Factory", "document": "001-deb325d1d78e05a5"}]
UNKNOWN_NAMES = [  # (report, parameters, the one error both backends give)
    ("profile", {"entity": "Antropic"}, "no entity named 'Antropic' (did you mean 'Anthropic'?)"),
    ("people", {"organization": "Sequoia Capitol"}, "no organization named 'Sequoia Capitol' (did you mean 'Sequoia Capital'?)"),
    ("timeline", {"entity": "xyzzy"}, "no entity named 'xyzzy'"),
    ("path", {"from": "Discord", "to": "Kleiner Perkin"}, "no entity named 'Kleiner Perkin' (did you mean 'Kleiner Perkins'?)"),
    ("funding-rounds", {"document": "000-61f2e5bfc8b5399"},
     "no document named '000-61f2e5bfc8b5399' (did you mean '000-61f2e5bfc8b53997'?)"),
]


@pytest.fixture(scope="module")
def loaded(neo4j_driver, seeds_graph):
    from graphbuild.stores.neo4j import Neo4jStore

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    Neo4jStore(neo4j_driver).load(seeds_graph)
    return Offline(to_networkx(seeds_graph))


def test_every_report_has_parity_cases():
    assert set(PARAMS) == set(reports.REPORTS)


@pytest.mark.parametrize("name, given", [(n, p) for n, cases in PARAMS.items() for p in cases])
def test_neo4j_and_offline_give_identical_rows(loaded, neo4j_driver, name, given):
    params = reports.parse_params(reports.get(name), [f"{k}={v}" for k, v in given.items()])
    online = reports.run(name, params, Neo4jReports(neo4j_driver))
    offline = reports.run(name, params, loaded)
    assert offline.rows == online.rows
    assert offline.columns == online.columns
    assert all(list(row) == online.columns for row in online.rows), "the Cypher returns the declared columns"
    if given not in EXPECTED_EMPTY:
        assert online.rows, f"{name} {given} found nothing to compare"


@pytest.mark.parametrize("name", [n for n, r in reports.REPORTS.items() if r.pages])
def test_every_row_is_on_a_page_and_all_gives_them_all(loaded, neo4j_driver, name):
    """Pages of two rows, one after the other, make up what --all gives, on both backends."""
    for backend in (Neo4jReports(neo4j_driver), loaded):
        everything = reports.run(name, {}, backend, all_rows=True).rows
        pages = [reports.run(name, {"limit": 2, "offset": offset}, backend).rows
                 for offset in range(0, len(everything) + 2, 2)]
        assert [row for page in pages for row in page] == everything
        assert len(reports.run(name, {}, backend).rows) == min(len(everything), reports.get(name).limit)


@pytest.mark.parametrize("name, given, message", UNKNOWN_NAMES)
def test_an_unknown_name_is_the_same_error_on_both_backends(loaded, neo4j_driver, name, given, message):
    params = reports.parse_params(reports.get(name), [f"{k}={v}" for k, v in given.items()])
    for backend in (Neo4jReports(neo4j_driver), loaded):
        with pytest.raises(reports.ReportError) as raised:
            reports.run(name, params, backend)
        assert str(raised.value) == message


def test_the_browser_favourites_run_each_report_with_its_defaults(loaded, neo4j_driver):
    """What a Browser user runs: the favourite's `:param` line (with the ids of the entities
    the runner would pick by default: the Browser resolves no names), then its Cypher."""
    with zipfile.ZipFile(io.BytesIO(reports.browser_favorites())) as archive:
        assert sorted(archive.namelist()) == sorted(f"graphbuild/{name}.cypher" for name in reports.REPORTS)
        for name, report in reports.REPORTS.items():
            param_line, query = archive.read(f"graphbuild/{name}.cypher").decode().split(";\n", 1)
            assert param_line.startswith(":param {")
            params = json.loads(param_line.removeprefix(":param "))
            params.update(resolve(report.names, {}, Neo4jReports(neo4j_driver)))
            rows = [dict(r) for r in neo4j_driver.execute_query(query.rstrip().rstrip(";"), parameters_=params).records]
            assert rows == reports.run(name, {}, Neo4jReports(neo4j_driver)).rows, name


@pytest.mark.parametrize("column, query", [("n", "UNWIND $values AS n RETURN n ORDER BY n"),
                                           (("n", "desc"), "UNWIND $values AS n RETURN n ORDER BY n DESC")])
def test_offline_orders_missing_values_where_neo4j_does(neo4j_driver, column, query):
    """Neo4j puts nulls last ascending and first descending; the offline sort key the same."""
    values = [2, None, 5, None, 1]
    on_neo4j = [r["n"] for r in neo4j_driver.execute_query(query, values=values).records]
    assert [row["n"] for row in sorted(({"n": v} for v in values), key=_by(column))] == on_neo4j
