"""Scoring a built graph against hand annotations (the format and rules of shared/gold).

- A predicted node matches a gold entity when its label is compatible (Model and Product
  match each other) and its name or an alias equals a gold name or alias after
  case-folding and stripping punctuation.
- Entity precision counts one node per gold entity: a second node for the same entity is
  a duplicate and a false positive. Recall counts gold entities found. Nodes claim gold
  entities by the names they go by first, then by their aliases.
- Relations are (source, TYPE, target) over matched nodes, for the types the relation
  catalogue marks scored (models.CATALOGUE); a symmetric one (COMPETES_WITH) is undirected;
  INVESTED_IN into an :Investment node is followed to the organization it FUNDS.
- A gold file whose `doc` names a set, not a file (no extension: a benchmark's `gold.json`,
  `"doc": "conll04-dev"`, every distinct entity of a folder of sentences once), is scored
  against the whole graph.
  Gold types the graph does not have (PARTNERED_WITH, CUSTOMER_OF) are not scored.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, Field

from .errors import GraphFileError, ReadError
from .files import read_bytes
from .models import ARTIFACT_LABELS, SYMMETRIC_RELATIONS, KnowledgeGraph, RelationType, scored_types
from .readers import MAX_FILE_BYTES

SCORED = tuple(t.value for t in scored_types())
ARTIFACT = {label.value for label in ARTIFACT_LABELS}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^\w\s]", "", text).split())


def compatible(a: str, b: str) -> bool:
    return a == b or {a, b} <= ARTIFACT


class GoldEntity(BaseModel):
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    kind: Optional[str] = None

    @property
    def keys(self) -> set[str]:
        return {fold(n) for n in [self.name, *self.aliases]}


class GoldRelation(BaseModel):
    type: str
    source: str
    target: str


class GoldFile(BaseModel):
    doc: str
    entities: list[GoldEntity]
    relations: list[GoldRelation] = Field(default_factory=list)

    @property
    def is_set(self) -> bool:
        return not Path(self.doc).suffix


class Score(BaseModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


class Report(BaseModel):
    entities: dict[str, Score] = Field(default_factory=lambda: defaultdict(Score))
    relations: dict[str, Score] = Field(default_factory=lambda: defaultdict(Score))
    duplicates: list[str] = Field(default_factory=list)
    missed_entities: list[str] = Field(default_factory=list)
    false_entities: list[str] = Field(default_factory=list)
    missed_relations: list[str] = Field(default_factory=list)
    false_relations: list[str] = Field(default_factory=list)

    def total(self, table: dict[str, Score]) -> Score:
        total = Score()
        for score in table.values():
            total.add(score)
        return total


def load_gold(path: Path) -> GoldFile:
    try:
        return GoldFile.model_validate(json.loads(read_bytes(path, MAX_FILE_BYTES, "a gold file")))
    except ReadError as err:
        raise GraphFileError(str(err)) from None
    except ValueError as err:
        raise GraphFileError(f"{path}: not a gold annotation file ({str(err).splitlines()[0]})") from None


def evaluate(kg: KnowledgeGraph, golds: list[GoldFile]) -> Report:
    report = Report()
    for gold in golds:
        _score_document(kg, gold, report)
    return report


CURVE = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
OVERALL = "overall"


def confidence_curve(kg: KnowledgeGraph, golds: list[GoldFile],
                     thresholds: tuple[float, ...] = CURVE) -> list[tuple[float, dict[str, Score]]]:
    """Relation scores of the graph `build --min-confidence t` keeps, for each t, per type and
    `OVERALL`: the facts below t dropped (an investor's edge to a funding event goes with it)."""
    curve = []
    for threshold in thresholds:
        kept = [r for r in kg.relations if r.confidence >= threshold or r.type.value not in SCORED]
        report = evaluate(kg.model_copy(update={"relations": kept}), golds)
        curve.append((threshold, {**report.relations, OVERALL: report.total(report.relations)}))
    types = set().union(*(scores for _, scores in curve))
    return [(threshold, {t: scores.get(t, Score()) for t in sorted(types)}) for threshold, scores in curve]


def _score_document(kg: KnowledgeGraph, gold: GoldFile, report: Report) -> None:
    doc_ids = {d.doc_id for d in kg.documents if gold.is_set or Path(d.source).name == Path(gold.doc).name}
    nodes = sorted((e for e in kg.entities if doc_ids & set(e.documents)), key=lambda n: -n.mention_count)
    match = _claims(nodes, gold)  # node id -> gold entity index
    claimed = set(match.values())
    for node in nodes:
        score = report.entities[node.label.value if node.label.value not in ARTIFACT else "Model/Product"]
        if node.id in match:
            score.tp += 1
            continue
        hits = [i for i, g in enumerate(gold.entities) if compatible(node.label.value, g.type) and _keys(node) & g.keys]
        if hits:
            match[node.id] = hits[0]
            report.duplicates.append(f"{gold.doc}: {node.name} ({node.id}) duplicates {gold.entities[hits[0]].name}")
        else:
            report.false_entities.append(f"{gold.doc}: {node.label.value} {node.name}")
        score.fp += 1
    for i, g in enumerate(gold.entities):
        if i not in claimed:
            report.entities[g.type if g.type not in ARTIFACT else "Model/Product"].fn += 1
            report.missed_entities.append(f"{gold.doc}: {g.type} {g.name}")
    _score_relations(kg, gold, doc_ids, match, report)


def _keys(node) -> set[str]:
    return {fold(a) for a in [node.name, *node.aliases]}


def _claims(nodes: list, gold: GoldFile) -> dict[str, int]:
    """Which gold entity each node claims, most mentioned nodes first: by the name it goes by,
    then by its aliases, so that 'President Bill Clinton' (alias 'Bill Clinton') leaves the gold
    'Bill Clinton' to the node of that name, in whatever order the two come."""
    claims: dict[str, int] = {}
    taken: set[int] = set()
    for by_alias in (False, True):
        for node in nodes:
            if node.id in claims:
                continue
            keys = _keys(node) if by_alias else {fold(node.name)}
            free = next((i for i, g in enumerate(gold.entities)
                         if i not in taken and compatible(node.label.value, g.type) and keys & g.keys), None)
            if free is not None:
                claims[node.id] = free
                taken.add(free)
    return claims


def _score_relations(kg, gold, doc_ids, match, report) -> None:
    index = {fold(n): i for i, g in enumerate(gold.entities) for n in [g.name, *g.aliases]}
    funds = {r.source: r.target for r in kg.relations if r.type is RelationType.FUNDS}
    names = {e.id: e.name for e in kg.entities}

    def key(rel_type: str, a: int, b: int) -> tuple:
        return (rel_type, *sorted((a, b))) if RelationType(rel_type) in SYMMETRIC_RELATIONS else (rel_type, a, b)

    expected = {}
    for r in gold.relations:
        if r.type in SCORED and fold(r.source) in index and fold(r.target) in index:
            expected[key(r.type, index[fold(r.source)], index[fold(r.target)])] = f"{r.source} -{r.type}-> {r.target}"
    predicted = {}
    for r in kg.relations:
        if r.type.value not in SCORED or not doc_ids & {e.doc_id for e in r.evidence}:
            continue
        target = funds.get(r.target, r.target) if r.type is RelationType.INVESTED_IN else r.target
        label = f"{names.get(r.source, r.source)} -{r.type.value}-> {names.get(target, target)}"
        if r.source in match and target in match:
            predicted.setdefault(key(r.type.value, match[r.source], match[target]), label)
        else:
            predicted.setdefault((r.type.value, r.source, target), label)
    for k, label in predicted.items():
        score = report.relations[k[0]]
        if k in expected:
            score.tp += 1
        else:
            score.fp += 1
            report.false_relations.append(f"{gold.doc}: {label}")
    for k, label in expected.items():
        if k not in predicted:
            report.relations[k[0]].fn += 1
            report.missed_relations.append(f"{gold.doc}: {label}")


