"""The canned reports over the offline NetworkX graph: each returns exactly the rows of its
cypher/<name>.cypher on a Neo4j holding the same graph, in the same order, before the page is
cut: each returns the page its `limit` and `offset` ask for, as the Cypher does. Each takes the graph and the report's parameters, names already
resolved to ids (None where not given), and the fixed ones the runner adds from the relation
catalogue (`fact_types`). `Offline` is the backend: the resolver's look-ups, then the rows."""

from __future__ import annotations

from collections import Counter
from itertools import chain
from typing import Any, Iterable, Optional

import networkx as nx

from ..models import ENTITY_LABELS as LABELS, fact_types
from ..rankings import FACTS as FACTS_RANKING, Ranking
from .naming import Naming, same_name

ENTITY_LABELS = tuple(f":{label.value}" for label in LABELS)
FACTS = frozenset(t.value for t in fact_types())  # the edges reports count as facts (not MENTIONED_IN)
Rows = list[dict[str, Any]]


class Offline:
    """The reports' backend over one offline graph."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self._rankings: dict[Ranking, Counter] = {}  # each counted once, when first asked for

    def _ranked(self, ranking: Ranking) -> Counter:
        if ranking not in self._rankings:
            self._rankings[ranking] = counted(self.graph, ranking)
        return self._rankings[ranking]

    def _of(self, naming: Naming) -> list[str]:
        wanted = {f":{label}" for label in naming.labels}
        return [n for n, labels in self.graph.nodes(data="labels") if labels in wanted]

    def named(self, naming: Naming, value: str) -> list[str]:
        nodes = self.graph.nodes
        if naming.documents:
            return [nodes[n]["doc_id"] for n in self._of(naming) if value in (n, nodes[n]["doc_id"])]
        words = any(c.isalnum() for c in value)  # as on Neo4j: a name of no word matches ids only
        return [n for n in self._of(naming)
                if n == value or words and same_name(value, nodes[n].get("name"), nodes[n].get("aliases"))]

    def first(self, naming: Naming, among: Optional[list[str]], unlike: Optional[str]) -> Optional[str]:
        counts = self._ranked(naming.ranking)
        candidates = [n for n in (self._of(naming) if among is None else among)
                      if n != unlike and (among or counts[n])]  # by default, one with none is no first
        return min(candidates, key=lambda n: (-counts[n], n), default=None)

    def spellings(self, naming: Naming) -> list[str]:
        return [self.graph.nodes[n].get("doc_id" if naming.documents else "name") for n in self._of(naming)]

    def holds(self, label: str) -> bool:
        return any(labels == f":{label}" for _, labels in self.graph.nodes(data="labels"))

    def rows(self, report, arguments: dict) -> Rows:
        return report.offline(self.graph, arguments)


def counted(g: nx.MultiDiGraph, ranking: Ranking) -> Counter:
    """How many relationships of the ranking's types each node has, in its direction."""
    types = set(ranking.types)  # an edge's key is its type (graph.to_networkx)
    ends = [(u, v) for u, targets in g.succ.items() for v, keys in targets.items() for key in keys if key in types]
    counts = Counter(u for u, _ in ends) if ranking.direction != "in" else Counter()
    if ranking.direction != "out":
        counts.update(v for _, v in ends)
    return counts


def _label(g: nx.MultiDiGraph, n: str) -> str:
    return g.nodes[n]["labels"].lstrip(":")


def _name(g: nx.MultiDiGraph, n: Optional[str]) -> Optional[str]:
    return None if n is None else g.nodes[n].get("name")


def _nodes(g: nx.MultiDiGraph, labels: Iterable[str] = ENTITY_LABELS) -> list[str]:
    return [n for n, d in g.nodes(data=True) if d["labels"] in labels]


def _edges(g: nx.MultiDiGraph, rel: Optional[str] = None):
    """(source, target, data) of every fact edge, or of one type."""
    for u, v, d in g.edges(data=True):
        if (rel is None and d["label"] in FACTS) or d["label"] == rel:
            yield u, v, d


def _around(g: nx.MultiDiGraph, n: Optional[str]):
    """(source, target, data) of every edge of `n`, out then in (none for no node)."""
    return chain(g.out_edges(n, data=True), g.in_edges(n, data=True)) if n else []


def _told(fact: dict, params: dict, documents: str = "doc_ids") -> bool:
    """The fact filters: told in `document` (by its id), at least `min_confidence` confident."""
    return (params["document"] is None or params["document"] in fact[documents]) and \
        (params["min_confidence"] is None or fact["confidence"] >= params["min_confidence"])


def _sort(rows: Rows, *keys) -> Rows:
    """ORDER BY: ascending, nulls last (as Neo4j does); a key may be (column, 'desc')."""
    for key in reversed(keys):
        column, desc = (key, False) if isinstance(key, str) else (key[0], True)
        present = [r for r in rows if r[column] is not None]
        missing = [r for r in rows if r[column] is None]
        rows = sorted(present, key=lambda r: r[column], reverse=desc) + missing
    return rows


def investors(g: nx.MultiDiGraph, params: dict) -> Rows:
    rows = []
    for investor, inv, r in _edges(g, "INVESTED_IN"):
        if params["investor"] not in (None, investor) or not _told(r, params):
            continue
        for _, company, _ in g.out_edges(inv, data=True):
            if g.get_edge_data(inv, company, "FUNDS") is None or _label(g, company) != "Organization":
                continue
            data = g.nodes[inv]
            rows.append({"investor": _name(g, investor), "investor_label": _label(g, investor),
                         "company": _name(g, company), "round": data.get("round"), "amount_usd": data.get("amount_usd"),
                         "amount_text": data.get("amount_text"), "stake": data.get("stake"),
                         "lead": bool(r.get("lead", False)), "investment": inv})
    return _page(_sort(rows, "investor", "company", "investment"), params)


def people(g: nx.MultiDiGraph, params: dict) -> Rows:
    org = params["organization"]
    rows = [{"organization": _name(g, org), "person": _name(g, p), "role": r.get("role"),
             "past": bool(r.get("past", False)), "quote": r["quotes"][0], "_id": p}
            for p, _, r in (g.in_edges(org, data=True) if org else [])
            if r["label"] == "WORKS_AT" and _label(g, p) == "Person" and _told(r, params)]
    return _drop(_page(_sort(rows, "person", "role", "_id"), params), "_id")


def competitors(g: nx.MultiDiGraph, params: dict) -> Rows:
    entity, rows = params["entity"], []
    for u, v, r in _around(g, entity):
        if r["label"] == "COMPETES_WITH" and _told(r, params):
            other = v if u == entity else u
            rows.append({"entity": _name(g, entity), "competitor": _name(g, other), "competitor_label": _label(g, other),
                         "quotes": r["quotes"], "documents": r["doc_ids"], "_id": other})
    return _drop(_page(_sort(rows, "competitor", "_id"), params), "_id")


def co_investors(g: nx.MultiDiGraph, params: dict) -> Rows:
    investor = params["investor"]
    companies = {c for inv in _invested(g, investor) for c in _funded(g, inv)}
    shared: dict[str, set[str]] = {}
    for company in companies:
        for inv, _, r in g.in_edges(company, data=True):
            if r["label"] == "FUNDS":
                for other, _, d in g.in_edges(inv, data=True):
                    if d["label"] == "INVESTED_IN" and other != investor:
                        shared.setdefault(other, set()).add(company)
    rows = [{"investor": _name(g, investor), "co_investor": _name(g, other), "shared": len(names),
             "companies": names, "_b": other}
            for other, held in shared.items() for names in [sorted({_name(g, c) for c in held})]
            if len(names) >= (params["min_shared"] or 1)]
    return _drop(_page(_sort(rows, ("shared", "desc"), "co_investor", "_b"), params), "_b")


def _invested(g: nx.MultiDiGraph, investor: Optional[str]) -> list[str]:
    """The funding events an investor is in."""
    return [inv for _, inv, r in (g.out_edges(investor, data=True) if investor else []) if r["label"] == "INVESTED_IN"]


def _funded(g: nx.MultiDiGraph, inv: str) -> list[str]:
    """The organizations a funding event funds."""
    return [c for _, c, r in g.out_edges(inv, data=True) if r["label"] == "FUNDS" and _label(g, c) == "Organization"]


def models(g: nx.MultiDiGraph, params: dict) -> Rows:
    rows = []
    for model in _nodes(g, (":Model",)):
        makers = [(o, r) for o, _, r in g.in_edges(model, data=True)
                  if r["label"] == "DEVELOPED" and _label(g, o) == "Organization"] or [(None, {})]
        for org, r in makers:
            if params["developer"] not in (None, org):
                continue
            rows.append({"model": _name(g, model), "developer": _name(g, org),
                         "mentions": g.nodes[model].get("mention_count"),
                         "quote": r["quotes"][0] if r.get("quotes") else None, "_m": model, "_o": org})
    return _drop(_page(_sort(rows, "model", "developer", "_m", "_o"), params), "_m", "_o")


def most_connected(g: nx.MultiDiGraph, params: dict) -> Rows:
    degree = counted(g, FACTS_RANKING)
    ranked = _page(sorted(_nodes(g), key=lambda n: (-degree[n], n)), params)
    return [{"entity": _name(g, n), "label": _label(g, n), "degree": degree[n],
             "documents": len(g.nodes[n].get("documents", []))} for n in ranked]


MAX_HOPS = 10  # as the Cypher's allShortestPaths((a)-[*..10]-(b))


def path(g: nx.MultiDiGraph, params: dict) -> Rows:
    """Of the shortest chains of facts, the first by its nodes' ids, then its types: walked
    step by step, each step to the smallest id that is still on a shortest chain (one breadth
    first search from each end; no chain is listed)."""
    start, end, types = params["from"], params["to"], set(params["fact_types"])
    if start is None or end is None:
        return []
    from_start = _distances(g, start, types, end)
    if end not in from_start:
        return []
    length = from_start[end]
    to_end = _distances(g, end, types, None, length)
    nodes = [start]
    for step in range(1, length + 1):
        nodes.append(min(m for m, _ in _hops(g, nodes[-1], types)
                         if from_start.get(m) == step and to_end.get(m) == length - step))
    rows = []
    for i, (here, there) in enumerate(zip(nodes, nodes[1:])):
        d, forward = min(((d, forward) for m, (d, forward) in _hops(g, here, types) if m == there),
                         key=lambda hop: (hop[0]["label"], not hop[1]))
        rows.append({"step": i + 1, "source": _name(g, here), "relationship": d["label"], "target": _name(g, there),
                     "forward": forward, "quote": d["quotes"][0], "document": d["doc_ids"][0]})
    return rows


def _hops(g: nx.MultiDiGraph, n: str, types: set):
    """(neighbour, (edge data, whether the edge leaves n)) over every fact edge of n, either way."""
    for _, m, d in g.out_edges(n, data=True):
        if d["label"] in types:
            yield m, (d, True)
    for m, _, d in g.in_edges(n, data=True):
        if d["label"] in types:
            yield m, (d, False)


def _distances(g: nx.MultiDiGraph, source: str, types: set, goal: Optional[str], depth: int = MAX_HOPS) -> dict[str, int]:
    """Hops from `source` over fact edges, layer by layer up to `depth`, or up to `goal`'s layer."""
    distance, layer = {source: 0}, [source]
    for hops in range(1, depth + 1):
        if goal in distance or not layer:
            break
        following = []
        for n in layer:
            for m, _ in _hops(g, n, types):
                if m not in distance:
                    distance[m] = hops
                    following.append(m)
        layer = following
    return distance


def profile(g: nx.MultiDiGraph, params: dict) -> Rows:
    entity, rows = params["entity"], []
    for u, v, r in _around(g, entity):
        if r["label"] not in params["fact_types"] or not _told(r, params):
            continue
        other = v if u == entity else u
        rows.append({"entity": _name(g, entity), "relationship": r["label"], "direction": "out" if u == entity else "in",
                     "other": _name(g, other), "other_label": _label(g, other), "role": r.get("role"),
                     "past": r.get("past"), "confidence": r.get("confidence"), "quotes": r["quotes"],
                     "documents": r["doc_ids"], "_id": other})
    return _drop(_page(_sort(rows, "relationship", "direction", "other_label", "other", "_id"), params), "_id")


def funding_rounds(g: nx.MultiDiGraph, params: dict) -> Rows:
    rows = []
    for inv, company, _ in _edges(g, "FUNDS"):
        data = g.nodes[inv]
        if _label(g, company) != "Organization" or params["company"] not in (None, company) \
                or not _told(data, params, "documents"):
            continue
        backers = sorted(((bool(r.get("lead", False)), i) for i, _, r in g.in_edges(inv, data=True) if r["label"] == "INVESTED_IN"),
                         key=lambda b: (not b[0], _name(g, b[1]), b[1]))
        rows.append({"company": _name(g, company), "round": data.get("round"), "amount": data.get("amount_text"),
                     "amount_usd": data.get("amount_usd"), "valuation": data.get("valuation_text"),
                     "valuation_usd": data.get("valuation_usd"), "date": data.get("date"),
                     "investors": [_name(g, i) for _, i in backers], "leads": [_name(g, i) for lead, i in backers if lead],
                     "quote": data["quotes"][0], "documents": data["documents"], "_id": inv})
    return _drop(_page(_sort(rows, "company", "date", "_id"), params), "_id")


def timeline(g: nx.MultiDiGraph, params: dict) -> Rows:
    entity = params["entity"]
    documents = {d["doc_id"]: n for n, d in g.nodes(data=True) if d["labels"] == ":Document"}
    rows = []
    for u, v, r in _around(g, entity):
        if r["label"] not in params["fact_types"] or not _told(r, {**params, "document": None}):
            continue  # the document filter applies to each telling below, not to the fact
        other = v if u == entity else u
        event_date = g.nodes[other].get("date") if _label(g, other) == "Investment" else None
        for k, doc in enumerate(r["doc_ids"]):
            told_in = g.nodes[documents[doc]] if doc in documents else {}
            date = event_date or told_in.get("date")
            if date is not None and params["document"] in (None, doc) and _of_show(told_in, params["show"]):
                rows.append({"entity": _name(g, entity), "date": date, "relationship": r["label"],
                             "direction": "out" if u == entity else "in", "other": _name(g, other),
                             "quote": r["quotes"][k], "document": doc, "_id": other})
    for _, doc, r in (g.out_edges(entity, data=True) if entity else []):
        d = g.nodes[doc]
        if r["label"] == "MENTIONED_IN" and d.get("date") is not None and params["document"] in (None, d["doc_id"]) \
                and _of_show(d, params["show"]):
            rows.append({"entity": _name(g, entity), "date": d["date"], "relationship": "MENTIONED_IN", "direction": "out",
                         "other": d.get("name"), "quote": r["quotes"][0], "document": d["doc_id"], "_id": doc})
    return _drop(_page(_sort(rows, "date", "relationship", "direction", "other", "_id", "quote"), params), "_id")


def mentions(g: nx.MultiDiGraph, params: dict) -> Rows:
    entity, rows = params["entity"], []
    for _, doc, r in (g.out_edges(entity, data=True) if entity else []):
        if r["label"] == "MENTIONED_IN" and _of_show(g.nodes[doc], params["show"]):
            d = g.nodes[doc]
            rows.append({"entity": _name(g, entity), "document": d.get("name"), "source": d.get("source"),
                         "show": d.get("show"), "date": d.get("date"), "first_mention": r["quotes"][0],
                         "at": r["span_starts"][0], "_id": doc})
    return _drop(_page(_sort(rows, "source", "_id"), params), "_id")


def _page(rows: list, params: dict) -> list:
    """SKIP $offset LIMIT $limit."""
    return rows[params["offset"]:params["offset"] + params["limit"]]


def _of_show(document: dict, show: Optional[str]) -> bool:
    """Is this document (a node's properties) one of the show's? Any, without a show."""
    return show is None or (document.get("show") or "").lower() == show.lower()


def _drop(rows: Rows, *columns: str) -> Rows:
    """Remove the tie-breaking columns that the Cypher sorts by but does not return."""
    return [{k: v for k, v in r.items() if k not in columns} for r in rows]
