"""Documents in, one Extraction per document out.

Segments of all documents go through `nlp.pipe` in one stream; then, per document: its
mentions (document_mentions), facts per sentence (relations), and 'I', 'we', 'my company',
'they' resolved to speakers and antecedents (references).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import Callable, Iterable, Iterator, Optional, TypeVar

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

from ..evidence import provenance, states_no_fact
from ..knowledge import KnowledgeBase
from ..models import ARTIFACT_LABELS, CATALOGUE, Document, EntityLabel, Extraction, InvestmentMention, Mention, Provenance, RelationMention, RelationType, \
    Segment
from ..names import firm_short_form, normalize
from . import pronouns
from .dependencies import build_matcher, find_dependency_facts
from .document_mentions import document_mentions
from .budget import Deadline, TimeBudget
from .nlp import KB_RULER
from .parsed import KEEP_TOKENS, ParsedSegments
from .references import References
from .relation_model import KNOWN_MAKER, Candidate, RelationModel, Side, pronoun_sides, ref_key, sentence_candidates, \
    shipped_relation_model
from .relations import UNREAL, Fact, FundingEvent, MaskedSentence, Pronoun, Ref, Wants, find_facts, find_funding, source_wants
from .windows import Windows

MAX_PIECE = 100_000  # characters per spaCy doc; longer segments are cut (`pieces`)
# Characters parsed at once: while it runs, spaCy's tok2vec needs about 3.5 KB per character
# (340 MB for a piece of MAX_PIECE), so 64 pieces of one long document must not share a batch.
MAX_BATCH_CHARS = MAX_PIECE
SENTENCE_END = re.compile(r"[.!?…]+[\"”’)\]]*\s")
REFERRING_WORD = re.compile(rf"\b(?:{'|'.join(sorted(pronouns.ALL))})\b", re.I)
OFFER = re.compile(r"\b(check|stake|term sheet|offer\w*)\b", re.I)
INVESTED_IN_SOMETHING = re.compile(r"\binvest\w* [^.]{0,40}\bin\b", re.I)
# characters, per type: two ends of a known fact said this close in one turn are mostly a fact
# of the text (a firm and its product: 0.7 of 71 pairs); known rivals only closer. FOUNDED and
# INVESTED_IN are left out: of the facts they added in the pending passages read for errors,
# few were stated (2 of 4 and 1 of 7)
LISTED = re.compile(r"\s*,?\s*(?:and|&|or)?\s*")  # what stands between two names of one list
KNOWN_FACT_REACH = {RelationType.WORKS_AT: 200, RelationType.DEVELOPED: 200, RelationType.COMPETES_WITH: 100}
MAX_KNOWN_FACT_REACH = max(KNOWN_FACT_REACH.values())
KNOWN_FACT_CONFIDENCE = 0.5
# words that tie two firms otherwise than the known fact does ('Anthropic partners with Google')
OTHER_TIE = re.compile(r"\b(?:partner\w*|invest\w*|acqui\w*|bought|buy\w*|backed|backing|fund\w*|customers?|suppliers?)\b", re.I)
T = TypeVar("T")
OnError = Callable[[Document, str, Exception], None]  # (document, stage: "parse" | "extract", error)
LINK_TARGET = re.compile(r"(?<=\])\([^)\s]*\)|<?https?://[^\s)>]+>?")


def spacy_text(document: Document, segment: Segment) -> str:
    """The segment as spaCy reads it: line breaks become spaces and link addresses blanks
    ('[Jane Doe](https://x.com/jd)' reads '[Jane Doe]'), so offsets stay the same."""
    text = document.segment_text(segment).replace("\n", " ")
    return LINK_TARGET.sub(lambda m: " " * len(m.group()), text)


def extract(documents: Iterable[Document], nlp: Language, batch_size: int = 64,
            on_error: Optional[OnError] = None, keep_tokens: int = KEEP_TOKENS,
            model: Optional[RelationModel] = None, time_budget: TimeBudget = TimeBudget()) -> Iterator[Extraction]:
    """One Extraction per document, in order; `nlp` is the pipeline of `load_nlp`, whose
    knowledge-base ruler knows the knowledge base; `model` the relation model (default: the
    shipped one). A document whose parse or extraction fails, or whose extraction runs past
    its `time_budget`, is passed to `on_error(document, stage, error)` and skipped while the
    others go on; without `on_error` the error is raised.

    It streams: documents are taken from `documents` as the parser asks for text, and a
    document's parses are dropped once its extraction is made; past `keep_tokens` tokens they
    wait on disk rather than in memory (`ParsedSegments`)."""
    per_document = _PerDocument(nlp, on_error, keep_tokens, model or shipped_relation_model(), time_budget)
    pending: dict[int, tuple[Document, ParsedSegments]] = {}  # being parsed, by position
    remaining = iter(documents)

    def texts() -> Iterator[tuple[str, tuple[int, Segment]]]:
        for i, document in enumerate(remaining):
            pending[i] = (document, ParsedSegments(nlp.vocab, keep_tokens))
            for piece in per_document.pieces(document):
                yield spacy_text(document, piece), (i, piece)

    parses = parse_stream(nlp, texts(), batch_size)
    while True:
        try:
            sdoc, (index, segment) = next(parses)
        except StopIteration:
            break
        except Exception:
            if on_error is None:
                raise
            # The stream is dead and does not say which segment killed it: parse the documents
            # not yet extracted one by one, so that only the culprit is skipped.
            for _, parsed in pending.values():
                parsed.close()
            for document in itertools.chain([d for d, _ in pending.values()], remaining):
                yield from per_document.parse_and_run(document)
            return
        for i in sorted(i for i in pending if i < index):  # every segment of these is parsed
            yield from per_document.run(*pending.pop(i))
        pending[index][1].append(segment, sdoc)
    for i in sorted(pending):
        yield from per_document.run(*pending.pop(i))


class _PerDocument:
    """What `extract` does with one document once it is parsed."""

    def __init__(self, nlp: Language, on_error: Optional[OnError], keep_tokens: int, model: RelationModel,
                 time_budget: TimeBudget):
        self.nlp, self.on_error, self.keep_tokens, self.model = nlp, on_error, keep_tokens, model
        self.time_budget = time_budget
        self.kb = nlp.get_pipe(KB_RULER).kb
        self.verbs = build_matcher(nlp)
        self.limit = min(nlp.max_length, MAX_PIECE)

    def pieces(self, document: Document) -> Iterator[Segment]:
        return document_pieces(document, self.limit)

    def run(self, document: Document, parsed: ParsedSegments) -> Iterator[Extraction]:
        try:
            yield DocumentExtractor(document, parsed, self.kb, self.verbs, self.model,
                                    deadline=self.time_budget.start(document)).run()
        except Exception as err:  # one document's failure is its own: report it, go on with the rest
            if self.on_error is None:
                raise
            self.on_error(document, "extract", err)
        finally:
            parsed.close()  # the parses are done with

    def parse_and_run(self, document: Document) -> Iterator[Extraction]:
        parsed = ParsedSegments(self.nlp.vocab, self.keep_tokens)
        try:
            for segment, sdoc in parse_document(document, self.nlp):
                parsed.append(segment, sdoc)
        except Exception as err:
            parsed.close()
            self.on_error(document, "parse", err)
            return
        yield from self.run(document, parsed)


def parse_document(document: Document, nlp: Language, batch_size: int = 64) -> Iterator[tuple[Segment, Doc]]:
    """One document's pieces, parsed: what `extract` streams, for one document alone."""
    texts = ((spacy_text(document, p), p) for p in document_pieces(document, min(nlp.max_length, MAX_PIECE)))
    return ((segment, sdoc) for sdoc, segment in parse_stream(nlp, texts, batch_size))


def parse_stream(nlp: Language, texts: Iterable[tuple[str, T]], batch_size: int) -> Iterator[tuple[Doc, T]]:
    """`nlp.pipe(texts, as_tuples=True)` in batches of at most `batch_size` texts and
    MAX_BATCH_CHARS characters (a longer text alone), so that memory stays bounded however
    long a document is."""
    batch: list[tuple[str, T]] = []
    size = 0
    for text, context in texts:
        if batch and (len(batch) == batch_size or size + len(text) > MAX_BATCH_CHARS):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, size = [], 0
        batch.append((text, context))
        size += len(text)
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def document_pieces(document: Document, limit: int) -> Iterator[Segment]:
    return (p for s in document.segments for p in pieces(document, s, limit))


def pieces(document: Document, segment: Segment, limit: int) -> Iterator[Segment]:
    """The segment cut into pieces shorter than `limit` characters (spaCy refuses longer texts,
    and its memory grows with a text's length): at the last line break before the limit,
    else the last sentence end, else the last space. Offsets stay those of the file."""
    start = segment.start
    while segment.end - start > limit:
        window = document.slice(start, start + limit)
        cut = window.rfind("\n") + 1
        if not cut:
            cut = max((m.end() for m in SENTENCE_END.finditer(window)), default=0)
        if not cut:
            cut = max(window.rfind(" "), window.rfind("\t")) + 1 or limit
        a, b = document.trimmed(start, start + cut)
        if b > a:
            yield segment.model_copy(update={"start": a, "end": b})
        start += cut
    a, b = document.trimmed(start, segment.end)
    if b > a:
        yield segment.model_copy(update={"start": a, "end": b}) if (a, b) != (segment.start, segment.end) else segment


def _not_funding_investors(facts: list[Fact], event: FundingEvent) -> list[Fact]:
    """'Cursor raised $900 million in a round led by Thrive Capital': whoever the sentence's
    funding round names as an investor is not what a fact of the same sentence says was funded."""
    investors = {ref_key(r) for r in [*event.investors, *event.lead]}
    return [f for f in facts if not (f.type is RelationType.INVESTED_IN and ref_key(f.target) in investors)]


def _makers(mentions: list[Mention]) -> dict[str, int]:
    """The document's organisations by each normalised name a product of theirs may begin
    with (the whole name, a short form: 'Jina' of Jina AI), to the first mention of each; a
    short form two firms share is neither's."""
    named: dict[str, int] = {}
    short: dict[str, set[int]] = {}
    for i, m in enumerate(mentions):
        if m.label is EntityLabel.ORGANIZATION:
            name = m.name
            named.setdefault(normalize(name), i)
            if (part := firm_short_form(name)):
                short.setdefault(normalize(part), set()).add(named[normalize(name)])
    return {**{part: firms.pop() for part, firms in short.items() if len(firms) == 1}, **named}


class DocumentExtractor:
    def __init__(self, document: Document, parsed: Iterable[tuple[Segment, Doc]], kb: KnowledgeBase,
                 verbs: DependencyMatcher, model: Optional[RelationModel] = None, keep_candidates: bool = False,
                 deadline: Optional[Deadline] = None):
        """`parsed` may be read more than once; `model`: the relation model that weighs candidate
        pairs (None: the hand rules alone); `keep_candidates`: keep them in `self.candidates`
        (training reads them); `deadline`: checked at each stage and window (None: no budget)."""
        self.doc = document
        self.kb = kb
        self.parsed = parsed
        self.verbs = verbs
        self.model = model
        self.candidates: Optional[list[tuple[Candidate, Segment]]] = [] if keep_candidates else None
        self.check_time = deadline.check if deadline else lambda: None
        self.mentions = document_mentions(document, parsed, kb)
        self.check_time()
        self.refs = References(document, self.mentions)
        self.makers = _makers(self.mentions)

    def run(self) -> Extraction:
        facts, events = self._find_facts()
        relations, investments = self._resolve_facts(facts, events)
        relations += self._nearby_known_facts(relations, investments)
        return Extraction(document=self.doc, mentions=self.mentions, relations=relations, investments=investments)

    def _find_facts(self) -> tuple[list[tuple[Fact, Segment]], list[tuple[FundingEvent, Segment]]]:
        facts, events = [], []
        for segment, sdoc in self.parsed:
            if states_no_fact(self.doc, segment):
                continue
            listed = segment.kind == "entity_list"
            windows = Windows(self._sentences(segment, sdoc), self._continues_name(segment))
            spread = [] if listed else list(self._dependency_facts(segment, sdoc, windows))
            for sent in windows:
                self.check_time()
                sent_start, sent_end = (segment.start, segment.end) if listed and len(sent) == len(sdoc) else \
                    (segment.start + sent.start_char, segment.start + sent.end_char)
                inside = [i for i in self.refs.inside(sent_start, sent_end) if self.mentions[i].end <= sent_end]
                plain = self.doc.slice(sent_start, sent_end).replace("\n", " ")
                if not inside and not REFERRING_WORD.search(plain):
                    continue  # every construction names an entity, or refers to one

                masked = MaskedSentence(plain, sent_start, [(i, self.mentions[i].start, self.mentions[i].end,
                                                             self.mentions[i].label) for i in inside])
                if listed:
                    masked.masked = re.sub(r">>\s*\([\w ]+\)\s*:\s*", ">>, ", masked.masked, count=1)
                patterns = list(find_facts(masked))
                hand = _with_spread(patterns, [f for f in spread if sent_start <= f.start < sent_end])
                found = hand if listed else self._weigh(patterns, hand, segment, sent, inside)
                event = find_funding(masked, plain)
                if event:
                    events.append((event, segment))
                    found = _not_funding_investors(found, event)
                facts.extend((f, segment) for f in found)
        return facts, events

    def _nearby_known_facts(self, stated: list[RelationMention],
                            investments: list[InvestmentMention]) -> list[RelationMention]:
        """Two entities a fact of the knowledge base joins (one the annotations state in several
        documents, 'Sam Altman WORKS_AT OpenAI'; a product's maker), named within its type's
        KNOWN_FACT_REACH characters of each other in one turn or paragraph, across its sentences
        ('Meta and Llama', 'Sam Altman ... OpenAI'): that fact, once per pair, where the document
        states nothing of the pair itself and nothing between them denies it or ties them
        otherwise ('does not compete with', 'partners with'). The evidence runs from one to the
        other."""
        key = self.refs.entity_key
        told = {frozenset((key(r.source), key(r.target))) for r in stated}
        told |= {frozenset((key(investor), key(inv.investee))) for inv in investments for investor in inv.investors}
        found: dict[tuple, RelationMention] = {}
        for segment, _ in self.parsed:
            if segment.kind == "entity_list" or states_no_fact(self.doc, segment):
                continue
            self.check_time()
            inside = self.refs.inside(segment.start, segment.end)
            for n, first in enumerate(inside):
                for second in itertools.takewhile(lambda i: self.mentions[i].start - self.mentions[first].start
                                                  <= MAX_KNOWN_FACT_REACH, inside[n + 1:]):
                    if frozenset((key(first), key(second))) in told:
                        continue
                    for rel in self._known_facts_between(first, second, segment):
                        ends = (key(rel.source), key(rel.target))
                        found.setdefault((rel.type, *(sorted(ends) if CATALOGUE[rel.type].symmetric else ends)), rel)
        return list(found.values())

    def _known_facts_between(self, first: int, second: int, segment: Segment) -> list[RelationMention]:
        apart = self.mentions[second].start - self.mentions[first].start
        known = [(rel, source, target) for source, target in ((first, second), (second, first))
                 for rel, reach in KNOWN_FACT_REACH.items()
                 if apart <= reach and (source == first or not CATALOGUE[rel].symmetric)
                 and CATALOGUE[rel].allows(self.mentions[source].label, self.mentions[target].label)
                 and self.kb.states(rel, self.mentions[source].name, self.mentions[target].name)]
        if not known:
            return []
        start, end = self.mentions[first].start, max(self.mentions[first].end, self.mentions[second].end)
        between = self.doc.slice(start, end)
        if UNREAL.search(between) or OTHER_TIE.search(between):
            return []
        evidence = self._provenance(start, end, segment)
        return [RelationMention(type=rel, source=source, target=target, confidence=KNOWN_FACT_CONFIDENCE,
                                provenance=evidence) for rel, source, target in known]

    def _weigh(self, patterns: list[Fact], hand: list[Fact], segment: Segment, sent: Span,
               inside: list[int]) -> list[Fact]:
        """The hand rules' facts (`patterns`, and `hand` with the parse's), and the model's for
        the sentence's candidate pairs, whose features include what the hand rules found."""
        candidates = self._candidates(hand, segment, sent, inside)
        if self.model is None:
            return hand
        found = {fact_key(f): f for f in hand}
        for candidate in candidates:
            for fact in self.model.facts(candidate):
                said = found.get(fact_key(fact))
                if said:
                    found[fact_key(fact)] = replace(said, confidence=max(said.confidence, fact.confidence))
                elif not self._paired_otherwise(fact, patterns) and not self._bound_to_a_nearer_source(fact, patterns):
                    found[fact_key(fact)] = fact
        return list(found.values())

    def _candidates(self, hand: list[Fact], segment: Segment, sent: Span, inside: list[int]) -> list[Candidate]:
        offsets = (segment.start + sent.start_char, segment.start + sent.end_char)
        sides = [Side(i, span, self.mentions[i].label) for i in inside
                 if (span := sent.doc.char_span(self.mentions[i].start - segment.start,
                                                self.mentions[i].end - segment.start, alignment_mode="expand"))]
        sides += pronoun_sides(sent, segment.start, offsets, sides)
        hints: dict[tuple[object, object], set[str]] = {}
        for fact in hand:
            hints.setdefault(fact_key(fact)[1:], set()).add(fact.type.value)
        for maker, made in itertools.permutations(inside, 2):
            if self._known_maker(maker, made):
                hints.setdefault((maker, made), set()).add(KNOWN_MAKER)
        candidates = sentence_candidates(sides, sent, *offsets, hints, self.makers)
        if self.candidates is not None:
            self.candidates.extend((c, segment) for c in candidates)
        return candidates

    def _known_maker(self, maker: int, made: int) -> bool:
        """Whether the knowledge base names organisation `maker` as a maker of model or product `made`."""
        org, thing = self.mentions[maker], self.mentions[made]
        return org.label is EntityLabel.ORGANIZATION and thing.label in ARTIFACT_LABELS \
            and self.kb.makes(org.name, thing.name)

    def _paired_otherwise(self, fact: Fact, patterns: list[Fact]) -> bool:
        """Did a pattern read the stretch of text with the fact's target in it and pair its
        source with another target ('<p1> and <p2> at <o1> and <o2>' respectively)?"""
        target = self.mentions[fact.target].start
        return any(p.type is fact.type and ref_key(p.source) == ref_key(fact.source) and p.start <= target < p.end
                   for p in patterns)

    def _bound_to_a_nearer_source(self, fact: Fact, patterns: list[Fact]) -> bool:
        """Did a pattern give the fact's target a source that stands between the two ('Mara
        Quell welcomed Tomas Eriksen, chief scientist at Hollowbrook Labs': the job is Tomas's),
        other than one listed with the fact's own ('Mara Quell and Tomas Eriksen co-founded it')?"""
        source, target = self._position(fact.source), self._position(fact.target)
        low, high = sorted((source, target))
        return any(p.type is fact.type and ref_key(p.target) == ref_key(fact.target)
                   and ref_key(p.source) != ref_key(fact.source) and low < self._position(p.source) < high
                   and not self._listed_together(fact.source, p.source) for p in patterns)

    def _listed_together(self, first: Ref, second: Ref) -> bool:
        """'Mara Quell and Tomas Eriksen', 'Mara Quell, Tomas Eriksen': nothing but a comma or a
        conjunction between the two."""
        if isinstance(first, Pronoun) or isinstance(second, Pronoun):
            return False
        a, b = sorted((self.mentions[first], self.mentions[second]), key=lambda m: m.start)
        return LISTED.fullmatch(self.doc.slice(a.end, b.start)) is not None

    def _position(self, ref: Ref) -> int:
        return ref.offset if isinstance(ref, Pronoun) else self.mentions[ref].start

    def _dependency_facts(self, segment: Segment, sdoc: Doc, windows: Windows) -> Iterator[Fact]:
        """Spread-out constructions the parse sees."""
        mention_at = lambda token: self.refs.mention_at(segment.start + token.idx)  # noqa: E731
        yield from find_dependency_facts(sdoc, self.verbs, mention_at, lambda i: self.mentions[i].label, segment.start,
                                         windows)

    def _continues_name(self, segment: Segment) -> Callable[[Token], bool]:
        """Whether a token of the segment's parse lies inside a mention that began before it."""
        def continues(token: Token) -> bool:
            found = self.refs.mention_at(segment.start + token.idx)
            return found is not None and self.mentions[found].start < segment.start + token.idx
        return continues

    @staticmethod
    def _sentences(segment: Segment, sdoc: Doc) -> Iterator[Span]:
        if segment.kind == "entity_list":  # one item, one statement
            yield sdoc[:]
            return
        yield from sdoc.sents

    # ------------------------------------------------------------ references

    def _resolve_facts(self, facts, events) -> tuple[list[RelationMention], list[InvestmentMention]]:
        resolved: list[RelationMention] = []
        pending = []
        for fact, segment in facts:  # first the facts that need no one's organization
            if self.refs.needs_org_of(fact.source) or self.refs.needs_org_of(fact.target):
                pending.append((fact, segment))
            else:
                resolved.extend(self._relation(fact, segment))
        self.refs.learn_organizations(resolved)
        for fact, segment in pending:
            resolved.extend(self._relation(fact, segment))
        investments = [inv for event, segment in events if (inv := self._investment(event, segment))]
        return _dedupe(resolved), investments

    def _provenance(self, start: int, end: int, segment: Segment) -> Provenance:
        return provenance(self.doc, start, end, segment)

    def _relation(self, fact: Fact, segment: Segment) -> list[RelationMention]:
        source = self.refs.resolve(fact.source, segment, source_wants(fact.type))
        target = self.refs.resolve(fact.target, segment, Wants.ORG)
        if source is None or target is None or source == target:
            return []
        return [RelationMention(type=fact.type, source=source, target=target, role=fact.role, past=fact.past,
                                confidence=fact.confidence, provenance=self._provenance(fact.start, fact.end, segment))]

    def _investment(self, event: FundingEvent, segment: Segment) -> Optional[InvestmentMention]:
        investors = [i for r in event.investors if (i := self.refs.resolve(r, segment, Wants.ORG)) is not None]
        lead = [i for r in event.lead if (i := self.refs.resolve(r, segment, Wants.ORG)) is not None]
        investee = self.refs.resolve(event.investee, segment, Wants.ORG) if event.investee is not None else None
        if investee is None and investors and OFFER.search(event_text := self.doc.slice(event.start, event.end)) \
                and not INVESTED_IN_SOMETHING.search(event_text):
            main = self.refs.main_person()  # 'offered a $1M check': for the company the story is about
            investee = self.refs.org_of.get(main) if main is not None else None
        if investee is None or investee in investors or self.mentions[investee].label is not EntityLabel.ORGANIZATION:
            return None
        return InvestmentMention(investors=investors, lead=lead, investee=investee, **event.terms.model_dump(),
                                 confidence=event.confidence, provenance=self._provenance(event.start, event.end, segment))


def fact_key(fact: Fact) -> tuple:
    """What makes two findings one fact: its type and its two ends."""
    return fact.type, ref_key(fact.source), ref_key(fact.target)


def _with_spread(patterns: list[Fact], spread: list[Fact]) -> list[Fact]:
    """The patterns' facts, and the parse's where the patterns found nothing alike."""
    known = {fact_key(f) for f in patterns}
    return patterns + [f for f in spread if fact_key(f) not in known]


def _dedupe(relations: list[RelationMention]) -> list[RelationMention]:
    seen, kept = set(), []
    for rel in relations:
        key = (rel.type, rel.source, rel.target, rel.provenance.start)
        if key not in seen:
            seen.add(key)
            kept.append(rel)
    return kept
