"""Canned reports: one `.cypher` file each in cypher/ for Neo4j, and the same report over
the offline NetworkX graph, row for row. `run(name, params, backend)` is the one entry point.

Which relationship types a report counts or follows is no part of its Cypher text: the
runner passes them from the relation catalogue (models.CATALOGUE) as parameters, to both backends."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any, Callable, Mapping, Optional

import networkx as nx

from ..errors import GraphbuildError
from ..models import Strict, fact_types
from ..resources import folder
from . import offline

CYPHER_DIR = folder("cypher")
FACT_TYPES = tuple(t.value for t in fact_types())  # $fact_types: the relationship types that are facts
KINDS = {int: "an integer", str: "a string"}
INT_RANGE = (1, 2**63 - 1)  # every integer parameter is a count (limit, min_shared): at least 1, and a Neo4j integer


class ReportError(GraphbuildError):
    pass


class ReportResult(Strict):
    name: str
    columns: list[str]
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class Report:
    name: str
    description: str
    params: dict[str, type]  # name -> type; every parameter is optional
    offline: Callable[..., list[dict]]
    ordered: bool = True  # False: rows are a set, compare them order-free
    fixed: Mapping[str, Any] = field(default_factory=dict)  # parameters the runner passes itself, not the user

    def arguments(self, params: dict[str, Any]) -> dict[str, Any]:
        """The user's parameters and the fixed ones: what the Cypher, or its offline twin, is given."""
        return {**params, **self.fixed}

    @property
    def cypher_path(self) -> Traversable:
        return CYPHER_DIR / f"{self.name}.cypher"

    def cypher(self) -> str:
        return self.cypher_path.read_text(encoding="utf-8").rstrip().rstrip(";")


REPORTS = {r.name: r for r in [
    Report("investors", "Investors and their portfolios, with amounts, rounds and stakes", {"investor": str}, offline.investors),
    Report("people", "Who works or worked at an organization, with roles", {"organization": str}, offline.people),
    Report("competitors", "Competitors of an entity, with the quotes that say so", {"entity": str}, offline.competitors),
    Report("co-investors", "Pairs of investors sharing portfolio companies", {"min_shared": int}, offline.co_investors),
    Report("models", "AI models and who developed them", {"developer": str}, offline.models),
    Report("most-connected", "The entities with the most facts", {"limit": int}, offline.most_connected),
    Report("path", "The shortest chain of facts between two entities, with evidence", {"from": str, "to": str}, offline.path,
           fixed={"fact_types": FACT_TYPES}),
    Report("profile", "Every fact about an entity, with quotes and documents", {"entity": str}, offline.profile),
    Report("mentions", "Which documents mention an entity", {"entity": str}, offline.mentions),
]}


def parse_params(report: Report, pairs: list[str]) -> dict[str, Any]:
    """`k=v` strings -> every parameter of the report, None where not given."""
    params: dict[str, Any] = dict.fromkeys(report.params)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in report.params:
            known = ", ".join(report.params) or "none"
            raise ReportError(f"report '{report.name}' takes no parameter '{key}' (its parameters: {known})")
        try:
            params[key] = report.params[key](value)
        except ValueError:
            raise ReportError(f"parameter '{key}' of report '{report.name}' must be {KINDS[report.params[key]]}") from None
    return validate(report, params)


def get(name: str) -> Report:
    if name not in REPORTS:
        raise ReportError(f"no report named '{name}'; `graphbuild report --list` lists them")
    return REPORTS[name]


def validate(report: Report, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters, checked the same way for both backends: known names, right types,
    integers within INT_RANGE. Raises ReportError with one clear line."""
    for key, value in params.items():
        if key not in report.params:
            known = ", ".join(report.params) or "none"
            raise ReportError(f"report '{report.name}' takes no parameter '{key}' (its parameters: {known})")
        kind = report.params[key]
        if value is None:
            continue
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ReportError(f"parameter '{key}' of report '{report.name}' must be {KINDS[kind]}")
        if kind is int and not INT_RANGE[0] <= value <= INT_RANGE[1]:
            raise ReportError(f"parameter '{key}' of report '{report.name}' must be an integer from "
                              f"{INT_RANGE[0]} to {INT_RANGE[1]}, not {value}")
    return {**dict.fromkeys(report.params), **params}


def run_offline(report: Report, graph: nx.MultiDiGraph, params: dict[str, Any]) -> ReportResult:
    params = validate(report, params)
    rows = report.offline(graph, report.arguments(params))
    return ReportResult(name=report.name, columns=list(rows[0]) if rows else _columns(report), rows=rows)


def run_neo4j(report: Report, driver, params: dict[str, Any], database: Optional[str] = None) -> ReportResult:
    params = validate(report, params)
    records, _, keys = driver.execute_query(report.cypher(), parameters_=report.arguments(params), database_=database)
    return ReportResult(name=report.name, columns=list(keys), rows=[dict(r) for r in records])


def _columns(report: Report) -> list[str]:
    """The columns a report returns, read from its Cypher RETURN clause (for empty results)."""
    returned = report.cypher().rsplit("RETURN", 1)[1].split("ORDER BY")[0]
    items, depth, current = [], 0, ""
    for char in returned:  # split at the commas outside brackets
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [re.split(r"\bAS\b", item)[-1].strip() for item in items]
