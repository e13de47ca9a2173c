"""The knowledge-base ruler as a spaCy component, on a blank pipeline and a small knowledge base."""

import spacy

from graphbuild.extract.kb_ruler import KBRuler, proposed_entry
from graphbuild.knowledge import KBEntry, KnowledgeBase, load
from graphbuild.models import EntityLabel


def test_the_ruler_proposes_every_known_form_and_model_shapes():
    nlp = spacy.blank("en")
    kb = KnowledgeBase([KBEntry(name="Orchard Robotics", label=EntityLabel.ORGANIZATION, aliases=["Orchard"])], set())
    ruler = KBRuler(nlp, "ruler", kb=kb)
    doc = ruler(nlp("orchard robotics tried Llama 3 and Claude Sonnet 4 before Orchard switched."))
    proposed = {(s.text, s.label_) for s in doc.spans["graphbuild_kb"]}
    # overlapping proposals are kept: which one is the name is decided with the context
    assert proposed == {("orchard", "kb0"), ("orchard robotics", "kb0"), ("Orchard", "kb0"),
                        ("Llama 3", "MODEL_SHAPE"), ("Claude Sonnet 4", "MODEL_SHAPE")}
    assert {proposed_entry(kb, s).name for s in doc.spans["graphbuild_kb"] if s.label_ == "kb0"} == {"Orchard Robotics"}


def test_a_name_of_any_family_with_a_marked_version_is_a_model_shape():
    nlp = spacy.blank("en")
    ruler = KBRuler(nlp, "ruler", kb=KnowledgeBase([], set()))
    doc = ruler(nlp("Brindle Voice v3 beat QuillNet-7B and TarnLM2 at Section 230 hearings, "
                    "in Chapter 3 of the Series B deck, on 5G phones with COVID-19 apps and an A100."))
    assert {s.text for s in doc.spans["graphbuild_kb"]} == {"Brindle Voice v3", "QuillNet-7B", "TarnLM2"}


def test_the_pipeline_is_one_config_with_the_trained_recogniser_and_the_ruler(nlp):
    assert nlp.pipe_names[-2:] == ["ner", "graphbuild_kb_ruler"]
    assert nlp.config["components"]["graphbuild_kb_ruler"]["factory"] == "graphbuild_kb_ruler"


def test_generic_speaker_labels_are_roles_and_names_are_not():
    kb = KnowledgeBase([], set(), frozenset({"speaker", "host", "guest", "unknown", "audience", "member"}))
    for label in ["SPEAKER_00", "Speaker 2", "Speaker B", "Host", "Unknown Guest", "Audience Member", "Guest 1"]:
        assert kb.is_speaker_role(label), label
    for label in ["Harry Stebbings", "Sam", "Amanda Host", "B"]:
        assert not kb.is_speaker_role(label), label


def test_the_shipped_speaker_words_make_roles_of_labels_not_of_names():
    kb = load()
    assert kb.is_speaker_role("Co-host") and kb.is_speaker_role("SPEAKER_03")
    assert not kb.is_speaker_role("Christopher Guest") and not kb.is_speaker_role("Harry Stebbings")
