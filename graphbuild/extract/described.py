"""What the words around a name say it is, read from the parse: "Apertium is a machine
translation system", "the Sphinx toolkit", "an extraction system called ANNIE", "Harvey, a
legal AI startup", "Sycara is a Fellow of the IEEE". The recogniser, which sees a few words
only, often guesses the type wrong."""

from __future__ import annotations

from typing import Iterator, Optional

from spacy.tokens import Span, Token

from ..knowledge import ORG_KINDS, PERSON_KINDS, PRODUCT_KINDS
from ..models import EntityLabel

MAX_COMPOUND_STEPS = 3  # 'the Interlisp programming system': the name, then two nouns it modifies
NAMING_VERBS = {"call", "name", "dub"}
BEING_VERBS = {"be", "become", "remain"}
SERVING_VERBS = {"serve", "work", "act"}  # 'X served as chairman'
KINDS = [(PRODUCT_KINDS, EntityLabel.PRODUCT), (ORG_KINDS, EntityLabel.ORGANIZATION), (PERSON_KINDS, EntityLabel.PERSON)]


def described_label(span: Span) -> Optional[EntityLabel]:
    """The type the nearest noun that describes the name says, if it says one."""
    root = span.root
    for noun in _described_as(root):
        kind = noun.lemma_.casefold()
        if (label := next((label for nouns, label in KINDS if kind in nouns), None)) is not None:
            return label
    for noun in _modified_nouns(root):  # 'the Stanford team' says nothing of Stanford's type
        if noun.lemma_.casefold() in PRODUCT_KINDS:
            return EntityLabel.PRODUCT
    return None


def _described_as(root: Token) -> Iterator[Token]:
    if root.dep_ == "nsubj" and root.head.lemma_ in BEING_VERBS:  # 'X is a ... system'
        yield from (child for child in root.head.children if child.dep_ == "attr")
    if root.dep_ == "nsubj" and root.head.lemma_ in SERVING_VERBS:  # 'X served as chairman'
        yield from (noun for prep in root.head.children if prep.dep_ == "prep" and prep.lower_ == "as"
                    for noun in prep.children if noun.dep_ == "pobj")
    yield from (child for child in root.children if child.dep_ == "appos")  # 'X, a ... system'
    if root.dep_ == "appos":  # 'a ... system, X'
        yield root.head
    if root.dep_ == "oprd" and root.head.lemma_ in NAMING_VERBS and root.head.dep_ == "acl":
        yield root.head.head  # 'a ... system called X'


def _modified_nouns(token: Token) -> Iterator[Token]:
    """The nouns a name is a modifier of, nearest first: 'Sphinx' in 'the Sphinx toolkit'."""
    for _ in range(MAX_COMPOUND_STEPS):
        if token.dep_ not in ("compound", "nmod") or token.head.i < token.i:
            return
        token = token.head
        yield token
