"""Relations between resolved entities: each fact a document tells joins the entities its
mentions name, where the catalogue allows their labels; then one edge per fact, its witnesses
pooled."""

from __future__ import annotations

from ..models import CATALOGUE, SYMMETRIC_RELATIONS, EntityLabel, Extraction, Relation, RelationType
from .entities import Member, ResolvedEntities


def entity_relations(extractions: list[Extraction], found: ResolvedEntities) -> list[Relation]:
    """Each telling of a fact between two entities whose labels the catalogue allows (merged later)."""
    out = []
    for ex in extractions:
        for rm in ex.relations:
            ends = _ends(rm.type, found, (ex.document.id, rm.source), (ex.document.id, rm.target))
            if ends:
                past = bool(rm.past) if rm.type is RelationType.WORKS_AT else None
                out.append(Relation(type=rm.type, source=ends[0], target=ends[1], role=rm.role, past=past,
                                    confidence=rm.confidence, evidence=[rm.provenance]))
    return out


def _ends(rel: RelationType, found: ResolvedEntities, source: Member, target: Member) -> tuple[str, str] | None:
    """The entities a fact joins: a company's name said of its product ('using Cursor') stands for
    the product where the fact allows it ('Cursor competes with GitHub Copilot'), and what was
    developed is the product of a company named like it."""
    sources = _named(found, source)
    targets = _named(found, target)
    if rel is RelationType.DEVELOPED:
        targets = [found.twin_of.get(t, t) for t in targets]
    return next(((s, t) for s in sources for t in targets
                 if s != t and _allowed(rel, found.labels[s], found.labels[t])), None)


def _named(found: ResolvedEntities, member: Member) -> list[str]:
    """The entity a mention names, its product twin first where it speaks of the product."""
    return [eid for eid in (found.product_of.get(member), found.entity_of.get(member)) if eid]


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
