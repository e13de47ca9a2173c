"""Annotations -> the relation model (graphbuild/extract/relation_model.py).

Each annotated text goes through graphbuild's own pipeline (readers, the shipped recogniser,
mentions, hand rules), which proposes candidate pairs with their features exactly as at run
time. A candidate is positive for a type when the annotation states that fact between the
entities its two ends name (a first-person source standing for the speaker) and the fact's
evidence quote overlaps the candidate's sentence. One logistic regression per type (sklearn);
the threshold of each type is the one with the best F1 over predictions made by models that
did not see the show or the document (`select_corpus.fold_group`), and those figures are printed.
With `--benchmarks`, CoNLL04's train sentences (`import_benchmarks.py`) are examples too, each
its own group: WORKS_AT as newswire says it ("a spokesman for X"), each weighing
`--benchmark-weight` times a corpus example (chosen on CoNLL04's dev split), so that the
corpus's many more examples do not drown the newswire.

    python training/train_relations.py training/train/gold OUT/model.json [--benchmarks training/benchmarks]
        [--benchmark-weight W]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Iterator, Optional

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from graphbuild.extract.nlp import KB_RULER, load_nlp
from graphbuild.extract.pipeline import DocumentExtractor, parse_document
from graphbuild.extract.dependencies import build_matcher
from graphbuild.extract.relation_model import MODEL_TYPES, Candidate, RelationModel
from graphbuild.extract.relations import source_wants
from graphbuild.models import CATALOGUE, NODES, RelationType
from graphbuild.names import normalize
from graphbuild.readers import read_text
from convert import BENCHMARK_LABEL
from ground import alias_pattern, quote_spans, surface_forms, text_of
from select_corpus import fold_group

C = 0.5  # inverse regularisation strength: chosen by the grouped cross-validation below
FOLDS = 5
# Cross-validated precision a type's threshold must reach: the precision the project promises
# on text it has never seen.
MIN_PRECISION = 0.6
MIN_POSITIVES = 20
# the benchmark's labels as convert.py maps them for the recogniser, as our entity labels
BENCHMARK_TYPES = {label: spec.label.value for label, recogniser in BENCHMARK_LABEL.items()
                   for spec in NODES if spec.entity and spec.recogniser == recogniser}
BENCHMARK_RELATIONS = {"Work_For": "WORKS_AT"}
LOWEST_THRESHOLD = 0.2  # below it, a fact's own probability says it is most likely wrong
# what a benchmark sentence weighs against a corpus example: chosen on CoNLL04's dev split among
# 1-8 (WORKS_AT F1 0.42 at 1, 0.44 at 2, 0.46 at 3 and 4, 0.43 at 8)
BENCHMARK_WEIGHT = 3.0


def gold_facts(annotation: dict, text: str) -> set[tuple[RelationType, str, str, int, int]]:
    """(type, source, target, evidence start, evidence end) of every scored fact the annotation states."""
    facts = set()
    stated = [(r["type"], r["source"], r["target"], r["evidence"]) for r in annotation["relations"]]
    stated += [("INVESTED_IN", investor, i["investee"], i.get("evidence", "")) for i in annotation.get("investments", [])
               for investor in i.get("investors", [])]
    for rel, source, target, quote in stated:
        if rel not in RelationType.__members__ or not quote:
            continue
        facts.update((RelationType(rel), source, target, start, end) for start, end in quote_spans(text, quote))
    return facts


class GoldNames:
    """Which annotated entity a mention names: by where the annotation's surface forms occur, else by its words."""

    def __init__(self, annotation: dict, text: str):
        self.at: list[tuple[int, int, str]] = []
        self.by_name: dict[str, str] = {}
        for entity in annotation["entities"]:
            for form in surface_forms(entity):
                self.by_name.setdefault(normalize(form), entity["name"])
                self.at += [(m.start(), m.end(), entity["name"]) for m in alias_pattern(form).finditer(text)]

    def of(self, mention) -> set[str]:
        found = {name for start, end, name in self.at if start < mention.end and mention.start < end}
        for form in (mention.text, mention.full_name, mention.kb_name):
            if form and normalize(form) in self.by_name:
                found.add(self.by_name[normalize(form)])
        return found


def annotated_texts(gold: Path) -> Iterator[tuple[str, dict]]:
    """(text, annotation) of every annotation file of a folder."""
    for path in sorted(gold.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        yield text_of(path, annotation), annotation


def benchmark_texts(path: Path) -> Iterator[tuple[str, dict]]:
    """(text, annotation) of each sentence of an imported benchmark train split with relations
    (CoNLL04: `import_benchmarks.py`), its labels mapped to ours and each fact's evidence the sentence."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        sentence = json.loads(line)
        text, spans = sentence["text"], sentence["entities"]
        entities = {i: {"name": text[start:end], "type": BENCHMARK_TYPES[label], "aliases": []}
                    for i, (start, end, label) in enumerate(spans) if label in BENCHMARK_TYPES}
        relations = [{"type": BENCHMARK_RELATIONS[kind], "source": entities[head]["name"],
                      "target": entities[tail]["name"], "evidence": text.strip()}
                     for head, tail, kind in sentence.get("relations", [])
                     if kind in BENCHMARK_RELATIONS and head in entities and tail in entities]
        yield text, {"doc": f"{path.stem}-{number}.txt", "entities": list(entities.values()), "relations": relations}


def labelled_candidates(nlp, verbs, kb, text: str, annotation: dict):
    gold, names = gold_facts(annotation, text), GoldNames(annotation, text)
    for document in read_text(text, annotation["doc"]):
        extractor = DocumentExtractor(document, list(parse_document(document, nlp)), kb, verbs, keep_candidates=True)
        extractor.run()  # learns who works where, which 'we' and 'my company' need
        for candidate, segment in extractor.candidates:
            yield candidate, {spec.type: _stated(spec.type, candidate, segment, extractor, names, gold)
                              for spec in candidate.allowed()}


def _stated(rel: RelationType, candidate: Candidate, segment, extractor, names: GoldNames, gold) -> Optional[bool]:
    """True where the annotation's evidence for the fact is this sentence; None (left out of
    training) where the fact holds but the annotation quotes another sentence for it, which
    may or may not say it too; False otherwise."""
    ends = [extractor.refs.resolve(candidate.source.ref, segment, source_wants(rel)),
            extractor.refs.resolve(candidate.target.ref, segment, "org")]
    if None in ends:
        return None  # a pronoun the document does not resolve: it may say the fact all the same
    sources, targets = (names.of(extractor.mentions[i]) for i in ends)
    symmetric = CATALOGUE[rel].symmetric
    holds = [(start, end) for t, s, o, start, end in gold if t == rel
             and (s in sources and o in targets or symmetric and s in targets and o in sources)]
    if any(start < candidate.end and candidate.start < end for start, end in holds):
        return True
    return None if holds else False


def train(examples, groups, weights_of_examples) -> tuple[RelationModel, dict]:
    """`examples`: (features, labels) of each candidate; `groups`: its cross-validation group;
    `weights_of_examples`: how much each weighs in the fit."""
    weights, bias, thresholds, report = {}, {}, {}, {}
    for spec in MODEL_TYPES:
        labelled = [(features, labels[spec.type], group, weight)
                    for (features, labels), group, weight in zip(examples, groups, weights_of_examples)
                    if labels.get(spec.type) is not None]
        if sum(label for _, label, _, _ in labelled) < MIN_POSITIVES:
            continue  # too few to learn from, or to measure: the hand rules keep this type
        vectorizer = DictVectorizer()
        x = vectorizer.fit_transform([{f: 1 for f in features} for features, _, _, _ in labelled])
        y, fold_groups, sample_weights = (np.array(column) for column in list(zip(*labelled))[1:])
        held_out = np.zeros(len(y))
        for fit, test in GroupKFold(n_splits=FOLDS).split(x, y, fold_groups):
            if y[fit].any():
                held_out[test] = _fit(x[fit], y[fit], sample_weights[fit]).predict_proba(x[test])[:, 1]
        threshold, scores = _best_threshold(y, held_out)
        by_hand = _scores(y, np.array([f"hint={spec.type.value}" in features for features, _, _, _ in labelled]))
        report[spec.type.value] = {"model": scores, "hand rules": by_hand}
        if threshold is None or scores["f1"] <= by_hand["f1"]:
            continue  # not precise enough, or no better than the hand rules: they keep this type
        thresholds[spec.type] = threshold
        final = _fit(x, y, sample_weights)
        names = vectorizer.get_feature_names_out()
        weights[spec.type] = {name: round(float(coef), 4) for name, coef in zip(names, final.coef_[0]) if abs(coef) >= 1e-3}
        bias[spec.type] = round(float(final.intercept_[0]), 4)
    return RelationModel(weights, bias, thresholds), report


def _fit(x, y, weights) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000).fit(x, y, sample_weight=weights)


def _best_threshold(y, p) -> tuple[Optional[float], dict]:
    """The threshold with the best F1 among those precise enough (None if none is), and the scores there."""
    thresholds = [round(float(t), 2) for t in np.arange(LOWEST_THRESHOLD, 0.81, 0.05)]
    precise = [t for t in thresholds if _scores(y, p >= t)["p"] >= MIN_PRECISION]
    if not precise:
        return None, {"threshold": None, **_scores(y, p >= 0.5)}
    best = max(precise, key=lambda t: (_scores(y, p >= t)["f1"], -t))
    return best, {"threshold": best, **_scores(y, p >= best)}


def _scores(y, predicted) -> dict:
    p, r, f1, _ = precision_recall_fscore_support(y, predicted, average="binary", zero_division=0)
    return {"p": round(float(p), 3), "r": round(float(r), 3), "f1": round(float(f1), 3), "positives": int(y.sum()),
            "candidates": len(y)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--benchmarks", type=Path, help="folder of imported benchmark train splits (*.jsonl)")
    parser.add_argument("--benchmark-weight", type=float, default=BENCHMARK_WEIGHT,
                        help="how much a benchmark example weighs against a corpus example")
    args = parser.parse_args()
    nlp = load_nlp()
    verbs, kb = build_matcher(nlp), nlp.get_pipe(KB_RULER).kb
    paths = sorted(args.gold.glob("*.json"))
    sources = [(annotated_texts(args.gold), lambda annotation: fold_group(Path(annotation["doc"]), paths, FOLDS), 1.0)]
    sources += [(benchmark_texts(path), lambda annotation: annotation["doc"], args.benchmark_weight)
                for path in (sorted(args.benchmarks.glob("*-train.jsonl")) if args.benchmarks else [])]
    examples, groups, weights = [], [], []
    for texts, group_of, weight in sources:
        for text, annotation in texts:
            for candidate, labels in labelled_candidates(nlp, verbs, kb, text, annotation):
                examples.append((candidate.features, labels))
                groups.append(group_of(annotation))
                weights.append(weight)
    model, report = train(examples, groups, weights)
    print(json.dumps(report, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.table(), indent=0, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
