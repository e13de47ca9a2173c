"""Words per second of `graphbuild build --engine ray` on a local two-CPU Ray cluster, against
the local engine (one process, and `--workers 2`) on the same texts in the same run; the three
graphs must be equal.
Ray's time includes its actors loading the pipeline (once each); the local engine's pipeline is
loaded before the clock starts, and the cluster is started before either. Not a test: it prints
figures.

    python benchmarks/ray_build.py [--cpus 2] [PATHS...]   # default: seeds and the held-out texts
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import ray

from graphbuild.build import build_graph, read_documents
from graphbuild.engines import ray_engine
from graphbuild.extract.nlp import load_nlp
from graphbuild.extract.pipeline import spacy_text

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "seeds", ROOT / "training" / "heldout" / "texts"])
    parser.add_argument("--cpus", type=int, default=2)
    args = parser.parse_args()
    documents = read_documents(args.paths, print)
    words = sum(len(spacy_text(d, s).split()) for d in documents for s in d.segments)
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)

    nlp = load_nlp()
    started = time.perf_counter()
    local = build_graph(read_documents(args.paths, print), nlp)
    local_s = time.perf_counter() - started
    started = time.perf_counter()
    workers = build_graph(read_documents(args.paths, print), workers=args.cpus)
    workers_s = time.perf_counter() - started

    started = time.perf_counter()
    on_ray = build_graph(read_documents(args.paths, print), on_skip=print, extractor=ray_engine.ray_extractor())
    ray_s = time.perf_counter() - started
    ray.shutdown()
    if not on_ray == workers == local:
        raise SystemExit("the graphs built on Ray, with workers and in one process differ")

    print(f"documents: {len(documents)}  words: {words}  (the three graphs are equal)")
    print(f"local engine, 1 process     : {words / local_s:8.0f} words/s  ({local_s:.1f} s)")
    print(f"local engine, --workers {args.cpus}   : {words / workers_s:8.0f} words/s  ({workers_s:.1f} s, workers loading the pipeline included)")
    print(f"ray, local cluster of {args.cpus} CPUs : {words / ray_s:8.0f} words/s  ({ray_s:.1f} s, actors loading the pipeline included)")
    print(f"ratio ray / --workers {args.cpus}     : {workers_s / ray_s:8.2f}")


if __name__ == "__main__":
    main()
