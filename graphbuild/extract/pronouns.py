"""The pronouns that may stand for a person or an organisation: one table
(knowledge/pronouns.json), and each set relation finding reads derived from it."""

from __future__ import annotations

import json
from importlib import resources
from typing import Literal, Optional

from pydantic import BaseModel

from ..models import EntityLabel


class PronounWord(BaseModel):
    word: str
    person: Literal[1, 2, 3]
    plural: bool
    refers: Literal["person", "thing", "any"]
    case: Literal["subject", "object", "determiner", "possessive"]


_DATA = json.loads(resources.files("graphbuild.knowledge").joinpath("pronouns.json").read_text("utf-8"))
TABLE = [PronounWord.model_validate(row) for row in _DATA["pronouns"]]
ALL = frozenset(p.word for p in TABLE)
FIRST_PERSON = frozenset(p.word for p in TABLE if p.person == 1)  # the speaker, or the speaker's side
SECOND_PERSON = frozenset(p.word for p in TABLE if p.person == 2)  # whom the speaker addresses
WE = frozenset(p.word for p in TABLE if p.person == 1 and p.plural)
PERSONAL = frozenset(p.word for p in TABLE if p.person == 3 and p.refers == "person")  # he, his, her
IMPERSONAL = frozenset(p.word for p in TABLE if p.person == 3 and p.refers != "person")  # it, they, their
SUBJECTS = frozenset(p.word for p in TABLE if p.case == "subject")
# a 'you' after one of these words, or before one of these phrases, is anyone: 'if you invest', 'you can join'
GENERIC_YOU_AFTER = frozenset(_DATA["generic_you"]["conditions"])
GENERIC_YOU_BEFORE = frozenset(tuple(phrase.split()) for phrase in _DATA["generic_you"]["modals"])


# A pronoun that may be a fact's source ('I founded', 'our investors', 'his company'), and the
# label of what it stands for (None: a person or an organisation, as 'we')
SOURCES: dict[str, Optional[EntityLabel]] = {
    p.word: EntityLabel.PERSON if p.refers == "person" else None for p in TABLE if p.case in ("subject", "determiner")
           and not (p.person == 3 and p.refers != "person")}
