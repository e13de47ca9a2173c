"""Copy the train splits of the public benchmarks into `training/benchmarks/` (run once; the
output is committed, so `make train` reads files of this repository only).

One JSON line per sentence: its text as the benchmark's `docs/sNNNN.txt` holds it (the text the
project is scored on), every entity span with the benchmark's own label and, for CoNLL04, its
relations ([head entity's index, tail entity's index, type]); `convert.py` and
`train_relations.py` map the labels to ours. Only train splits: the dev splits choose and report, never train, and a
train sentence that is also in the dev split (CoNLL04 repeats some, such as "In 1830, poet
Emily Dickinson was born in Amherst, Mass.") is left out.

    python training/import_benchmarks.py ../shared/benchmarks training/benchmarks
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def crossner_sentences(path: Path) -> list[tuple[list[str], list[tuple[int, int, str]]]]:
    """CrossNER's token-per-line BIO file: (tokens, [(first token, end token, label)])."""
    sentences, tokens, spans = [], [], []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if tokens:
                sentences.append((tokens, spans))
            tokens, spans = [], []
            continue
        token, tag = line.rsplit("\t", 1)
        if tag.startswith("B-") or (tag.startswith("I-") and not (spans and spans[-1][1] == len(tokens)
                                                                  and spans[-1][2] == tag[2:])):
            spans.append((len(tokens), len(tokens) + 1, tag[2:]))
        elif tag.startswith("I-"):
            spans[-1] = (spans[-1][0], len(tokens) + 1, tag[2:])
        tokens.append(token)
    return sentences


def conll04_sentences(path: Path) -> list[tuple[list[str], list[tuple[int, int, str]]]]:
    return [(s["tokens"], [(e["start"], e["end"], e["type"]) for e in s["entities"]])
            for s in json.loads(path.read_text(encoding="utf-8"))]


def conll04_relations(path: Path) -> list[list[list]]:
    """Per sentence, its relations: [head entity's index, tail entity's index, type]."""
    return [[[r["head"], r["tail"], r["type"]] for r in s["relations"]] for s in json.loads(path.read_text(encoding="utf-8"))]


def char_spans(text: str, tokens: list[str], spans: list[tuple[int, int, str]]) -> list[list]:
    """Token spans as character spans of the sentence's text, found token by token in order."""
    starts, ends, at = [], [], 0
    for token in tokens:
        at = text.index(token, at)
        starts.append(at)
        at += len(token)
        ends.append(at)
    return [[starts[first], ends[end - 1], label] for first, end, label in spans]


SOURCES = {"crossner-ai": ("train.txt", crossner_sentences, None),
           "conll04": ("conll04_train.json", conll04_sentences, conll04_relations)}


def main(benchmarks: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, (file, read, read_relations) in SOURCES.items():
        split = benchmarks / name / "train"
        dev = {p.read_text(encoding="utf-8") for p in (benchmarks / name / "dev" / "docs").glob("*.txt")}
        relations = read_relations(split / file) if read_relations else None
        lines = []
        for i, (tokens, spans) in enumerate(read(split / file)):
            text = (split / "docs" / f"s{i:04d}.txt").read_text(encoding="utf-8")
            if text in dev:
                continue
            line = {"text": text, "entities": char_spans(text, tokens, spans)}
            if relations is not None:
                line["relations"] = relations[i]
            lines.append(json.dumps(line, ensure_ascii=False))
        (out / f"{name}-train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(lines)} sentences")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
