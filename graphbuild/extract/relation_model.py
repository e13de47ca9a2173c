"""The trained relation model: which pairs of mentions in a sentence a fact joins.

Every ordered pair of mentions in a sentence (or window of an endless one: windows.py) that
some relation type of the catalogue may join is a candidate, if they are near: a bounded number
of tokens and of other mentions apart, and a window forms a bounded number of pairs, so the
cost stays linear in a document's length whatever it holds. A first-person word ('I', 'we',
'my') stands for the speaker as a source. A candidate is described by features of the text
between and around the pair, the dependency path that joins them and whether a hand pattern
of relations.py or dependencies.py found the same fact there. One logistic regression per
relation type (trained by `training/train_relations.py` on the annotated corpus) turns the
features into a probability: the fact's confidence, kept where it reaches the type's threshold.

The shipped model is a JSON table of weights, read with plain Python: no pickle, no training
library at run time, and a diff that a reviewer can read.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

from spacy.tokens import Span, Token

from ..errors import ModelMissingError
from ..models import ARTIFACT_LABELS, CATALOGUE, EntityLabel, RelationSpec, RelationType
from ..names import normalize
from . import pronouns
from .relations import CANON_ROLE, LETTER, PAST, ROLE, Fact, Pronoun, Ref, Wants, _c

TRAINED_RELATIONS = Path(__file__).resolve().parent.parent / "trained" / "relations" / "model.json"
MODEL_TYPES = tuple(spec for spec in CATALOGUE.values() if spec.scored)
MAX_TOKENS_APART = 40  # farther apart, a sentence rarely states a fact between the two
# Names between a pair's two ends, at most: the model's facts on the seeds and the held-out
# texts have three at most, and a list of hundreds of names would pair each with every other.
MAX_SIDES_BETWEEN = 8
MAX_PAIRS = 256  # candidates per window, the nearest first; a sentence of the seeds forms 46 at most
ROLE_NEAR = _c(rf"\b{ROLE}\b")
KNOWN_MAKER = "known_maker"  # a pair's hint: the knowledge base names the source as the target's maker
MAKER_WORDS = 3  # a maker's name heading its product's is a few words at most ('Black Forest Labs Flux')


@dataclass(frozen=True)
class Side:
    ref: Ref
    span: Span  # its tokens in the parse
    label: Optional[EntityLabel]  # None: 'we', person or organisation as the type needs


@dataclass
class Candidate:
    """An ordered pair in one sentence, with what the model sees of it."""

    source: Side
    target: Side
    sent: Span  # the sentence, or the window of an endless one
    start: int  # file offsets of `sent`
    end: int
    features: list[str]

    def pair_offsets(self) -> tuple[int, int]:
        """File offsets from the first of the pair to the end of the second: the fact's evidence."""
        offset = self.start - self.sent.start_char
        spans = (self.source.span, self.target.span)
        return offset + min(s.start_char for s in spans), offset + max(s.end_char for s in spans)

    def allowed(self) -> list[RelationSpec]:
        return [spec for spec in MODEL_TYPES if _allows(spec, self.source.label, self.target.label)
                and (not spec.symmetric or self.source.span.start < self.target.span.start)]


def _allows(spec: RelationSpec, source: Optional[EntityLabel], target: EntityLabel) -> bool:
    if source is None:  # 'we': the speaker, or the speaker's organisation
        return spec.allows(EntityLabel.PERSON, target) or spec.allows(EntityLabel.ORGANIZATION, target)
    return spec.allows(source, target)


def ref_key(ref: Ref) -> object:
    """One key for a reference however it was found: a mention's index, a pronoun's offset."""
    return ref if isinstance(ref, int) else ("word", ref.offset)


def sentence_candidates(sides: list[Side], sent: Span, start: int, end: int,
                        hints: dict[tuple[object, object], set[str]], makers: dict[str, int]) -> list[Candidate]:
    """The ordered pairs of `sides` that some scored type may join, near each other (`_near_pairs`),
    and each product or model named after a maker of `makers` (`_maker_pairs`); of those, the
    MAX_PAIRS nearest. `hints` names, per (ref_key(source), ref_key(target)), the types hand
    rules found between them in this sentence, and KNOWN_MAKER where the knowledge base knows one made the other.
    (Pairs across two sentences of a transcript were tried and left out: they added more false
    jobs than true ones.)"""
    candidates = [candidate for source, target in [*_near_pairs(sides), *_maker_pairs(sides, makers)]
                  if (candidate := Candidate(source, target, sent, start, end, [])).allowed()]
    if len(candidates) > MAX_PAIRS:
        nearest = sorted(range(len(candidates)),
                         key=lambda i: (_apart(candidates[i].source.span, candidates[i].target.span), i))
        candidates = [candidates[i] for i in sorted(nearest[:MAX_PAIRS])]
    topic = sentence_features(sent)
    for candidate in candidates:
        candidate.features = pair_features(candidate.source, candidate.target, sent, topic,
                                           hints.get((ref_key(candidate.source.ref), ref_key(candidate.target.ref)), set()))
    return candidates


def _near_pairs(sides: list[Side]) -> Iterator[tuple[Side, Side]]:
    """(source, target) pairs of `sides` in the order of `sides`, the target a name (not a
    pronoun), the two apart but at most MAX_TOKENS_APART tokens and MAX_SIDES_BETWEEN other
    sides: each side is paired with a bounded number of others, however many the sentence has."""
    order = sorted(range(len(sides)), key=lambda i: (sides[i].span.start, i))
    rank = {i: r for r, i in enumerate(order)}
    reach = MAX_SIDES_BETWEEN + 1
    for s, source in enumerate(sides):
        for t in sorted(order[max(0, rank[s] - reach):rank[s] + reach + 1]):
            target = sides[t]
            if target is source or target.label is None or isinstance(target.ref, Pronoun):
                continue
            if not _overlap(source.span, target.span) and _apart(source.span, target.span) <= MAX_TOKENS_APART:
                yield source, target


def _maker_pairs(sides: list[Side], makers: dict[str, int]) -> Iterator[tuple[Side, Side]]:
    """'Tesla FSD', 'Google Photos': a product or model whose name begins with the name of an
    organisation of the document (`makers`: the first mention of each, by normalised name),
    paired with that organisation, its first words standing for it."""
    for side in sides:
        if side.label not in ARTIFACT_LABELS or not isinstance(side.ref, int):
            continue
        for words in range(min(MAKER_WORDS, len(side.span) - 1), 0, -1):
            maker = makers.get(normalize(side.span[:words].text))
            if maker is not None:
                yield Side(maker, side.span[:words], EntityLabel.ORGANIZATION), side
                break


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _apart(a: Span, b: Span) -> int:
    return max(a.start, b.start) - min(a.end, b.end)


def pronoun_sides(sent: Span, offset: int, sentence: tuple[int, int], named: list[Side]) -> list[Side]:
    """Each pronoun of a sentence that may be a fact's source ('I', 'we', 'he'), outside the
    names of its `named` mentions ('Google I/O'), and not one that owns a person the sentence
    names ('my guest is Mara Quell, the founder of X': the founder is she, not the speaker);
    whom it stands for is resolved with the document (references.py)."""
    people = [side.span for side in named if side.label is EntityLabel.PERSON]
    return [Side(Pronoun(token.lower_, offset + token.idx, Wants.ANY, sentence), sent.doc[token.i:token.i + 1],
                 pronouns.SOURCES[token.lower_])
            for token in sent if token.lower_ in pronouns.SOURCES and token.pos_ == "PRON"
            and not any(side.span.start <= token.i < side.span.end for side in named)
            and not (token.dep_ == "poss" and _names_a_person(token.head, people))]


def _names_a_person(noun: Token, people: list[Span]) -> bool:
    """Whether the sentence names the person a noun is: 'my guest is Mara Quell', 'my guest,
    Mara Quell', 'my co-founder Tomas', 'my guest is the CEO of X, Mara Quell', 'Mara Quell is
    my guest'."""
    tied = [noun, *(child for child in noun.children if child.dep_ in ("appos", "compound"))]
    if noun.dep_ in ("nsubj", "attr") and noun.head.lemma_ == "be":  # what the noun is, with its apposition
        tied += [token for child in noun.head.children if child.dep_ in ("nsubj", "attr") and child != noun
                 for token in child.subtree]
    if noun.dep_ in ("appos", "compound"):
        tied.append(noun.head)
    return any(person.start <= token.i < person.end for token in tied for person in people)


# ---------------------------------------------------------------- features

def _word(token: Token) -> str:
    return token.lemma_.lower() if token.is_alpha else token.lower_


def _letter(side: Side) -> str:
    """The side's label as the catalogue's letter; 'W' for 'we' (a person or an organisation)."""
    return LETTER[side.label] if side.label is not None else "W"


def sentence_features(sent: Span) -> list[str]:
    """What the model sees of a sentence, the same for each of its pairs: its verbs and nouns."""
    return [f"s={t.lemma_.lower()}" for t in sent if t.pos_ in ("VERB", "NOUN") and t.is_alpha]


def pair_features(source: Side, target: Side, sent: Span, topic: list[str], hints: set[str]) -> list[str]:
    """What the model sees of a pair in its sentence (`topic`: `sentence_features(sent)`)."""
    forward = source.span.start < target.span.start
    first, second = (source, target) if forward else (target, source)
    doc = sent.doc
    pair = f"{_letter(source)}>{_letter(target)}"
    between = doc[first.span.end:second.span.start]
    words = [_word(t) for t in between]
    features = [f"pair={pair}", f"order={'st' if forward else 'ts'}", f"pair_order={pair}:{forward}",
                f"gap={_bucket(len(between))}"]
    if _overlap(source.span, target.span):
        features.append("named_after_source")  # the source's name begins the target's: _maker_pairs
    if isinstance(source.ref, Pronoun):
        features.append(f"src_word={source.ref.word}")
    features += [f"b={w}" for w in words]
    features += [f"bb={a}_{b}" for a, b in zip(words, words[1:])]
    if len(words) <= 4:
        features.append(f"between={'_'.join(words)}:{forward}")
    features += [f"left={_word(t)}" for t in doc[max(sent.start, first.span.start - 2):first.span.start]]
    features += [f"right={_word(t)}" for t in doc[second.span.end:min(sent.end, second.span.end + 2)]]
    features += _path_features(source.span.root, target.span.root, pair, sent)
    features += topic
    features += [f"hint={h}" for h in sorted(hints)] + [f"hint_pair={h}:{pair}" for h in sorted(hints)]
    return features


def _bucket(n: int) -> str:
    return next(label for limit, label in ((0, "0"), (1, "1"), (2, "2"), (4, "3-4"), (7, "5-7"), (12, "8-12"))
                if n <= limit) if n <= 12 else "13+"


def _path_features(a: Token, b: Token, pair: str, sent: Span) -> list[str]:
    """The dependency path from the source's head word up to the common ancestor and down to
    the target's, inside the sentence (or window: the tree of an endless sentence is as deep)."""
    up, down = _ancestry(a, sent), _ancestry(b, sent)
    down_at = {t.i: k for k, t in enumerate(down)}
    top_at = next((k for k, t in enumerate(up) if t.i in down_at), None)
    if top_at is None:
        return ["path=none"]
    top = up[top_at]
    rise = up[:top_at]
    fall = down[:down_at[top.i]]
    steps = [f"{t.dep_}^" for t in rise] + [top.lemma_.lower()] + [f"{t.dep_}v" for t in reversed(fall)]
    features = [f"top={top.lemma_.lower()}", f"top_pair={top.lemma_.lower()}:{pair}", f"plen={_bucket(len(steps))}"]
    if len(steps) <= 5:
        features.append(f"path={' '.join(steps)}")
    features += [f"pw={t.lemma_.lower()}" for t in (*rise[1:], *fall[1:]) if t.is_alpha]
    return features


def _ancestry(token: Token, sent: Span) -> list[Token]:
    """The token and its heads up to the root, or to the edge of `sent`."""
    return [token, *itertools.takewhile(lambda t: sent.start <= t.i < sent.end, token.ancestors)]


# ---------------------------------------------------------------- the model

class RelationModel:
    """Per relation type: weights over feature names, a bias and the threshold a fact needs."""

    def __init__(self, weights: dict[RelationType, dict[str, float]], bias: dict[RelationType, float],
                 thresholds: dict[RelationType, float]):
        self.weights, self.bias, self.thresholds = weights, bias, thresholds

    @classmethod
    def load(cls, path: Path = TRAINED_RELATIONS) -> "RelationModel":
        rebuild = "rebuild it with: make train-relations"
        try:
            table = json.loads(path.read_text(encoding="utf-8"))
            types = {RelationType(name): spec for name, spec in table["types"].items()}
            if not set(types) <= {spec.type for spec in MODEL_TYPES}:
                raise ValueError(f"types the catalogue does not score: {sorted(set(types) - set(CATALOGUE))}")
            return cls({t: {str(f): float(w) for f, w in s["weights"].items()} for t, s in types.items()},
                       {t: float(s["bias"]) for t, s in types.items()}, {t: float(s["threshold"]) for t, s in types.items()})
        except FileNotFoundError:
            raise ModelMissingError(f"{path}: the trained relation model is missing; {rebuild}") from None
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise ModelMissingError(f"{path}: the trained relation model cannot be read ({type(err).__name__}: {err}); "
                                    f"{rebuild}") from None

    def table(self) -> dict:
        return {"types": {t.value: {"bias": self.bias[t], "threshold": self.thresholds[t], "weights": self.weights[t]}
                          for t in self.weights}}

    def weighs(self, rel: RelationType) -> bool:
        """Does the model decide facts of this type? (Types with too few examples are left to the hand rules.)"""
        return rel in self.weights

    def probability(self, rel: RelationType, features: Iterable[str]) -> float:
        weights = self.weights[rel]
        # fsum: the same score in any order of the features, so the same graph under any hash seed
        score = self.bias[rel] + math.fsum(weights.get(f, 0.0) for f in set(features))
        return 1 / (1 + math.exp(-score))

    def facts(self, candidate: Candidate) -> Iterator[Fact]:
        """The facts the model finds for one candidate, each with its probability as confidence."""
        for spec in candidate.allowed():
            if not self.weighs(spec.type):
                continue
            p = self.probability(spec.type, candidate.features)
            if p >= self.thresholds[spec.type]:
                role, past = _role_and_tense(_pair_text(candidate)) if spec.type is RelationType.WORKS_AT else (None, None)
                yield Fact(spec.type, candidate.source.ref, candidate.target.ref, *candidate.pair_offsets(),
                           role=role, past=past, confidence=round(p, 3))


def _pair_text(candidate: Candidate, before: int = 20) -> str:
    """The words between the pair, and a few before it: where its role and tense are said
    ('<person>, the former CEO of <org>', 'CEO of <org>, <person>')."""
    a, b = sorted((candidate.source.span, candidate.target.span), key=lambda span: span.start)
    doc, lo = a.doc, max(candidate.sent.start_char, a.start_char - before)
    first = a.start  # the token where the text begins: a few words back, not the whole sentence
    while first > candidate.sent.start and doc[first].idx > lo:
        first -= 1
    return doc[first:b.start].text_with_ws[lo - doc[first].idx:]


def _role_and_tense(text: str) -> tuple[Optional[str], Optional[bool]]:
    found = ROLE_NEAR.search(text)
    role = CANON_ROLE.get(found.group().lower(), found.group().lower()) if found else None
    return role, (True if PAST.search(text) else None)


@lru_cache(maxsize=1)
def shipped_relation_model() -> RelationModel:
    return RelationModel.load()
