"""Entities: mentions from all documents -> one entity per real-world thing.

Mentions are grouped by name (the knowledge-base name where one was matched, else the
in-document full name, else the surface form), then groups are merged where their names
are variants of each other (spelling, sound, split words), never across two different
knowledge-base entities. Each entity's label is voted by its mentions, weighted by trust.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterator, Optional

import numpy as np
from rapidfuzz import fuzz, process

from ..knowledge import CORPORATE_SUFFIXES
from ..models import ENTITY_LABELS, Entity, EntityLabel, Extraction, Mention, OrgKind, node_id, same_kind
from ..names import MIN_SIMILARITY, compact, normalize, phonetic, similar_person_names, similar_words, without_title

CDIST_ROWS = 2000  # names compared with a whole block at once
Member = tuple[str, int]  # a mention: its document's id, and its index in that document's mentions


@dataclass(frozen=True)
class ResolvedEntities:
    """The entities (product twins included) and the entity each mention names."""

    entities: list[Entity]
    labels: dict[str, EntityLabel]  # by entity id
    entity_of: dict[Member, str]  # every mention's; for one of a company's product, the company
    product_of: dict[Member, str]  # the mentions that speak of a product twin: that twin
    twin_of: dict[str, str]  # an organisation's id -> its product twin's id


def resolve_entities(extractions: list[Extraction]) -> ResolvedEntities:
    groups = _group_mentions(extractions)
    _merge_variants(groups)
    entities, entity_of = _entities(groups)
    twins, product_of = _product_twins(groups, entity_of)
    entities += list(twins.values())
    return ResolvedEntities(entities=entities, labels={e.id: e.label for e in entities}, entity_of=entity_of,
                            product_of=product_of, twin_of={org: twin.id for org, twin in twins.items()})


class _Group:
    """Mentions believed to name one thing."""

    def __init__(self, key: str):
        self.key = key
        self.members: list[Member] = []
        self.mentions: list[Mention] = []

    @property
    def kb_name(self) -> Optional[str]:
        names = Counter(m.kb_name for m in self.mentions if m.kb_name)
        return names.most_common(1)[0][0] if names else None

    def label(self) -> EntityLabel:
        votes: Counter = Counter()
        for m in self.mentions:
            votes[m.label] += m.confidence
        return max(votes, key=lambda lab: (votes[lab], -ENTITY_LABELS.index(lab)))

    def name(self) -> str:
        if self.kb_name:
            return self.kb_name
        forms = Counter(m.name for m in self.mentions)
        return max(forms, key=lambda f: (forms[f], f[:1].isupper(), len(f), f))


def _group_mentions(extractions: list[Extraction]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for ex in extractions:
        for i, m in enumerate(ex.mentions):
            key = compact(m.name)
            if not key:
                continue
            group = groups.setdefault(key, _Group(key))
            group.members.append((ex.document.id, i))
            group.mentions.append(m)
    return groups


def _merge_variants(groups: dict[str, _Group]) -> None:
    """Merge a group into another whose name it is a variant of; a knowledge-base entity
    absorbs its variants, and two knowledge-base entities never merge. Each group is tried
    against its candidates only (`_candidates`), the best-ranked first."""
    ordered = sorted(groups.values(), key=lambda g: (g.kb_name is None, -len(g.mentions), g.key))
    labels = {g.key: g.label() for g in ordered}
    names = {g.key: g.name() for g in ordered}
    candidates = _candidates(ordered, names, labels)
    for group in ordered:
        if group.kb_name is not None or group.key not in groups:
            continue
        label = labels[group.key]
        for other in candidates.get(group.key, ()):
            if other.key not in groups or not same_kind(label, labels[other.key]):
                continue
            if _variants(names[group.key], names[other.key], label):
                other.members += group.members
                other.mentions += group.mentions
                del groups[group.key]
                break


def _candidates(ordered: list[_Group], names: dict[str, str], labels: dict[str, EntityLabel]) -> dict[str, list[_Group]]:
    """For each group, in rank order, the groups that may be variants of it: those whose first
    words begin alike (in spelling or sound), and that pass a test every variant passes
    (`_may_be_variants`). The test runs in rapidfuzz over each block at once, so resolution
    does no Python work per pair of groups, only per candidate."""
    blocks: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for i, g in enumerate(ordered):
        for block in _blocks(names[g.key]):
            blocks[(block, labels[g.key] is EntityLabel.PERSON)].append(i)
    found: dict[int, set[int]] = defaultdict(set)
    for (_, persons), members in blocks.items():
        for a, b in _may_be_variants([names[ordered[i].key] for i in members], persons):
            found[members[a]].add(members[b])
            found[members[b]].add(members[a])
    return {ordered[i].key: [ordered[j] for j in sorted(others)] for i, others in found.items()}


def _may_be_variants(names: list[str], persons: bool) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, of `names` that `_variants` may join; no pair it joins is left out.
    People: family names at least MIN_SIMILARITY alike, or sounding the same. Others: names
    (compacted, five letters or more) at least MIN_SIMILARITY alike."""
    if persons:
        keys = [words[-1] if len(words := normalize(n).split()) >= 2 else "" for n in names]
        sounds: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            if key:
                sounds[phonetic(key)].append(i)
        for same in sounds.values():
            yield from itertools.combinations(same, 2)
    else:
        keys = [c if len(c := compact(n)) >= 5 else "" for n in names]
    present = [i for i, key in enumerate(keys) if key]
    texts = [keys[i] for i in present]
    for start in range(0, len(texts), CDIST_ROWS):  # rows at a time: memory stays CDIST_ROWS x block
        scores = process.cdist(texts[start:start + CDIST_ROWS], texts, scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY)
        for row, col in zip(*np.nonzero(scores)):
            if start + row < col:
                yield present[start + row], present[col]


def _blocks(name: str) -> set[str]:
    first = (normalize(name).split() or [""])[0]
    return {first[:1], phonetic(first)[:1]}


def _variants(a: str, b: str, label: EntityLabel) -> bool:
    if label is EntityLabel.PERSON:
        return similar_person_names(a, b)
    ca, cb = compact(a), compact(b)
    return min(len(ca), len(cb)) >= 5 and similar_words(ca, cb) and not _one_word_more(a, b)


def _one_word_more(a: str, b: str) -> bool:
    """'iPhone X', 'Windows XP', 'Stable Diffusion XL': one name is the other and a whole word
    more, a thing of its own however close the spellings are, since no ear or typo adds a word;
    unless the word is a firm's ('Mistral AI', 'Acme Labs')."""
    shorter, longer = sorted((normalize(a).split(), normalize(b).split()), key=len)
    return len(longer) == len(shorter) + 1 and longer[:-1] == shorter and longer[-1] not in CORPORATE_SUFFIXES


def _entities(groups: dict[str, _Group]) -> tuple[list[Entity], dict[Member, str]]:
    entities: dict[str, Entity] = {}
    entity_of: dict[Member, str] = {}
    for group in groups.values():
        label, name = group.label(), group.name()
        eid = node_id(label, name)
        kinds = Counter(m.kind for m in group.mentions if m.kind and m.label is label)
        kind = kinds.most_common(1)[0][0] if kinds else (OrgKind.OTHER if label is EntityLabel.ORGANIZATION else None)
        aliases = {m.text for m in group.mentions} | {name}
        if label is EntityLabel.PERSON:  # 'President Reagan' is found as 'Reagan' too
            aliases |= {without_title(alias) for alias in aliases}
        aliases = sorted(aliases)
        docs = sorted({doc for doc, _ in group.members})
        if eid in entities:  # two groups that vote the same name and label are one entity
            old = entities[eid]
            aliases = sorted(set(old.aliases) | set(aliases))
            docs = sorted(set(old.documents) | set(docs))
            count = old.mention_count + len(group.mentions)
        else:
            count = len(group.mentions)
        entities[eid] = Entity(id=eid, label=label, name=name, kind=kind if label is EntityLabel.ORGANIZATION else None,
                               aliases=aliases, mention_count=count, documents=docs,
                               in_knowledge_base=group.kb_name is not None)
        for member in group.members:
            entity_of[member] = eid
    return list(entities.values()), entity_of


def _product_twins(groups: dict[str, _Group], entity_of: dict[Member, str]) -> tuple[dict[str, Entity], dict[Member, str]]:
    """A company known by its product's name ('using Midjourney', 'on Twitter') is the company
    wherever it is named and, where the text speaks of its product, that product too: a Product
    node beside its Organization node, made of the mentions that speak of the product (a group
    voted a product already is that node)."""
    twins: dict[str, Entity] = {}
    product_of: dict[Member, str] = {}
    for group in groups.values():
        used = [(member, m) for member, m in zip(group.members, group.mentions) if m.product_use]
        if not used or group.kb_name is None or group.label() is not EntityLabel.ORGANIZATION:
            continue
        org_id = entity_of[used[0][0]]
        name = group.name()
        twins[org_id] = Entity(id=node_id(EntityLabel.PRODUCT, name), label=EntityLabel.PRODUCT, name=name,
                               aliases=sorted({m.text for _, m in used} | {name}), mention_count=len(used),
                               documents=sorted({doc for (doc, _), _ in used}), in_knowledge_base=True)
        product_of.update((member, twins[org_id].id) for member, _ in used)
    return twins, product_of
