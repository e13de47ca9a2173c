"""The typed seams between the pipeline's stages.

readers -> Document; extract -> Extraction (mentions and facts of one document);
resolve -> KnowledgeGraph (one entity per real-world thing). Character offsets are
always offsets into the original file, so a quote can be checked against it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import Enum, StrEnum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntityLabel(str, Enum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    MODEL = "Model"
    PRODUCT = "Product"
    INVESTMENT = "Investment"
    DOCUMENT = "Document"


class OrgKind(str, Enum):
    COMPANY = "company"
    INVESTOR = "investor"
    LAB = "lab"
    UNIVERSITY = "university"
    MEDIA = "media"
    GOVERNMENT = "government"
    OTHER = "other"


class RelationType(str, Enum):
    WORKS_AT = "WORKS_AT"
    FOUNDED = "FOUNDED"
    INVESTED_IN = "INVESTED_IN"
    FUNDS = "FUNDS"
    COMPETES_WITH = "COMPETES_WITH"
    DEVELOPED = "DEVELOPED"
    ACQUIRED = "ACQUIRED"
    MENTIONED_IN = "MENTIONED_IN"


# ---------------------------------------------------------------- the node catalogue


class NodeStyle(Strict):
    """How the Neo4j Browser draws a label (schema/browser-style.grass is generated from these)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    color: str
    border: str
    text: str = "#FFFFFF"
    diameter: int = 80


class NodeSpec(Strict):
    """Everything the pipeline knows about one node label, in one place: whether texts name it
    (an entity: the recogniser finds it, reports name and rank it), what the stores index and
    keep as lists, and how the Browser shows it. `graphbuild schema` writes the Neo4j schema
    (schema/constraints.cypher) and the Browser style from these entries."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: EntityLabel
    recogniser: Optional[str] = None  # the label the trained recogniser (spaCy NER) gives it; None: no entity
    letter: Optional[str] = None  # its one-letter code in masked sentences and relation features (extract/)
    artifact: bool = False  # a made thing (Model, Product): which a name calls which is often unclear
    lists: tuple[str, ...] = ()  # its list properties, which a load grows by union
    indexed: tuple[str, ...] = ()  # text properties with a range index (look-ups by value)
    caption: str = "name"  # the property the Browser shows on the node
    style: NodeStyle

    @property
    def entity(self) -> bool:
        return self.recogniser is not None


_ENTITY_LISTS = ("aliases", "documents")
NODES: tuple[NodeSpec, ...] = (
    NodeSpec(label=EntityLabel.PERSON, recogniser="PERSON", letter="P", lists=_ENTITY_LISTS, indexed=("name",),
             style=NodeStyle(color="#4C8EDA", border="#2870C2")),
    NodeSpec(label=EntityLabel.ORGANIZATION, recogniser="ORG", letter="O", lists=_ENTITY_LISTS, indexed=("name",),
             style=NodeStyle(color="#F79767", border="#F36924", diameter=95)),
    NodeSpec(label=EntityLabel.MODEL, recogniser="MODEL", letter="M", artifact=True, lists=_ENTITY_LISTS,
             indexed=("name",), style=NodeStyle(color="#8DCC93", border="#5DB665")),
    NodeSpec(label=EntityLabel.PRODUCT, recogniser="PRODUCT", letter="R", artifact=True, lists=_ENTITY_LISTS,
             indexed=("name",), style=NodeStyle(color="#57C7E3", border="#23B3D7")),
    NodeSpec(label=EntityLabel.INVESTMENT, lists=("documents", "quotes"),
             style=NodeStyle(color="#FFC454", border="#D7A013", text="#2A2C34", diameter=90)),
    NodeSpec(label=EntityLabel.DOCUMENT, indexed=("source", "doc_id"), caption="doc_id",
             style=NodeStyle(color="#D9C8AE", border="#C0A378", text="#2A2C34", diameter=60)),
)
NODE_CATALOGUE: dict[EntityLabel, NodeSpec] = {spec.label: spec for spec in NODES}
ENTITY_LABELS = tuple(spec.label for spec in NODES if spec.entity)
ARTIFACT_LABELS = frozenset(spec.label for spec in NODES if spec.artifact)


def same_kind(a: EntityLabel, b: EntityLabel) -> bool:
    """One kind of thing: the same label, or Model and Product (which a name calls which is often unclear)."""
    return a is b or {a, b} <= ARTIFACT_LABELS


# ---------------------------------------------------------------- the relation catalogue


class EdgeStyle(Strict):
    """How the Neo4j Browser draws a relationship type (in schema/browser-style.grass)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    color: str
    width: int = 2
    caption: str = "<type>"  # a property in braces ('{role}'), the type ('<type>') or nothing ('')


class RelationSpec(Strict):
    """Everything the pipeline knows about one relationship type, in one place: which labels
    its ends may have, and what the stages do with it. Resolution keeps a fact only where
    `allows` says so; eval scores the `scored` types; reports count and follow the `fact` types.

    `via` is for a fact the graph holds through a node of its own: "Sequoia invested in
    Factory" joins Organization to Organization, and the graph holds it as
    (Sequoia)-[:INVESTED_IN]->(:Investment)-[:FUNDS]->(Factory)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: RelationType
    sources: frozenset[EntityLabel]  # labels its start may have
    targets: frozenset[EntityLabel]  # labels its end may have, as a sentence states the fact
    via: Optional[EntityLabel] = None  # the label of the node the graph's edge ends at instead of a target
    same_kind_ends: bool = False  # both ends must be one kind of thing (see same_kind)
    symmetric: bool = False  # undirected: (a, b) and (b, a) are one edge
    scored: bool = False  # `graphbuild eval` scores it against the gold annotations
    fact: bool = False  # a fact edge, which reports count and follow; False for bookkeeping (MENTIONED_IN)
    style: Optional[EdgeStyle] = None  # how the Neo4j Browser draws it; None: its default look

    def allows(self, source: EntityLabel, target: EntityLabel) -> bool:
        """May a fact of this type join an entity labelled `source` to one labelled `target`?"""
        return (source in self.sources and target in self.targets
                and (not self.same_kind_ends or same_kind(source, target)))


_PERSON, _ORG = EntityLabel.PERSON, EntityLabel.ORGANIZATION
_THINGS = frozenset({_ORG, *ARTIFACT_LABELS})

RELATIONS: tuple[RelationSpec, ...] = (
    RelationSpec(type=RelationType.WORKS_AT, sources={_PERSON}, targets={_ORG}, scored=True, fact=True,
                 style=EdgeStyle(color="#4C8EDA", caption="{role}")),
    RelationSpec(type=RelationType.FOUNDED, sources={_PERSON}, targets={_ORG}, scored=True, fact=True),
    RelationSpec(type=RelationType.INVESTED_IN, sources={_PERSON, _ORG}, targets={_ORG}, via=EntityLabel.INVESTMENT,
                 scored=True, fact=True, style=EdgeStyle(color="#D7A013")),
    RelationSpec(type=RelationType.FUNDS, sources={EntityLabel.INVESTMENT}, targets={_ORG}, fact=True),
    RelationSpec(type=RelationType.COMPETES_WITH, sources=_THINGS, targets=_THINGS, same_kind_ends=True, symmetric=True,
                 scored=True, fact=True, style=EdgeStyle(color="#E4505F")),
    RelationSpec(type=RelationType.DEVELOPED, sources={_ORG}, targets=ARTIFACT_LABELS, scored=True, fact=True),
    RelationSpec(type=RelationType.ACQUIRED, sources={_ORG}, targets={_ORG}, scored=True, fact=True),
    RelationSpec(type=RelationType.MENTIONED_IN, sources=set(ENTITY_LABELS), targets={EntityLabel.DOCUMENT},
                 style=EdgeStyle(color="#DDDDDD", width=1, caption="")),
)
CATALOGUE: dict[RelationType, RelationSpec] = {spec.type: spec for spec in RELATIONS}
SYMMETRIC_RELATIONS = frozenset(spec.type for spec in RELATIONS if spec.symmetric)


def fact_types() -> tuple[RelationType, ...]:
    """The fact edges, in catalogue order: what reports count and follow (not MENTIONED_IN)."""
    return tuple(spec.type for spec in RELATIONS if spec.fact)


def scored_types() -> tuple[RelationType, ...]:
    """The types `graphbuild eval` scores, in catalogue order."""
    return tuple(spec.type for spec in RELATIONS if spec.scored)


def unaccented(text: str) -> str:
    """Compatibility-decomposed with accents dropped: 'Mösch' -> 'Mosch'. Letters of every
    script stay ('Давид', 'דוד'), so a name never vanishes."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


MAX_SLUG_CHARS = 200  # ids are index keys in Neo4j, which holds keys of about 8 kB at most


def stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def slugify(text: str) -> str:
    """Lowercase, dash-separated letters and digits (of any script): the stable part of a node id.
    Latin names come out ASCII ('Søren Mösch' -> 'søren-mosch' keeps only the letters with no
    ASCII form). A slug over MAX_SLUG_CHARS is cut and ends in a hash of the whole, so that
    two long names still make two ids."""
    slug = re.sub(r"[\W_]+", "-", unaccented(text).lower()).strip("-") or "x"
    if len(slug) <= MAX_SLUG_CHARS:
        return slug
    digest = hashlib.sha1(slug.encode("utf-8")).hexdigest()[:12]
    return f"{slug[:MAX_SLUG_CHARS - 13].rstrip('-')}-{digest}"


def node_id(label: EntityLabel, key: str) -> str:
    return f"{label.value}:{slugify(key)}"


# ---------------------------------------------------------------- documents in


class SegmentKind(StrEnum):
    TEXT = "text"
    HEADING = "heading"  # a title or section heading: names things, states no fact
    QUOTE = "quote"
    ENTITY_LIST = "entity_list"  # `**Name** (type): description`, read as one statement
    METADATA = "metadata"  # a header value (a guest's name): names a thing, states no fact


class Layout(StrEnum):
    """How a file is written, which decides how it is read (one reader module each)."""

    NUMBERED_TRANSCRIPT = "numbered-transcript"
    PODCAST_LISTING = "podcast-listing"
    SHOW_NOTES = "show-notes"
    DIALOGUE_TRANSCRIPT = "dialogue-transcript"
    SUBTITLES = "subtitles"
    AUTO_CAPTIONS = "auto-captions"
    CAPTION_STREAM = "caption-stream"  # auto-captions run together into long lines, almost unpunctuated
    TRANSCRIPT_TEXT = "transcript-text"  # speech as running text: no speaker labels, a paragraph of 1,000 words
    ARTICLE = "article"


# speech written down, whether or not its lines name who speaks
SPOKEN_LAYOUTS = frozenset({Layout.NUMBERED_TRANSCRIPT, Layout.DIALOGUE_TRANSCRIPT, Layout.SUBTITLES, Layout.AUTO_CAPTIONS,
                            Layout.CAPTION_STREAM, Layout.TRANSCRIPT_TEXT})


class Segment(Strict):
    """A run of text with one speaker (or none): a turn, a line, a section."""

    start: int
    end: int
    speaker: Optional[str] = None
    timestamp: Optional[str] = None
    kind: SegmentKind = SegmentKind.TEXT
    # file spans inside it that are not its text: the timestamps and labels of the lines a
    # broken turn is joined from (readers.text.join_broken_turns)
    hidden: list[tuple[int, int]] = Field(default_factory=list)


class Document(Strict):
    id: str
    source: str  # file name, relative to the input root
    title: Optional[str] = None
    show: Optional[str] = None
    date: Optional[str] = None
    layout: Layout
    host: list[str] = Field(default_factory=list)
    guests: list[str] = Field(default_factory=list)
    url: Optional[str] = None
    offset: int = 0  # where text starts in the file
    text: str
    segments: list[Segment]

    def slice(self, start: int, end: int) -> str:
        """Text between two file offsets."""
        return self.text[start - self.offset : end - self.offset]

    def segment_text(self, segment: Segment) -> str:
        return self.visible(segment.start, segment.end, segment)

    def trimmed(self, start: int, end: int, segment: Optional[Segment] = None) -> tuple[int, int]:
        """The span between two file offsets less the white space at its ends (and, inside
        `segment`, its hidden text): a quote or a piece starts and ends with words."""
        a, b = stripped(self.visible(start, end, segment) if segment else self.slice(start, end), 0, end - start)
        return start + a, start + b

    def visible(self, start: int, end: int, segment: Segment) -> str:
        """Text between two file offsets inside `segment`, its hidden spans blanked (so offsets
        stay the file's)."""
        text = self.slice(start, end)
        for a, b in segment.hidden:
            a, b = max(a, start) - start, min(b, end) - start
            if b > a:
                text = text[:a] + " " * (b - a) + text[b:]
        return text


# ---------------------------------------------------------------- extraction


class Provenance(Strict):
    doc_id: str
    start: int
    end: int
    quote: str
    speaker: Optional[str] = None
    timestamp: Optional[str] = None


class MentionSource(StrEnum):
    """Which finder found a mention (mentions.py trusts them in this order, most first)."""

    ENTITY_LIST = "entity_list"  # `**Name** (type):` states it outright
    KB = "kb"  # a form of a knowledge-base entry
    PATTERN = "pattern"  # a model name's shape ('GPT-5', 'SmolLM3')
    FUZZY = "fuzzy"  # a misheard form of a knowledge-base entry
    NER = "ner"  # the trained recogniser
    SPEAKER = "speaker"  # a transcript's speaker label
    METADATA = "metadata"  # a header value (a guest's name)
    ROLE = "role"  # a name a role word introduces ('his co-founder Eno')
    INTRODUCED = "introduced"  # a speaker's own name ('I'm Nate', 'my name is Priya')
    COREF = "coref"  # a short form of a name said in full elsewhere in the document
    DESCRIBED = "described"  # the recogniser's, and its sentence describes it ('Hayes is a Fellow of AAAI')


# How far a mention is trusted, by its finder: where two finders overlap, the more trusted wins
MENTION_TRUST = {MentionSource.ENTITY_LIST: 0.95, MentionSource.KB: 0.9, MentionSource.PATTERN: 0.9,
                 MentionSource.SPEAKER: 0.8, MentionSource.METADATA: 0.8, MentionSource.INTRODUCED: 0.8,
                 MentionSource.FUZZY: 0.7,
                 MentionSource.ROLE: 0.6, MentionSource.COREF: 0.6, MentionSource.NER: 0.5,
                 MentionSource.DESCRIBED: 0.5}
RECOGNISED = {MentionSource.NER, MentionSource.DESCRIBED}  # the recogniser's names


class Mention(Strict):
    text: str
    label: EntityLabel
    kind: Optional[OrgKind] = None
    start: int
    end: int
    source: MentionSource
    kb_name: Optional[str] = None  # canonical name when matched to the knowledge base
    confidence: float = 0.5
    full_name: Optional[str] = None  # filled by in-document short-form resolution
    product_use: bool = False  # a company's name said of its product ('using Midjourney')

    @property
    def name(self) -> str:
        """The best name known for what it names: the knowledge base's, the document's full one, its text."""
        return self.kb_name or self.full_name or self.text


class RelationMention(Strict):
    type: RelationType
    source: int  # index into Extraction.mentions
    target: int
    role: Optional[str] = None
    past: Optional[bool] = None
    confidence: float
    provenance: Provenance


class FundingTerms(Strict):
    """What a funding event is known to be: amount raised in US dollars (a range keeps both
    ends), and the company's valuation it was raised at."""

    amount_usd: Optional[float] = None
    amount_usd_max: Optional[float] = None
    amount_text: Optional[str] = None
    valuation_usd: Optional[float] = None
    valuation_text: Optional[str] = None
    round: Optional[str] = None
    stake: Optional[str] = None
    date: Optional[str] = None


class InvestmentMention(FundingTerms):
    investors: list[int] = Field(default_factory=list)  # indexes into Extraction.mentions
    lead: list[int] = Field(default_factory=list)
    investee: Optional[int] = None
    confidence: float
    provenance: Provenance


class Extraction(Strict):
    document: Document
    mentions: list[Mention]
    relations: list[RelationMention] = Field(default_factory=list)
    investments: list[InvestmentMention] = Field(default_factory=list)


# ---------------------------------------------------------------- graph out


class Entity(Strict):
    id: str
    label: EntityLabel
    name: str
    kind: Optional[OrgKind] = None
    aliases: list[str]
    mention_count: int
    documents: list[str]
    in_knowledge_base: bool = False


class Investment(FundingTerms):
    id: str
    name: str
    documents: list[str]
    quotes: list[str]
    confidence: float


class Relation(Strict):
    type: RelationType
    source: str  # node id
    target: str
    role: Optional[str] = None
    past: Optional[bool] = None
    lead: Optional[bool] = None
    confidence: float
    evidence: list[Provenance] = Field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        ends = (self.source, self.target)
        if self.type in SYMMETRIC_RELATIONS:
            ends = tuple(sorted(ends))
        return (ends[0], self.type.value, ends[1])


class DocumentNode(Strict):
    id: str
    name: str  # the title, else the document id: what the Browser shows
    doc_id: str
    source: str
    title: Optional[str] = None
    show: Optional[str] = None
    date: Optional[str] = None
    guests: Optional[list[str]] = None  # the guests its header names; None rather than empty (no empty list property)
    layout: str
    url: Optional[str] = None


class KnowledgeGraph(Strict):
    entities: list[Entity] = Field(default_factory=list)
    investments: list[Investment] = Field(default_factory=list)
    documents: list[DocumentNode] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
