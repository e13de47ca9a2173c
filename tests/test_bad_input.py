"""No input crashes a build: each bad document is one line, skipped alone, and the rest is built.

Every case is a real file in an otherwise fine folder, built through the command line."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graphbuild.cli import cli

GOOD = "Funding news\n\nSam Altman, CEO of OpenAI, said OpenAI competes with Anthropic.\n"
ROOT = Path(__file__).resolve().parent.parent


def transcript(guest: str, episode: str = "Robots") -> str:
    return (f"--- METADATA START ---\nShow: Test Show\nEpisode: {episode}\nHost: Harry Stebbings\nGuests: {guest}\n"
            f"--- METADATA END ---\n1\nHarry Stebbings: Welcome {guest}, CEO of Acme Robotics.\n"
            f"2\n{guest}: Thanks Harry, we build robots at Acme Robotics.\n")


def folder_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A folder holding a good document and `files`."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD)
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    return folder


def build(*args) -> Result:
    return CliRunner().invoke(cli, ["build", *map(str, args)], catch_exceptions=False)


def graph_json(out: Path) -> dict:
    return json.loads((out / "graph.json").read_text(encoding="utf-8"))


def entity_names(out: Path) -> set[str]:
    return {e["name"] for e in graph_json(out)["entities"]}


@pytest.mark.parametrize("guest", ["Давид Коэн", "דוד כהן", "Back\\slash Jones", "<script>x</script> Lee", "Mary O'Brien"])
def test_a_guest_name_of_any_script_or_punctuation_builds(tmp_path, guest):
    folder = folder_with(tmp_path, {"guest.txt": transcript(guest)})
    result = build(folder, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    assert guest in entity_names(tmp_path / "out")
    assert {"Sam Altman", "Acme Robotics"} <= entity_names(tmp_path / "out")


def test_two_people_of_a_non_latin_script_stay_two(tmp_path):
    folder = folder_with(tmp_path, {"a.txt": transcript("Давид Коэн"), "b.txt": transcript("Иван Петров", "More")})
    result = build(folder, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    ids = {e["id"] for e in graph_json(tmp_path / "out")["entities"]}
    assert {"Person:давид-коэн", "Person:иван-петров"} <= ids


def test_an_apostrophe_in_a_one_line_document_builds(tmp_path):
    folder = folder_with(tmp_path, {"obrien.txt": "Mary O'Brien is the CEO of Acme Robotics.\n"})
    result = build(folder, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    assert {d["id"] for d in graph_json(tmp_path / "out")["documents"]} == {"Document:good", "Document:obrien"}


def test_a_line_over_a_million_characters_is_cut_and_keeps_file_offsets(tmp_path):
    filler = " ".join(["lorem" * 1000] * 205)  # one line of 1,025,204 characters, past spaCy's max_length
    text = "Long line\n\n" + filler + ". Sam Altman, CEO of OpenAI, said OpenAI competes with Anthropic.\n"
    folder = folder_with(tmp_path, {"long.txt": text})
    result = build(folder, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    relations = graph_json(tmp_path / "out")["relations"]
    from_long = [e for r in relations for e in r["evidence"] if e["doc_id"] == "long"]
    assert from_long, relations
    for evidence in from_long:
        assert text[evidence["start"]:evidence["end"]] == evidence["quote"]
    assert any("CEO of OpenAI" in e["quote"] for e in from_long)


def test_pieces_are_cut_at_line_breaks_then_sentence_ends_then_spaces():
    from graphbuild.extract.pipeline import pieces
    from graphbuild.models import Document, Segment

    text = "one two three. four five six\nseven eight nine ten eleven"
    doc = Document(id="d", source="d.txt", layout="article", text=text, segments=[Segment(start=0, end=len(text))])
    cut = [text[p.start:p.end] for p in pieces(doc, doc.segments[0], 30)]
    assert cut == ["one two three. four five six", "seven eight nine ten eleven"]
    cut = [text[p.start:p.end] for p in pieces(doc, doc.segments[0], 20)]
    assert cut == ["one two three.", "four five six", "seven eight nine", "ten eleven"]
    assert all(p.end - p.start < 20 for p in pieces(doc, doc.segments[0], 20))


def test_control_characters_in_a_title_and_a_file_name_leave_graphml_well_formed(tmp_path):
    folder = folder_with(tmp_path, {"bell\x01name.md": "Title with a bell \x07 and \x1b escape\n\n" + GOOD})
    result = build(folder, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    root = ET.parse(tmp_path / "out" / "graph.graphml").getroot()  # raises on XML that is not well-formed
    values = [d.text or "" for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")]
    assert any("Title with a bell  and  escape" in v for v in values)


def test_rich_markup_in_titles_names_and_paths_is_printed_as_text(tmp_path):
    folder = folder_with(tmp_path, {"reddit.txt": transcript("[bold] Smith", episode="Best of [/r/LocalLLaMA]")})
    out = tmp_path / "o[/x]"
    result = build(folder, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'graph.graphml'}" in result.output
    assert "[bold] Smith" in entity_names(out)
    report = CliRunner().invoke(cli, ["report", "mentions", "-p", "entity=[bold] Smith", "--graph", str(out / "graph.json")],
                                catch_exceptions=False)
    assert report.exit_code == 0, report.output
    assert "[/r/LocalLLaMA]" in report.output


def test_utf16_with_a_byte_order_mark_is_decoded(tmp_path):
    folder = folder_with(tmp_path, {"u16.txt": ("Anthropic news\n\nDario Amodei, CEO of Anthropic, spoke.\n").encode("utf-16")})
    result = build(folder, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    assert "Dario Amodei" in entity_names(tmp_path / "out")


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    from graphbuild.readers import MAX_FILE_BYTES

    folder = folder_with(tmp_path, {})
    with open(folder / "huge.txt", "wb") as huge:
        huge.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk, and reading it would cost 100 MB
    result = build(folder, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "huge.txt (read): larger than 100 MB" in result.output
    assert "Sam Altman" in entity_names(tmp_path / "out")


def test_missing_paths_fifos_and_devices_are_skipped_without_hanging(tmp_path):
    folder = folder_with(tmp_path, {})
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "named.txt")
    args = [folder, tmp_path / "missing.txt", tmp_path / "named.txt", "/dev/zero", "--out", tmp_path / "out"]
    result = subprocess.run([sys.executable, "-c", "from graphbuild.cli import main; main()", "build", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert lines == [f"warning: skipped {folder / 'pipe.txt'} (read): not a regular file (a pipe, device or socket)",
                     f"warning: skipped {tmp_path / 'missing.txt'} (read): no such file or folder",
                     f"warning: skipped {tmp_path / 'named.txt'} (read): not a regular file (a pipe, device or socket)",
                     "warning: skipped /dev/zero (read): not a regular file (a pipe, device or socket)"]
    assert "Sam Altman" in entity_names(tmp_path / "out")


def test_a_file_name_that_is_not_utf8_is_kept_readable(tmp_path):
    folder = folder_with(tmp_path, {})
    Path(os.fsdecode(os.fsencode(folder) + b"/bad\xffname.md")).write_text(GOOD.replace("Sam Altman", "Greg Brockman"))  # a name that is not UTF-8
    result = build(folder, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert {d["source"] for d in graph_json(tmp_path / "out")["documents"]} == {"bad\ufffdname.md", "good.md"}
    ET.parse(tmp_path / "out" / "graph.graphml")


def test_a_guest_named_only_by_punctuation_is_no_full_name(tmp_path):
    """Found by the property test: a guest ', : \\x08' is two tokens but no words once normalised."""
    text = ("--- METADATA START ---\nShow: 0\nEpisode: 0\nHost: 0\nGuests: 0, : \x08\n--- METADATA END ---\n\n"
            "1\n0, CEO of 0, said 0 competes with 0.\n")
    folder = folder_with(tmp_path, {"0-0.md": text})
    result = build(folder, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
