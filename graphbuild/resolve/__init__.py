"""Resolution: mentions from all documents -> one knowledge graph.

Its jobs, in order: one entity per real-world thing (entities.py); the facts told, between
those entities (relations.py); funding events as nodes (investments.py); and here, the graph:
the documents, and each entity's MENTIONED_IN edge to each document that mentions it.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterable, Iterator

from ..evidence import MentionEvidence
from ..models import DocumentNode, EntityLabel, Extraction, KnowledgeGraph, Mention, Relation, RelationType, node_id
from .entities import Member, resolve_entities
from .investments import funding_events
from .relations import entity_relations, merge_relations


def resolve(extractions: Iterable[Extraction], min_confidence: float = 0.0) -> KnowledgeGraph:
    extractions = list(extractions)
    with _no_cycle_collection():
        return _resolve(extractions, min_confidence)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Resolution makes hundreds of thousands of objects and no reference cycles; the cycle
    collector's full passes over them all made its cost grow faster than the corpus."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _resolve(extractions: list[Extraction], min_confidence: float) -> KnowledgeGraph:
    found = resolve_entities(extractions)
    relations = entity_relations(extractions, found)
    investments, invest_relations = funding_events(extractions, found, relations)
    relations = [r for r in relations if r.type is not RelationType.INVESTED_IN] + invest_relations
    relations = [r for r in merge_relations(relations) if r.confidence >= min_confidence]
    documents = [DocumentNode(id=node_id(EntityLabel.DOCUMENT, ex.document.id), name=ex.document.title or ex.document.id,
                              doc_id=ex.document.id,
                              source=ex.document.source, title=ex.document.title, show=ex.document.show,
                              date=ex.document.date, guests=ex.document.guests or None,
                              layout=ex.document.layout.value, url=ex.document.url)
                 for ex in extractions]
    relations += _mentioned_in(extractions, found.entity_of) + _mentioned_in(extractions, found.product_of)
    return KnowledgeGraph(entities=sorted(found.entities, key=lambda e: e.id), investments=investments,
                          documents=documents, relations=sorted(relations, key=lambda r: (r.type.value, r.source, r.target)))


def _mentioned_in(extractions: list[Extraction], entity_of: dict[Member, str]) -> list[Relation]:
    """Each entity's MENTIONED_IN edge to each document, with the sentence that first mentions it."""
    mentions: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    evidence = {}
    for ex in extractions:
        evidence[ex.document.id] = MentionEvidence(ex.document)
        for i, m in enumerate(ex.mentions):
            if eid := entity_of.get((ex.document.id, i)):
                mentions[(eid, ex.document.id)].append(m)
    return [Relation(type=RelationType.MENTIONED_IN, source=eid, target=node_id(EntityLabel.DOCUMENT, doc),
                     confidence=1.0, evidence=[prov]) for (eid, doc), found in sorted(mentions.items())
            if (prov := evidence[doc](found))]
