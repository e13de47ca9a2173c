"""Annotations -> spaCy training data (DocBin), one Doc per segment as the pipeline reads it.

Each annotated text goes through graphbuild's own readers, so the recogniser learns from the
text it will see at run time: speaker labels, timestamps and headers are not in the segments.
Entity spans come from `ground.spans` (every occurrence of every annotated surface form).

A third of the training segments with organisations or products are added a second time with
those renamed to ordinary English words ("Harbor", "Lantern"), so that the recogniser learns a
name from how the text uses it, not from the words it is made of: the new startup with an
ordinary name is what it would otherwise miss. (Renaming every such segment made it take
capitalised words at a sentence's start for names: measured worse on both evaluation sets.)

So that learning the field does not erase general English, two more sources go beside it:
- the train splits of the public benchmarks (`benchmarks/`, from `import_benchmarks.py`), their
  labels mapped to ours; a label of theirs that is surely none of ours (a place, a field of
  research) is outside, one that might be (CoNLL04's Other, CrossNER's misc) is left unknown;
- rehearsal (`rehearsal/sentences.txt`, from `select_rehearsal.py`): sentences of unannotated
  corpus documents labelled with the stock en_core_web_sm's own PERSON and ORG. Its guesses on
  a name the knowledge base types otherwise or on a common word it does not know, and
  capitalised words it leaves unlabelled (models and products it does not know), are unknown,
  not outside.
Every 8th benchmark sentence goes to the development set with the corpus's.

    python training/convert.py training/train/gold OUT.spacy [--dev-every 8 DEV.spacy]
        [--benchmarks training/benchmarks] [--rehearsal training/rehearsal/sentences.txt]
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

from graphbuild.extract.nlp import DEFAULT_MODEL
from graphbuild.extract.pipeline import spacy_text
from graphbuild.knowledge import load as load_kb
from graphbuild.models import NODES, EntityLabel
from graphbuild.names import is_common_word
from graphbuild.readers import read_text
from ground import spans, text_of
from select_corpus import digest, document_name

NER_LABEL = {spec.label.value: spec.recogniser for spec in NODES if spec.entity}
BENCHMARK_LABEL = {"person": "PERSON", "researcher": "PERSON", "organisation": "ORG", "university": "ORG",
                   "product": "PRODUCT", "Peop": "PERSON", "Org": "ORG"}
# our rules leave out events (conferences) and programming languages too
BENCHMARK_OUTSIDE = {"Loc", "location", "country", "algorithm", "field", "task", "metrics", "conference", "programlang"}
BENCHMARK_COPIES = {"crossner-ai": 5, "conll04": 2}  # CrossNER's 100 sentences against CoNLL04's 922
# the stock model's labels trusted in rehearsal; its PRODUCT is not ours (cars, foods)
STOCK_TRUSTED = {NER_LABEL[EntityLabel.PERSON.value], NER_LABEL[EntityLabel.ORGANIZATION.value]}
STOCK_PLACES = {"GPE", "LOC", "NORP", "FAC"}  # surely none of ours, unless the knowledge base knows the name
RENAMED = {"ORG", "PRODUCT"}
RENAMED_SHARE = 0.35
ORDINARY_WORDS = [w for w in top_n_list("en", 5000) if w.isalpha() and 4 <= len(w) <= 9 and w not in STOP_WORDS
                  and not w.endswith(("ing", "ed", "ly", "ian", "ese", "ish"))]  # nouns, mostly


def segment_docs(nlp, annotation_path: Path):
    annotation = json.loads(annotation_path.read_text(encoding="utf-8"))
    text = text_of(annotation_path, annotation)
    found = [(start, end, NER_LABEL[label]) for start, end, label in spans(text, annotation)]
    yield from labelled_segments(nlp, text, annotation["doc"], found)


def labelled_segments(nlp, text: str, name: str, found: list[tuple[int, int, str]]):
    """The text's segments as the pipeline reads them, with the spans `found` (character
    offsets in `text`, spaCy labels; label None: unknown, neither a name nor outside)."""
    for document in read_text(text, name):
        for segment in document.segments:
            seen = spacy_text(document, segment)
            doc = nlp.make_doc(seen)
            ents, unknown = [], []
            for start, end, label in found:
                # not a name inside a link address, which the pipeline reads as blanks
                if segment.start <= start and end <= segment.end and \
                        seen[start - segment.start:end - segment.start] == text[start:end].replace("\n", " "):
                    span = doc.char_span(start - segment.start, end - segment.start, label or "",
                                         alignment_mode="expand")
                    if span is not None and not any(span.start < e.end and e.start < span.end for e in ents + unknown):
                        (ents if label else unknown).append(span)
            doc.set_ents(ents, missing=unknown, default="outside")
            yield doc


def benchmark_docs(nlp, path: Path):
    """(sentence number, Doc) for each sentence of an imported benchmark train split."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        sentence = json.loads(line)
        found = [(start, end, benchmark_label(sentence["text"][start:end], label))
                 for start, end, label in sentence["entities"] if label not in BENCHMARK_OUTSIDE]
        for doc in labelled_segments(nlp, sentence["text"], f"{path.stem}-{number}.txt", found):
            yield number, doc


def benchmark_label(text: str, label: str) -> str | None:
    """Ours, or None (unknown): CrossNER calls some generic things products ('recommender
    system'); a product written without a capital is no name."""
    mapped = BENCHMARK_LABEL.get(label)
    return None if mapped == "PRODUCT" and text.islower() else mapped


def rehearsal_docs(nlp, path: Path, annotated: str):
    """Sentences labelled with the stock recogniser's PERSON and ORG (see the module's doc), but
    those of an annotated text (`annotated`, words joined by single spaces): a passage annotated
    after the rehearsal was chosen (`select_passages.py --unannotated`) has its names from the
    annotation."""
    stock = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
    kb = load_kb()
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line not in annotated]
    for sentence in stock.pipe(lines):
        doc = nlp.make_doc(sentence.text)
        ents, unknown, places = [], [], []
        for ent in sentence.ents:
            label = ent.label_
            ent = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent  # 'the Royal Bank of Canada'
            entry = kb.exact(ent.text)
            if label in STOCK_PLACES and not entry:
                places.append(ent)  # outside: a place or a people is no name of ours
                continue
            trusted = label in STOCK_TRUSTED and (NER_LABEL[entry.label.value] == label if entry
                                                else not (len(ent) == 1 and is_common_word(ent.text)))
            (ents if trusted else unknown).append(doc.char_span(ent.start_char, ent.end_char, label if trusted else ""))
        taken = {i for span in ents + unknown + places for i in range(span.start, span.end)}
        unknown += [doc[i:i + 1] for i, token in enumerate(sentence) if i not in taken and token.text[:1].isupper()]
        doc.set_ents(ents, missing=unknown, default="outside")
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
    parser.add_argument("--benchmarks", type=Path, help="folder of imported benchmark train splits (*.jsonl)")
    parser.add_argument("--rehearsal", type=Path, help="sentences to label with the stock recogniser")
    args = parser.parse_args()
    nlp = spacy.blank("en")
    rng = random.Random(0)
    train, dev = DocBin(), DocBin()
    counts = {"train": [0, 0], "dev": [0, 0]}

    def add(split: str, doc: Doc, copies: int = 1) -> None:
        for _ in range(copies):
            (dev if split == "dev" else train).add(doc)
            counts[split][0] += 1
            counts[split][1] += len(doc.ents)

    for path in sorted(args.gold.glob("*.json")):
        split = "dev" if args.dev and is_dev(path, args.dev_every) else "train"
        for doc in segment_docs(nlp, path):
            add(split, doc)
            extra = renamed(nlp, doc, rng) if split == "train" and rng.random() < RENAMED_SHARE else None
            if extra is not None:
                add(split, extra)
    for path in sorted(args.benchmarks.glob("*-train.jsonl")) if args.benchmarks else []:
        copies = BENCHMARK_COPIES[path.stem.removesuffix("-train")]
        for number, doc in benchmark_docs(nlp, path):
            if args.dev and args.dev_every and number % args.dev_every == 0:
                add("dev", doc)
            else:
                add("train", doc, copies)
    annotated = " ".join(" ".join(text_of(path, json.loads(path.read_text(encoding="utf-8"))).split())
                         for path in sorted(args.gold.glob("*.json")))
    for doc in rehearsal_docs(nlp, args.rehearsal, annotated) if args.rehearsal else []:
        add("train", doc)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    train.to_disk(args.out)
    if args.dev:
        dev.to_disk(args.dev)
    for split, (docs, ents) in counts.items():
        print(f"{split}: {docs} segments, {ents} entity spans")


if __name__ == "__main__":
    main()
