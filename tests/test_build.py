"""The build as scripts see it: documents fail alone, --strict, --quiet, --summary-json, and
graph.graphml and graph.json replaced together (or not at all) with ordinary file modes."""

import json
import os
import resource
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from graphbuild.build import Skipped, build_graph
from graphbuild.cli import cli
from graphbuild.errors import OutputError
from graphbuild.files import replaced_together
from graphbuild.readers import read_text

GOOD = "Funding news\n\nSam Altman, CEO of OpenAI, said OpenAI competes with Anthropic.\n"
ROOT = Path(__file__).resolve().parent.parent


@Language.component("test_fails_on_kaboom")
def fails_on_kaboom(doc):
    """A pipeline component that breaks on one word, as a real one may break on one input."""
    if "KABOOM" in doc.text:
        raise ValueError("the parser broke on KABOOM")
    return doc


@pytest.fixture
def breaking_nlp(nlp):
    nlp.add_pipe("test_fails_on_kaboom", last=True)
    try:
        yield nlp
    finally:
        nlp.remove_pipe("test_fails_on_kaboom")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    path = tmp_path / "in"
    path.mkdir()
    for name, text in files.items():
        (path / name).write_text(text)
    return path


def test_a_document_that_breaks_the_parser_is_skipped_alone(breaking_nlp):
    docs = [d for name, text in [("a.md", GOOD), ("boom.md", "Big news\n\nKABOOM went OpenAI.\n"),
                                 ("c.md", GOOD.replace("Sam Altman", "Greg Brockman"))] for d in read_text(text, name)]
    skipped = []
    kg = build_graph(docs, breaking_nlp, on_skip=skipped.append)
    assert skipped == [Skipped(file="boom.md", stage="parse", reason="ValueError: the parser broke on KABOOM")]
    assert [d.id for d in kg.documents] == ["Document:a", "Document:c"]
    assert {"Sam Altman", "Greg Brockman"} <= {e.name for e in kg.entities}


def test_without_a_skip_handler_the_error_is_raised(breaking_nlp):
    with pytest.raises(ValueError, match="KABOOM"):
        build_graph(read_text("Big news\n\nKABOOM went OpenAI.\n", "boom.md"), breaking_nlp)


def test_a_skip_is_one_line_and_the_summary_lists_skipped_files(tmp_path):
    result = run("build", folder(tmp_path, {"good.md": GOOD, "empty.txt": ""}), "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"warning: skipped {tmp_path / 'in' / 'empty.txt'} (read): empty file\n" in result.output
    assert result.output.endswith(f"skipped 1: {tmp_path / 'in' / 'empty.txt'}\n")


def test_strict_fails_on_any_skip_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.json").write_text("old")
    result = CliRunner().invoke(cli, ["build", str(folder(tmp_path, {"good.md": GOOD, "empty.txt": ""})),
                                      "--out", str(out), "--strict"])
    assert result.exit_code == 1
    assert "Error: 1 skipped with --strict; no graph was written" in result.output
    assert (out / "graph.json").read_text() == "old" and not (out / "graph.graphml").exists()


def test_quiet_prints_only_the_problems(tmp_path):
    result = run("build", folder(tmp_path, {"good.md": GOOD, "empty.txt": ""}), "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0
    assert result.output == f"warning: skipped {tmp_path / 'in' / 'empty.txt'} (read): empty file\n"
    assert (tmp_path / "out" / "graph.json").exists()


def test_summary_json_has_counts_documents_skips_and_timings(tmp_path):
    result = run("build", folder(tmp_path, {"good.md": GOOD, "empty.txt": ""}), tmp_path / "missing.md",
                 "--out", tmp_path / "out", "--summary-json", tmp_path / "summary.json", "-q")
    assert result.exit_code == 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    seconds = summary.pop("seconds")
    assert summary == {
        "documents_read": 1, "documents_built": 1, "documents_from_cache": 0, "duplicates": [],
        "layouts": {"article": 1}, "notes": [],
        "skipped": [{"file": str(tmp_path / "in" / "empty.txt"), "stage": "read", "reason": "empty file"},
                    {"file": str(tmp_path / "missing.md"), "stage": "read", "reason": "no such file or folder"}],
        "nodes": {"Document": 1, "Investment": 0, "Organization": 2, "Person": 1},
        "edges": summary["edges"],
        "outputs": [str(tmp_path / "out" / "graph.graphml"), str(tmp_path / "out" / "graph.json")],
    }
    graph = json.loads((tmp_path / "out" / "graph.json").read_text())
    assert summary["edges"] == dict(Counter(r["type"] for r in graph["relations"]))  # what was written
    assert summary["edges"]["MENTIONED_IN"] == 3 and summary["edges"]["COMPETES_WITH"] == 1
    assert set(seconds) == {"read", "extract", "write", "total"} and all(v >= 0 for v in seconds.values())


def test_summary_json_counts_layouts_and_notes_an_article_with_turn_like_lines(tmp_path):
    dialogue = "\n\n".join(f"**{who}:** {said}" for who, said in [
        ("Ilse Varga", "Welcome to the show."), ("Odo Brandt", "Thanks, Ilse."), ("Ilse Varga", "Where do you work?"),
        ("Odo Brandt", "I work at Quellfeld."), ("Ilse Varga", "Since when?"), ("Odo Brandt", "Since last spring.")])
    unknown = "\n".join(f"({'Ilse Varga' if i % 2 else 'Odo Brandt'}) : turn number {i}." for i in range(8))
    result = run("build", folder(tmp_path, {"talk.md": dialogue, "odd.txt": unknown}), "--out", tmp_path / "out",
                 "--summary-json", tmp_path / "summary.json")
    assert result.exit_code == 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["layouts"] == {"article": 1, "dialogue-transcript": 1}
    assert summary["notes"] == ["odd.txt was read as a plain article, though 8 of its lines look like speaker turns"]
    assert "note: odd.txt was read as a plain article" in result.output


def test_summary_json_is_written_when_nothing_was_built(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "missing.md"), "--out", str(tmp_path / "out"),
                                      "--summary-json", str(tmp_path / "summary.json")])
    assert result.exit_code == 1
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert (summary["documents_built"], summary["outputs"]) == (0, [])
    assert summary["skipped"][0]["reason"] == "no such file or folder"


def test_outputs_have_an_ordinary_file_mode(tmp_path):
    old = os.umask(0o022)
    try:
        assert run("build", folder(tmp_path, {"good.md": GOOD}), "--out", tmp_path / "out").exit_code == 0
    finally:
        os.umask(old)
    for name in ("graph.graphml", "graph.json"):
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.graphml", "graph.json"]


def test_a_failed_write_leaves_the_old_pair_whole_and_says_why(tmp_path):
    out = tmp_path / "out"
    assert run("build", folder(tmp_path, {"good.md": GOOD}), "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bigger = tmp_path / "bigger"
    bigger.mkdir()
    for i in range(40):  # a graph far larger than the file size limit set below
        (bigger / f"news{i}.md").write_text(GOOD.replace("Sam Altman", f"Person{i} Example{i}"))
    limit = max(len(b) for b in before.values()) + 4096  # the old files fit, the new ones do not: a disk running full

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # writing past it fails with EFBIG

    result = subprocess.run([sys.executable, "-c", "from graphbuild.cli import main; main()", "build", str(bigger),
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=small_files)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: could not write the graph to {out} (File too large); graph.graphml and graph.json there are unchanged")
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_failed_swap_puts_the_old_files_back(tmp_path):
    (tmp_path / "a.txt").write_text("old a")
    with pytest.raises(OutputError):
        with replaced_together(tmp_path, ["a.txt", "b.txt"]) as staging:
            (staging / "a.txt").write_text("new a")
            (staging / "b.txt").write_text("new b")
            (tmp_path / "b.txt").mkdir()  # a folder made mid-write where the new b.txt goes: its rename fails
            (tmp_path / "b.txt" / "keep").write_text("x")
    assert (tmp_path / "a.txt").read_text() == "old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
