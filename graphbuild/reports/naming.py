"""A name the user gives a report, resolved once to a node id, by one rule on both backends.

A parameter names a node by its id, or by its name or an alias as `name_key` compares them
(case and runs of white space do not count); a document by its id or its doc_id. Where it
names several, or where the user names none and the report has a default, the node ranked
first wins (rankings.py: the most relationships of some types), then the smallest id; by
default, a node with no such relationship is never first (the report then has no rows). A name that
names nothing is one error with the closest name: "no entity named 'X' (did you mean 'Y'?)".
The backends only look nodes up (Neo4j through the full-text index over names and aliases);
the report's query then matches the id on the unique index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Protocol, Sequence

from rapidfuzz import fuzz, process, utils

from ..errors import GraphbuildError
from ..rankings import Ranking

SUGGESTION_SCORE = 75  # rapidfuzz WRatio, 0-100: below this a name is no likely meaning


class ReportError(GraphbuildError):
    pass


def name_key(text: str) -> str:
    """The one rule by which a given name matches a node's name or alias."""
    return " ".join(text.casefold().split())


def same_name(value: str, name: Optional[str], aliases: Optional[Sequence[str]]) -> bool:
    key = name_key(value)
    return any(name_key(spelling) == key for spelling in [name or "", *(aliases or [])])


@dataclass(frozen=True)
class Naming:
    """A parameter that names a node: the labels it may have, how several (or none, when
    `default`) are ranked, and a parameter whose node this one must not be (path's `to`)."""

    labels: tuple[str, ...]
    ranking: Ranking
    default: bool = True  # no value: the node ranked first; False: no value means every node
    unlike: Optional[str] = None

    @property
    def documents(self) -> bool:
        return self.labels == ("Document",)

    @property
    def thing(self) -> str:
        return self.labels[0].lower() if len(self.labels) == 1 else "entity"


class Lookup(Protocol):
    """What a backend answers for the resolver."""

    def named(self, naming: Naming, value: str) -> list[str]:
        """The ids of the nodes `value` names (for documents: their doc_ids)."""

    def first(self, naming: Naming, among: Optional[list[str]], unlike: Optional[str]) -> Optional[str]:
        """The id ranked first, of `among` or (None) of every node of the labels, never `unlike`."""

    def spellings(self, naming: Naming) -> list[str]:
        """What a suggestion may be: the names (for documents: the doc_ids)."""


def resolve(names: dict[str, Naming], params: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
    """The parameters with every name replaced by the id it resolves to (None: no such node
    to rank, or none wanted). Raises ReportError for a name that names nothing."""
    resolved = dict(params)
    for key, naming in names.items():
        value = params.get(key)
        unlike = resolved.get(naming.unlike) if naming.unlike else None
        if value is None:
            resolved[key] = lookup.first(naming, None, unlike) if naming.default else None
            continue
        found = sorted(set(lookup.named(naming, value)))
        if not found:
            raise ReportError(f"no {naming.thing} named '{value}'{suggestion(value, lookup.spellings(naming))}")
        found = [node for node in found if node != unlike]
        resolved[key] = lookup.first(naming, found, unlike) if len(found) > 1 else next(iter(found), None)
    return resolved


def suggestion(value: str, spellings: list[str]) -> str:
    """' (did you mean 'Y'?)' with the closest of `spellings`, or nothing when none is close."""
    best = process.extractOne(value, sorted(set(spellings) - {None}), scorer=fuzz.WRatio,
                              processor=utils.default_process, score_cutoff=SUGGESTION_SCORE)
    return f" (did you mean '{best[0]}'?)" if best else ""
