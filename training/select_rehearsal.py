"""Sentences of corpus documents nobody annotated, for rehearsal: `convert.py` labels them with
the stock en_core_web_sm's own PERSON and ORG, so that fine-tuning on the field keeps what the
stock recogniser knows (surnames alone, universities, agencies). Run once; the output is
committed, so `make train` reads files of this repository only.

Documents with an annotated excerpt (training or held-out) are left out, the held-out ones
entirely. A document gives at most a few sentences, each with a name the stock model finds,
as the pipeline reads them (speaker labels, timestamps and headers are not in them).

    python training/select_rehearsal.py ../shared/corpus training training/rehearsal/sentences.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

from graphbuild.extract.nlp import DEFAULT_MODEL
from graphbuild.extract.pipeline import spacy_text
from graphbuild.readers import read_text
from select_corpus import digest, document_name

PER_DOCUMENT = 6
TOTAL = 3000
STOCK_LABELS = {"PERSON", "ORG"}


def annotated(training: Path) -> set[str]:
    return {document_name(p) for split in ("train", "heldout") for p in (training / split / "texts").iterdir()}


def sentences(nlp, path: Path):
    """A document's sentences with a stock PERSON or ORG, one line each."""
    text = path.read_text(encoding="utf-8")
    for document in read_text(text, path.name):
        segments = [spacy_text(document, s) for s in document.segments]
        for doc in nlp.pipe(segments, batch_size=8):
            for sent in doc.sents:
                line = " ".join(sent.text.split())
                if 40 <= len(line) <= 400 and any(e.label_ in STOCK_LABELS for e in sent.ents):
                    yield line


def main(corpus: Path, training: Path, out: Path) -> None:
    nlp = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
    skip = annotated(training)
    files = sorted((f for f in corpus.glob("*/*.md") if f.stem not in skip), key=lambda f: digest(f.name))
    lines: list[str] = []
    for path in files:
        picked = []
        for line in sentences(nlp, path):
            picked.append(line)
            if len(picked) == PER_DOCUMENT:
                break
        lines += picked
        if len(lines) >= TOTAL:
            break
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines[:TOTAL]) + "\n", encoding="utf-8")
    print(f"{min(len(lines), TOTAL)} sentences from {len(files)} unannotated documents")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
