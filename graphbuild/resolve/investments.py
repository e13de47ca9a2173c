"""Investments: the funding events that documents tell become :Investment nodes, with a
FUNDS edge to the company funded and an INVESTED_IN edge from each investor."""

from __future__ import annotations

from collections import defaultdict
from typing import Optional

from ..models import (CATALOGUE, EntityLabel, Extraction, FundingTerms, Investment, InvestmentMention, Relation,
                      RelationType, node_id)
from .entities import ResolvedEntities

TERMS = set(FundingTerms.model_fields)


def funding_events(extractions: list[Extraction], found: ResolvedEntities,
                   relations: list[Relation]) -> tuple[list[Investment], list[Relation]]:
    """The events, captioned ('Factory seed $1M'), and their FUNDS and INVESTED_IN edges, which
    stand for the bare INVESTED_IN edges among `relations`."""
    nodes, edges = _investments(extractions, found, relations)
    return _named_investments(nodes, edges, {e.id: e.name for e in found.entities}), edges


def _investments(extractions: list[Extraction], found: ResolvedEntities,
                 relations: list[Relation]) -> tuple[list[Investment], list[Relation]]:
    """Funding events become :Investment nodes; a bare 'X invested in Y' joins the event
    of Y that its document tells of, else an undisclosed one."""
    entity_of, labels = found.entity_of, found.labels
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
