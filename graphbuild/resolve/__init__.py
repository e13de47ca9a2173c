"""Resolution: mentions from all documents -> one entity per real-world thing.

Mentions are grouped by name (the knowledge-base name where one was matched, else the
in-document full name, else the surface form), then groups are merged where their names
are variants of each other (spelling, sound, split words), never across two different
knowledge-base entities. Each entity's label is voted by its mentions, weighted by trust.
"""

from __future__ import annotations

import gc
import itertools
from collections import Counter, defaultdict
from contextlib import contextmanager
from typing import Iterable, Iterator, Optional

import numpy as np
from rapidfuzz import fuzz, process

from ..evidence import MentionEvidence
from ..models import (CATALOGUE, ENTITY_LABELS, SYMMETRIC_RELATIONS, DocumentNode, Entity, EntityLabel,
                      Extraction, FundingTerms, Investment, InvestmentMention, KnowledgeGraph, Mention, OrgKind,
                      Relation, RelationType, node_id, same_kind)
from ..names import MIN_SIMILARITY, compact, normalize, phonetic, similar_person_names, similar_words

TERMS = set(FundingTerms.model_fields)
CDIST_ROWS = 2000  # names compared with a whole block at once


def _name(m: Mention) -> str:
    return m.kb_name or m.full_name or m.text


class _Group:
    """Mentions believed to name one thing."""

    def __init__(self, key: str):
        self.key = key
        self.members: list[tuple[str, int]] = []  # (doc id, mention index)
        self.mentions: list[Mention] = []

    @property
    def kb_name(self) -> Optional[str]:
        names = Counter(m.kb_name for m in self.mentions if m.kb_name)
        return names.most_common(1)[0][0] if names else None

    @property
    def product_only(self) -> bool:
        """A company known by its product's name ('using Midjourney') that the text only ever
        speaks of as the product: one Product node, no company beside it."""
        return all(m.product_use for m in self.mentions)

    def company_members(self) -> list[tuple[str, int]]:
        """The mentions that speak of the company, not of its product."""
        return [member for member, m in zip(self.members, self.mentions) if not m.product_use]

    def label(self) -> EntityLabel:
        if self.product_only:
            return EntityLabel.PRODUCT
        votes: Counter = Counter()
        for m in self.mentions:
            votes[m.label] += m.confidence
        return max(votes, key=lambda lab: (votes[lab], -ENTITY_LABELS.index(lab)))

    def name(self) -> str:
        if self.kb_name:
            return self.kb_name
        forms = Counter(_name(m) for m in self.mentions)
        return max(forms, key=lambda f: (forms[f], f[:1].isupper(), len(f), f))


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
    groups = _group_mentions(extractions)
    _merge_variants(groups)
    entities, entity_of = _entities(groups)
    twins, product_of = _product_twins(groups, entity_of)
    entities += list(twins.values())
    labels = {e.id: e.label for e in entities}
    relations = _relations(extractions, entity_of, labels, {org: twin.id for org, twin in twins.items()})
    investments, invest_relations = _investments(extractions, entity_of, labels, relations)
    investments = _named_investments(investments, invest_relations, {e.id: e.name for e in entities})
    relations = [r for r in relations if r.type is not RelationType.INVESTED_IN] + invest_relations
    relations = [r for r in _merge_relations(relations) if r.confidence >= min_confidence]
    documents = [DocumentNode(id=node_id(EntityLabel.DOCUMENT, ex.document.id), name=ex.document.title or ex.document.id,
                              doc_id=ex.document.id,
                              source=ex.document.source, title=ex.document.title, show=ex.document.show,
                              date=ex.document.date, guests=ex.document.guests or None,
                              layout=ex.document.layout.value, url=ex.document.url)
                 for ex in extractions]
    company_of = {member: eid for member, eid in entity_of.items() if member not in product_of}
    relations += _mentioned_in(extractions, company_of) + _mentioned_in(extractions, product_of)
    return KnowledgeGraph(entities=sorted(entities, key=lambda e: e.id), investments=investments,
                          documents=documents, relations=sorted(relations, key=lambda r: (r.type.value, r.source, r.target)))


def _group_mentions(extractions: list[Extraction]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for ex in extractions:
        for i, m in enumerate(ex.mentions):
            key = compact(_name(m))
            if not key:
                continue
            group = groups.setdefault(key, _Group(key))
            group.members.append((ex.document.id, i))
            group.mentions.append(m)
    return groups


def _merge_variants(groups: dict[str, _Group]) -> None:
    """Merge a group into another whose name it is a variant of; a knowledge-base entity
    absorbs its variants, and two knowledge-base entities never merge. Each group is tried
    against its candidates only (`_candidates`), the best-ranked first."""
    ordered = sorted(groups.values(), key=lambda g: (g.kb_name is None, -len(g.mentions), g.key))
    labels = {g.key: g.label() for g in ordered}
    names = {g.key: g.name() for g in ordered}
    candidates = _candidates(ordered, names, labels)
    for group in ordered:
        if group.kb_name is not None or group.key not in groups:
            continue
        label = labels[group.key]
        for other in candidates.get(group.key, ()):
            if other.key not in groups or not same_kind(label, labels[other.key]):
                continue
            if _variants(names[group.key], names[other.key], label):
                other.members += group.members
                other.mentions += group.mentions
                del groups[group.key]
                break


def _candidates(ordered: list[_Group], names: dict[str, str], labels: dict[str, EntityLabel]) -> dict[str, list[_Group]]:
    """For each group, in rank order, the groups that may be variants of it: those whose first
    words begin alike (in spelling or sound), and that pass a test every variant passes
    (`_may_be_variants`). The test runs in rapidfuzz over each block at once, so resolution
    does no Python work per pair of groups, only per candidate."""
    blocks: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for i, g in enumerate(ordered):
        for block in _blocks(names[g.key]):
            blocks[(block, labels[g.key] is EntityLabel.PERSON)].append(i)
    found: dict[int, set[int]] = defaultdict(set)
    for (_, persons), members in blocks.items():
        for a, b in _may_be_variants([names[ordered[i].key] for i in members], persons):
            found[members[a]].add(members[b])
            found[members[b]].add(members[a])
    return {ordered[i].key: [ordered[j] for j in sorted(others)] for i, others in found.items()}


def _may_be_variants(names: list[str], persons: bool) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, of `names` that `_variants` may join; no pair it joins is left out.
    People: family names at least MIN_SIMILARITY alike, or sounding the same. Others: names
    (compacted, five letters or more) at least MIN_SIMILARITY alike."""
    if persons:
        keys = [words[-1] if len(words := normalize(n).split()) >= 2 else "" for n in names]
        sounds: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            if key:
                sounds[phonetic(key)].append(i)
        for same in sounds.values():
            yield from itertools.combinations(same, 2)
    else:
        keys = [c if len(c := compact(n)) >= 5 else "" for n in names]
    present = [i for i, key in enumerate(keys) if key]
    texts = [keys[i] for i in present]
    for start in range(0, len(texts), CDIST_ROWS):  # rows at a time: memory stays CDIST_ROWS x block
        scores = process.cdist(texts[start:start + CDIST_ROWS], texts, scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY)
        for row, col in zip(*np.nonzero(scores)):
            if start + row < col:
                yield present[start + row], present[col]


def _blocks(name: str) -> set[str]:
    first = (normalize(name).split() or [""])[0]
    return {first[:1], phonetic(first)[:1]}


def _variants(a: str, b: str, label: EntityLabel) -> bool:
    if label is EntityLabel.PERSON:
        return similar_person_names(a, b)
    ca, cb = compact(a), compact(b)
    return min(len(ca), len(cb)) >= 5 and similar_words(ca, cb)


def _entities(groups: dict[str, _Group]) -> tuple[list[Entity], dict[tuple[str, int], str]]:
    entities: dict[str, Entity] = {}
    entity_of: dict[tuple[str, int], str] = {}
    for group in groups.values():
        label, name = group.label(), group.name()
        eid = node_id(label, name)
        kinds = Counter(m.kind for m in group.mentions if m.kind and m.label is label)
        kind = kinds.most_common(1)[0][0] if kinds else (OrgKind.OTHER if label is EntityLabel.ORGANIZATION else None)
        aliases = sorted({m.text for m in group.mentions} | {name})
        docs = sorted({doc for doc, _ in (group.members if group.product_only else group.company_members())})
        if eid in entities:  # two groups that vote the same name and label are one entity
            old = entities[eid]
            aliases = sorted(set(old.aliases) | set(aliases))
            docs = sorted(set(old.documents) | set(docs))
            count = old.mention_count + len(group.mentions)
        else:
            count = len(group.mentions)
        entities[eid] = Entity(id=eid, label=label, name=name, kind=kind if label is EntityLabel.ORGANIZATION else None,
                               aliases=aliases, mention_count=count, documents=docs,
                               in_knowledge_base=group.kb_name is not None)
        for member in group.members:
            entity_of[member] = eid
    return list(entities.values()), entity_of


def _product_twins(groups: dict[str, _Group], entity_of) -> tuple[dict[str, Entity], dict[tuple[str, int], str]]:
    """A company known by its product's name ('using Midjourney', 'on Twitter') that the text
    speaks of both as the company and as its product gets a Product node beside its
    Organization node, made of the mentions that speak of the product."""
    twins: dict[str, Entity] = {}
    product_of: dict[tuple[str, int], str] = {}
    for group in groups.values():
        used = [(member, m) for member, m in zip(group.members, group.mentions) if m.product_use]
        if not used or group.kb_name is None or group.product_only:
            continue
        org_id = entity_of[used[0][0]]
        name = group.name()
        twins[org_id] = Entity(id=node_id(EntityLabel.PRODUCT, name), label=EntityLabel.PRODUCT, name=name,
                               aliases=sorted({m.text for _, m in used} | {name}), mention_count=len(used),
                               documents=sorted({doc for (doc, _), _ in used}), in_knowledge_base=True)
        product_of.update((member, twins[org_id].id) for member, _ in used)
    return twins, product_of


def _relations(extractions, entity_of, labels, twins: dict[str, str]) -> list[Relation]:
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


def _investments(extractions, entity_of, labels, relations) -> tuple[list[Investment], list[Relation]]:
    """Funding events become :Investment nodes; a bare 'X invested in Y' joins the event
    of Y that its document tells of, else an undisclosed one."""
    nodes: dict[str, Investment] = {}
    edges: list[Relation] = []
    events_by_doc: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ex in extractions:
        for im in ex.investments:
            investee = entity_of.get((ex.document.id, im.investee))
            if not investee or labels[investee] not in CATALOGUE[RelationType.FUNDS].targets:
                continue
            told = [i for i in events_by_doc[(ex.document.id, investee)] if _same_event(nodes[i], im)]
            inv_id = _investment_node(nodes, investee, im, ex.document.id, into=told[0] if told else None)
            if not told:
                events_by_doc[(ex.document.id, investee)].append(inv_id)
            edges.append(Relation(type=RelationType.FUNDS, source=inv_id, target=investee,
                                  confidence=im.confidence, evidence=[im.provenance]))
            for index in im.investors:
                investor = entity_of.get((ex.document.id, index))
                if investor and investor != investee and labels[investor] in CATALOGUE[RelationType.INVESTED_IN].sources:
                    edges.append(Relation(type=RelationType.INVESTED_IN, source=investor, target=inv_id,
                                          lead=index in im.lead or None, confidence=im.confidence,
                                          evidence=[im.provenance]))
    for rel in relations:
        if rel.type is not RelationType.INVESTED_IN:
            continue
        doc_id = rel.evidence[0].doc_id
        # the event told in the same sentence, if any; else an undisclosed one of its own
        known = [i for i in events_by_doc.get((doc_id, rel.target), []) if rel.evidence[0].quote in nodes[i].quotes
                 or any(q in rel.evidence[0].quote for q in nodes[i].quotes)]
        if known:
            inv_id = known[0]
        else:
            bare = InvestmentMention(confidence=rel.confidence, provenance=rel.evidence[0])
            inv_id = _investment_node(nodes, rel.target, bare, doc_id)
            edges.append(Relation(type=RelationType.FUNDS, source=inv_id, target=rel.target,
                                  confidence=rel.confidence, evidence=rel.evidence))
        edges.append(Relation(type=RelationType.INVESTED_IN, source=rel.source, target=inv_id,
                              confidence=rel.confidence, evidence=rel.evidence))
    return sorted(nodes.values(), key=lambda n: n.id), edges


def _named_investments(nodes: list[Investment], edges: list[Relation], names: dict[str, str]) -> list[Investment]:
    """Caption each event 'Factory seed $1M', from what is finally known of it."""
    funded = {r.source: r.target for r in edges if r.type is RelationType.FUNDS}
    captions = {n.id: " ".join(filter(None, (names[funded[n.id]], n.round, n.amount_text))) for n in nodes}
    return [n.model_copy(update={"name": f"{captions[n.id]} funding" if captions[n.id] == names[funded[n.id]]
                                 else captions[n.id]}) for n in nodes]


def _same_event(node: Investment, im: InvestmentMention) -> bool:
    """Two tellings in one document of funding for one company are one event unless they
    disagree: a seed round and a $1M check for 20% are the same deal."""
    return all(getattr(node, f) is None or getattr(im, f) is None or getattr(node, f) == getattr(im, f)
               for f in ("round", "amount_usd", "valuation_usd", "stake"))


def _investment_node(nodes: dict[str, Investment], investee: str, im: InvestmentMention, doc_id: str,
                     into: Optional[str] = None) -> str:
    detail = im.round or (f"usd-{im.amount_usd:.0f}" if im.amount_usd else "undisclosed")
    inv_id = into or node_id(EntityLabel.INVESTMENT, f"{investee.split(':', 1)[1]}-{detail}")
    node = nodes.get(inv_id)
    if node is None:
        nodes[inv_id] = Investment(id=inv_id, name=inv_id, **im.model_dump(include=TERMS), documents=[doc_id],
                                   quotes=[im.provenance.quote], confidence=im.confidence)
    else:  # the same event told again: fill what is still unknown
        update = {k: v for k, v in im.model_dump(include=TERMS).items()
                  if v is not None and getattr(node, k) is None}
        nodes[inv_id] = node.model_copy(update={
            **update, "documents": sorted(set(node.documents) | {doc_id}),
            "quotes": node.quotes + [im.provenance.quote] if im.provenance.quote not in node.quotes else node.quotes,
            "confidence": max(node.confidence, im.confidence)})
    return inv_id


def _merge_relations(relations: list[Relation]) -> list[Relation]:
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


def _mentioned_in(extractions, entity_of) -> list[Relation]:
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
