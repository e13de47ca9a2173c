"""The annotated corpus in training/: the held-out split stays apart from what models train on,
and the second excerpts are chosen as select_corpus.py says."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"


def _select_corpus():
    spec = importlib.util.spec_from_file_location("select_corpus", TRAINING / "select_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


select_corpus = _select_corpus()


def test_no_training_excerpt_comes_from_a_held_out_document():
    heldout = {select_corpus.document_name(p) for p in (TRAINING / "heldout" / "texts").iterdir()}
    train = {select_corpus.document_name(p) for p in (TRAINING / "train" / "texts").iterdir()}
    assert heldout and train
    assert not heldout & train


def test_every_training_text_has_its_annotation_and_the_reverse():
    for split in ("train", "heldout"):
        texts = {p.name for p in (TRAINING / split / "texts").iterdir()}
        docs = {json.loads(p.read_text(encoding="utf-8"))["doc"] for p in (TRAINING / split / "gold").glob("*.json")}
        assert texts == docs, split


def test_the_second_excerpt_is_apart_from_the_first_and_where_relations_are_said():
    filler = [f"line {i} about the weather and nothing else\n" for i in range(600)]
    rich = ["She founded the company and raised a Series A; the CEO joined from a rival.\n"] * 40
    text = "".join(filler[:300] + rich + filler[300:])
    first = select_corpus.first_window(text, start_in_middle=False)
    second = select_corpus.second_window(text, first)
    assert second is not None
    assert second[0] >= first[1] or second[1] <= first[0]
    excerpt = select_corpus.cut(text, second)
    assert "founded the company" in excerpt
    assert len(excerpt) <= select_corpus.EXCERPT_CHARS


def test_no_second_excerpt_from_a_short_text_or_one_that_says_no_relation():
    short = "Ada founded Acme.\n" * 10
    assert select_corpus.second_window(short, select_corpus.first_window(short, False)) is None
    dull = "".join(f"line {i} about the weather and nothing else\n" for i in range(900))
    assert select_corpus.second_window(dull, select_corpus.first_window(dull, False)) is None


def test_an_excerpt_and_its_second_part_are_one_document():
    assert select_corpus.document_name(Path("show--episode--part2.md")) == "show--episode"
    assert select_corpus.document_name(Path("show--episode.json")) == "show--episode"
