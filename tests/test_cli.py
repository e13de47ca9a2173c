import json

import networkx as nx
from click.testing import CliRunner

from graphbuild.cli import cli

ARTICLE = "Funding news\n\nSam Altman, CEO of OpenAI, said OpenAI competes with Anthropic.\n"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_build_writes_graphml_and_json_and_prints_a_summary(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "news.md").write_text(ARTICLE)
    result = run("build", tmp_path / "in", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "WORKS_AT" in result.output and "Organization" in result.output
    graph = nx.read_graphml(tmp_path / "out" / "graph.graphml")
    assert graph.nodes["Person:sam-altman"]["labels"] == ":Person"
    data = json.loads((tmp_path / "out" / "graph.json").read_text())
    assert {e["id"] for e in data["entities"]} >= {"Person:sam-altman", "Organization:openai", "Organization:anthropic"}


def test_bad_files_are_named_and_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "latin1.md").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "empty.txt (read): empty file" in result.output
    assert "binary.txt (read): binary file" in result.output
    assert "latin1.md (read): not valid UTF-8" in result.output
    assert "ignored.pdf" not in result.output
    assert (tmp_path / "out" / "graph.json").exists()


def test_nothing_readable_fails_and_keeps_earlier_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.json").write_text('{"entities": []}')
    (tmp_path / "empty.txt").write_text("   \n")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "empty.txt"), "--out", str(out)])
    assert result.exit_code != 0
    assert "nothing was built" in result.output
    assert (out / "graph.json").read_text() == '{"entities": []}'
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_missing_path_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "nope (read): no such file or folder" in result.output


def test_eval_on_a_broken_graph_file_names_it(tmp_path):
    (tmp_path / "graph.json").write_text("not json")
    (tmp_path / "gold.json").write_text('{"doc": "x.txt", "entities": []}')
    result = CliRunner().invoke(cli, ["eval", str(tmp_path / "gold.json"), "--graph", str(tmp_path / "graph.json")])
    assert result.exit_code != 0
    assert "graph.json: not a graphbuild graph.json" in result.output


def test_eval_of_a_folder_without_gold_files_fails_in_one_line(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "notes.txt").write_text("not gold")
    result = CliRunner().invoke(cli, ["eval", str(tmp_path / "gold"), "--graph", str(tmp_path / "graph.json")])
    assert result.exit_code == 1
    assert result.output == f"Error: no gold file (*.json) in {tmp_path / 'gold'}; nothing to score\n"
