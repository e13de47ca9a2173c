"""Words per second of `graphbuild build` on the seeds, against the stock `en_core_web_sm`
`nlp.pipe` on the same texts in the same run, and the peak memory. Not a test: it prints figures.

    python benchmarks/build_throughput.py [--repeat 3] [PATHS...]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from graphbuild.build import build_graph, read_documents
import spacy

from graphbuild.extract.nlp import DEFAULT_MODEL, load_nlp
from graphbuild.extract.pipeline import spacy_text
from graphbuild.knowledge import KnowledgeBase
from graphbuild import names

ROOT = Path(__file__).resolve().parent.parent


def best_of(repeat: int, job) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def cold_build(documents, nlp) -> None:
    """A build with the look-up caches emptied, as a fresh process would run it."""
    KnowledgeBase._fuzzy_key.cache_clear()
    for cached in (names.zipf, names.phonetic, names.normalize, names.compact):
        cached.cache_clear()
    build_graph(documents, nlp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "seeds"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    nlp = load_nlp()
    documents = read_documents(args.paths, print)
    texts = [spacy_text(d, s) for d in documents for s in d.segments]
    words = sum(len(t.split()) for t in texts)
    build_graph(documents[:1], nlp)  # warm up: knowledge base, matchers, word frequencies

    stock = spacy.load(DEFAULT_MODEL)  # the baseline: spaCy's own pipeline, its own recogniser
    spacy_s = best_of(args.repeat, lambda: list(stock.pipe(texts, batch_size=64)))
    build_s = best_of(args.repeat, lambda: cold_build(documents, nlp))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"documents: {len(documents)}  segments: {len(texts)}  words: {words}")
    print(f"stock en_core_web_sm nlp.pipe: {words / spacy_s:10.0f} words/s  ({spacy_s:.2f} s, best of {args.repeat})")
    print(f"graphbuild build             : {words / build_s:10.0f} words/s  ({build_s:.2f} s, best of {args.repeat})")
    print(f"ratio build/stock            : {spacy_s / build_s:10.2f}  (target >= 0.70)")
    print(f"peak memory                  : {peak_mb:10.0f} MB    (target < 1536 MB)")


if __name__ == "__main__":
    main()
