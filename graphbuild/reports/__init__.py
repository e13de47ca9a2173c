"""Canned reports: one `.cypher` file each in cypher/ for Neo4j, and the same report over
the offline NetworkX graph, row for row. `run(name, params, backend)` is the one entry point.

A parameter that names an entity or a document is resolved to the node's id first, the same
way on both backends (naming.py); the Cypher then matches `{id: $entity}` on the unique index.
Which relationship types a report counts or follows is no part of its Cypher text: the
runner passes them from the relation catalogue (models.CATALOGUE) as parameters, to both
backends. A list report returns `limit` rows (its default unless given) from `offset`."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any, Callable, Mapping, Optional

from ..models import ENTITY_LABELS, Strict, fact_types
from ..resources import folder
from ..rankings import CO_INVESTORS, EMPLOYERS, FACTS, RIVALS, Ranking
from . import offline
from .naming import Naming, ReportError, resolve, suggestion

__all__ = ["REPORTS", "Report", "ReportError", "ReportResult", "get", "parse_params", "run"]

CYPHER_DIR = folder("cypher")
FACT_TYPES = tuple(t.value for t in fact_types())  # $fact_types: the relationship types that are facts
KINDS = {int: "an integer", str: "a string", float: "a number"}
MAX_INT = 2**63 - 1  # a Neo4j integer
INT_RANGES = {"offset": (0, MAX_INT)}  # every other integer parameter is a count (limit, min_shared): at least 1
COUNT_RANGE = (1, MAX_INT)
FLOAT_RANGE = (0.0, 1.0)  # every number parameter is a confidence
DEFAULT_LIMIT = 25
PAGE = {"limit": int, "offset": int}  # on every list report
FACT_FILTERS = {"document": str, "min_confidence": float}  # on the reports that show facts
ENTITIES = tuple(label.value for label in ENTITY_LABELS)
ORGANIZATIONS = ("Organization",)
DOCUMENT = {"document": Naming(("Document",), FACTS, default=False)}


class ReportResult(Strict):
    name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    why_empty: Optional[str] = None  # for no rows: what the graph lacks, where the report can tell


@dataclass(frozen=True)
class Report:
    name: str
    description: str
    params: dict[str, type]  # name -> type; every parameter is optional
    columns: tuple[str, ...]  # what each row holds, in order
    offline: Callable[..., list[dict]]
    ordered: bool = True  # False: rows are a set, compare them order-free
    fixed: Mapping[str, Any] = field(default_factory=dict)  # parameters the runner passes itself, not the user
    names: Mapping[str, Naming] = field(default_factory=dict)  # parameters that name a node
    limit: int = DEFAULT_LIMIT  # rows when the user gives no limit (list reports: those with PAGE)
    needs: Optional[str] = None  # the label without which the report has no rows (to say why it is empty)

    @property
    def pages(self) -> bool:
        return "limit" in self.params

    def arguments(self, params: dict[str, Any], all_rows: bool = False) -> dict[str, Any]:
        """The resolved parameters, the page and the fixed ones: what the Cypher, or its offline twin, is given."""
        page = {}
        if self.pages:
            offset = params["offset"] or 0
            page = {"limit": MAX_INT - offset if all_rows else params["limit"] or self.limit, "offset": offset}
        return {**params, **page, **self.fixed}

    @property
    def cypher_path(self) -> Traversable:
        return CYPHER_DIR / f"{self.name}.cypher"

    def cypher(self) -> str:
        return self.cypher_path.read_text(encoding="utf-8").rstrip().rstrip(";")


def _naming(**params: Naming) -> dict[str, Naming]:
    """Parameters that name an entity, and the fact filters' document."""
    return {**params, **DOCUMENT}


def _one(labels: tuple[str, ...], ranking: Ranking = FACTS, default=True, unlike=None) -> Naming:
    return Naming(labels, ranking, default, unlike)


REPORTS = {r.name: r for r in [
    Report("investors", "Investors and their portfolios, with amounts, rounds and stakes",
           {"investor": str, **FACT_FILTERS, **PAGE},
           ("investor", "investor_label", "company", "round", "amount_usd", "amount_text", "stake", "lead", "investment"),
           offline.investors, names=_naming(investor=_one(ENTITIES, default=False)), needs="Investment"),
    Report("funding-rounds", "Funding rounds: company, round, amount, valuation, date, investors (lead first), quote",
           {"company": str, **FACT_FILTERS, **PAGE},
           ("company", "round", "amount", "amount_usd", "valuation", "valuation_usd", "date", "investors", "leads",
            "quote", "documents"),
           offline.funding_rounds, names=_naming(company=_one(ORGANIZATIONS, default=False)), needs="Investment"),
    Report("people", "Who works or worked at an organization, with roles",
           {"organization": str, **FACT_FILTERS, **PAGE}, ("organization", "person", "role", "past", "quote"),
           offline.people, names=_naming(organization=_one(ORGANIZATIONS, EMPLOYERS))),
    Report("competitors", "Competitors of an entity, with the quotes that say so",
           {"entity": str, **FACT_FILTERS, **PAGE}, ("entity", "competitor", "competitor_label", "quotes", "documents"),
           offline.competitors, names=_naming(entity=_one(ENTITIES[1:], RIVALS))),
    Report("co-investors", "The investors that share portfolio companies with an investor",
           {"investor": str, "min_shared": int, **PAGE}, ("investor", "co_investor", "shared", "companies"),
           offline.co_investors, names={"investor": _one(ENTITIES[:2], CO_INVESTORS)}, needs="Investment"),
    Report("models", "AI models and who developed them", {"developer": str, **PAGE},
           ("model", "developer", "mentions", "quote"), offline.models,
           names={"developer": _one(ORGANIZATIONS, default=False)}, needs="Model"),
    Report("most-connected", "The entities with the most facts", {**PAGE},
           ("entity", "label", "degree", "documents"), offline.most_connected, limit=10),
    Report("path", "The shortest chain of facts between two entities, with evidence", {"from": str, "to": str},
           ("step", "source", "relationship", "target", "forward", "quote", "document"), offline.path,
           fixed={"fact_types": FACT_TYPES}, names={"from": _one(ENTITIES), "to": _one(ENTITIES, unlike="from")}),
    Report("profile", "Every fact about an entity, with quotes and documents",
           {"entity": str, **FACT_FILTERS, **PAGE},
           ("entity", "relationship", "direction", "other", "other_label", "role", "past", "confidence", "quotes",
            "documents"),
           offline.profile, fixed={"fact_types": FACT_TYPES}, names=_naming(entity=_one(ENTITIES))),
    Report("timeline", "Everything dated about an entity, in order",
           {"entity": str, **FACT_FILTERS, "show": str, **PAGE},
           ("entity", "date", "relationship", "direction", "other", "quote", "document"), offline.timeline,
           fixed={"fact_types": FACT_TYPES}, names=_naming(entity=_one(ENTITIES))),
    Report("mentions", "Which documents mention an entity", {"entity": str, "show": str, **PAGE},
           ("entity", "document", "source", "show", "date", "first_mention", "at"), offline.mentions,
           names={"entity": _one(ENTITIES)}),
]}


def browser_script(report: Report) -> str:
    """The report as a Neo4j Browser favourite: its header comment (the favourite's title), a
    `:param` line that sets every parameter to its default (null; the page and the catalogue's
    types where the runner gives them), then the Cypher. The Browser runs the two statements one
    after the other. A name the user sets there must be an id: the Browser resolves no names."""
    defaults = {**dict.fromkeys(report.params), **report.arguments(dict.fromkeys(report.params))}
    defaults = {k: list(v) if isinstance(v, tuple) else v for k, v in defaults.items()}
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
        if not sep:
            raise ReportError(f"parameter '{pair}' of report '{report.name}' has no value: write it as "
                              f"{pair}=VALUE (its parameters: {_known(report)})")
        _check_known(report, key)
        try:
            params[key] = report.params[key](value)
        except ValueError:
            raise ReportError(f"parameter '{key}' of report '{report.name}' must be {KINDS[report.params[key]]}") from None
    return validate(report, params)


def get(name: str) -> Report:
    if name not in REPORTS:
        hint = suggestion(name, list(REPORTS))
        raise ReportError(f"no report named '{name}'{hint}; `graphbuild report --list` lists them")
    return REPORTS[name]


def _known(report: Report) -> str:
    return ", ".join(report.params) or "none"


def _check_known(report: Report, key: str) -> None:
    if key not in report.params:
        raise ReportError(f"report '{report.name}' takes no parameter '{key}' (its parameters: {_known(report)})")


def validate(report: Report, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters, checked the same way for both backends: known names, right types,
    integers within their range. Raises ReportError with one clear line."""
    for key, value in params.items():
        _check_known(report, key)
        kind = report.params[key]
        if value is None:
            continue
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ReportError(f"parameter '{key}' of report '{report.name}' must be {KINDS[kind]}")
        low, high = INT_RANGES.get(key, COUNT_RANGE) if kind is int else FLOAT_RANGE
        if kind is int and not low <= value <= high:
            raise ReportError(f"parameter '{key}' of report '{report.name}' must be an integer from "
                              f"{low} to {high}, not {value}")
        if kind is float and not low <= value <= high:
            raise ReportError(f"parameter '{key}' of report '{report.name}' must be a number from "
                              f"{low:g} to {high:g}, not {value:g}")
    return {**dict.fromkeys(report.params), **params}


def run(name: str, params: dict[str, Any], backend, all_rows: bool = False) -> ReportResult:
    """Run a report on a backend (offline.Offline over a graph, or neo4j.Neo4jReports over a
    driver: the resolver's look-ups, `rows` and `holds`): parameters checked, names resolved to
    ids, then the rows (a page of them, or all), and why there are none where the graph lacks
    what the report reads."""
    report = get(name)
    params = resolve(report.names, validate(report, params), backend)
    rows = backend.rows(report, report.arguments(params, all_rows))
    why = None if rows or not report.needs or backend.holds(report.needs) else \
        f"this graph has no {report.needs} nodes"
    return ReportResult(name=report.name, columns=list(report.columns), rows=rows, why_empty=why)
