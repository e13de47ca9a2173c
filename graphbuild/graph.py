"""KnowledgeGraph <-> networkx.MultiDiGraph, the offline graph every exporter and report reads.

Nodes carry `labels` (":Person") and edges `label` ("WORKS_AT"), the Neo4j APOC GraphML
convention; edge keys are the relationship type, so (u, v, type) is one edge."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator

import networkx as nx

from .errors import GraphFileError
from .models import ENTITY_LABELS, EntityLabel, KnowledgeGraph, Relation

EVIDENCE_FIELDS = ("doc_ids", "quotes", "span_starts", "span_ends", "speakers", "timestamps")


# A range index holds keys of about 8 kB at most (Neo4j refuses a longer value, and with it
# the whole batch). Ids are bounded where they are made (models.MAX_SLUG_CHARS); an indexed
# text property over INDEXED_CHARS characters (4 bytes each at most in UTF-8) is cut, and the
# whole text is kept in `uncut_<property>`, which no index reads.
INDEXED_CHARS = 1000
INDEXED_TEXT = ("name", "source")
# Set on every node graphbuild writes to Neo4j: `load --wipe` deletes these and no other node,
# whatever labels another application's nodes share with graphbuild's.
MARKER = "graphbuild"


def stored_properties(item) -> dict[str, Any]:
    """A node's properties as Neo4j holds them (`load` and the bulk import write the same): marked
    as graphbuild's, and every indexed text within what an index can hold."""
    props = {**node_properties(item), MARKER: True}
    for key in INDEXED_TEXT:
        value = props.get(key)
        if isinstance(value, str) and len(value) > INDEXED_CHARS:
            props[f"uncut_{key}"] = value
            props[key] = value[:INDEXED_CHARS]
    return props


def node_properties(item) -> dict[str, Any]:
    return item.model_dump(mode="json", exclude={"id", "label"}, exclude_none=True)


def relation_properties(rel: Relation) -> dict[str, Any]:
    """An edge's properties, evidence flattened into parallel lists of one type each (one
    entry a witness; '' where a speaker or timestamp is unknown), as Neo4j can store them."""
    props = rel.model_dump(mode="json", include={"role", "past", "lead", "confidence"}, exclude_none=True)
    props.update(
        doc_ids=[e.doc_id for e in rel.evidence], quotes=[e.quote for e in rel.evidence],
        span_starts=[e.start for e in rel.evidence], span_ends=[e.end for e in rel.evidence],
        speakers=[e.speaker or "" for e in rel.evidence], timestamps=[e.timestamp or "" for e in rel.evidence],
    )
    return props


def nodes_by_label(kg: KnowledgeGraph) -> Iterator[tuple[EntityLabel, list]]:
    """The graph's nodes, label by label: entities, then investments, then documents."""
    for label in ENTITY_LABELS:
        yield label, [e for e in kg.entities if e.label is label]
    yield EntityLabel.INVESTMENT, kg.investments
    yield EntityLabel.DOCUMENT, kg.documents


def check_unique_ids(kg: KnowledgeGraph) -> None:
    """Refuse a graph two of whose nodes share an id: loaded or imported, they would become one
    node holding the facts of both (as the graphs of older versions can, which gave
    'Report 1.txt' and 'report-1.md' one document id)."""
    ids = Counter(item.id for _, items in nodes_by_label(kg) for item in items)
    shared = [node for node, count in ids.items() if count > 1]
    if shared:
        raise GraphFileError(f"the graph has {len(shared)} ids shared by several nodes (first {shared[0]!r}), which "
                             "would merge them: build it again with this graphbuild, which gives each its own id")


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for entity in kg.entities:
        graph.add_node(entity.id, labels=f":{entity.label.value}", **node_properties(entity))
    for inv in kg.investments:
        graph.add_node(inv.id, labels=":Investment", **node_properties(inv))
    for doc in kg.documents:
        graph.add_node(doc.id, labels=":Document", **node_properties(doc))
    for rel in kg.relations:
        graph.add_edge(rel.source, rel.target, key=rel.type.value, label=rel.type.value, **relation_properties(rel))
    return graph

