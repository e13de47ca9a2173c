"""Every canned report gives the same rows on Neo4j and offline, over the seeds graph."""

import pytest

from graphbuild import reports
from graphbuild.graph import to_networkx

pytestmark = pytest.mark.neo4j

PARAMS = {
    "investors": [{}, {"investor": "Sequoia"}],
    "people": [{}, {"organization": "Andreessen Horowitz"}, {"organization": "nobody at all"}],
    "competitors": [{}, {"entity": "openai"}],
    "co-investors": [{}, {"min_shared": 2}],
    "models": [{}, {"developer": "Anthropic"}],
    "most-connected": [{}, {"limit": 3}],
    "path": [{}, {"from": "Matan Grinberg", "to": "Sequoia Capital"}, {"from": "Discord", "to": "Kleiner Perkins"}],
    "profile": [{}, {"entity": "Factory"}],
    "mentions": [{}, {"entity": "Max Welling"}],
}


EXPECTED_EMPTY = [{"organization": "nobody at all"}, {"min_shared": 2}]


@pytest.fixture(scope="module")
def loaded(neo4j_driver, seeds_graph):
    from graphbuild.stores.neo4j import Neo4jStore

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    Neo4jStore(neo4j_driver).load(seeds_graph)
    return to_networkx(seeds_graph)


def test_every_report_has_parity_cases():
    assert set(PARAMS) == set(reports.REPORTS)


@pytest.mark.parametrize("name, given", [(n, p) for n, cases in PARAMS.items() for p in cases])
def test_neo4j_and_offline_give_identical_rows(loaded, neo4j_driver, name, given):
    report = reports.get(name)
    params = reports.parse_params(report, [f"{k}={v}" for k, v in given.items()])
    online = reports.run_neo4j(report, neo4j_driver, params)
    offline = reports.run_offline(report, loaded, params)
    assert offline.rows == online.rows
    assert offline.columns == online.columns
    if given not in EXPECTED_EMPTY:
        assert online.rows, f"{name} {given} found nothing to compare"
