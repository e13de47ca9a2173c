"""`build --engine ray` on a local two-CPU Ray cluster gives the graph the local engine gives,
byte for byte, skips the same files for the same reasons, and shares the extraction cache."""

import json
import subprocess
import sys

import pytest
import ray
from click.testing import CliRunner

from graphbuild.build import build_graph
from graphbuild.cli import cli
from graphbuild.engines import ray_engine


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_the_seeds_graph_on_ray_is_the_local_engines(local_ray, seed_documents, seeds_graph):
    skipped = []
    kg = build_graph(seed_documents, on_skip=skipped.append, extractor=ray_engine.ray_extractor())
    assert skipped == []
    assert kg.model_dump_json(exclude_none=True) == seeds_graph.model_dump_json(exclude_none=True)


def test_files_that_cannot_be_read_are_skipped_as_the_local_engine_skips_them(local_ray, tmp_path):
    (tmp_path / "a-empty.txt").write_text("")
    (tmp_path / "b-binary.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "c-interview.txt").write_text(
        "Dario Amodei is the CEO of Anthropic. Anthropic competes with OpenAI.\n", encoding="utf-8")
    runs = {}
    for engine in ("local", "ray"):
        out = tmp_path / engine
        result = CliRunner().invoke(cli, ["build", str(tmp_path), "--out", str(out), "--engine", engine, "--no-cache",
                                          "--summary-json", str(out / "summary.json"), "-q"])
        assert result.exit_code == 0, result.output
        runs[engine] = (json.loads((out / "summary.json").read_text()), (out / "graph.json").read_text())
    (local, local_graph), (on_ray, ray_graph) = runs["local"], runs["ray"]
    assert [s["stage"] for s in on_ray["skipped"]] == ["read", "read"] and on_ray["skipped"] == local["skipped"]
    assert on_ray["documents_read"] == 1 and ray_graph == local_graph and on_ray["edges"].get("WORKS_AT")


def test_a_warm_ray_rebuild_extracts_only_the_new_document(local_ray, tmp_path):
    """The Ray engine is an Extractor of the build's one flow: the cache answers for what it
    extracted before, and a copy of a document is counted once."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.md").write_text("Priya Raman is the CEO of Kestrel AI.\n", encoding="utf-8")
    (corpus / "b.md").write_text("Orchard Labs competes with Kestrel AI.\n", encoding="utf-8")

    def build() -> dict:
        result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(tmp_path / "out"), "--engine", "ray",
                                          "--cache", str(tmp_path / "cache"), "--summary-json",
                                          str(tmp_path / "summary.json"), "-q"])
        assert result.exit_code == 0, result.output
        return json.loads((tmp_path / "summary.json").read_text())

    cold = build()
    assert (cold["documents_built"], cold["documents_from_cache"]) == (2, 0)
    (corpus / "c.md").write_text("Tomas Osei founded Quillon Robotics.\n", encoding="utf-8")
    (corpus / "copy-of-a.md").write_text((corpus / "a.md").read_text(), encoding="utf-8")
    warm = build()
    assert (warm["documents_read"], warm["documents_built"], warm["documents_from_cache"]) == (4, 3, 2)
    assert [d["file"] for d in warm["duplicates"]] == ["copy-of-a.md"]
    on_ray = (tmp_path / "out" / "graph.json").read_text()
    local = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(tmp_path / "local"), "--no-cache", "-q"])
    assert local.exit_code == 0 and (tmp_path / "local" / "graph.json").read_text() == on_ray


def test_without_ray_installed_the_build_says_how_to_get_it(seeds_dir, tmp_path):
    done = subprocess.run([sys.executable, "-c", "import sys; sys.modules['ray'] = None; "
                           "from graphbuild.cli import main; main()", "build", str(seeds_dir), "--out",
                           str(tmp_path / "out"), "--engine", "ray"], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == "Error: --engine ray needs Ray: pip install 'graphbuild[ray]'"
    assert not (tmp_path / "out").exists()
