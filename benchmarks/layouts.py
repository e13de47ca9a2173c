"""How the readers read a corpus, without any NLP: documents per layout, how many of the files
that carry speaker labels are read with speakers, how many documents of each folder have a date. Not a test:
it prints the figures the README gives.

    python benchmarks/layouts.py [--corpus ../shared/corpus] [--single-voice nate-jones--]

Files whose name starts with `--single-voice` (captions of a solo show, no labels) are left out
of the speaker count."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from graphbuild.readers import find_files, read_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--single-voice", default="nate-jones--", help="file name prefix of the unlabelled captions")
    args = parser.parse_args()
    layouts: Counter = Counter()
    labelled = with_speakers = 0
    documents: Counter = Counter()  # per folder
    dated: Counter = Counter()
    for file, root in find_files([args.corpus]):
        docs = read_path(file, root)
        layouts.update(str(d.layout) for d in docs)
        documents[file.parent.name] += len(docs)
        dated[file.parent.name] += sum(1 for d in docs if d.date)
        if file.parent.name == "podcasts" and not file.name.startswith(args.single_voice):
            labelled += 1
            with_speakers += any(s.speaker for d in docs for s in d.segments)
    print(f"documents per layout: {dict(sorted(layouts.items()))}")
    print(f"transcripts with speaker labels read with speakers: {with_speakers} of {labelled}"
          f" ({with_speakers / max(labelled, 1):.1%})")
    for folder, count in sorted(documents.items()):
        print(f"{folder}: {dated[folder]} of {count} documents have a date")


if __name__ == "__main__":
    main()
