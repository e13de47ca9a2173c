"""Annotations -> spaCy training data (DocBin), one Doc per segment as the pipeline reads it.

Each annotated text goes through graphbuild's own readers, so the recogniser learns from the
text it will see at run time: speaker labels, timestamps and headers are not in the segments.
Entity spans come from `ground.spans` (every occurrence of every annotated surface form).

A third of the training segments with organisations or products are added a second time with
those renamed to ordinary English words ("Harbor", "Lantern"), so that the recogniser learns a
name from how the text uses it, not from the words it is made of: the new startup with an
ordinary name is what it would otherwise miss. (Renaming every such segment made it take
capitalised words at a sentence's start for names: measured worse on both evaluation sets.)

    python training/convert.py training/train/gold OUT.spacy [--dev-every 8 DEV.spacy]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, DocBin
from wordfreq import top_n_list

from graphbuild.extract.pipeline import spacy_text
from graphbuild.models import NODES
from graphbuild.readers import read_text
from ground import spans, text_of
from select_corpus import digest, document_name

NER_LABEL = {spec.label.value: spec.recogniser for spec in NODES if spec.entity}
RENAMED = {"ORG", "PRODUCT"}
RENAMED_SHARE = 0.35
ORDINARY_WORDS = [w for w in top_n_list("en", 5000) if w.isalpha() and 4 <= len(w) <= 9 and w not in STOP_WORDS
                  and not w.endswith(("ing", "ed", "ly", "ian", "ese", "ish"))]  # nouns, mostly


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


def renamed(nlp, doc: Doc, rng: random.Random) -> Doc | None:
    """The segment with each organisation and product renamed to an ordinary word, the same
    name for the same name; None when it has none."""
    if not any(e.label_ in RENAMED for e in doc.ents):
        return None
    names: dict[str, str] = {}
    text, spans, at = "", [], 0
    for ent in doc.ents:
        text += doc.text[at:ent.start_char]
        name = names.setdefault(ent.text, rng.choice(ORDINARY_WORDS).capitalize()) if ent.label_ in RENAMED else ent.text
        spans.append((len(text), len(text) + len(name), ent.label_))
        text, at = text + name, ent.end_char
    new = nlp.make_doc(text + doc.text[at:])
    ents = [new.char_span(start, end, label) for start, end, label in spans]
    if any(e is None for e in ents):
        return None  # the new name splits into tokens differently: leave this one out
    new.ents = ents
    return new


def is_dev(path: Path, every: int) -> bool:
    return every > 0 and digest(document_name(path)) % every == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--dev-every", type=int, default=0, help="every Nth document (by hash), both its excerpts, goes to DEV")
    parser.add_argument("--dev", type=Path)
    args = parser.parse_args()
    nlp = spacy.blank("en")
    rng = random.Random(0)
    train, dev = DocBin(), DocBin()
    counts = {"train": [0, 0], "dev": [0, 0]}
    for path in sorted(args.gold.glob("*.json")):
        split = "dev" if args.dev and is_dev(path, args.dev_every) else "train"
        for doc in segment_docs(nlp, path):
            extra = renamed(nlp, doc, rng) if split == "train" and rng.random() < RENAMED_SHARE else None
            for d in [doc, extra] if extra is not None else [doc]:
                (dev if split == "dev" else train).add(d)
                counts[split][0] += 1
                counts[split][1] += len(d.ents)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    train.to_disk(args.out)
    if args.dev:
        dev.to_disk(args.dev)
    for split, (docs, ents) in counts.items():
        print(f"{split}: {docs} segments, {ents} entity spans")


if __name__ == "__main__":
    main()
