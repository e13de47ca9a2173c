"""The trained relation model, on sentences written for these tests (names no knowledge base knows)."""

import json

import pytest

from graphbuild.errors import ModelMissingError
from graphbuild.extract.dependencies import build_matcher
from graphbuild.extract.nlp import KB_RULER
from graphbuild.extract.pipeline import DocumentExtractor, extract, parse_document
from graphbuild.extract.relation_model import RelationModel, shipped_relation_model
from graphbuild.models import RelationType, scored_types
from graphbuild.readers import read_text
from graphbuild.resolve import resolve

from .test_relations import facts

HAND_RULES_ONLY = RelationModel({}, {}, {})


def graph(nlp, text: str, name: str = "a.md", model=None):
    return resolve(extract(read_text(text, name), nlp, model=model))


def extracted(nlp, text: str) -> DocumentExtractor:
    """An extraction of `text` that kept its candidate pairs."""
    document = read_text(text, "a.md")[0]
    extractor = DocumentExtractor(document, list(parse_document(document, nlp)), nlp.get_pipe(KB_RULER).kb,
                                  build_matcher(nlp), keep_candidates=True)
    extractor.run()
    return extractor


def works_at_probability(nlp, text: str) -> float:
    """The model's probability that the sentence's person works at its organisation."""
    extractor = extracted(nlp, text)
    model = shipped_relation_model()
    [candidate] = [c for c, _ in extractor.candidates if isinstance(c.source.ref, int)
                   and c.source.label.value == "Person" and c.target.label.value == "Organization"]
    return model.probability(RelationType.WORKS_AT, candidate.features)


def test_finds_a_job_no_hand_rule_reads(nlp):
    text = "Priya Raman spent six years at Kestrel AI before she left to travel."
    assert facts(graph(nlp, text, model=HAND_RULES_ONLY)) == set()
    kg = graph(nlp, text)
    assert facts(kg) == {("Priya Raman", "WORKS_AT", "Kestrel AI")}
    [job] = [r for r in kg.relations if r.type is RelationType.WORKS_AT]
    assert job.past is True  # 'left'


def test_a_first_person_job_belongs_to_the_speaker(nlp):
    turns = ["Priya Raman: Thanks for having me.", "Tomas Ferreira: Tell us where you come from.",
             "Priya Raman: I worked at Kestrel AI for six years, mostly on perception.",
             "Tomas Ferreira: That is a long time.", "Priya Raman: It was.", "Tomas Ferreira: And then?"]
    kg = graph(nlp, "\n".join(turns) + "\n", name="talk.txt")
    [job] = [r for r in kg.relations if r.type is RelationType.WORKS_AT]
    assert facts(kg) == {("Priya Raman", "WORKS_AT", "Kestrel AI")}
    assert job.evidence[0].speaker == "Priya Raman" and job.evidence[0].quote.startswith("I worked at Kestrel AI")


def test_a_pattern_pairing_people_and_places_in_order_is_kept_but_not_other_jobs(nlp):
    kg = graph(nlp, "Priya Raman, the chief executive of Orchard Labs, previously spent six years at Kestrel AI.")
    assert {("Priya Raman", "WORKS_AT", "Orchard Labs"), ("Priya Raman", "WORKS_AT", "Kestrel AI")} <= facts(kg)


def test_role_and_tense_come_from_the_pair_not_the_next_clause(nlp):
    kg = graph(nlp, "Tomas Ferreira, the CTO of Orchard Labs, said that Priya Raman spent six years at Kestrel AI.")
    roles = {names: (r.role, r.past) for r in kg.relations if r.type is RelationType.WORKS_AT
             for names in [(r.source.split(":")[1], r.target.split(":")[1])]}
    assert roles.get(("tomas-ferreira", "orchard-labs"), (None, None))[0] == "CTO"
    assert roles.get(("priya-raman", "kestrel-ai"), (None, None))[0] is None


@pytest.mark.parametrize("text", [
    "Priya Raman criticised Kestrel AI in a long blog post.",
    "Orchard Labs hired engineers from Kestrel AI.",
])
def test_no_fact_where_the_sentence_states_none(nlp, text):
    assert facts(graph(nlp, text)) == set()


def test_a_job_said_plainly_scores_above_the_threshold_and_a_mere_encounter_below(nlp):
    said = [works_at_probability(nlp, text) for text in (
        "Priya Raman is the chief executive of Kestrel AI.",
        "Priya Raman spent six years at Kestrel AI before she left to travel.")]
    not_said = [works_at_probability(nlp, text) for text in (
        "Priya Raman criticised Kestrel AI in a long blog post.",
        "Priya Raman visited Kestrel AI last spring.",
        "Priya Raman met the founders of Kestrel AI in 2019.")]
    threshold = shipped_relation_model().thresholds[RelationType.WORKS_AT]
    assert min(said) >= threshold > max(not_said)


def test_min_confidence_drops_the_model_facts_below_it(nlp):
    text = "Priya Raman spent six years at Kestrel AI before she left to travel."
    [job] = [r for r in graph(nlp, text).relations if r.type is RelationType.WORKS_AT]
    kept = resolve(extract(read_text(text, "a.md"), nlp), min_confidence=job.confidence + 0.01)
    assert facts(kept) == set()


def test_the_model_decides_only_catalogue_types():
    model = shipped_relation_model()
    assert set(model.weights) and set(model.weights) <= set(scored_types())
    assert all(0 < model.thresholds[t] < 1 for t in model.weights)


def test_a_missing_or_damaged_model_says_how_to_rebuild_it(tmp_path):
    with pytest.raises(ModelMissingError, match="make train"):
        RelationModel.load(tmp_path / "model.json")
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps({"types": {"WORKS_AT": {"bias": 0.1}}}))
    with pytest.raises(ModelMissingError, match=f"{damaged}.*make train"):
        RelationModel.load(damaged)


def candidates(nlp, text: str) -> list[tuple[str, str, list[str]]]:
    """(source mention, target, features) of each candidate pair the model weighs."""
    extractor = extracted(nlp, text)
    return [(extractor.mentions[c.source.ref].text, c.target.span.text, c.features) for c, _ in extractor.candidates
            if isinstance(c.source.ref, int)]


def test_a_product_named_after_a_firm_of_the_document_is_paired_with_it(nlp):
    found = candidates(nlp, "Mara Lindqvist runs Quillfeather. Writers praise Quillfeather Studio for its speed.")
    named = [(source, target) for source, target, features in found if "named_after_source" in features]
    assert named == [("Quillfeather", "Quillfeather Studio")]  # across sentences: the firm's first mention
    assert not any("named_after_source" in features
                   for _, _, features in candidates(nlp, "Writers praise Quillfeather Studio for its speed."))


def test_a_pair_the_knowledge_base_knows_as_maker_and_model_is_hinted(nlp):
    found = candidates(nlp, "Engineers at Anthropic compared Claude 3.5 Sonnet with GPT-4o mini last week.")
    hinted = [(source, target) for source, target, features in found if "hint=known_maker" in features]
    assert hinted == [("Anthropic", "Claude 3.5 Sonnet")]
