"""Choose short passages where the rarest facts are told: acquisitions, funding, founding and
rivalry, so that every relation type gets enough annotated examples.

The passages come from the training documents (never a held-out one, nor a held-out whole
episode), apart from the excerpts already cut from them (`select_corpus.py`), and are chosen by
their words alone, never by annotations. A document gives at most `PER_DOCUMENT` passages, named
`<name>--part3.md`, `--part4.md`, ...; the best-scoring passages of the whole corpus are taken
first. With `--unannotated` they come from the documents no split has touched yet instead
(the training documents' windows with enough fact words are all annotated): such a document
then joins the training split.

    python training/select_passages.py ../shared/corpus training OUT 120 [--unannotated]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from select_corpus import cut, digest, document_name, first_window, second_window, window, write

PASSAGE_CHARS = 3000
PER_DOCUMENT = 2
FIRST_PART = 3
# A word's weight is how rare its facts are in the annotations (ACQUIRED rarest).
FACT_WORDS = [
    (3, re.compile(r"\b(acqui(?:re|red|res|ring|sition|sitions)|bought|buys|merg(?:e|ed|er|ers))\b", re.I)),
    (2, re.compile(r"\b(rais(?:e|ed|es|ing)|funding|fundraise|series [a-f]\b|seed round|valuation|invest(?:ed|or|ors|s)|"
                   r"led the round|backed by)\b", re.I)),
    (1, re.compile(r"\b(found(?:ed|er|ers)|co-?founder|started the company|compet(?:e|es|itor|itors|ing)|rivals?)\b",
                   re.I)),
]


def fact_score(line: str) -> int:
    return sum(weight * len(words.findall(line)) for weight, words in FACT_WORDS)


def passages(text: str, taken: list[tuple[int, int]], count: int) -> list[tuple[int, tuple[int, int]]]:
    """Up to `count` (fact score, window of whole lines), apart from `taken` and from each
    other, with the highest fact scores (each above zero)."""
    lines = text.splitlines(keepends=True)
    scores = [fact_score(line) for line in lines]
    windows = [window(lines, start, PASSAGE_CHARS) for start in range(len(lines))]
    chosen: list[tuple[int, tuple[int, int]]] = []
    for _ in range(count):
        apart = [(sum(scores[a:b]), (a, b)) for a, b in windows
                 if not any(a < end and start < b for start, end in taken + [w for _, w in chosen])]
        best = max(apart, key=lambda scored: scored[0], default=None)
        if best is None or best[0] <= 0:
            break
        chosen.append(best)
    return chosen


def main(corpus: Path, training: Path, out: Path, total: int, unannotated: bool) -> None:
    names = {document_name(p) for p in (training / "train" / "texts").iterdir()}
    heldout = {document_name(p) for split in ("heldout", "heldout-episodes") for p in (training / split / "texts").iterdir()}
    candidates = []
    for path in sorted(corpus.glob("*/*.md"), key=lambda p: digest(p.name)):
        if path.stem in heldout or (path.stem in names) == unannotated:
            continue
        text = path.read_text(encoding="utf-8")
        taken = [] if unannotated else excerpts(path, text)
        for rank, (score, lines_range) in enumerate(passages(text, taken, PER_DOCUMENT)):
            candidates.append((-score, digest(path.name), rank, path, lines_range, text))
    for negative_score, _, rank, path, lines_range, text in sorted(candidates, key=lambda c: c[:3])[:total]:
        name = f"{path.stem}--part{FIRST_PART + rank}{path.suffix}"
        write(out / name, cut(text, lines_range))
        print(f"{-negative_score}\t{name}")


def excerpts(path: Path, text: str) -> list[tuple[int, int]]:
    """The windows `select_corpus.py` cut from a training document."""
    middle = path.parent.name == "podcasts" and digest(path.name) % 2 == 1
    first = first_window(text, middle)
    return [first] + [w for w in [second_window(text, first)] if w]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("training", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("total", type=int)
    parser.add_argument("--unannotated", action="store_true", help="from documents no split holds yet")
    args = parser.parse_args()
    main(args.corpus, args.training, args.out, args.total, args.unannotated)
