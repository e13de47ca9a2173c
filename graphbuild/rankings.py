"""How reports rank nodes: by how many relationships of some types each has (or, for
investors, how many others share a funded organization). "The most connected entity" is a
report's default, and the tie-break of a name that names several.
Neo4j keeps each ranking as a node property that every load sets (an index then finds the
first in milliseconds, where counting every node's relationships takes seconds); offline
they are counted from the graph."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from .models import CATALOGUE, ENTITY_LABELS, EntityLabel, RelationType, fact_types


@dataclass(frozen=True)
class Ranking:
    types: tuple[str, ...]
    direction: Literal["both", "in", "out"]
    property: str  # the node property Neo4j keeps it in
    listed: bool = False  # a report lists the ranked nodes by name: Neo4j indexes (name, property) too

    @property
    def labels(self) -> tuple[EntityLabel, ...]:
        """The entity labels that have relationships of its types in its direction (the catalogue's ends)."""
        ends = set()
        for rel in self.types:
            spec = CATALOGUE[RelationType(rel)]
            ends |= (spec.sources if self.direction != "in" else set()) | (spec.targets if self.direction != "out" else set())
        return tuple(label for label in ENTITY_LABELS if label in ends)

    def pattern(self, node: str) -> str:
        """The Cypher pattern of the relationships counted, from `node`."""
        left, right = {"both": ("-", "-"), "in": ("<-", "-"), "out": ("-", "->")}[self.direction]
        return f"({node}){left}[r]{right}()"

    def count(self, node: str, types: str) -> str:
        """The Cypher expression of `node`'s rank; `types`: the parameter that holds the types."""
        return f"COUNT {{ {self.pattern(node)} WHERE type(r) IN {types} }}"

    def counted(self, graph) -> Counter:
        """Every node's rank on an offline graph (reports/offline.Offline): the same count."""
        counts: Counter = Counter()
        for rel in self.types:
            edges = graph.typed.get(rel, [])
            if self.direction != "in":
                counts.update(u for u, _, _ in edges)
            if self.direction != "out":
                counts.update(v for _, v, _ in edges)
        return counts


@dataclass(frozen=True)
class CoInvestorRanking(Ranking):
    """How many other investors share a funded organization with an investor (the co-investors
    report's default is the investor with the most, not one who invests alone). Its types and
    direction name what is ranked, an investor, for the check that a graph holds its ranking."""

    def count(self, node: str, types: str) -> str:
        # two MATCH clauses, as in cypher/co-investors.cypher: two investors of one funding event
        # share its FUNDS relationship, which one pattern may not walk twice
        return (f"COUNT {{ MATCH ({node})-[:INVESTED_IN]->(:Investment)-[:FUNDS]->(c:Organization) "
                f"MATCH (other)-[:INVESTED_IN]->(:Investment)-[:FUNDS]->(c) WHERE other <> {node} RETURN DISTINCT other }}")

    def counted(self, graph) -> Counter:
        others: dict[str, set[str]] = {}
        for company in {c for _, c, _ in graph.typed.get("FUNDS", []) if graph.label(c) == "Organization"}:
            investors = graph.investors_of(company)
            for investor in investors:
                others.setdefault(investor, set()).update(investors - {investor})
        return Counter({investor: len(them) for investor, them in others.items()})


FACTS = Ranking(tuple(t.value for t in fact_types()), "both", "degree")
EMPLOYERS = Ranking((RelationType.WORKS_AT.value,), "in", "degree_works_at")
RIVALS = Ranking((RelationType.COMPETES_WITH.value,), "both", "degree_competes_with")
INVESTORS = Ranking((RelationType.INVESTED_IN.value,), "out", "degree_invested_in", listed=True)
CO_INVESTORS = CoInvestorRanking((RelationType.INVESTED_IN.value,), "out", "co_investors")
RANKINGS = (FACTS, EMPLOYERS, RIVALS, INVESTORS, CO_INVESTORS)
