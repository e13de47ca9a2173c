"""Every fact in the seeds graph can be traced to its document."""

from graphbuild.models import RelationType


def test_every_fact_edge_quotes_its_document_verbatim(seeds_graph, seed_documents):
    texts = {d.id: d for d in seed_documents}
    facts = [r for r in seeds_graph.relations if r.type is not RelationType.MENTIONED_IN]
    assert len(facts) > 20
    for rel in facts:
        assert rel.evidence, rel
        for ev in rel.evidence:
            doc = texts[ev.doc_id]
            assert ev.quote and ev.quote in doc.text
            assert doc.slice(ev.start, ev.end) == ev.quote
            assert 0 < rel.confidence <= 1


def test_investments_carry_normalised_amounts(seeds_graph):
    by_name = {i.name: i for i in seeds_graph.investments}
    factory = by_name["Factory seed $1M"]
    assert (factory.amount_usd, factory.round, factory.stake) == (1e6, "seed", "20%")
    cusp = next(i for name, i in by_name.items() if name.startswith("CuspAI"))
    assert (cusp.amount_usd, cusp.round) == (1e8, "Series A")
