"""One long transcript: words per second and peak memory of `graphbuild build` on a numbered
transcript of `--megabytes` MB (the seeds' lines, repeated), beside the same figures for the
seeds as they are, measured in the same run. Each build runs in a fresh process, so each peak
is its own. Not a test: it prints figures.

    python benchmarks/big_transcript.py [--megabytes 50]

Targets (issue 11): the long file's rate at least 0.7 of the seeds' rate, its peak memory
under 1.5 GB (a long document's parses wait on disk: graphbuild/extract/parsed.py).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HEADER = "--- METADATA START ---\nShow: Benchmark\nEpisode: The seeds, repeated\n--- METADATA END ---\n"


def write_transcript(path: Path, megabytes: float) -> None:
    """A numbered transcript (`N` / text line pairs) of the seeds' lines, repeated to the size."""
    lines = [line.strip() for seed in sorted(SEEDS.glob("*.txt")) for line in seed.read_text().splitlines()
             if line.strip() and not re.fullmatch(r"\d{1,6}", line.strip())]
    target, size, number = int(megabytes * 1e6), len(HEADER), 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        while size < target:
            for line in lines:
                number += 1
                size += out.write(f"{number}\n{line}\n")


def measure(path: Path) -> dict:
    """Build `path` in this process; words, seconds and peak resident memory."""
    from graphbuild.build import build_graph, read_documents
    from graphbuild.extract.nlp import load_nlp
    from graphbuild.extract.pipeline import spacy_text

    nlp = load_nlp()
    documents = read_documents([path], print)
    words = sum(len(spacy_text(d, s).split()) for d in documents for s in d.segments)
    start = time.perf_counter()
    build_graph(documents, nlp)
    seconds = time.perf_counter() - start
    return {"words": words, "seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_fresh_process(path: Path, script: str = __file__) -> dict:
    """What `script --measure path` prints last, as JSON: its figures, with a peak of its own."""
    result = subprocess.run([sys.executable, script, "--measure", str(path)], check=True, capture_output=True, text=True)
    return json.loads(result.stdout.splitlines()[-1])


def arguments(parser: argparse.ArgumentParser, measure: Callable[[Path], dict]) -> Optional[argparse.Namespace]:
    """The command line's arguments; or, in the process `in_fresh_process` starts, None once
    `measure` has measured and printed."""
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return None
    return args


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50)
    args = arguments(parser, measure)
    if args is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "transcript.txt"
        write_transcript(big, args.megabytes)
        seeds = in_fresh_process(SEEDS)
        long_ = in_fresh_process(big)
    for name, m in ((f"seeds ({SEEDS.name}/)", seeds), (f"one {args.megabytes:g} MB transcript", long_)):
        print(f"{name:28}: {m['words'] / m['seconds']:8.0f} words/s  ({m['words']} words, {m['seconds']:.1f} s)  "
              f"peak {m['peak_mb']:6.0f} MB")
    rate = (long_["words"] / long_["seconds"]) / (seeds["words"] / seeds["seconds"])
    print(f"{'rate, transcript / seeds':28}: {rate:8.2f}  (target >= 0.70)")
    print(f"{'peak memory, transcript':28}: {long_['peak_mb']:8.0f} MB (target < 1536 MB)")


if __name__ == "__main__":
    main()
