"""Large corpora, in one run on the same texts: words per second with `--workers 1` and
`--workers 2`; a warm rebuild after adding one document to a 40-document corpus against the
cold build; resolution time for 1x, 4x and 16x the corpus's extractions. Not a test: it
prints figures.

    python benchmarks/scale.py [--corpus ../shared/corpus] [--documents 40]

The documents are an even sample of the corpus (every n-th file by name), copied into a
temporary folder; the cache lives there too, so nothing outside it is touched. For 4x and 16x,
the corpus's extractions are copied with every name changed (each letter shifted by the copy's
number), so that each copy adds new entities for resolution to tell apart, as a larger corpus
would.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from graphbuild.build import build_graph, read_documents
from graphbuild.cache import ExtractionCache, content_key, pipeline_version
from graphbuild.extract.pipeline import spacy_text
from graphbuild.models import Extraction
from graphbuild.resolve import resolve

ROOT = Path(__file__).resolve().parent.parent


def sample(corpus: Path, count: int) -> list[Path]:
    files = sorted(p for p in corpus.rglob("*.md") if p.name != "README.md")
    return files[:: max(1, len(files) // count)][:count]


def timed(job) -> tuple[float, object]:
    start = time.perf_counter()
    result = job()
    return time.perf_counter() - start, result


def shifted(text: str | None, k: int) -> str | None:
    """The name with each ASCII letter moved k places on: 'Anthropic' -> 'Bouisprjd' for k=1."""
    def move(c: str) -> str:
        if not (c.isascii() and c.isalpha()):
            return c
        base = ord("a") if c.islower() else ord("A")
        return chr((ord(c) - base + k) % 26 + base)

    return "".join(map(move, text)) if text and k else text


def renamed_copy(extraction: Extraction, k: int) -> Extraction:
    document = extraction.document.model_copy(update={"id": f"{extraction.document.id}-copy{k}"})
    cite = lambda item: item.model_copy(update={"provenance": item.provenance.model_copy(update={"doc_id": document.id})})  # noqa: E731
    mentions = [m.model_copy(update={"text": shifted(m.text, k), "kb_name": shifted(m.kb_name, k),
                                     "full_name": shifted(m.full_name, k)}) for m in extraction.mentions]
    return extraction.model_copy(update={"document": document, "mentions": mentions,
                                         "relations": [cite(r) for r in extraction.relations],
                                         "investments": [cite(i) for i in extraction.investments]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--documents", type=int, default=40)
    args = parser.parse_args()
    files = sample(args.corpus, args.documents + 1)
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache_dir = Path(tmp) / "corpus", Path(tmp) / "cache"
        folder.mkdir()
        for file in files[:-1]:
            shutil.copy(file, folder)
        documents = read_documents([folder], print)
        words = sum(len(spacy_text(d, s).split()) for d in documents for s in d.segments)
        cache = ExtractionCache(cache_dir, pipeline_version(), warn=print)

        cold_s, graph_1 = timed(lambda: build_graph(documents, workers=1, cache=cache))
        two_s, graph_2 = timed(lambda: build_graph(documents, workers=2))
        shutil.copy(files[-1], folder)
        grown = read_documents([folder], print)
        warm_s, _ = timed(lambda: build_graph(grown, workers=1, cache=cache))

        extractions = [cache.get(content_key(d), d) for d in documents]
        resolution = {}
        for times in (1, 4, 16):
            copies = [renamed_copy(e, k) for k in range(times) for e in extractions]
            resolution[times] = (sum(len(e.mentions) for e in copies), timed(lambda: resolve(copies))[0])

    print(f"corpus: {len(documents)} documents from {len(files) - 1} files of {args.corpus}, {words} words")
    print(f"--workers 1 (cold, cache filled): {words / cold_s:8.0f} words/s  ({cold_s:.1f} s)")
    print(f"--workers 2                     : {words / two_s:8.0f} words/s  ({two_s:.1f} s)")
    print(f"ratio workers 2 / 1             : {cold_s / two_s:8.2f}  (cores: 2; same graph: {graph_1 == graph_2})")
    print(f"warm rebuild, +1 document       : {warm_s:8.1f} s against {cold_s:.1f} s cold: {cold_s / warm_s:.1f}x faster "
          f"(target >= 10x)")
    base = resolution[1][1]
    for times, (mentions, seconds) in resolution.items():
        print(f"resolution {times:2}x ({mentions:7} mentions) : {seconds:8.2f} s  ({seconds / base:5.1f}x the 1x time)")


if __name__ == "__main__":
    main()
