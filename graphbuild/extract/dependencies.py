"""Facts from the dependency parse: a verb of acquiring, making or investing with a
subject and an object that are mentions, however many words stand between them
("AMD, the chip maker, last year quietly acquired ZT Systems"), or a person's firm written as
its possessor ("Sequoia's Roelof Botha"). The masked-sentence
patterns in relations.py catch the compact constructions; these catch the spread-out ones.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Callable, Iterator, Optional

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

from ..models import CATALOGUE, EntityLabel, RelationType
from . import pronouns
from .relations import Fact, Pronoun, Ref, Wants
from .windows import Windows

PATTERNS = resources.files(__package__) / "patterns"  # <TYPE>.jsonl: {"id", "pattern"} per line
CONFIDENCE = 0.6


def load_patterns(rel: RelationType) -> list[dict]:
    """The dependency patterns of a relation type (spaCy DependencyMatcher patterns whose
    nodes 'subject' and 'object' are the fact's two ends), or none."""
    path = PATTERNS / f"{rel.value}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] \
        if path.is_file() else []


def build_matcher(nlp: Language) -> DependencyMatcher:
    matcher = DependencyMatcher(nlp.vocab)
    for rel in RelationType:
        patterns = [entry["pattern"] for entry in load_patterns(rel)]
        if patterns:
            matcher.add(rel.value, patterns)
    return matcher


def find_dependency_facts(sdoc: Doc, matcher: DependencyMatcher, mention_at: Callable[[Token], Optional[int]],
                          label_of: Callable[[int], EntityLabel], offset: int, windows: Windows) -> Iterator[Fact]:
    """Facts whose subject and object tokens lie in mentions (or the subject is a pronoun).
    `mention_at` maps a token to the index of the mention it is part of; `offset` maps
    the segment's character offsets to the file's; `windows` are the parse's sentences, or the
    pieces of an endless one (windows.py): a fact's evidence is its window."""
    window_of = windows.of
    for match_id, tokens in _matches(sdoc, matcher, windows):
        rel = RelationType(sdoc.vocab.strings[match_id])
        names = dict(zip(_pattern_names(matcher, match_id, len(tokens)), tokens))
        subject, obj = _ref(names["subject"], mention_at, offset, window_of), _phrase_mention(names["object"], mention_at)
        spec = CATALOGUE[rel]  # which labels the subject and the object may have
        if subject is None or obj is None or subject == obj or label_of(obj) not in spec.targets:
            continue
        if isinstance(subject, int) and not spec.allows(label_of(subject), label_of(obj)):
            continue
        verb = names.get("verb")  # none in "Sequoia's Roelof Botha"
        if rel is RelationType.INVESTED_IN and verb is not None and verb.lemma_ == "lead":
            continue  # 'led X' is a company's leader, unless a round is led: relations.py reads those
        sent = window_of(verb if verb is not None else names["subject"])
        past = _told_as_past(verb) if rel is RelationType.WORKS_AT and verb is not None else None
        yield Fact(rel, subject, obj, offset + sent.start_char, offset + sent.end_char, past=past, confidence=CONFIDENCE)


def _matches(sdoc: Doc, matcher: DependencyMatcher, windows: Windows) -> Iterator[tuple[int, list[Token]]]:
    """(match id, its tokens in `sdoc`): over the whole parse, or window by window where a
    sentence had to be cut. The matcher tries every combination of the tokens of one tree that
    fit a pattern's nodes, so an endless sentence's tree would make its work grow with the cube
    of the sentence's length; a window's is bounded."""
    if not windows.cut:
        for match_id, ids in matcher(sdoc):
            yield match_id, [sdoc[i] for i in ids]
        return
    for window in windows:
        for match_id, ids in matcher(window):
            yield match_id, [sdoc[window.start + i] for i in ids]


def _told_as_past(verb: Token) -> bool:
    """'worked at', 'previously served at': no longer there."""
    return verb.tag_ == "VBD" or any(c.lower_ in {"previously", "formerly", "once"} for c in verb.children)


def _phrase_mention(token: Token, mention_at) -> Optional[int]:
    """The mention in the phrase a token heads ('2' in 'Mistral Large 2' heads the name)."""
    for word in (token, *token.children):
        found = mention_at(word)
        if found is not None:
            return found
    return None


def _ref(token: Token, mention_at, offset: int, window_of: Callable[[Token], Span]) -> Optional[Ref]:
    found = _phrase_mention(token, mention_at)
    if found is not None:
        return found
    if token.lower_ in pronouns.SUBJECTS:
        sent = window_of(token)
        wants = Wants.ORG if token.lower_ in pronouns.WE | pronouns.IMPERSONAL else Wants.ANY
        return Pronoun(token.lower_, offset + token.idx, wants, (offset + sent.start_char, offset + sent.end_char))
    return None


def _pattern_names(matcher: DependencyMatcher, match_id: int, size: int) -> list[str]:
    """The RIGHT_IDs of the pattern (of this label) that matched `size` tokens, in order."""
    for pattern in matcher.get(match_id)[1]:
        if len(pattern) == size:
            return [node["RIGHT_ID"] for node in pattern]
    raise LookupError(match_id)
