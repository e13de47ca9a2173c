import pytest

from graphbuild.evaluate import OVERALL, GoldFile, confidence_curve, evaluate
from graphbuild.models import (DocumentNode, Entity, EntityLabel, Investment, KnowledgeGraph, Provenance, Relation,
                               RelationType)

GOLD = GoldFile.model_validate({
    "doc": "talk.txt",
    "entities": [
        {"name": "Max Welling", "type": "Person", "aliases": ["Max Woehling"]},
        {"name": "CuspAI", "type": "Organization", "aliases": ["CaspAI"]},
        {"name": "Sequoia Capital", "type": "Organization"},
        {"name": "Claude", "type": "Model"},
    ],
    "relations": [
        {"type": "FOUNDED", "source": "Max Welling", "target": "CuspAI"},
        {"type": "INVESTED_IN", "source": "Sequoia Capital", "target": "CuspAI"},
        {"type": "COMPETES_WITH", "source": "Claude", "target": "CuspAI"},
        {"type": "CUSTOMER_OF", "source": "Sequoia Capital", "target": "CuspAI"},
    ],
})


def node(label, name, aliases=(), count=1):
    return Entity(id=f"{label}:{name.lower()}", label=EntityLabel(label), name=name, aliases=[name, *aliases],
                  mention_count=count, documents=["talk"])


def edge(rel, source, target):
    return Relation(type=RelationType(rel), source=source, target=target, confidence=0.9,
                    evidence=[Provenance(doc_id="talk", start=0, end=1, quote="x")])


def test_scores_follow_the_gold_rules():
    kg = KnowledgeGraph(
        entities=[
            node("Person", "Max Woehling", count=3),          # matches by gold alias
            node("Organization", "Caspai", count=2),          # case-folded alias match
            node("Organization", "CuspAI", ["Cusp"]),          # a second node for CuspAI: duplicate
            node("Product", "Claude"),                         # Product matches a gold Model
            node("Person", "Nobody"),                          # false positive
        ],
        investments=[Investment(id="Investment:cuspai-seed", name="cuspai seed", documents=["talk"], quotes=["x"],
                                confidence=0.9)],
        documents=[DocumentNode(id="Document:talk", name="talk", doc_id="talk", source="talk.txt", layout="article")],
        relations=[
            edge("FOUNDED", "Person:max woehling", "Organization:caspai"),
            edge("INVESTED_IN", "Person:nobody", "Investment:cuspai-seed"),
            edge("FUNDS", "Investment:cuspai-seed", "Organization:caspai"),
            edge("COMPETES_WITH", "Organization:caspai", "Product:claude"),  # undirected
        ],
    )
    report = evaluate(kg, [GOLD])
    entities = report.total(report.entities)
    assert (entities.tp, entities.fp, entities.fn) == (3, 2, 1)
    assert entities.precision == pytest.approx(3 / 5) and entities.recall == pytest.approx(3 / 4)
    assert len(report.duplicates) == 1 and "CuspAI" in report.duplicates[0]
    assert report.missed_entities == ["talk.txt: Organization Sequoia Capital"]
    relations = report.total(report.relations)
    assert (relations.tp, relations.fp, relations.fn) == (2, 1, 1)  # CUSTOMER_OF is not scored
    assert report.relations["INVESTED_IN"].fp == 1  # followed through the Investment node to CuspAI
    assert report.relations["COMPETES_WITH"].tp == 1


def test_a_graph_without_the_document_scores_zero():
    report = evaluate(KnowledgeGraph(), [GOLD])
    assert report.total(report.entities).recall == 0 and report.total(report.entities).fn == 4


def test_a_set_s_gold_file_is_scored_against_every_document_of_the_graph():
    gold = GOLD.model_copy(update={"doc": "talks-dev", "relations": []})
    kg = KnowledgeGraph(
        entities=[node("Person", "Max Welling"), node("Organization", "CuspAI").model_copy(update={"documents": ["s2"]}),
                  node("Person", "Nobody")],
        documents=[DocumentNode(id=f"Document:{d}", name=d, doc_id=d, source=f"{d}.txt", layout="article")
                   for d in ("talk", "s2")])
    report = evaluate(kg, [gold])
    entities = report.total(report.entities)
    assert (entities.tp, entities.fp, entities.fn) == (2, 1, 2)
    report = evaluate(kg, [GOLD.model_copy(update={"doc": "other.txt"})])  # a file the graph does not have
    assert report.total(report.entities).tp == 0


def test_nodes_claim_gold_entities_by_the_names_they_go_by_before_their_aliases():
    gold = GoldFile.model_validate({"doc": "news-dev", "entities": [
        {"name": "Clinton", "type": "Person"}, {"name": "President Bill Clinton", "type": "Person"},
        {"name": "Bill Clinton", "type": "Person"}]})
    documents = [DocumentNode(id="Document:talk", name="talk", doc_id="talk", source="talk.txt", layout="article")]
    kg = KnowledgeGraph(  # the first node is mentioned most, so it is matched first; its name is no gold entity's
        entities=[node("Person", "President Clinton", ["Clinton", "President Bill Clinton"], count=3),
                  node("Person", "Clinton", count=2), node("Person", "Bill Clinton")], documents=documents)
    report = evaluate(kg, [gold])
    entities = report.total(report.entities)
    assert (entities.tp, entities.fp, entities.fn) == (3, 0, 0)
    twice = KnowledgeGraph(entities=[node("Person", "Bill Clinton", count=2), node("Person", "President Clinton",
                                                                                ["Bill Clinton"])], documents=documents)
    report = evaluate(twice, [gold.model_copy(update={"entities": gold.entities[2:]})])
    assert report.total(report.entities).fp == 1 and len(report.duplicates) == 1  # a second node for Bill Clinton


def test_the_confidence_curve_drops_the_facts_below_each_threshold():
    people = [node("Person", "Max Welling"), node("Organization", "CuspAI"), node("Organization", "Sequoia Capital")]
    sure, unsure = edge("FOUNDED", "Person:max welling", "Organization:cuspai"), \
        edge("WORKS_AT", "Person:max welling", "Organization:sequoia capital")
    unsure = unsure.model_copy(update={"confidence": 0.3})
    kg = KnowledgeGraph(entities=people, relations=[sure, unsure],
                        documents=[DocumentNode(id="Document:talk", name="talk", doc_id="talk", source="talk.txt",
                                                layout="text")])
    curve = {t: scores[OVERALL] for t, scores in confidence_curve(kg, [GOLD], (0.0, 0.5, 0.95))}
    assert (curve[0.0].tp, curve[0.0].fp) == (1, 1)
    assert (curve[0.5].tp, curve[0.5].fp) == (1, 0)
    assert (curve[0.95].tp, curve[0.95].fp) == (0, 0)
    works_at = {t: scores["WORKS_AT"] for t, scores in confidence_curve(kg, [GOLD], (0.0, 0.5))}
    assert (works_at[0.0].fp, works_at[0.5].fp) == (1, 0)  # per type too
