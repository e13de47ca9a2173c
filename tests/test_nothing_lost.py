"""Nothing lost, nothing broken (issue 20): every file has a document id of its own; outputs
never replace what is not graphbuild's and are never read back; every reader refuses what
could block or never end; credentials never show; the cache is private and checked.

Each case is real files (FIFOs, devices, /proc, a full tmpfs, a writer killed with SIGKILL)
driven through the command line; only the stray staging folder of a live writer is made by hand."""

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graphbuild.cli import cli
from graphbuild.readers import distinct_ids, read_text

ROOT = Path(__file__).resolve().parent.parent
CLASHING = ["Report 1.txt", "report-1.txt", "report_1.md", "REPORT-1.md", "a/b.txt", "a-b.txt", "a_b.md"]


def fact(i: int) -> str:
    """One fact, in a document of its own (the part number makes each one's content differ)."""
    return f"Staff news, part {i}\n\nOrla Quennell is the CEO of Brantwick Robotics, the company said.\n"


def run(*args, stdin: str = "") -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=stdin, catch_exceptions=False)


def run_apart(*args, timeout: int = 120) -> subprocess.CompletedProcess:
    """The command in a process of its own: a read that hangs is a failed test, not a hung run."""
    return subprocess.run([sys.executable, "-c", "from graphbuild.cli import main; main()", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


def write_files(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def graph_of(out: Path) -> dict:
    return json.loads((out / "graph.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The folder of a small built graph (graph.json), for the commands that read one."""
    folder = write_files(tmp_path_factory.mktemp("in"), {"news.md": fact(0)})
    out = tmp_path_factory.mktemp("out")
    assert run("build", folder, "--out", out, "--no-cache").exit_code == 0
    return out


def one_line_error(result, *said: str) -> None:
    output = result.output if hasattr(result, "output") else result.stderr
    assert result.exit_code if hasattr(result, "exit_code") else result.returncode, output
    lines = [line for line in output.strip().splitlines() if line.startswith("Error")]
    assert len(lines) == 1 and all(s in lines[0] for s in said), output
    assert "Traceback" not in output


# ---------------------------------------------------------------- one id per document


def test_files_whose_names_slug_alike_keep_a_document_and_their_facts_each(tmp_path):
    folder = write_files(tmp_path / "in", {name: fact(i) for i, name in enumerate(CLASHING)})
    result = run("build", folder, "--out", tmp_path / "out", "--no-cache")
    assert result.exit_code == 0, result.output
    graph = graph_of(tmp_path / "out")
    documents = {d["source"]: d["doc_id"] for d in graph["documents"]}
    assert sorted(documents) == sorted(CLASHING) and len(set(documents.values())) == len(CLASHING)
    works = [r for r in graph["relations"] if r["type"] == "WORKS_AT"]  # one fact, seven witnesses
    assert len(works) == 1 and sorted(e["doc_id"] for e in works[0]["evidence"]) == sorted(documents.values())
    assert documents["a-b.txt"].startswith("a-b-") and documents["Report 1.txt"].startswith("report-1-")

    again = run("build", folder, "--out", tmp_path / "again", "--no-cache")  # stable from build to build
    assert again.exit_code == 0 and {d["source"]: d["doc_id"] for d in graph_of(tmp_path / "again")["documents"]} == documents


def test_a_name_no_other_file_shares_keeps_its_plain_id(tmp_path):
    folder = write_files(tmp_path / "in", {"alone.md": fact(1), "report-1.txt": fact(2)})
    assert run("build", folder, "--out", tmp_path / "out", "--no-cache").exit_code == 0
    assert sorted(d["doc_id"] for d in graph_of(tmp_path / "out")["documents"]) == ["alone", "report-1"]


def test_episodes_of_a_listing_and_a_file_named_like_one_stay_apart():
    listing = ("Acme Show\n\nFirst talk\n12/03/2024 | Episode one\n[00:00:01] Ann Lee: Hello.\n\n"
               "Second talk\n13/03/2024 | Episode two\n[00:00:01] Ann Lee: Hello again.\n")
    documents = read_text(listing, "show.md") + read_text(fact(1), "show-e1.txt")
    assert [d.id for d in documents] == ["show-e1", "show-e2", "show-e1"]
    first, second, file = [d.id for d in distinct_ids(documents)]
    assert first.startswith("show-") and first.endswith("-e1") and file.startswith("show-e1-") and first != file
    assert second == "show-e2"  # no other document has its id


def test_two_folders_holding_the_same_name_give_two_documents(tmp_path):
    first = write_files(tmp_path / "one", {"notes.md": fact(1)})
    second = write_files(tmp_path / "two", {"notes.md": fact(2)})
    assert run("build", first, second, "--out", tmp_path / "out", "--no-cache").exit_code == 0
    documents = graph_of(tmp_path / "out")["documents"]
    assert len({d["doc_id"] for d in documents}) == 2
    assert sorted(d["source"] for d in documents) == ["notes.md", str(second / "notes.md").lstrip("/")]


def test_export_refuses_a_graph_whose_nodes_share_an_id(tmp_path, built):
    graph = graph_of(built)
    graph["documents"].append(dict(graph["documents"][0], source="other.md"))  # as older versions wrote them
    (tmp_path / "graph.json").write_text(json.dumps(graph), encoding="utf-8")
    result = run("export", "--format", "neo4j-admin", "--graph", tmp_path / "graph.json", "--out", tmp_path / "csv")
    one_line_error(result, "ids shared by several nodes", graph["documents"][0]["id"])
    assert not (tmp_path / "csv").exists()


# ---------------------------------------------------------------- outputs that are not ours


def unsafe_targets(folder: Path) -> dict[str, Path]:
    """A FIFO, a character device (the null device's numbers) and symbolic links to each."""
    folder.mkdir()
    os.mkfifo(folder / "fifo")
    os.mknod(folder / "device", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    (folder / "to-fifo").symlink_to(folder / "fifo")
    (folder / "to-device").symlink_to(folder / "device")
    return {p.name: p for p in folder.iterdir()}


def kind(path: Path) -> tuple:
    info = path.lstat()
    return stat.S_IFMT(info.st_mode), info.st_rdev, os.readlink(path) if path.is_symlink() else None


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_no_output_replaces_a_device_a_fifo_or_a_link_to_one(tmp_path, built):
    targets = unsafe_targets(tmp_path / "targets")
    before = {name: kind(path) for name, path in targets.items()}
    folder = write_files(tmp_path / "in", {"news.md": fact(3)})
    for name, target in targets.items():
        for command in (["build", folder, "--out", tmp_path / "out", "--summary-json", target],
                        ["report", "most-connected", "--graph", built / "graph.json", "--output", target,
                         "--format", "csv"],
                        ["report", "--favorites", target]):
            one_line_error(run(*command), f"cannot write {target}: {name}")
        out = tmp_path / f"out-{name}"
        out.mkdir()
        (out / "graph.json").symlink_to(target)
        one_line_error(run("build", folder, "--out", out), "could not write the graph", "graph.json is a symbolic link")
    assert {name: kind(path) for name, path in targets.items()} == before


def test_unwritable_places_and_folders_are_one_line(tmp_path, built):
    (tmp_path / "exist.csv").write_text("mine")
    report = ["report", "most-connected", "--graph", built / "graph.json", "--output"]
    one_line_error(run(*report, "/proc/x.csv"), "cannot write /proc/x.csv")
    one_line_error(run(*report, tmp_path / "exist.csv" / "x.csv"), f"cannot write {tmp_path / 'exist.csv' / 'x.csv'}")
    assert (tmp_path / "exist.csv").read_text() == "mine"
    one_line_error(run("report", "most-connected", "--graph", built), f"{built}: a folder, not a file")


@pytest.fixture
def full_disk(tmp_path):
    """A 64 kB tmpfs, filled up."""
    mount = tmp_path / "full"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        try:
            with open(mount / "filler", "wb") as filler:
                while True:
                    filler.write(b"x" * 4096)
                    filler.flush()
        except OSError:  # full
            pass
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_summary_on_a_full_disk_is_one_line_and_the_graph_is_written(tmp_path, full_disk):
    folder = write_files(tmp_path / "in", {"news.md": fact(4)})
    result = run("build", folder, "--out", tmp_path / "out", "--summary-json", full_disk / "summary.json")
    one_line_error(result, f"cannot write {full_disk / 'summary.json'}: No space left on device")
    assert (tmp_path / "out" / "graph.json").exists() and not (full_disk / "summary.json").exists()


def test_outputs_in_the_input_folder_are_never_read_back(tmp_path, built):
    folder = write_files(tmp_path / "in", {"news.md": fact(5)})
    out = folder / "out"
    assert run("build", folder, "--out", out).exit_code == 0
    assert run("report", "most-connected", "--graph", out / "graph.json", "--output", out / "x.md").exit_code == 0
    shutil.copytree(out, folder / "old-out")  # another build's output, with its report
    again = run("build", folder, "--out", out, "--summary-json", tmp_path / "summary.json")
    assert again.exit_code == 0, again.output
    assert json.loads((tmp_path / "summary.json").read_text())["documents_read"] == 1
    assert [d["source"] for d in graph_of(out)["documents"]] == ["news.md"]


KILLED_WRITER = """
import sys, time
from pathlib import Path
from graphbuild.files import replaced_together
with replaced_together(Path(sys.argv[1]), ["graph.json"]) as staging:
    (staging / "graph.json").write_text("half")
    print("writing", flush=True)
    time.sleep(600)
"""


def test_the_next_write_clears_the_staging_folder_of_a_killed_one(tmp_path):
    out = tmp_path / "out"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert writer.stdout.readline() == "writing\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    stray = [p.name for p in out.iterdir()]
    assert len(stray) == 1 and stray[0].startswith(".graphbuild-new-")
    live = out / f".graphbuild-new-{os.getpid()}-live"  # a write still going on (this process) is left alone
    live.mkdir()
    assert run("build", write_files(tmp_path / "in", {"news.md": fact(6)}), "--out", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([live.name, "graph.graphml", "graph.json"])


# ---------------------------------------------------------------- readers that cannot hang


def test_graph_readers_refuse_devices_fifos_and_folders(tmp_path, built):
    os.mkfifo(tmp_path / "fifo.json")
    for graph, said in (("/dev/zero", "/dev/zero: not a regular file"),
                        (tmp_path / "fifo.json", "fifo.json: not a regular file"), (built, str(built))):
        for command in (["report", "most-connected", "--graph", graph],  # load and eval read it as these do
                        ["export", "--format", "neo4j-admin", "--graph", graph, "--out", tmp_path / "csv"]):
            one_line_error(run_apart(*command), said)
    one_line_error(run("load", "--graph", tmp_path / "fifo.json"), "fifo.json: not a regular file")


def test_a_file_that_claims_size_zero_is_not_read(tmp_path):
    """/proc/kmsg claims size 0 and never ends (reading it also takes the kernel's messages from
    the system log): /proc/version claims size 0 too, and is refused the same way, unread."""
    folder = write_files(tmp_path / "in", {"news.md": fact(7)})
    (folder / "version.txt").symlink_to("/proc/version")
    result = run_apart("build", folder, "--out", tmp_path / "out", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert f"skipped {folder / 'version.txt'} (read): empty file" in result.stderr
    assert [d["source"] for d in graph_of(tmp_path / "out")["documents"]] == ["news.md"]


def test_folders_nested_1100_deep_are_read(tmp_path):
    (tmp_path / "in").mkdir()
    try:  # by shell: pathlib's mkdir and shutil's rmtree (pytest's clean-up too) recurse too deep for these
        subprocess.run(["bash", "-c", "for i in $(seq 1100); do mkdir d && cd d || exit 1; done; cat > news.md"],
                       cwd=tmp_path / "in", input=fact(8), text=True, check=True)
        result = run_apart("build", tmp_path / "in", "--out", tmp_path / "out", "--no-cache")
    finally:
        subprocess.run(["rm", "-rf", str(tmp_path / "in")], check=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert len(graph_of(tmp_path / "out")["documents"]) == 1


# ---------------------------------------------------------------- secrets and the cache


@pytest.mark.parametrize("uri, said", [
    ("bolt://neo4j:Top@Secret1@127.0.0.1:1", "unreachable at bolt://127.0.0.1:1"),
    ("bolt://neo4j:Top/Secret1@127.0.0.1:1", "unreachable at bolt://127.0.0.1:1"),
    ("bolt://neo4j:a/b@Secret1@127.0.0.1:x", "NEO4J_URI bolt://127.0.0.1:x is not a valid URI"),
    ("http://neo4j:Secret1@127.0.0.1:1", "NEO4J_URI http://127.0.0.1:1: Neo4j speaks no http://"),
    ("neo4j:Top@Secret1@127.0.0.1", "NEO4J_URI …@127.0.0.1: no scheme"),
])
def test_credentials_in_a_uri_never_show_however_malformed(uri, said):
    result = run_apart("report", "most-connected", "--backend", "neo4j", "--uri", uri)
    one_line_error(result, said)
    assert "Secret1" not in result.stderr + result.stdout


def test_cache_files_are_private_to_their_owner(tmp_path):
    folder = write_files(tmp_path / "in", {"private.md": fact(9)})
    folder.chmod(0o700)
    (folder / "private.md").chmod(0o600)
    old = os.umask(0o022)
    try:
        assert run("build", folder, "--out", tmp_path / "out", "--cache", tmp_path / "cache").exit_code == 0
    finally:
        os.umask(old)
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 1 and entries[0].stat().st_mode & 0o777 == 0o600


def test_a_cache_entry_edited_by_hand_is_not_trusted(tmp_path):
    folder = write_files(tmp_path / "in", {"news.md": fact(10)})
    text = (folder / "news.md").read_text()
    assert run("build", folder, "--out", tmp_path / "out", "--cache", tmp_path / "cache").exit_code == 0
    entry = next((tmp_path / "cache").rglob("*.json"))
    extraction = json.loads(entry.read_text())
    extraction["relations"][0]["provenance"]["quote"] = "Orla Quennell was never at Brantwick Robotics."
    entry.write_text(json.dumps(extraction))
    again = run("build", folder, "--out", tmp_path / "out", "--cache", tmp_path / "cache")
    assert again.exit_code == 0
    assert f"ignored damaged cache file {entry}: the quote 'Orla Quennell was never at Brantwick Rob' is not the text at its offsets" in again.output
    evidence = [e for r in graph_of(tmp_path / "out")["relations"] for e in r["evidence"]]
    assert evidence and all(text[e["start"]:e["end"]] == e["quote"] for e in evidence)
