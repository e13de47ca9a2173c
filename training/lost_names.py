"""Error analysis: the gold names that the trained recogniser finds in a document but the
built graph does not hold for it. These are what the pipeline's filters and resolution
lose after the recogniser found them (a title read where a sentence is, an acronym taken
for a word). Prints them most frequent first. Reads no training data and trains nothing.

    graphbuild build training/heldout/texts --out out/heldout
    python training/lost_names.py training/heldout/texts training/heldout/gold out/heldout/graph.json
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from graphbuild.evaluate import fold, load_gold
from graphbuild.exporters.json import read_json
from graphbuild.extract.nlp import TRAINED_NER, load_recogniser
from graphbuild.extract.pipeline import spacy_text
from graphbuild.readers import read_text


def lost_names(texts: Path, gold_dir: Path, graph: Path) -> Counter:
    """(document, recognised text, label) -> how often the recogniser found it."""
    kg = read_json(graph)
    recogniser = load_recogniser(TRAINED_NER)
    lost: Counter = Counter()
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = load_gold(gold_path)
        text_path = texts / Path(gold.doc).name
        if not text_path.is_file():
            continue
        doc_ids = {d.doc_id for d in kg.documents if Path(d.source).name == text_path.name}
        held = {fold(name) for e in kg.entities if doc_ids & set(e.documents) for name in [e.name, *e.aliases]}
        wanted = set().union(*(g.keys for g in gold.entities))
        for document in read_text(text_path.read_text(encoding="utf-8"), text_path.name):
            for segment in document.segments:
                for ent in recogniser(spacy_text(document, segment)).ents:
                    if fold(ent.text) in wanted - held:
                        lost[(text_path.name, ent.text, ent.label_)] += 1
    return lost


def main(texts: Path, gold_dir: Path, graph: Path) -> None:
    for (document, name, label), count in lost_names(texts, gold_dir, graph).most_common():
        print(f"{count}\t{label}\t{name}\t{document}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
