"""The reports on Neo4j: names looked up through the full-text index over names and aliases
(schema/constraints.cypher's `entity_names`), rankings read from the properties every load
keeps (stores.neo4j.Neo4jStore.rank) through their indexes, then the report's Cypher."""

from __future__ import annotations

import re
from typing import Optional

from ..errors import UnrankedGraphError
from ..models import EntityLabel
from ..rankings import RANKINGS
from ..schema import FULLTEXT_INDEX
from .naming import Naming, same_name

FULLTEXT_HITS = 1000  # of a phrase query, best first: far more than spell one name alike
LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def phrase(value: str) -> str:
    """A Lucene phrase query for the words of `value`, every special character escaped."""
    return '"' + LUCENE_SPECIAL.sub(r"\\\1", value) + '"'


def _labels(naming: Naming) -> str:
    return "|".join(naming.labels)


RANKED = [(ranking, label) for ranking in RANKINGS for label in ranking.labels]


def unranked_query() -> str:
    """For each ranking and label of RANKED (`check`: its index i), whether no node of the label
    holds the ranking ($properties[i]) though one has relationships of its types ($types[i]) to
    count. Each EXISTS stops at its first node: on a ranked graph, the first node graphbuild
    wrote (a load ranks them all); relationships are looked for only where no node holds it."""
    return " UNION ALL ".join(
        f"RETURN {i} AS check, "
        f"CASE WHEN EXISTS {{ MATCH (n:{label.value}) WHERE n[$properties[{i}]] IS NOT NULL }} THEN false "
        f"ELSE EXISTS {{ MATCH {ranking.pattern('n:' + label.value)} WHERE type(r) IN $types[{i}] }} END AS unranked"
        for i, (ranking, label) in enumerate(RANKED))


class Neo4jReports:
    def __init__(self, driver, database: Optional[str] = None):
        self.driver = driver
        self.database = database
        self.ranked = False  # checked once, at the first report

    def _check_ranked(self) -> None:
        """Fail, once per backend, on a graph without the rankings that the reports filter and
        sort on: one that reached Neo4j otherwise than by `graphbuild load` or `graphbuild neo4j
        import` (apoc.import.graphml of the GraphML export, say) has none, and its reports would
        silently lack rows (investors would list no one). Only rows are missing where a label has
        relationships to rank and none of its nodes holds the ranking; another application's
        nodes, which a load leaves unranked, are not taken for a missing ranking."""
        if self.ranked:
            return
        answers = self._query(unranked_query(), properties=[ranking.property for ranking, _ in RANKED],
                              types=[list(ranking.types) for ranking, _ in RANKED])
        unranked = {answer["check"] for answer in answers if answer["unranked"]}
        missing = [f"{label.value}.{ranking.property}" for i, (ranking, label) in enumerate(RANKED) if i in unranked]
        if missing:
            raise UnrankedGraphError(
                f"the graph in Neo4j lacks rankings that `graphbuild load` sets and the reports read "
                f"({', '.join(missing)}): it reached Neo4j otherwise (apoc.import.graphml, say), or an older "
                "graphbuild, which kept fewer rankings, loaded it. Load over it "
                "the graph.json that `graphbuild build` wrote, which merges into its nodes and ranks them: "
                "graphbuild load --graph out/graph.json")
        self.ranked = True

    def _query(self, cypher: str, **params) -> list[dict]:
        return [dict(r) for r in self.driver.execute_query(cypher, parameters_=params, database_=self.database).records]

    def named(self, naming: Naming, value: str) -> list[str]:
        if naming.documents:
            return [r["doc_id"] for r in self._query(
                "MATCH (d:Document {id: $value}) RETURN d.doc_id AS doc_id "
                "UNION MATCH (d:Document {doc_id: $value}) RETURN d.doc_id AS doc_id", value=value)]
        by_id = [r["id"] for r in self._query(f"MATCH (n:{_labels(naming)} {{id: $value}}) RETURN n.id AS id", value=value)]
        if not any(c.isalnum() for c in value):  # no word for the index to find
            return by_id
        hits = self._query(f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query, {{limit: $hits}}) "
                           "YIELD node WHERE any(label IN labels(node) WHERE label IN $labels) "
                           "RETURN node.id AS id, node.name AS name, node.aliases AS aliases",
                           query=phrase(value), hits=FULLTEXT_HITS, labels=list(naming.labels))
        return by_id + [h["id"] for h in hits if same_name(value, h["name"], h["aliases"])]

    def first(self, naming: Naming, among: Optional[list[str]], unlike: Optional[str]) -> Optional[str]:
        self._check_ranked()
        rank = f"n.{naming.ranking.property}"
        if among is not None:
            found = self._query(f"UNWIND $among AS id MATCH (n:{_labels(naming)} {{id: id}}) "
                                f"RETURN n.id AS id ORDER BY coalesce({rank}, 0) DESC, n.id LIMIT 1", among=among)
        else:  # each label's first through its index, then the first of those
            found = self._query("CALL () { " + " UNION ALL ".join(
                f"MATCH (n:{label}) WHERE {rank} > 0 AND ($unlike IS NULL OR n.id <> $unlike) "
                f"RETURN n ORDER BY {rank} DESC, n.id LIMIT 1" for label in naming.labels)
                + f" }} RETURN n.id AS id ORDER BY {rank} DESC, n.id LIMIT 1", unlike=unlike)
        return found[0]["id"] if found else None

    def spellings(self, naming: Naming) -> list[str]:
        key = "doc_id" if naming.documents else "name"
        return [r["spelling"] for r in self._query(f"MATCH (n:{_labels(naming)}) RETURN n.{key} AS spelling")]

    def holds(self, label: str) -> bool:
        return bool(self._query(f"MATCH (n:{EntityLabel(label).value}) RETURN 1 AS found LIMIT 1"))

    def rows(self, report, arguments: dict) -> list[dict]:
        self._check_ranked()
        return self._query(report.cypher(), **arguments)
