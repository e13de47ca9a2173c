"""Canned reports: one `.cypher` file each in cypher/ for Neo4j, and the same report over
the offline NetworkX graph, row for row. `run(name, params, backend)` is the one entry point.

Which relationship types a report counts or follows is no part of its Cypher text: the
runner passes them from the relation catalogue (models.CATALOGUE) as parameters, to both backends.
A parameter that names an entity or a document must name one that the graph holds: else the
runner stops with "no entity named X (did you mean Y?)", the same on both backends."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any, Callable, Mapping, Optional

import networkx as nx

from rapidfuzz import fuzz, process, utils

from ..errors import GraphbuildError
from ..models import Strict, fact_types
from ..resources import folder
from . import offline

CYPHER_DIR = folder("cypher")
FACT_TYPES = tuple(t.value for t in fact_types())  # $fact_types: the relationship types that are facts
KINDS = {int: "an integer", str: "a string", float: "a number"}
INT_RANGE = (1, 2**63 - 1)  # every integer parameter is a count (limit, min_shared): at least 1, and a Neo4j integer
FLOAT_RANGE = (0.0, 1.0)  # every number parameter is a confidence
FACT_FILTERS = {"document": str, "min_confidence": float}  # on the reports that show facts
ENTITIES = ("Person", "Organization", "Model", "Product")
ORGANIZATIONS = ("Organization",)
SUGGESTION_SCORE = 75  # rapidfuzz WRatio, 0-100: below this a name is no likely meaning
NAMES_QUERY = ("MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) "
               "RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.doc_id AS doc_id")


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
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # parameter -> the labels of what it names

    def arguments(self, params: dict[str, Any]) -> dict[str, Any]:
        """The user's parameters and the fixed ones: what the Cypher, or its offline twin, is given."""
        return {**params, **self.fixed}

    @property
    def cypher_path(self) -> Traversable:
        return CYPHER_DIR / f"{self.name}.cypher"

    def cypher(self) -> str:
        return self.cypher_path.read_text(encoding="utf-8").rstrip().rstrip(";")


def _naming(**params: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Parameters that name an entity (with the labels it may have), and the fact filters' document."""
    return {**params, "document": ("Document",)}


REPORTS = {r.name: r for r in [
    Report("investors", "Investors and their portfolios, with amounts, rounds and stakes",
           {"investor": str, **FACT_FILTERS}, offline.investors, names=_naming(investor=ENTITIES)),
    Report("funding-rounds", "Funding rounds: company, round, amount, valuation, date, investors (lead first), quote",
           {"company": str, **FACT_FILTERS}, offline.funding_rounds, names=_naming(company=ORGANIZATIONS)),
    Report("people", "Who works or worked at an organization, with roles",
           {"organization": str, **FACT_FILTERS}, offline.people, names=_naming(organization=ORGANIZATIONS)),
    Report("competitors", "Competitors of an entity, with the quotes that say so",
           {"entity": str, **FACT_FILTERS}, offline.competitors, names=_naming(entity=ENTITIES[1:])),
    Report("co-investors", "Pairs of investors sharing portfolio companies", {"min_shared": int}, offline.co_investors),
    Report("models", "AI models and who developed them", {"developer": str}, offline.models,
           names={"developer": ORGANIZATIONS}),
    Report("most-connected", "The entities with the most facts", {"limit": int}, offline.most_connected),
    Report("path", "The shortest chain of facts between two entities, with evidence", {"from": str, "to": str}, offline.path,
           fixed={"fact_types": FACT_TYPES}, names={"from": ENTITIES, "to": ENTITIES}),
    Report("profile", "Every fact about an entity, with quotes and documents",
           {"entity": str, **FACT_FILTERS}, offline.profile, names=_naming(entity=ENTITIES)),
    Report("timeline", "Everything dated about an entity, in order",
           {"entity": str, **FACT_FILTERS, "show": str}, offline.timeline, fixed={"fact_types": FACT_TYPES},
           names=_naming(entity=ENTITIES)),
    Report("mentions", "Which documents mention an entity", {"entity": str, "show": str}, offline.mentions,
           names={"entity": ENTITIES}),
]}


def browser_script(report: Report) -> str:
    """The report as a Neo4j Browser favourite: its header comment (the favourite's title), a
    `:param` line that sets every parameter to its default (null; the catalogue's types where
    fixed), then the Cypher. The Browser runs the two statements one after the other."""
    defaults = {**dict.fromkeys(report.params), **{k: list(v) for k, v in report.fixed.items()}}
    return f":param {json.dumps(defaults)};\n{report.cypher()};\n"  # the Browser's :param reads JSON


def browser_favorites() -> bytes:
    """Every report as a Browser favourite, zipped as the Browser's Favorites drawer imports them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for report in REPORTS.values():
            archive.writestr(f"graphbuild/{report.name}.cypher", browser_script(report))
    return buffer.getvalue()


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
        if kind is float and not FLOAT_RANGE[0] <= value <= FLOAT_RANGE[1]:
            raise ReportError(f"parameter '{key}' of report '{report.name}' must be a number from "
                              f"{FLOAT_RANGE[0]:g} to {FLOAT_RANGE[1]:g}, not {value:g}")
    return {**dict.fromkeys(report.params), **params}


def check_names(report: Report, params: dict[str, Any], known: Callable[[tuple[str, ...]], list[dict]]) -> None:
    """Each parameter that names something names what `known(labels)` lists (rows of id, name,
    aliases, doc_id), as the reports match: an id, a name or alias in any case, a document's id.
    Else ReportError: "no entity named 'X' (did you mean 'Y'?)" ('no organization', 'no document'
    where a parameter names only those)."""
    for key, labels in report.names.items():
        value = params.get(key)
        if value is None:
            continue
        rows = known(labels)
        if any(_names(row, value) for row in rows):
            continue
        thing = labels[0].lower() if len(labels) == 1 else "entity"
        choices = sorted({row["doc_id"] if thing == "document" else row["name"] for row in rows} - {None})
        best = process.extractOne(value, choices, scorer=fuzz.WRatio, processor=utils.default_process,
                                  score_cutoff=SUGGESTION_SCORE)
        hint = f" (did you mean '{best[0]}'?)" if best else ""
        raise ReportError(f"no {thing} named '{value}'{hint}")


def _names(row: dict, value: str) -> bool:
    if row["doc_id"] is not None:
        return value in (row["id"], row["doc_id"])
    low = value.lower()
    return value == row["id"] or (row["name"] or "").lower() == low or any(a.lower() == low for a in row["aliases"] or [])


def run_offline(report: Report, graph: nx.MultiDiGraph, params: dict[str, Any]) -> ReportResult:
    params = validate(report, params)
    check_names(report, params, lambda labels: offline.known(graph, labels))
    rows = report.offline(graph, report.arguments(params))
    return ReportResult(name=report.name, columns=list(rows[0]) if rows else _columns(report), rows=rows)


def run_neo4j(report: Report, driver, params: dict[str, Any], database: Optional[str] = None) -> ReportResult:
    params = validate(report, params)
    check_names(report, params, lambda labels: [dict(r) for r in driver.execute_query(
        NAMES_QUERY, parameters_={"labels": list(labels)}, database_=database).records])
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
