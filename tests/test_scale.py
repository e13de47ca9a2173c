"""Large corpora: the extraction cache (a rebuild equals a fresh build), copies built once,
worker processes (the graph is the same for any number), and one long document whose parses
wait on disk (the same extraction as in memory)."""

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from graphbuild.build import build_graph
from graphbuild.cli import cli
from graphbuild.extract.parsed import ParsedSegments
from graphbuild.extract.pipeline import extract
from graphbuild.readers import read_text
from graphbuild.resolve import resolve

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "a.md": "Funding news\n\nSam Altman, CEO of OpenAI, said OpenAI competes with Anthropic.\n",
    "b.md": "Robots\n\nDario Amodei is the CEO of Anthropic. Anthropic developed Claude.\n",
    "c.md": "Chips\n\nJensen Huang founded Nvidia. Nvidia competes with AMD.\n",
}
NEW = "Search\n\nSundar Pichai is the CEO of Google. Google developed Gemini.\n"


def build(*args):
    return CliRunner().invoke(cli, ["build", *map(str, args)], catch_exceptions=False)


def corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def graph_text(out: Path) -> str:
    return (out / "graph.json").read_text()


def test_a_rebuild_extracts_only_new_documents_and_equals_a_fresh_build(tmp_path):
    folder = corpus(tmp_path, FILES)
    first = build(folder, "--out", tmp_path / "out", "--workers", 1)
    assert "extracted 3 documents, 0 read from the cache" in first.output
    assert (tmp_path / ".graphbuild-cache").is_dir()  # beside --out
    (folder / "d.md").write_text(NEW)
    rebuilt = build(folder, "--out", tmp_path / "out", "--workers", 1)
    assert "extracted 1 documents, 3 read from the cache" in rebuilt.output
    fresh = build(folder, "--out", tmp_path / "fresh", "--no-cache", "--workers", 1)
    assert "from the cache" not in fresh.output
    assert graph_text(tmp_path / "out") == graph_text(tmp_path / "fresh")
    assert "Person:sundar-pichai" in graph_text(tmp_path / "out")


def test_a_renamed_file_is_read_from_the_cache_under_its_new_name(tmp_path):
    folder = corpus(tmp_path, FILES)
    cache = tmp_path / "cache"
    build(folder, "--out", tmp_path / "out", "--cache", cache, "--workers", 1)
    (folder / "a.md").rename(folder / "renamed.md")
    rebuilt = build(folder, "--out", tmp_path / "out", "--cache", cache, "--workers", 1)
    assert "extracted 0 documents, 3 read from the cache" in rebuilt.output
    build(folder, "--out", tmp_path / "fresh", "--no-cache", "--workers", 1)
    assert graph_text(tmp_path / "out") == graph_text(tmp_path / "fresh")
    assert '"doc_id": "renamed"' in graph_text(tmp_path / "out") and '"doc_id": "a"' not in graph_text(tmp_path / "out")


def test_a_damaged_cache_file_is_ignored_with_a_warning_and_extracted_again(tmp_path):
    folder = corpus(tmp_path, FILES)
    cache = tmp_path / "cache"
    build(folder, "--out", tmp_path / "out", "--cache", cache, "--workers", 1)
    files = sorted(cache.rglob("*.json"))
    assert len(files) == 3
    files[0].write_text(files[0].read_text()[:100])  # cut short, as by a full disk
    files[1].write_bytes(b"\xff\x00 not json")
    rebuilt = build(folder, "--out", tmp_path / "out2", "--cache", cache, "--workers", 1)
    assert rebuilt.exit_code == 0
    assert rebuilt.output.count("warning: ignored damaged cache file") == 2
    assert f"{files[0]}: not an extraction" in rebuilt.output
    assert "extracted 2 documents, 1 read from the cache" in rebuilt.output
    assert graph_text(tmp_path / "out2") == graph_text(tmp_path / "out")
    again = build(folder, "--out", tmp_path / "out3", "--cache", cache, "--workers", 1)  # mended
    assert "warning" not in again.output and "extracted 0 documents, 3 read from the cache" in again.output


def test_identical_content_under_two_names_is_one_document_whose_evidence_counts_once(tmp_path):
    copies = {**FILES, "copy-of-a.md": FILES["a.md"], "z-another-copy.md": FILES["a.md"]}
    result = build(corpus(tmp_path, copies), "--out", tmp_path / "out", "--no-cache", "--workers", 1,
                   "--summary-json", tmp_path / "summary.json")
    assert "copy-of-a.md has the same content as a.md; counted once\n" in result.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["documents_read"] == 5 and summary["documents_built"] == 3
    assert summary["duplicates"] == [{"file": "copy-of-a.md", "same_as": "a.md"},
                                     {"file": "z-another-copy.md", "same_as": "a.md"}]
    (tmp_path / "once").mkdir()
    build(corpus(tmp_path / "once", FILES), "--out", tmp_path / "once-out", "--no-cache", "--workers", 1)
    assert graph_text(tmp_path / "out") == graph_text(tmp_path / "once-out")


def test_two_workers_build_the_graph_that_one_builds(seed_documents, seeds_graph):
    assert build_graph(seed_documents, workers=2) == seeds_graph


def test_two_workers_from_the_command_line_write_the_same_graph_json(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(ROOT / "seeds", folder)
    for name in ["000_61f2e5bfc8b53997.txt", "003_85aef4a95984c154.txt"]:  # the two cost most; keep it short
        (folder / name).unlink()
    for workers in (1, 2):
        assert build(folder, "--out", tmp_path / f"w{workers}", "--no-cache", "--workers", workers).exit_code == 0
    assert graph_text(tmp_path / "w1") == graph_text(tmp_path / "w2")


def test_parses_kept_on_disk_read_back_as_they_were(nlp):
    texts = ["Sam Altman, CEO of OpenAI, said so.", "Anthropic developed Claude 3 in San Francisco."]
    docs = list(nlp.pipe(texts))
    parsed = ParsedSegments(nlp.vocab, keep_tokens=len(docs[0]))
    segments = read_text("\n\n".join(texts), "x.md")[0].segments
    for segment, doc in zip(segments, docs):
        parsed.append(segment, doc)
    assert len(parsed.in_memory) == 1 and len(parsed.on_disk) == 1

    def seen(doc):
        return ([(t.text, t.idx, t.whitespace_, t.tag_, t.pos_, str(t.morph), t.lemma_, t.head.i, t.dep_, t.ent_type_,
                  t.is_sent_start) for t in doc], [(e.text, e.label_) for e in doc.ents],
                {k: [(s.start, s.end, s.label_) for s in g] for k, g in doc.spans.items()})

    for _ in range(2):  # read back any number of times
        assert [(s, seen(d)) for s, d in parsed] == [(s, seen(d)) for s, d in zip(segments, docs)]
    assert parsed.file is not None
    parsed.close()
    assert parsed.file is None and list(parsed) == []


def test_a_long_document_kept_on_disk_gives_the_extraction_made_in_memory(nlp, seed_documents):
    transcript = [d for d in seed_documents if d.layout == "numbered-transcript"]
    assert resolve(extract(transcript, nlp, keep_tokens=0)) == resolve(extract(transcript, nlp))
