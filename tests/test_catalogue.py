"""The relation catalogue (models.CATALOGUE) is the one place a relation type is described:
resolution, extraction, eval and the reports take their sets of types and the labels a
relation may join from it, and none of them lists relation types of its own."""

import ast
import re
from itertools import product
from pathlib import Path

import pytest

from graphbuild import evaluate, reports
from graphbuild.models import (CATALOGUE, ENTITY_LABELS, RELATIONS, SYMMETRIC_RELATIONS, Document, EntityLabel,
                               Extraction, Mention, Provenance, RelationMention, RelationType, Segment, fact_types,
                               same_kind, scored_types)
from graphbuild.rankings import FACTS
from graphbuild.resolve import resolve

ROOT = Path(__file__).resolve().parent.parent
RESOLVE = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "graphbuild" / "resolve").glob("*.py"))  # one per job
# the modules that use relation types: none may list them (the catalogue does)
CONSUMERS = [*RESOLVE, "graphbuild/evaluate.py", "graphbuild/reports/__init__.py",
             "graphbuild/reports/offline.py", "graphbuild/extract/dependencies.py", "graphbuild/extract/relations.py"]
# ... and these name each type as RelationType.X, never as a string ("COMPETES_WITH"), which
# is how a rule about one type hides (the reports work on graph edges, whose labels are strings)
ENUM_ONLY = [*RESOLVE, "graphbuild/evaluate.py", "graphbuild/extract/dependencies.py"]
TYPE_NAMES = {t.value for t in RelationType}


# ---------------------------------------------------------------- the catalogue itself


def test_every_relation_type_has_exactly_one_entry():
    assert [spec.type for spec in RELATIONS] == list(RelationType)
    assert set(CATALOGUE) == set(RelationType)


def test_entries_are_frozen():
    with pytest.raises(ValueError):
        CATALOGUE[RelationType.WORKS_AT].scored = False


def test_eval_scores_the_six_facts_stated_in_text():
    assert set(scored_types()) == {RelationType.WORKS_AT, RelationType.FOUNDED, RelationType.INVESTED_IN,
                                   RelationType.COMPETES_WITH, RelationType.DEVELOPED, RelationType.ACQUIRED}


def test_facts_are_every_type_but_the_bookkeeping_one():
    assert set(RelationType) - set(fact_types()) == {RelationType.MENTIONED_IN}


def test_a_symmetric_type_joins_alike_ends():
    for spec in RELATIONS:
        if spec.symmetric:
            assert spec.sources == spec.targets, spec.type


# ---------------------------------------------------------------- the consumers derive from it


def test_derived_sets_are_the_catalogues():
    assert SYMMETRIC_RELATIONS == {s.type for s in RELATIONS if s.symmetric}
    assert set(evaluate.SCORED) == {s.type.value for s in RELATIONS if s.scored}
    assert set(FACTS.types) == {s.type.value for s in RELATIONS if s.fact}
    assert set(reports.get("path").fixed["fact_types"]) == {s.type.value for s in RELATIONS if s.fact}


def _type_named(node: ast.AST):
    """The relation type an expression spells out: RelationType.X or "X"."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "RelationType":
        return node.attr
    if isinstance(node, ast.Constant) and node.value in TYPE_NAMES:
        return node.value
    return None


def _names_a_label(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "EntityLabel"
               or isinstance(n, ast.Constant) and n.value in {label.value for label in EntityLabel}
               for n in ast.walk(node))


def _listed(node: ast.AST, named, what: str) -> list[str]:
    """A set, list or tuple that names two or more of `what` (relation types, labels)."""
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        found = sorted({n for n in map(named, node.elts) if n})
        if len(found) >= 2:
            return [f"line {node.lineno}: lists {what} {found}"]
    return []


def listed_types(source: str) -> list[str]:
    """Sets of relation types, and labels per relation type, written in a module's code."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        problems += _listed(node, _type_named, "relation types")
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if key is not None and _type_named(key) and _names_a_label(value):
                    problems.append(f"line {node.lineno}: gives the labels of {_type_named(key)}")
    return problems


def types_as_strings(source: str) -> list[str]:
    return [f"line {node.lineno}: {node.value!r}" for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and node.value in TYPE_NAMES]


@pytest.mark.parametrize("old_code", [
    'SCORED = ("WORKS_AT", "FOUNDED", "INVESTED_IN", "COMPETES_WITH", "DEVELOPED", "ACQUIRED")',
    'FACTS = ("WORKS_AT", "FOUNDED", "INVESTED_IN", "FUNDS", "COMPETES_WITH", "DEVELOPED", "ACQUIRED")',
    "ALLOWED = {RelationType.ACQUIRED: ({EntityLabel.ORGANIZATION}, {EntityLabel.ORGANIZATION})}",
    "OBJECT_LABELS = {RelationType.WORKS_AT: {EntityLabel.ORGANIZATION}}",
    "kind = 'person' if fact.type in (RelationType.WORKS_AT, RelationType.FOUNDED) else 'org'",
])
def test_the_scan_finds_types_listed_by_hand(old_code):
    assert listed_types(old_code)


def test_the_scan_lets_language_tables_be():
    assert not listed_types('VERBS = {RelationType.ACQUIRED: ["acquire", "buy"], RelationType.FOUNDED: ["found"]}')
    assert types_as_strings('if rel.type.value == "COMPETES_WITH": pass')


@pytest.mark.parametrize("module", CONSUMERS)
def test_no_consumer_lists_relation_types_of_its_own(module):
    assert listed_types((ROOT / module).read_text(encoding="utf-8")) == [], f"{module}: take these from models.CATALOGUE"


@pytest.mark.parametrize("module", ENUM_ONLY)
def test_relation_types_are_named_by_the_enum(module):
    assert types_as_strings((ROOT / module).read_text(encoding="utf-8")) == [], module


# ---------------------------------------------------------------- Cypher takes types as parameters

_TYPES = "|".join(sorted(TYPE_NAMES, key=len, reverse=True))
ALTERNATION = re.compile(rf"\b({_TYPES})\s*\|\s*:?\s*({_TYPES})\b")  # [:WORKS_AT|FOUNDED]
QUOTED_LIST = re.compile(rf"['\"]({_TYPES})['\"]\s*,\s*['\"]({_TYPES})['\"]")  # ['WORKS_AT', 'FOUNDED']
EXCLUDED = re.compile(rf"type\(\w+\)\s*<>\s*['\"]({_TYPES})['\"]")  # type(r) <> 'MENTIONED_IN'
PARAMETER = re.compile(r"\$(\w+)")


def cypher_code(path: Path) -> str:
    return re.sub(r"//[^\n]*", "", path.read_text(encoding="utf-8"))


def test_the_cypher_scan_finds_a_type_list():
    old = "MATCH p = allShortestPaths((a)-[:WORKS_AT|FOUNDED|INVESTED_IN|FUNDS*..10]-(b))"
    assert ALTERNATION.search(old) and QUOTED_LIST.search("WHERE type(r) IN ['WORKS_AT', 'FOUNDED']")


@pytest.mark.parametrize("path", sorted((ROOT / "cypher").glob("*.cypher")), ids=lambda p: p.name)
def test_no_cypher_file_lists_relation_types(path):
    code = cypher_code(path)
    assert not ALTERNATION.search(code) and not QUOTED_LIST.search(code), f"{path.name}: pass the types as a parameter"
    # 'every fact' written as 'every type but MENTIONED_IN' must exclude all the non-fact types
    excluded = set(EXCLUDED.findall(code))
    if excluded:
        assert excluded == {t.value for t in RelationType} - set(FACTS.types), path.name


@pytest.mark.parametrize("report", list(reports.REPORTS.values()), ids=lambda r: r.name)
def test_every_cypher_parameter_is_the_users_or_passed_by_the_runner(report):
    used = set(PARAMETER.findall(cypher_code(report.cypher_path)))
    assert used == set(report.params) | set(report.fixed), report.name
    assert not set(report.params) & set(report.fixed)


def test_path_follows_the_catalogues_fact_types():
    assert "$fact_types" in cypher_code(reports.get("path").cypher_path)
    assert list(reports.get("path").fixed["fact_types"]) == [t.value for t in fact_types()]


def test_the_runner_passes_the_fact_types_to_both_backends():
    report = reports.get("path")
    arguments = report.arguments(reports.parse_params(report, []))
    assert arguments == {"from": None, "to": None, "fact_types": reports.FACT_TYPES}
    assert not ALTERNATION.search(report.cypher())


def test_the_user_cannot_set_the_fact_types():
    with pytest.raises(reports.ReportError, match="takes no parameter 'fact_types'"):
        reports.parse_params(reports.get("path"), ["fact_types=MENTIONED_IN"])


# ---------------------------------------------------------------- resolution keeps what the catalogue allows

TEXT = "Aldous Brenner and Zephyr Quantix."


def _resolve_one(rel: RelationType, source: EntityLabel, target: EntityLabel):
    doc = Document(id="d", source="d.txt", layout="article", text=TEXT, segments=[Segment(start=0, end=len(TEXT))])
    mentions = [Mention(text="Aldous Brenner", label=source, start=0, end=14, source="ner", confidence=0.9),
                Mention(text="Zephyr Quantix", label=target, start=19, end=33, source="ner", confidence=0.9)]
    fact = RelationMention(type=rel, source=0, target=1, confidence=0.8,
                           provenance=Provenance(doc_id="d", start=0, end=len(TEXT), quote=TEXT))
    return resolve([Extraction(document=doc, mentions=mentions, relations=[fact])])


@pytest.mark.parametrize("rel, source, target", list(product(RelationType, ENTITY_LABELS, ENTITY_LABELS)),
                         ids=lambda x: x.value)
def test_resolve_keeps_a_fact_only_between_labels_the_catalogue_allows(rel, source, target):
    kg = _resolve_one(rel, source, target)
    ids = {e.name: e.id for e in kg.entities}
    spec = CATALOGUE[rel]
    onward = {r.source: r.target for r in kg.relations if spec.via and r.source.startswith(f"{spec.via.value}:")}
    joined = {frozenset((r.source, onward.get(r.target, r.target))) for r in kg.relations if r.type is rel}
    kept = frozenset((ids["Aldous Brenner"], ids["Zephyr Quantix"])) in joined
    assert kept == spec.allows(source, target)


def test_a_disallowed_fact_is_dropped():
    kg = _resolve_one(RelationType.DEVELOPED, EntityLabel.PERSON, EntityLabel.ORGANIZATION)
    assert [r for r in kg.relations if r.type is not RelationType.MENTIONED_IN] == []
    kg = _resolve_one(RelationType.COMPETES_WITH, EntityLabel.ORGANIZATION, EntityLabel.MODEL)
    assert [r for r in kg.relations if r.type is not RelationType.MENTIONED_IN] == []
    assert same_kind(EntityLabel.MODEL, EntityLabel.PRODUCT) and not same_kind(EntityLabel.ORGANIZATION, EntityLabel.MODEL)


def test_the_built_graph_has_the_shape_the_catalogue_gives(seeds_graph):
    labels = {e.id: e.label for e in seeds_graph.entities}
    labels.update((i.id, EntityLabel.INVESTMENT) for i in seeds_graph.investments)
    labels.update((d.id, EntityLabel.DOCUMENT) for d in seeds_graph.documents)
    for r in seeds_graph.relations:
        spec = CATALOGUE[r.type]
        source, target = labels[r.source], labels[r.target]
        if spec.via:
            assert source in spec.sources and target is spec.via, r
        else:
            assert spec.allows(source, target) or spec.symmetric and spec.allows(target, source), r


# ---------------------------------------------------------------- the node catalogue

from graphbuild.models import ARTIFACT_LABELS, NODE_CATALOGUE, NODES  # noqa: E402

LABEL_NAMES = {label.value for label in EntityLabel}
RECOGNISER_LABELS = {spec.recogniser for spec in NODES if spec.entity}
# every module but the catalogue's own, and the training scripts: none may list labels
LABEL_CONSUMERS = sorted(str(p.relative_to(ROOT)) for p in [*(ROOT / "graphbuild").rglob("*.py"),
                                                            *(ROOT / "training").glob("*.py")]
                         if p != ROOT / "graphbuild" / "models.py")


def test_every_label_has_exactly_one_entry():
    assert [spec.label for spec in NODES] == list(EntityLabel)
    assert set(NODE_CATALOGUE) == set(EntityLabel)
    assert ENTITY_LABELS == tuple(spec.label for spec in NODES if spec.recogniser)
    assert ARTIFACT_LABELS == {EntityLabel.MODEL, EntityLabel.PRODUCT}
    assert len({spec.letter for spec in NODES if spec.entity}) == len(ENTITY_LABELS)


def _label_named(node: ast.AST):
    """The label an expression spells out: EntityLabel.X, "Person" or ":Person"."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "EntityLabel":
        return node.attr
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.lstrip(":") in LABEL_NAMES:
        return node.value.lstrip(":")
    return None


def listed_labels(source: str) -> list[str]:
    """Sets of labels, tables keyed by label and the recogniser's labels, written in a module's code."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        problems += _listed(node, _label_named, "labels")
        if isinstance(node, ast.Dict):
            keys = [k for k in node.keys if k is not None]
            named = sorted({n for n in map(_label_named, keys) if n})
            recognised = sorted({k.value for k in keys if isinstance(k, ast.Constant) and k.value in RECOGNISER_LABELS})
            if len(named) >= 2 or len(recognised) >= 2:
                problems.append(f"line {node.lineno}: a table keyed by labels {named or recognised}")
    return problems


@pytest.mark.parametrize("old_code", [
    'LETTER = {EntityLabel.PERSON: "P", EntityLabel.ORGANIZATION: "O", EntityLabel.MODEL: "M"}',
    'NER_LABELS = {"PERSON": EntityLabel.PERSON, "ORG": EntityLabel.ORGANIZATION}',
    'ENTITY_LABELS = (":Person", ":Organization", ":Model", ":Product")',
    'TYPES = {"Person", "Organization", "Model", "Product"}',
    "if m.label in (EntityLabel.PERSON, EntityLabel.ORGANIZATION): pass",
])
def test_the_scan_finds_labels_listed_by_hand(old_code):
    assert listed_labels(old_code)


def test_the_scan_lets_one_label_and_language_tables_be():
    assert not listed_labels('LIST_TYPES = {"person": EntityLabel.PERSON, "company": EntityLabel.ORGANIZATION}')
    assert not listed_labels("if label is EntityLabel.PERSON: pass")


@pytest.mark.parametrize("module", LABEL_CONSUMERS)
def test_no_module_lists_labels_of_its_own(module):
    assert listed_labels((ROOT / module).read_text(encoding="utf-8")) == [], f"{module}: take these from models.NODES"
