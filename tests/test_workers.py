"""A `--workers 2` build whose worker dies or that is stopped, as a user runs it: a worker killed
(as the kernel's OOM killer kills, injected here) takes only its documents with it, which are
retried once in a fresh worker and then skipped with one line each; SIGTERM and Ctrl-C stop every
worker and end in one line and a non-zero code, leaving the graph written before as it was."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["Mara", "Tomas", "Ines", "Otto", "Lena", "Ravi", "Suki", "Bram"]
LAST = ["Quillon", "Vesk", "Armandi", "Torbeck", "Lindqvar", "Osei", "Marrow", "Kettle", "Pellwood", "Dray"]
ORGS = ["Nimbus Forge", "Pallas Robotics", "Ternwave", "Quarry Labs", "Brightfold AI"]
FATAL = "Zephyrine Okonkwo-Vale"  # the document that holds this name kills the worker extracting it

# Loaded by every Python process of the build, the workers too: a worker given the fatal document
# kills itself with SIGKILL, as the OOM killer would (every time, or only the first time).
KILLER = f'''
import multiprocessing, os, signal
from pathlib import Path
import graphbuild.build as build

extract_documents = build.extract_documents

def killing(documents, *args, **kwargs):
    documents = list(documents)
    mark = Path(os.environ["KILLED_MARK"])
    if multiprocessing.parent_process() and any({FATAL!r} in d.text for d in documents):
        if os.environ["KILL"] == "always" or not mark.exists():
            mark.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    return extract_documents(documents, *args, **kwargs)

build.extract_documents = killing
'''


def text(seed: int, extra: str = "") -> str:
    """About 37,000 characters: two documents fill more than one chunk of work for a worker."""
    sentences = [f"{FIRST[(i + seed) % 8]} {LAST[(i * 3 + seed) % 10]} joined {ORGS[(i + seed) % 5]} "
                 f"as head of research in {2000 + i % 25}." for i in range(600)]
    return f"Notes {seed}\n\n{extra}" + " ".join(sentences) + "\n"


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(text(1))
    (folder / "b.md").write_text(text(2, f"{FATAL} joined Ternwave as chief scientist. "))
    (folder / "c.md").write_text(text(3))
    return folder


def as_from_a_terminal() -> None:
    """SIGINT handled and not blocked, as in a command started at a terminal: a child inherits
    both from the test run, which may ignore it (started in the background) or block it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def graphbuild(tmp_path: Path, *args: str, **env: str) -> subprocess.Popen:
    """The command line in a session of its own, Ctrl-C reaching it as from a terminal."""
    hooks = tmp_path / "hooks"
    return subprocess.Popen([sys.executable, "-c", "from graphbuild.cli import main; main()", *args], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(hooks)]), **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=as_from_a_terminal)


@pytest.mark.parametrize("kill", ["once", "always"])
def test_a_killed_worker_takes_only_its_documents_with_it(tmp_path, corpus, kill):
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "sitecustomize.py").write_text(KILLER)
    build = graphbuild(tmp_path, "build", str(corpus), "--out", "out", "--workers", "2", "--no-cache",
                       KILL=kill, KILLED_MARK=str(tmp_path / "killed"))
    out, err = build.communicate(timeout=900)
    assert (tmp_path / "killed").exists()  # the fault was injected
    assert build.returncode == 0, out + err
    assert "Traceback" not in err
    built = {d["source"] for d in json.loads((tmp_path / "out" / "graph.json").read_text())["documents"]}
    if kill == "once":  # retried in a fresh worker: nothing lost
        assert built == {"a.md", "b.md", "c.md"} and err.strip() == ""
    else:  # its chunk's other document retried alone is kept; the fatal one is skipped with one line
        assert built == {"a.md", "c.md"}
        assert err.strip().splitlines() == ["warning: skipped b.md (extract): its worker process died twice "
                                    "(killed, or out of memory)"]


def workers_of(pid: int) -> list[int]:
    """The worker processes a process has started (not multiprocessing's resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid and b"spawn_main" in (stat.parent / "cmdline").read_bytes():
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            pass
    return found


def gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie has ended
    except OSError:
        return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in /proc")
@pytest.mark.parametrize("stop, said, code", [(signal.SIGTERM, "SIGTERM", 143), (signal.SIGINT, "Ctrl-C", 130)])
def test_sigterm_and_ctrl_c_stop_every_worker_in_one_line(tmp_path, corpus, stop, said, code):
    (tmp_path / "out").mkdir()
    before = '{"written": "by an earlier build"}\n'
    (tmp_path / "out" / "graph.json").write_text(before)
    build = graphbuild(tmp_path, "build", str(corpus), "--out", "out", "--workers", "2", "--no-cache")
    deadline = time.monotonic() + 300
    while len(workers := workers_of(build.pid)) < 2:
        assert build.poll() is None and time.monotonic() < deadline, build.communicate()
        time.sleep(0.2)
    time.sleep(3)  # the workers are loading the pipeline or extracting
    assert build.poll() is None
    if stop == signal.SIGINT:
        os.killpg(build.pid, stop)  # Ctrl-C: the terminal signals every process of the group
    else:
        build.send_signal(stop)  # what `timeout` and a cancelled CI job send: the main process only
    out, err = build.communicate(timeout=120)
    assert build.returncode == code
    assert err.strip().splitlines() == [f"Error: stopped by {said}"]
    deadline = time.monotonic() + 30
    while not all(gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(gone(pid) for pid in workers)
    assert (tmp_path / "out" / "graph.json").read_text() == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.json"]
