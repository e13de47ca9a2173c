"""The canned reports over the offline NetworkX graph: each returns exactly the rows of its
cypher/<name>.cypher on a Neo4j holding the same graph, in the same order. Each takes the
graph and the report's parameters (None where not given), and the fixed ones the runner
adds from the relation catalogue (`fact_types`)."""

from __future__ import annotations

from itertools import chain, product
from typing import Any, Iterable, Optional

import networkx as nx

from ..models import fact_types

ENTITY_LABELS = (":Person", ":Organization", ":Model", ":Product")
FACTS = frozenset(t.value for t in fact_types())  # the edges reports count as facts (not MENTIONED_IN)
Rows = list[dict[str, Any]]


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


def _degree(g: nx.MultiDiGraph, n: str, rel: Optional[str] = None, direction: str = "both") -> int:
    edges = []
    if direction in ("both", "out"):
        edges += [d for _, _, d in g.out_edges(n, data=True)]
    if direction in ("both", "in"):
        edges += [d for _, _, d in g.in_edges(n, data=True)]
    return sum(1 for d in edges if (rel is None and d["label"] in FACTS) or d["label"] == rel)


def _matches(g: nx.MultiDiGraph, n: str, value: Optional[str]) -> bool:
    if value is None:
        return True
    data, low = g.nodes[n], value.lower()
    return n == value or (data.get("name") or "").lower() == low or any(a.lower() == low for a in data.get("aliases", []))


def _pick(g, value, labels=ENTITY_LABELS, rel=None, direction="both", exclude=None) -> Optional[str]:
    """The entity a parameter names, else (no parameter) the most connected one."""
    found = [n for n in _nodes(g, labels) if n != exclude and _matches(g, n, value)]
    return min(found, key=lambda n: (-_degree(g, n, rel, direction), n), default=None)


def _told(fact: dict, params: dict, documents: str = "doc_ids") -> bool:
    """The fact filters: told in `document` (by its id), at least `min_confidence` confident."""
    return (params["document"] is None or params["document"] in fact[documents]) and \
        (params["min_confidence"] is None or fact["confidence"] >= params["min_confidence"])


def known(g: nx.MultiDiGraph, labels: Iterable[str]) -> Rows:
    """What nodes of these labels are called (id, name, aliases, doc_id): what parameters may name."""
    wanted = {f":{label}" for label in labels}
    return [{"id": n, "name": d.get("name"), "aliases": d.get("aliases"), "doc_id": d.get("doc_id")}
            for n, d in g.nodes(data=True) if d["labels"] in wanted]


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
        if not _matches(g, investor, params["investor"]) or not _told(r, params):
            continue
        for _, company, _ in g.out_edges(inv, data=True):
            if g.get_edge_data(inv, company, "FUNDS") is None or _label(g, company) != "Organization":
                continue
            data = g.nodes[inv]
            rows.append({"investor": _name(g, investor), "investor_label": _label(g, investor),
                         "company": _name(g, company), "round": data.get("round"), "amount_usd": data.get("amount_usd"),
                         "amount_text": data.get("amount_text"), "stake": data.get("stake"),
                         "lead": bool(r.get("lead", False)), "investment": inv})
    return _sort(rows, "investor", "company", "investment")


def people(g: nx.MultiDiGraph, params: dict) -> Rows:
    org = _pick(g, params["organization"], (":Organization",), "WORKS_AT", "in")
    if org is None:
        return []
    rows = [{"organization": _name(g, org), "person": _name(g, p), "role": r.get("role"),
             "past": bool(r.get("past", False)), "quote": r["quotes"][0], "_id": p}
            for p, _, r in g.in_edges(org, data=True)
            if r["label"] == "WORKS_AT" and _label(g, p) == "Person" and _told(r, params)]
    return _drop(_sort(rows, "person", "role", "_id"), "_id")


def competitors(g: nx.MultiDiGraph, params: dict) -> Rows:
    entity = _pick(g, params["entity"], (":Organization", ":Model", ":Product"), "COMPETES_WITH")
    if entity is None:
        return []
    rows = []
    for u, v, r in _edges(g, "COMPETES_WITH"):
        if entity in (u, v) and _told(r, params):
            other = v if u == entity else u
            rows.append({"entity": _name(g, entity), "competitor": _name(g, other), "competitor_label": _label(g, other),
                         "quotes": r["quotes"], "documents": r["doc_ids"], "_id": other})
    return _drop(_sort(rows, "competitor", "_id"), "_id")


def co_investors(g: nx.MultiDiGraph, params: dict) -> Rows:
    portfolio: dict[str, set[str]] = {}
    for investor, inv, _ in _edges(g, "INVESTED_IN"):
        for _, company, r in g.out_edges(inv, data=True):
            if r["label"] == "FUNDS" and _label(g, company) == "Organization":
                portfolio.setdefault(investor, set()).add(company)
    rows = []
    for a, b in product(sorted(portfolio), repeat=2):
        shared = sorted({_name(g, c) for c in portfolio[a] & portfolio[b]})
        if a < b and len(shared) >= (params["min_shared"] or 1):
            rows.append({"investor_a": _name(g, a), "investor_b": _name(g, b), "shared": len(shared),
                         "companies": shared, "_a": a, "_b": b})
    return _drop(_sort(rows, ("shared", "desc"), "investor_a", "investor_b", "_a", "_b"), "_a", "_b")


def models(g: nx.MultiDiGraph, params: dict) -> Rows:
    rows = []
    for model in _nodes(g, (":Model",)):
        makers = [(o, r) for o, _, r in g.in_edges(model, data=True)
                  if r["label"] == "DEVELOPED" and _label(g, o) == "Organization"] or [(None, {})]
        for org, r in makers:
            if params["developer"] is not None and (org is None or not _matches(g, org, params["developer"])):
                continue
            rows.append({"model": _name(g, model), "developer": _name(g, org),
                         "mentions": g.nodes[model].get("mention_count"),
                         "quote": r["quotes"][0] if r.get("quotes") else None, "_m": model, "_o": org})
    return _drop(_sort(rows, "model", "developer", "_m", "_o"), "_m", "_o")


def most_connected(g: nx.MultiDiGraph, params: dict) -> Rows:
    ranked = sorted(_nodes(g), key=lambda n: (-_degree(g, n), n))[: params["limit"] if params["limit"] is not None else 10]
    return [{"entity": _name(g, n), "label": _label(g, n), "degree": _degree(g, n),
             "documents": len(g.nodes[n].get("documents", []))} for n in ranked]


def path(g: nx.MultiDiGraph, params: dict) -> Rows:
    start = _pick(g, params["from"])
    end = _pick(g, params["to"], exclude=start) if start else None
    if start is None or end is None:
        return []
    facts = nx.MultiGraph()
    facts.add_nodes_from(g.nodes)
    facts.add_edges_from((u, v, {"u": u, "v": v, **d}) for u, v, d in g.edges(data=True)
                         if d["label"] in params["fact_types"])
    try:
        node_paths = list(nx.all_shortest_paths(facts, start, end))
    except nx.NetworkXNoPath:
        return []
    if len(node_paths[0]) - 1 > 10:
        return []
    best = min(((nodes, hops) for nodes in node_paths for hops in _edge_choices(facts, nodes)),
               key=lambda c: (c[0], [h["label"] for h in c[1]]))
    nodes, hops = best
    return [{"step": i + 1, "source": _name(g, nodes[i]), "relationship": h["label"], "target": _name(g, nodes[i + 1]),
             "forward": h["u"] == nodes[i], "quote": h["quotes"][0], "document": h["doc_ids"][0]}
            for i, h in enumerate(hops)]


def _edge_choices(facts: nx.MultiGraph, nodes: list[str]):
    return product(*(list(facts.get_edge_data(a, b).values()) for a, b in zip(nodes, nodes[1:])))


def profile(g: nx.MultiDiGraph, params: dict) -> Rows:
    entity = _pick(g, params["entity"])
    if entity is None:
        return []
    rows = []
    for u, v, r in _edges(g):
        if entity not in (u, v) or not _told(r, params):
            continue
        other = v if u == entity else u
        rows.append({"entity": _name(g, entity), "relationship": r["label"], "direction": "out" if u == entity else "in",
                     "other": _name(g, other), "other_label": _label(g, other), "role": r.get("role"),
                     "past": r.get("past"), "confidence": r.get("confidence"), "quotes": r["quotes"],
                     "documents": r["doc_ids"], "_id": other})
    return _drop(_sort(rows, "relationship", "direction", "other_label", "other", "_id"), "_id")


def funding_rounds(g: nx.MultiDiGraph, params: dict) -> Rows:
    rows = []
    for inv, company, _ in _edges(g, "FUNDS"):
        data = g.nodes[inv]
        if _label(g, company) != "Organization" or not _matches(g, company, params["company"]) \
                or not _told(data, params, "documents"):
            continue
        backers = sorted(((bool(r.get("lead", False)), i) for i, _, r in g.in_edges(inv, data=True) if r["label"] == "INVESTED_IN"),
                         key=lambda b: (not b[0], _name(g, b[1]), b[1]))
        rows.append({"company": _name(g, company), "round": data.get("round"), "amount": data.get("amount_text"),
                     "amount_usd": data.get("amount_usd"), "valuation": data.get("valuation_text"),
                     "valuation_usd": data.get("valuation_usd"), "date": data.get("date"),
                     "investors": [_name(g, i) for _, i in backers], "leads": [_name(g, i) for lead, i in backers if lead],
                     "quote": data["quotes"][0], "documents": data["documents"], "_id": inv})
    return _drop(_sort(rows, "company", "date", "_id"), "_id")


def timeline(g: nx.MultiDiGraph, params: dict) -> Rows:
    entity = _pick(g, params["entity"])
    if entity is None:
        return []
    documents = {d["doc_id"]: n for n, d in g.nodes(data=True) if d["labels"] == ":Document"}
    rows = []
    for u, v, r in chain(g.out_edges(entity, data=True), g.in_edges(entity, data=True)):
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
    for _, doc, r in g.out_edges(entity, data=True):
        d = g.nodes[doc]
        if r["label"] == "MENTIONED_IN" and d.get("date") is not None and params["document"] in (None, d["doc_id"]) \
                and _of_show(d, params["show"]):
            rows.append({"entity": _name(g, entity), "date": d["date"], "relationship": "MENTIONED_IN", "direction": "out",
                         "other": d.get("name"), "quote": r["quotes"][0], "document": d["doc_id"], "_id": doc})
    return _drop(_sort(rows, "date", "relationship", "direction", "other", "_id", "quote"), "_id")


def mentions(g: nx.MultiDiGraph, params: dict) -> Rows:
    entity = _pick(g, params["entity"])
    if entity is None:
        return []
    rows = []
    for _, doc, r in g.out_edges(entity, data=True):
        if r["label"] == "MENTIONED_IN" and _of_show(g.nodes[doc], params["show"]):
            d = g.nodes[doc]
            rows.append({"entity": _name(g, entity), "document": d.get("name"), "source": d.get("source"),
                         "show": d.get("show"), "date": d.get("date"), "first_mention": r["quotes"][0],
                         "at": r["span_starts"][0], "_id": doc})
    return _drop(_sort(rows, "source", "_id"), "_id")


def _of_show(document: dict, show: Optional[str]) -> bool:
    """Is this document (a node's properties) one of the show's? Any, without a show."""
    return show is None or (document.get("show") or "").lower() == show.lower()


def _drop(rows: Rows, *columns: str) -> Rows:
    """Remove the tie-breaking columns that the Cypher sorts by but does not return."""
    return [{k: v for k, v in r.items() if k not in columns} for r in rows]
