"""Choose short passages where the rarest facts are told: acquisitions, funding, founding and
rivalry, so that every relation type gets enough annotated examples.

The passages come from the training documents only (never a held-out one), apart from the
excerpts already cut from them (`select_corpus.py`), and are chosen by their words alone, never
by annotations. A document gives at most `PER_DOCUMENT` passages, named `<name>--part3.md`,
`--part4.md`, ...; the best-scoring passages of the whole corpus are taken first.

    python training/select_passages.py ../shared/corpus training OUT 120
"""

from __future__ import annotations

import re
import sys
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


def main(corpus: Path, training: Path, out: Path, total: int) -> None:
    names = {document_name(p) for p in (training / "train" / "texts").iterdir()}
    heldout = {document_name(p) for p in (training / "heldout" / "texts").iterdir()}
    candidates = []
    for path in sorted(corpus.glob("*/*.md"), key=lambda p: digest(p.name)):
        if path.stem not in names or path.stem in heldout:
            continue
        text = path.read_text(encoding="utf-8")
        middle = path.parent.name == "podcasts" and digest(path.name) % 2 == 1
        first = first_window(text, middle)
        taken = [first] + [w for w in [second_window(text, first)] if w]
        for rank, (score, lines_range) in enumerate(passages(text, taken, PER_DOCUMENT)):
            candidates.append((-score, digest(path.name), rank, path, lines_range, text))
    for negative_score, _, rank, path, lines_range, text in sorted(candidates, key=lambda c: c[:3])[:total]:
        name = f"{path.stem}--part{FIRST_PART + rank}{path.suffix}"
        write(out / name, cut(text, lines_range))
        print(f"{-negative_score}\t{name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
