"""Choose the documents to annotate and cut each to an excerpt of whole lines.

Deterministic: documents are ordered by the sha256 of their file name, shows are taken in turn
so that every show is represented, and each excerpt is cut at line breaks. Podcast excerpts
start at the beginning or in the middle of the episode (by the hash), so that the training text
is not all introductions. One split is held out: no model trains on it.

    python training/select_corpus.py ../shared/corpus training
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from pathlib import Path

EXCERPT_CHARS = 8000
PODCASTS, NEWSLETTERS = 120, 44
HELDOUT_PODCASTS, HELDOUT_NEWSLETTERS = 15, 6


def digest(name: str) -> int:
    return int(hashlib.sha256(name.encode()).hexdigest(), 16)


def excerpt(text: str, start_in_middle: bool) -> str:
    lines = text.splitlines(keepends=True)
    start = 0
    if start_in_middle and len(text) > 2 * EXCERPT_CHARS:
        # the first paragraph break (else line break) after the middle
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line))
        later = [i for i in range(len(lines)) if offsets[i] >= len(text) // 2]
        blank = [i for i in later if lines[i].strip() == ""]
        start = (blank or later or [0])[0]
    chosen, size = [], 0
    for line in lines[start:]:
        if size + len(line) > EXCERPT_CHARS and chosen:
            break
        chosen.append(line)
        size += len(line)
    return "".join(chosen).strip("\n") + "\n"


def round_robin(files: list[Path], count: int) -> list[Path]:
    by_show = defaultdict(list)
    for f in sorted(files, key=lambda f: digest(f.name)):
        by_show[f.name.split("--")[0]].append(f)
    queues = [by_show[show] for show in sorted(by_show, key=digest)]
    chosen = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop(0))
    return chosen


def main(corpus: Path, out: Path) -> None:
    podcasts = round_robin(list((corpus / "podcasts").glob("*.md")), PODCASTS)
    newsletters = sorted((corpus / "newsletters").glob("*.md"), key=lambda f: digest(f.name))[:NEWSLETTERS]
    heldout = set(podcasts[:HELDOUT_PODCASTS] + newsletters[:HELDOUT_NEWSLETTERS])
    for f in podcasts + newsletters:
        split = "heldout" if f in heldout else "train"
        middle = f in podcasts and digest(f.name) % 2 == 1
        target = out / split / "texts" / f.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(excerpt(f.read_text(encoding="utf-8"), middle), encoding="utf-8")
        print(f"{split}\t{'middle' if middle else 'start'}\t{f.name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
