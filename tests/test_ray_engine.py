"""`build --engine ray` on a local two-CPU Ray cluster gives the graph the local engine gives,
byte for byte, and skips the same files for the same reasons."""

import subprocess
import sys

import pytest
import ray

from graphbuild.build import build_graph, read_documents
from graphbuild.engines import ray_engine


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_the_seeds_graph_on_ray_is_the_local_engines(local_ray, seeds_dir, seed_documents, seeds_graph):
    skipped = []
    read, kg = ray_engine.build_graph([seeds_dir], on_skip=skipped.append)
    assert skipped == []
    assert read == len(seed_documents)
    assert kg.model_dump_json(exclude_none=True) == seeds_graph.model_dump_json(exclude_none=True)


def test_files_that_cannot_be_read_are_skipped_as_the_local_engine_skips_them(local_ray, tmp_path, nlp):
    (tmp_path / "a-empty.txt").write_text("")
    (tmp_path / "b-binary.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "c-interview.txt").write_text(
        "Dario Amodei is the CEO of Anthropic. Anthropic competes with OpenAI.\n", encoding="utf-8")
    local_skips, ray_skips = [], []
    local = build_graph(read_documents([tmp_path], local_skips.append), nlp, on_skip=local_skips.append)
    read, on_ray = ray_engine.build_graph([tmp_path], on_skip=ray_skips.append)
    assert [s.stage for s in ray_skips] == ["read", "read"]
    assert ray_skips == local_skips
    assert read == 1 and on_ray == local and on_ray.relations


def test_without_ray_installed_the_build_says_how_to_get_it(seeds_dir, tmp_path):
    done = subprocess.run([sys.executable, "-c", "import sys; sys.modules['ray'] = None; "
                           "from graphbuild.cli import main; main()", "build", str(seeds_dir), "--out",
                           str(tmp_path / "out"), "--engine", "ray"], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == "Error: --engine ray needs Ray: pip install 'graphbuild[ray]'"
    assert not (tmp_path / "out").exists()
