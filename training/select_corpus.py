"""Choose the documents to annotate and cut each to an excerpt of whole lines.

Deterministic: documents are ordered by the sha256 of their file name, shows are taken in turn
so that every show is represented, and each excerpt is cut at line breaks. Podcast excerpts
start at the beginning or in the middle of the episode (by the hash), so that the training text
is not all introductions. One split is held out: no model trains on it.

A training document long enough gets a second excerpt (`<name>--part2.md`) that does not
overlap the first: the window that uses the most relation words ("raised", "founded",
"acquired", "CEO", "competitor", ...), because relations are rare and funding and acquisitions
rarest of all. It is chosen by words alone, never by the annotations. Held-out documents get
none.

    python training/select_corpus.py ../shared/corpus training
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

EXCERPT_CHARS = 8000
HELDOUT_PODCASTS, HELDOUT_NEWSLETTERS = 15, 6
SECOND_PART = "--part2"
RELATION_WORDS = re.compile(
    r"\b(rais(?:e|ed|ing)|fund(?:ing|ed|raise)|series [a-f]|valuation|invest(?:ed|or|ors|ment)|led the round|"
    r"acqui(?:re|red|res|sition)|bought|merg(?:e|ed|er)|found(?:ed|er|ers)|co-?founder|started the company|"
    r"ceo|cto|president|partner at|joined|work(?:s|ed)? (?:at|for)|compet(?:e|es|itor|itors|ition)|rivals?|"
    r"released|launch(?:ed|es)|built by)\b", re.IGNORECASE)


def digest(name: str) -> int:
    return int(hashlib.sha256(name.encode()).hexdigest(), 16)


def line_offsets(lines: list[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets


def window(lines: list[str], start: int, chars: int = EXCERPT_CHARS) -> tuple[int, int]:
    """The lines from `start` that fit in `chars` characters: (first, past the last)."""
    end, size = start, 0
    while end < len(lines) and (size + len(lines[end]) <= chars or end == start):
        size += len(lines[end])
        end += 1
    return start, end


def first_window(text: str, start_in_middle: bool) -> tuple[int, int]:
    lines = text.splitlines(keepends=True)
    start = 0
    if start_in_middle and len(text) > 2 * EXCERPT_CHARS:
        # the first paragraph break (else line break) after the middle
        offsets = line_offsets(lines)
        later = [i for i in range(len(lines)) if offsets[i] >= len(text) // 2]
        blank = [i for i in later if lines[i].strip() == ""]
        start = (blank or later or [0])[0]
    return window(lines, start)


def second_window(text: str, first: tuple[int, int]) -> tuple[int, int] | None:
    """The window, apart from the first, with the most relation words; None when the text has
    no room for one or it has no such word."""
    if len(text) <= 2 * EXCERPT_CHARS:
        return None
    lines = text.splitlines(keepends=True)
    windows = [window(lines, start) for start in range(len(lines))]
    apart = [w for w in windows if w[1] <= first[0] or w[0] >= first[1]]
    full = [w for w in apart if sum(len(line) for line in lines[w[0]:w[1]]) >= EXCERPT_CHARS // 2]
    words = [len(RELATION_WORDS.findall(line)) for line in lines]
    scored = [(sum(words[w[0]:w[1]]), -w[0], w) for w in full]
    best = max(scored, default=None)
    return best[2] if best and best[0] > 0 else None


def cut(text: str, lines: tuple[int, int]) -> str:
    return "".join(text.splitlines(keepends=True)[lines[0]:lines[1]]).strip("\n") + "\n"


def round_robin(files: list[Path]) -> list[Path]:
    """The files with the shows taken in turn, each show's episodes in hash order."""
    by_show = defaultdict(list)
    for f in sorted(files, key=lambda f: digest(f.name)):
        by_show[f.name.split("--")[0]].append(f)
    queues = [by_show[show] for show in sorted(by_show, key=digest)]
    chosen = []
    while any(queues):
        for queue in queues:
            if queue:
                chosen.append(queue.pop(0))
    return chosen


def main(corpus: Path, out: Path) -> None:
    podcasts = round_robin(list((corpus / "podcasts").glob("*.md")))
    newsletters = sorted((corpus / "newsletters").glob("*.md"), key=lambda f: digest(f.name))
    heldout = set(podcasts[:HELDOUT_PODCASTS] + newsletters[:HELDOUT_NEWSLETTERS])
    for f in podcasts + newsletters:
        split = "heldout" if f in heldout else "train"
        middle = f in podcasts and digest(f.name) % 2 == 1
        text = f.read_text(encoding="utf-8")
        first = first_window(text, middle)
        write(out / split / "texts" / f.name, cut(text, first))
        print(f"{split}\t{'middle' if middle else 'start'}\t{f.name}")
        second = None if split == "heldout" else second_window(text, first)
        if second:
            write(out / split / "texts" / f"{f.stem}{SECOND_PART}{f.suffix}", cut(text, second))
            print(f"{split}\tpart2\t{f.name}")


def document_name(path: Path) -> str:
    """The corpus document an excerpt (or its annotation) comes from: splits that keep a
    document together use it. Parts past the second are `select_passages.py`'s."""
    return re.sub(r"--part\d+$", "", path.stem)


def fold_group(path: Path, paths: list[Path], folds: int) -> str:
    """Files a cross-validation keeps in one fold: a show's episodes, which share hosts and
    phrasing; but a series larger than half a fold (the newsletter's issues, each on other
    news) goes document by document, or one fold would hold all of it and no other fold any.
    A document's two excerpts always stay together."""
    show = path.name.split("--")[0]
    files = sum(p.name.startswith(show + "--") for p in paths)
    return show if files <= len(paths) / folds / 2 else document_name(path)


def write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
