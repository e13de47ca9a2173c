"""Relations between resolved entities: each fact a document tells joins the entities its
mentions name, where the catalogue allows their labels; then one edge per fact, its witnesses
pooled."""

from __future__ import annotations

from ..models import CATALOGUE, SYMMETRIC_RELATIONS, EntityLabel, Extraction, Relation, RelationType
from .entities import ResolvedEntities


def entity_relations(extractions: list[Extraction], found: ResolvedEntities) -> list[Relation]:
    """Each telling of a fact between two entities whose labels the catalogue allows (merged later)."""
    entity_of, labels, twins = found.entity_of, found.labels, found.twin_of
    out = []
    for ex in extractions:
        for rm in ex.relations:
            source, target = entity_of.get((ex.document.id, rm.source)), entity_of.get((ex.document.id, rm.target))
            if rm.type is RelationType.DEVELOPED and target in twins:
                target = twins[target]  # what was developed is the product
            if source and target and source != target and _allowed(rm.type, labels[source], labels[target]):
                past = bool(rm.past) if rm.type is RelationType.WORKS_AT else None
                out.append(Relation(type=rm.type, source=source, target=target, role=rm.role, past=past,
                                    confidence=rm.confidence, evidence=[rm.provenance]))
    return out


def _allowed(rel: RelationType, source: EntityLabel, target: EntityLabel) -> bool:
    return CATALOGUE[rel].allows(source, target)


def merge_relations(relations: list[Relation]) -> list[Relation]:
    """One edge per (source, type, target), a symmetric one (COMPETES_WITH) once per pair:
    evidence pooled, confidence combined as independent witnesses. Linear in the relations:
    a fact told ten thousand times is merged in one pass, not copied at every witness."""
    merged: dict[tuple[str, str, str], _MergedRelation] = {}
    for rel in relations:
        key = rel.key
        if rel.type in SYMMETRIC_RELATIONS and (rel.source, rel.target) != (key[0], key[2]):
            rel = rel.model_copy(update={"source": key[0], "target": key[2]})
        if key in merged:
            merged[key].add(rel)
        else:
            merged[key] = _MergedRelation(rel)
    return [m.relation() for m in merged.values()]


class _MergedRelation:
    """The witnesses of one edge so far."""

    def __init__(self, first: Relation):
        self.first = first
        self.evidence = list(first.evidence)
        self.seen = {(e.doc_id, e.start) for e in first.evidence}
        self.confidence, self.role, self.past, self.lead = first.confidence, first.role, first.past, first.lead
        self.witnesses = 1

    def add(self, rel: Relation) -> None:
        new = [e for e in rel.evidence if (e.doc_id, e.start) not in self.seen]
        self.evidence += new
        self.seen.update((e.doc_id, e.start) for e in new)
        self.confidence = round(1 - (1 - self.confidence) * (1 - rel.confidence), 4)
        self.role = self.role or rel.role
        self.past = None if self.past is None else self.past and rel.past  # one current witness makes it current
        self.lead = self.lead or rel.lead
        self.witnesses += 1

    def relation(self) -> Relation:
        if self.witnesses == 1:
            return self.first
        return self.first.model_copy(update={"evidence": self.evidence, "confidence": self.confidence,
                                             "role": self.role, "past": self.past, "lead": self.lead})
