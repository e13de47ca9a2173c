"""Annotations -> spaCy training data (DocBin), one Doc per segment as the pipeline reads it.

Each annotated text goes through graphbuild's own readers, so the recogniser learns from the
text it will see at run time: speaker labels, timestamps and headers are not in the segments.
Entity spans come from `ground.spans` (every occurrence of every annotated surface form).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from graphbuild.extract.pipeline import spacy_text
from graphbuild.readers import read_text
from ground import spans, text_of

NER_LABEL = {"Person": "PERSON", "Organization": "ORG", "Model": "MODEL", "Product": "PRODUCT"}


def segment_docs(nlp, annotation_path: Path):
    annotation = json.loads(annotation_path.read_text(encoding="utf-8"))
    text = text_of(annotation_path, annotation)
    found = spans(text, annotation)
    for document in read_text(text, annotation["doc"]):
        for segment in document.segments:
            seen = spacy_text(document, segment)
            doc = nlp.make_doc(seen)
            ents = []
            for start, end, label in found:
                # not a name inside a link address, which the pipeline reads as blanks
                if segment.start <= start and end <= segment.end and \
                        seen[start - segment.start:end - segment.start] == text[start:end].replace("\n", " "):
                    span = doc.char_span(start - segment.start, end - segment.start, NER_LABEL[label],
                                         alignment_mode="expand")
                    if span is not None and not any(span.start < e.end and e.start < span.end for e in ents):
                        ents.append(span)
            doc.ents = ents
            yield doc


def is_dev(path: Path, every: int) -> bool:
    return every > 0 and int(hashlib.sha256(path.name.encode()).hexdigest(), 16) % every == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--dev-every", type=int, default=0, help="every Nth file (by hash) goes to DEV")
    parser.add_argument("--dev", type=Path)
    args = parser.parse_args()
    nlp = spacy.blank("en")
    train, dev = DocBin(), DocBin()
    counts = {"train": [0, 0], "dev": [0, 0]}
    for path in sorted(args.gold.glob("*.json")):
        split = "dev" if args.dev and is_dev(path, args.dev_every) else "train"
        for doc in segment_docs(nlp, path):
            (dev if split == "dev" else train).add(doc)
            counts[split][0] += 1
            counts[split][1] += len(doc.ents)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    train.to_disk(args.out)
    if args.dev:
        dev.to_disk(args.dev)
    for split, (docs, ents) in counts.items():
        print(f"{split}: {docs} segments, {ents} entity spans")


if __name__ == "__main__":
    main()
