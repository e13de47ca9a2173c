"""The canned reports over the offline NetworkX graph: each returns exactly the rows of its
cypher/<name>.cypher on a Neo4j holding the same graph, in the same order: the page its
`limit` and `offset` ask for, as the Cypher does. Each takes the indexed graph (`Offline`) and
the report's parameters, names already resolved to ids (None where not given), and the fixed
ones the runner adds from the relation catalogue (`fact_types`). `Offline` is the backend: the
graph's indexes, the resolver's look-ups, then the rows."""

from __future__ import annotations

import heapq
from collections import Counter
from typing import Any, Callable, Iterable, Iterator, Optional

import networkx as nx

from ..models import ENTITY_LABELS as LABELS
from ..rankings import FACTS, Ranking
from .naming import Naming, same_name

ENTITY_LABELS = tuple(f":{label.value}" for label in LABELS)
Rows = list[dict[str, Any]]


class Offline:
    """The reports' backend over one offline graph. It indexes the graph once, as a load does
    on Neo4j (its unique index on ids, its label scans, the rankings kept as properties): each
    node's properties, the nodes of each label and the edges of each type; each ranking when a
    report first reads it. A report then reads the part of the graph it reports on and no
    report walks all of it."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self.node: dict[str, dict] = dict(graph.nodes(data=True))
        self.labelled: dict[str, list[str]] = {}
        for n, data in self.node.items():
            self.labelled.setdefault(data["labels"], []).append(n)
        self.typed: dict[str, list[tuple[str, str, dict]]] = {}
        for u, v, data in graph.edges(data=True):
            self.typed.setdefault(data["label"], []).append((u, v, data))
        self._rankings: dict[Ranking, Counter] = {}

    def ranking(self, ranking: Ranking) -> Counter:
        """Each node's rank by `ranking` (rankings.py), counted once, at the first report that reads it."""
        if ranking not in self._rankings:
            self._rankings[ranking] = ranking.counted(self)
        return self._rankings[ranking]

    def investors_of(self, company: str) -> set[str]:
        """Who invests in an organization: the investors of its funding events."""
        return {u for inv, r in self.into(company) if r["label"] == "FUNDS"
                for u, d in self.into(inv) if d["label"] == "INVESTED_IN"}

    def of(self, labels: Iterable[str]) -> list[str]:
        """The nodes of these labels (":Person", ...)."""
        return [n for label in labels for n in self.labelled.get(label, [])]

    def edges(self, rel: str, source: Optional[str] = None, target: Optional[str] = None) -> Iterable[tuple[str, str, dict]]:
        """(source, target, data) of every edge of one type; only those leaving `source`, or
        entering `target`, where given (read from that node, not from every edge of the type)."""
        if source is not None:
            return ((source, v, data) for v, data in self.out(source) if data["label"] == rel)
        if target is not None:
            return ((u, target, data) for u, data in self.into(target) if data["label"] == rel)
        return self.typed.get(rel, [])

    def out(self, n: Optional[str]) -> Iterator[tuple[str, dict]]:
        """(target, data) of every edge leaving `n` (none for no node)."""
        return _adjacent(self.graph._succ, n)  # networkx's own dicts: its views cost more than a walk's work

    def into(self, n: Optional[str]) -> Iterator[tuple[str, dict]]:
        """(source, data) of every edge entering `n` (none for no node)."""
        return _adjacent(self.graph._pred, n)

    def around(self, n: Optional[str]) -> Iterator[tuple[str, str, dict]]:
        """(source, target, data) of every edge of `n`, out then in."""
        yield from ((n, m, data) for m, data in self.out(n))
        yield from ((m, n, data) for m, data in self.into(n))

    def label(self, n: str) -> str:
        return self.node[n]["labels"].lstrip(":")

    def name(self, n: Optional[str]) -> Optional[str]:
        return None if n is None else self.node[n].get("name")

    def _of(self, naming: Naming) -> list[str]:
        return self.of(f":{label}" for label in naming.labels)

    def named(self, naming: Naming, value: str) -> list[str]:
        nodes = self.node
        if naming.documents:
            return [nodes[n]["doc_id"] for n in self._of(naming) if value in (n, nodes[n]["doc_id"])]
        words = any(c.isalnum() for c in value)  # as on Neo4j: a name of no word matches ids only
        return [n for n in self._of(naming)
                if n == value or words and same_name(value, nodes[n].get("name"), nodes[n].get("aliases"))]

    def first(self, naming: Naming, among: Optional[list[str]], unlike: Optional[str]) -> Optional[str]:
        counts = self.ranking(naming.ranking)
        candidates = [n for n in (self._of(naming) if among is None else among)
                      if n != unlike and (among or counts[n])]  # by default, one with none is no first
        return min(candidates, key=lambda n: (-counts[n], n), default=None)

    def spellings(self, naming: Naming) -> list[str]:
        return [self.node[n].get("doc_id" if naming.documents else "name") for n in self._of(naming)]

    def holds(self, label: str) -> bool:
        return f":{label}" in self.labelled

    def rows(self, report, arguments: dict) -> Rows:
        return report.offline(self, arguments)


def _adjacent(adjacency: dict, n: Optional[str]) -> Iterator[tuple[str, dict]]:
    for m, keyed in (adjacency[n].items() if n else ()):
        for data in keyed.values():
            yield m, data


def _told(fact: dict, params: dict, documents: str = "doc_ids") -> bool:
    """The fact filters: told in `document` (by its id), at least `min_confidence` confident."""
    return (params["document"] is None or params["document"] in fact[documents]) and \
        (params["min_confidence"] is None or fact["confidence"] >= params["min_confidence"])


def _top(rows: Iterable, params: dict, key: Callable) -> list:
    """ORDER BY `key` SKIP $offset LIMIT $limit, without sorting the rows that fall off the page."""
    wanted = params["offset"] + params["limit"]
    return heapq.nsmallest(wanted, rows, key=key)[params["offset"]:]


def _by(*columns: str | tuple[str, str]) -> Callable[[dict], tuple]:
    """The sort key of ORDER BY these columns of a row, as Neo4j orders: ascending with nulls
    last; a column given as (name, 'desc'), a number, descending with nulls first."""
    def key(row: dict) -> tuple:
        return tuple(_column_key(row, column) for column in columns)
    return key


def _column_key(row: dict, column: str | tuple[str, str]) -> tuple:
    """One column's part of `_by`'s key."""
    name, direction = (column, "asc") if isinstance(column, str) else column
    value = row[name]
    if direction == "desc":
        return (False, 0) if value is None else (True, -value)
    return _last(value)


def _last(value) -> tuple:
    """A sort key that puts None after every value."""
    return (True, 0) if value is None else (False, value)


def investors(o: Offline, params: dict) -> Rows:
    held = [(investor, company, inv, r) for investor, inv, r in o.edges("INVESTED_IN", source=params["investor"])
            if _told(r, params) for company in _funded(o, inv)]
    page = _top(held, params, key=lambda h: (_last(o.name(h[0])), _last(o.name(h[1])), h[2]))
    return [{"investor": o.name(investor), "investor_label": o.label(investor), "company": o.name(company),
             "round": data.get("round"), "amount_usd": data.get("amount_usd"), "amount_text": data.get("amount_text"),
             "stake": data.get("stake"), "lead": bool(r.get("lead", False)), "investment": inv}
            for investor, company, inv, r in page for data in [o.node[inv]]]


def people(o: Offline, params: dict) -> Rows:
    org = params["organization"]
    rows = [{"organization": o.name(org), "person": o.name(p), "role": r.get("role"),
             "past": bool(r.get("past", False)), "quote": r["quotes"][0], "_id": p}
            for p, r in o.into(org)
            if r["label"] == "WORKS_AT" and o.label(p) == "Person" and _told(r, params)]
    return _drop(_top(rows, params, _by("person", "role", "_id")), "_id")


def competitors(o: Offline, params: dict) -> Rows:
    entity, rows = params["entity"], []
    for u, v, r in o.around(entity):
        if r["label"] == "COMPETES_WITH" and _told(r, params):
            other = v if u == entity else u
            rows.append({"entity": o.name(entity), "competitor": o.name(other), "competitor_label": o.label(other),
                         "quotes": r["quotes"], "documents": r["doc_ids"], "_id": other})
    return _drop(_top(rows, params, _by("competitor", "_id")), "_id")


def co_investors(o: Offline, params: dict) -> Rows:
    investor = params["investor"]
    companies = {c for inv in _invested(o, investor) for c in _funded(o, inv)}
    shared: dict[str, set[str]] = {}
    for company in companies:
        for other in o.investors_of(company) - {investor}:
            shared.setdefault(other, set()).add(company)
    rows = [{"investor": o.name(investor), "co_investor": o.name(other), "shared": len(names),
             "companies": names, "_b": other}
            for other, held in shared.items() for names in [sorted({o.name(c) for c in held})]
            if len(names) >= (params["min_shared"] or 1)]
    return _drop(_top(rows, params, _by(("shared", "desc"), "co_investor", "_b")), "_b")


def _invested(o: Offline, investor: Optional[str]) -> list[str]:
    """The funding events an investor is in."""
    return [inv for _, inv, _ in o.edges("INVESTED_IN", source=investor)] if investor else []


def _funded(o: Offline, inv: str) -> list[str]:
    """The organizations a funding event funds (a report's investee is an Organization)."""
    return [c for _, c, _ in o.edges("FUNDS", source=inv) if o.label(c) == "Organization"]


def models(o: Offline, params: dict) -> Rows:
    rows = []
    for model in o.of((":Model",)):
        makers = [(org, r) for org, r in o.into(model)
                  if r["label"] == "DEVELOPED" and o.label(org) == "Organization"] or [(None, {})]
        for org, r in makers:
            if params["developer"] not in (None, org):
                continue
            rows.append({"model": o.name(model), "developer": o.name(org),
                         "mentions": o.node[model].get("mention_count"),
                         "quote": r["quotes"][0] if r.get("quotes") else None, "_m": model, "_o": org})
    return _drop(_top(rows, params, _by("model", "developer", "_m", "_o")), "_m", "_o")


def most_connected(o: Offline, params: dict) -> Rows:
    degree = o.ranking(FACTS)
    ranked = _top(o.of(ENTITY_LABELS), params, key=lambda n: (-degree[n], n))
    return [{"entity": o.name(n), "label": o.label(n), "degree": degree[n],
             "documents": len(o.node[n].get("documents", []))} for n in ranked]


MAX_HOPS = 10  # as the Cypher's allShortestPaths((a)-[*..10]-(b))


def path(o: Offline, params: dict) -> Rows:
    """Of the shortest chains of facts, the first by its nodes' ids, then its types: walked
    step by step, each step to the smallest id that is still on a shortest chain (one breadth
    first search from each end; no chain is listed)."""
    start, end, types = params["from"], params["to"], set(params["fact_types"])
    if start is None or end is None:
        return []
    from_start = _distances(o, start, types, end)
    if end not in from_start:
        return []
    length = from_start[end]
    to_end = _distances(o, end, types, None, length)
    nodes = [start]
    for step in range(1, length + 1):
        nodes.append(min(m for m, _ in _hops(o, nodes[-1], types)
                         if from_start.get(m) == step and to_end.get(m) == length - step))
    rows = []
    for i, (here, there) in enumerate(zip(nodes, nodes[1:])):
        d, forward = min(((d, forward) for m, (d, forward) in _hops(o, here, types) if m == there),
                         key=lambda hop: (hop[0]["label"], not hop[1]))
        rows.append({"step": i + 1, "source": o.name(here), "relationship": d["label"], "target": o.name(there),
                     "forward": forward, "quote": d["quotes"][0], "document": d["doc_ids"][0]})
    return rows


def _hops(o: Offline, n: str, types: set):
    """(neighbour, (edge data, whether the edge leaves n)) over every fact edge of n, either way."""
    for m, d in o.out(n):
        if d["label"] in types:
            yield m, (d, True)
    for m, d in o.into(n):
        if d["label"] in types:
            yield m, (d, False)


def _distances(o: Offline, source: str, types: set, goal: Optional[str], depth: int = MAX_HOPS) -> dict[str, int]:
    """Hops from `source` over fact edges, layer by layer up to `depth`, or up to `goal`'s layer."""
    distance, layer = {source: 0}, [source]
    for hops in range(1, depth + 1):
        if goal in distance or not layer:
            break
        following = []
        for n in layer:
            for m, _ in _hops(o, n, types):
                if m not in distance:
                    distance[m] = hops
                    following.append(m)
        layer = following
    return distance


def profile(o: Offline, params: dict) -> Rows:
    entity, rows = params["entity"], []
    for u, v, r in o.around(entity):
        if r["label"] not in params["fact_types"] or not _told(r, params):
            continue
        other = v if u == entity else u
        rows.append({"entity": o.name(entity), "relationship": r["label"], "direction": "out" if u == entity else "in",
                     "other": o.name(other), "other_label": o.label(other), "role": r.get("role"),
                     "past": r.get("past"), "confidence": r.get("confidence"), "quotes": r["quotes"],
                     "documents": r["doc_ids"], "_id": other})
    return _drop(_top(rows, params, _by("relationship", "direction", "other_label", "other", "_id")), "_id")


def funding_rounds(o: Offline, params: dict) -> Rows:
    rounds = [(inv, company) for inv, company, _ in o.edges("FUNDS", target=params["company"])
              if o.label(company) == "Organization" and _told(o.node[inv], params, "documents")]
    page = _top(rounds, params, key=lambda c: (_last(o.name(c[1])), _last(o.node[c[0]].get("date")), c[0]))
    return [_funding_round(o, inv, company) for inv, company in page]


def _funding_round(o: Offline, inv: str, company: str) -> dict:
    data = o.node[inv]
    backers = sorted(((bool(r.get("lead", False)), i) for i, r in o.into(inv) if r["label"] == "INVESTED_IN"),
                     key=lambda b: (not b[0], o.name(b[1]), b[1]))
    return {"company": o.name(company), "round": data.get("round"), "amount": data.get("amount_text"),
            "amount_usd": data.get("amount_usd"), "valuation": data.get("valuation_text"),
            "valuation_usd": data.get("valuation_usd"), "date": data.get("date"),
            "investors": [o.name(i) for _, i in backers], "leads": [o.name(i) for lead, i in backers if lead],
            "quote": data["quotes"][0], "documents": data["documents"]}


def timeline(o: Offline, params: dict) -> Rows:
    entity = params["entity"]
    documents = {o.node[n]["doc_id"]: n for n in o.of((":Document",))}
    rows = []
    for u, v, r in o.around(entity):
        if r["label"] not in params["fact_types"] or not _told(r, {**params, "document": None}):
            continue  # the document filter applies to each telling below, not to the fact
        other = v if u == entity else u
        event_date = o.node[other].get("date") if o.label(other) == "Investment" else None
        for k, doc in enumerate(r["doc_ids"]):
            told_in = o.node[documents[doc]] if doc in documents else {}
            date = event_date or told_in.get("date")
            if date is not None and params["document"] in (None, doc) and _of_show(told_in, params["show"]):
                rows.append({"entity": o.name(entity), "date": date, "relationship": r["label"],
                             "direction": "out" if u == entity else "in", "other": o.name(other),
                             "quote": r["quotes"][k], "document": doc, "_id": other})
    for doc, r in o.out(entity):
        d = o.node[doc]
        if r["label"] == "MENTIONED_IN" and d.get("date") is not None and params["document"] in (None, d["doc_id"]) \
                and _of_show(d, params["show"]):
            rows.append({"entity": o.name(entity), "date": d["date"], "relationship": "MENTIONED_IN", "direction": "out",
                         "other": d.get("name"), "quote": r["quotes"][0], "document": d["doc_id"], "_id": doc})
    return _drop(_top(rows, params, _by("date", "relationship", "direction", "other", "_id", "quote")), "_id")


def mentions(o: Offline, params: dict) -> Rows:
    entity, rows = params["entity"], []
    for doc, r in o.out(entity):
        if r["label"] == "MENTIONED_IN" and _of_show(o.node[doc], params["show"]):
            d = o.node[doc]
            rows.append({"entity": o.name(entity), "document": d.get("name"), "source": d.get("source"),
                         "show": d.get("show"), "date": d.get("date"), "first_mention": r["quotes"][0],
                         "at": r["span_starts"][0], "_id": doc})
    return _drop(_top(rows, params, _by("source", "_id")), "_id")


def _of_show(document: dict, show: Optional[str]) -> bool:
    """Is this document (a node's properties) one of the show's? Any, without a show."""
    return show is None or (document.get("show") or "").lower() == show.lower()


def _drop(rows: Rows, *columns: str) -> Rows:
    """Remove the tie-breaking columns that the Cypher sorts by but does not return."""
    return [{k: v for k, v in r.items() if k not in columns} for r in rows]
