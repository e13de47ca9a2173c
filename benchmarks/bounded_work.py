"""Hostile documents: seconds per KB and peak memory of `graphbuild build` on texts with no
sentence end, beside the seeds measured in the same run. Each build runs in a fresh process,
so each peak is its own. Not a test: it prints figures.

    python benchmarks/bounded_work.py [--largest-mb 1]

The documents (issue 20, issue 17):
- 'Sam Altman is the CEO of OpenAI ' repeated with no full stop, at 25 KB, 50 KB and
  `--largest-mb` MB: one endless sentence naming two entities thousands of times;
- one line in the shape of automatic captions (lower case, no punctuation) that names the same
  two entities many times, at 100 KB, 400 KB and 1.4 MB;
- a comma list of 600 names of the knowledge base (7.5 KB).
Targets: seconds per KB of the repeated sentence and of the caption line flat (the largest
within 1.5x of the smallest), peak memory under 1.5 GB. Printed by the clock and in CPU time (on a busy machine
the clock counts other processes' work too). Before the bound (windows.py, MAX_PAIRS) 25 KB took 80 s,
50 KB 319 s, and 1.1 MB did not finish in 17.7 minutes at 4.2 GB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from pathlib import Path

from big_transcript import arguments, in_fresh_process

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SENTENCE = "Sam Altman is the CEO of OpenAI "
CAPTION = "so sam altman the ceo of openai was saying that openai will ship it and sam altman agreed "


def repeated(unit: str, size: int) -> str:
    return unit * (size // len(unit) + 1)


def name_list(count: int) -> str:
    """`count` names of the knowledge base, drawn at random (seeded), as one comma list."""
    entries = (ROOT / "graphbuild" / "knowledge" / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    pool = [json.loads(line)["name"] for line in entries if line.strip()]
    names = random.Random(20).choices(pool, k=count)
    return ", ".join(names[:-1]) + " and " + names[-1]


def cases(largest_mb: float) -> dict[str, str]:
    return {"repeated sentence, 25 KB": repeated(SENTENCE, 25_000),
            "repeated sentence, 50 KB": repeated(SENTENCE, 50_000),
            f"repeated sentence, {largest_mb:g} MB": repeated(SENTENCE, int(largest_mb * 1e6)),
            "caption line, 100 KB": repeated(CAPTION, 100_000),
            "caption line, 400 KB": repeated(CAPTION, 400_000),
            "caption line, 1.4 MB": repeated(CAPTION, 1_400_000),
            "list of 600 names": name_list(600)}


def measure(path: Path) -> dict:
    """Build `path` in this process: kilobytes, seconds, peak resident memory."""
    from graphbuild.build import build_graph, read_documents
    from graphbuild.extract.nlp import load_nlp

    nlp = load_nlp()
    build_graph(read_documents([SEEDS], print)[:1], nlp)  # warm up: knowledge base, matchers, word frequencies
    documents = read_documents([path], print)
    start, cpu = time.perf_counter(), time.process_time()
    build_graph(documents, nlp)
    return {"kb": sum(len(d.text.encode("utf-8")) for d in documents) / 1000,
            "seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--largest-mb", type=float, default=1)
    args = arguments(parser, measure)
    if args is None:
        return
    figures = {f"seeds ({SEEDS.name}/)": in_fresh_process(SEEDS, __file__)}
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in cases(args.largest_mb).items():
            path = Path(tmp) / "document.txt"
            path.write_text(text, encoding="utf-8")
            figures[name] = in_fresh_process(path, __file__)
            path.unlink()
    for name, m in figures.items():
        print(f"{name:28}: {m['seconds'] / m['kb']:7.3f} s/KB, CPU {m['cpu'] / m['kb']:7.3f} s/KB  "
              f"({m['kb']:8.1f} KB, {m['seconds']:7.1f} s)  peak {m['peak_mb']:6.0f} MB")
    for shape in ("repeated sentence", "caption line"):
        for clock in ("seconds", "cpu"):  # on a shared machine the clock also counts others' work
            per_kb = [m[clock] / m["kb"] for name, m in figures.items() if name.startswith(shape)]
            print(f"{clock + ' per KB, largest/smallest':28}: {per_kb[-1] / per_kb[0]:7.2f}  ({shape}; target <= 1.5)")
    print(f"{'peak memory, largest':28}: {max(m['peak_mb'] for m in figures.values()):7.0f} MB (target < 1536 MB)")


if __name__ == "__main__":
    main()
