"""What the words around a name say it is, read from the parse: "Brindle is a speech
recognition toolkit", "Quorra, a legal AI startup", "an agent framework called Telvara", "the
Brindle toolkit", "Okafor served as chair of the board", "startups such as Quorra and Telvara". The recogniser, which sees a few
words only, often guesses the type wrong."""

from __future__ import annotations

from typing import Iterator, Optional

from spacy.tokens import Span, Token

from ..knowledge import ORG_KINDS, PERSON_KINDS, PRODUCT_KINDS, ROLE_WORDS
from ..models import EntityLabel

NAMING_VERBS = {"call", "name", "dub"}
BEING_VERBS = {"be", "become", "remain"}
SERVING_VERBS = {"serve", "work", "act"}  # 'X served as chairman': a person's job, never a product
MAX_COMPOUND_STEPS = 3  # 'the Brindle speech toolkit': the name, then two nouns it modifies
MAKERS_NOUNS = {"robot", "device", "computer"}  # 'the Zentrix robot' is as often its maker's name as its own
KINDS = [(PRODUCT_KINDS, EntityLabel.PRODUCT), (ORG_KINDS, EntityLabel.ORGANIZATION), (PERSON_KINDS, EntityLabel.PERSON)]
EXAMPLE_WORDS = {"like", "including"}  # 'tools like X': X is a tool
MACHINE_WORDS = {"ai", "virtual", "robot", "robotic", "automated", "autonomous", "agentic"}  # 'an AI lawyer'


def described_label(span: Span, recognised: EntityLabel) -> Optional[EntityLabel]:
    """The type the nearest noun that describes the name says, if it says one and it may
    overrule what the recogniser read: a person or a model is no product by a description
    ('Sarah Okafor is a research engineer'), only by being named one ('a framework called X'),
    and a model is no person ('Sonnet 4 is an exceptional writer'). Where a job is held is a
    firm, whatever the recogniser read ('an engineer at Lockheed Martin'). A description that
    agrees with the recogniser confirms it: 'a Harbor app' is a name, even in a caption stream
    that capitalises at random."""
    root = span.root
    if root.dep_ == "oprd" and root.head.lemma_ in NAMING_VERBS and root.head.dep_ == "acl":
        return _kind(root.head.head)  # 'a ... framework called X'
    if recognised is EntityLabel.PERSON and _where_a_job_is_held(root):
        return EntityLabel.ORGANIZATION  # 'a research engineer at Lockheed Martin'
    may_be_product = recognised is EntityLabel.ORGANIZATION or recognised is EntityLabel.PRODUCT
    may_be_person = recognised is not EntityLabel.MODEL  # 'Sonnet 4 is an exceptional writer'
    for noun in _described_as(root):
        if (label := _kind(noun)) is not None:
            refused = label is EntityLabel.PRODUCT and not may_be_product or label is EntityLabel.PERSON and not may_be_person
            return None if refused else label
    if may_be_person and any(_kind(noun) is EntityLabel.PERSON for noun in _serving_as(root)):
        return EntityLabel.PERSON
    confirming_a_first_word = recognised is EntityLabel.PRODUCT and span[0].is_sent_start  # 'Fitness app makers sold'
    if may_be_product and not confirming_a_first_word and any(
            _kind(noun) is EntityLabel.PRODUCT and noun.lemma_.casefold() not in MAKERS_NOUNS for noun in _modified_nouns(root)):
        return EntityLabel.PRODUCT  # 'the Brindle toolkit'; 'the Stanford team' says nothing of Stanford
    return None


def _where_a_job_is_held(root: Token) -> bool:
    """'an engineer at X', 'a tech strategist at X': a person holds a job at a firm, not at a
    person. Any job's word, whatever describes it ('an AI research engineer'): a firm may be
    called an architect or a strategist, but no one holds that job at a person."""
    prep = root.head
    job = prep.head.lemma_.casefold()
    return root.dep_ == "pobj" and prep.lower_ == "at" and prep.head.pos_ == "NOUN" \
        and (job in PERSON_KINDS or job in ROLE_WORDS)


def _described_as(root: Token) -> Iterator[Token]:
    if root.dep_ == "nsubj" and root.head.lemma_ in BEING_VERBS:  # 'X is a ... system'
        yield from (child for child in root.head.children if child.dep_ == "attr")
    yield from (child for child in root.children if child.dep_ == "appos" and _set_off(root, child))  # 'X, a ... system'
    if root.dep_ == "appos" and root.head.dep_ != "pobj" and _set_off(root.head, root):
        yield root.head  # 'a ... system, X'; not 'the head of the committee, X'
    yield from _examples_of(root)


def _examples_of(root: Token) -> Iterator[Token]:
    """The noun a list of examples names things of: 'robots such as X and Y', 'tools like X',
    'startups including X, Y and Z'."""
    first = min((root, *root.conjuncts), key=lambda t: t.i)
    prep = first.head
    if first.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.pos_ == "NOUN" and (
            prep.lower_ in EXAMPLE_WORDS or prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)):
        yield prep.head


def _set_off(first: Token, second: Token) -> bool:
    """An apposition is set off by a comma, a dash or a bracket: 'Interfax the chief of ...' is
    two phrases the parse ran together."""
    a, b = sorted((first, second), key=lambda t: t.i)
    return any(t.is_punct for t in a.doc[a.i + 1:b.left_edge.i + 1])  # the bracket may open b's own phrase


def _kind(noun: Token) -> Optional[EntityLabel]:
    """The noun's kind, unless it is a word of a name the recogniser found ('Committee' in 'the
    Security Committee, Eduard Shirkovskiy'); 'a Fellow of the Royal Society' is a description.
    A person's noun that a machine's word modifies says nothing ('an AI lawyer', 'the AI director')."""
    if noun.ent_type_:
        return None
    label = next((label for nouns, label in KINDS if noun.lemma_.casefold() in nouns), None)
    if label is EntityLabel.PERSON and any(word.lower_ in MACHINE_WORDS for word in noun.lefts):
        return None  # 'an AI lawyer' may be software, 'the AI director' a person: it tells neither
    return label


def _serving_as(root: Token) -> Iterator[Token]:
    if root.dep_ == "nsubj" and root.head.lemma_ in SERVING_VERBS:
        yield from (noun for prep in root.head.children if prep.dep_ == "prep" and prep.lower_ == "as"
                    for noun in prep.children if noun.dep_ == "pobj")


def _modified_nouns(token: Token) -> Iterator[Token]:
    """The nouns a name is a modifier of, nearest first: 'Brindle' in 'the Brindle toolkit'."""
    for _ in range(MAX_COMPOUND_STEPS):
        if token.dep_ not in ("compound", "nmod") or token.head.i < token.i:
            return
        token = token.head
        yield token
