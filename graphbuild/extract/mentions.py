"""Entity mentions in one parsed segment.

Four finders, most trusted first: the knowledge base (the exact forms the pipeline's
`graphbuild_kb_ruler` proposed, then split or misheard forms), model-name shapes (also
proposed by the ruler), and the entity recogniser trained on the annotated corpus
(`graphbuild/trained/ner`) behind a few filters. Overlaps go to the more trusted finder,
then to the longer span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Optional

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from ..knowledge import (COMPANY_WORDS, CORPORATE_SUFFIXES, EVENT_WORDS, FIELD_NOUNS, FIRM_WORDS, GIVEN_NAMES, ORG_KINDS,
                         PRODUCT_WORDS, ROLE_PATTERN, TERM_NOUNS, KBEntry, KnowledgeBase)
from ..models import ARTIFACT_LABELS, MENTION_TRUST, NODES, RECOGNISED, EntityLabel, Mention, MentionSource, OrgKind
from ..names import (SPELLING_CLOSE, SPOKEN_NUMBER, all_common_words, compact, inner_capital, is_common_word, normalize,
                     numbers_as_words, singular, zipf)
from .described import described_label
from .kb_ruler import HEARD_O_MODEL, MODEL_SHAPE, O_MODELS, SPANS_KEY, proposed_entry

NER_LABELS = {spec.recogniser: spec.label for spec in NODES if spec.entity}  # the recogniser's labels

COMPANY_WORD = "|".join(re.escape(word) for word in sorted(COMPANY_WORDS, key=len, reverse=True))  # longest first
COMPANY_SUFFIX = re.compile(rf"\b({COMPANY_WORD})$", re.I)  # no product's name ends so
ORG_KIND_WORD = "|".join(re.escape(word) for word in sorted(ORG_KINDS))
ORG_SUFFIX = re.compile(rf"\b({COMPANY_WORD}|ai)$|\s({ORG_KIND_WORD})$", re.I)  # no person's name ends so ('Khan Academy')
PRODUCT_SUFFIX = re.compile(rf"\s({'|'.join(re.escape(w) for w in sorted(PRODUCT_WORDS))})$", re.I)  # a second word or more
PRODUCT_BEFORE = {"using", "use", "uses", "used", "on", "via", "into", "inside"}
PRODUCT_AFTER = {"app", "apps", "editor", "feed", "account", "accounts", "subscription", "plugin", "extension", "website",
                 "recap", "thread", "threads", "post", "posts", "server", "servers", "channel", "channels", "user", "users",
                 "bot", "bots", "call", "calls", "message", "messages", "profile", "profiles", "page", "pages",
                 "workspace", "workspaces", "notebook", "notebooks", "integration", "integrations"}
INTRODUCERS = {"company", "startup", "firm", "lab", "app", "fund", "model", "product", "platform", "tool"}
KNOWN_WORD_ZIPF = 2.0  # at least this frequent, general English knows the word ('copilot' 2.5, 'openai' 1.6)
NAME_TOKEN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ][\w.&'’-]*$")  # Latin letters, accented too ('Čapek', 'Łukasz')
HANDLE = re.compile(r"^@\w+$")  # '@karpathy': how newsletters name people and companies
PERSONS_HANDLE = re.compile(r"^@(?P<given>[A-Z][a-z]+)(?P<family>[A-Z][a-z]+)_?$")  # '@JoannaStern'; not '@HunterCollege'
NUMBERED_WORD = re.compile(r"^(?:\d+(?:st|nd|rd|th)|[A-Za-z]+-\d+)$")  # '6th', 'Kanal-6'; not '40TB', '1hr', '100'


@dataclass
class Candidate:
    span: Span
    label: EntityLabel
    source: MentionSource
    entry: Optional[KBEntry] = None
    kind: Optional[OrgKind] = None


def find_mentions(doc: Doc, kb: KnowledgeBase, *, offset: int, caseless: bool, line_starts: frozenset[int],
                  heading: bool, spoken: bool = False, cased: bool = True) -> list[Mention]:
    """Mentions in a segment the pipeline has read (its ruler and recogniser included);
    `offset` maps doc offsets to file offsets; `spoken`: speech written down (turns, captions);
    `cased`: written with case that tells names from words (all but automatic captions)."""
    context = _Context(doc, kb, caseless, line_starts, offset, heading, spoken, cased)
    proposed = doc.spans[SPANS_KEY]
    found = [*_kb_matches(proposed, kb, context), *_model_matches(proposed, kb, context), *_fuzzy_matches(doc, kb, context)]
    recognised = _ner_matches(doc, kb, context)
    found.extend(recognised if not heading else (c for c in recognised if c.label not in ARTIFACT_LABELS
                                                 and (_capitals_inside(c.span) or _beside_a_role(c.span))))
    found = [c for c in found if not _a_placeholder_letter(c.span)]  # whichever finder took 'X' for X Corp
    kept = _typed_by_their_list(_without_overlaps(found, kb))
    products = {t.i for c in kept if c.label is EntityLabel.PRODUCT for t in c.span}
    return [_to_mention(c, offset, products) for c in kept]


# two sentences, or one ended by a full stop after two letters or digits (not "Dr.", though "vs."
# and "Inc." pass); tokenised text has a space before it ("University of Tokyo .")
PROSE = re.compile(r"[a-z]{3}[.!?]\s+[A-Z]|[a-z\d]{2} ?\.$")
MINOR_WORDS = {"of", "and", "the", "to", "in", "for", "a", "an", "on", "with", "vs", "at", "by", "from", "or", "&"}


def is_title_like(text: str) -> bool:
    """A Title Case line ('Jack Altman & Martin Casado on the Future of Venture Capital') is a
    title, whose capitals say nothing about names."""
    if PROSE.search(text.strip()):
        return False  # prose, however many names it holds
    words = [w for w in re.findall(r"[A-Za-z][\w'’.-]*", text) if w.lower() not in MINOR_WORDS]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


@dataclass
class _Context:
    doc: Doc
    kb: KnowledgeBase
    caseless: bool
    line_starts: frozenset[int]
    offset: int
    title: bool = False  # a heading or Title Case line: capitals there are style, not names
    spoken: bool = False  # speech to text: names misheard as words ('Enthropic' for Anthropic)
    cased: bool = True  # the transcriber writes names with capitals, misheard ones too

    def written_as_name(self, span: Span) -> bool:
        """Capitalised where case tells something: not at the start of a caption line,
        which auto-captions capitalise at random."""
        if not _capitalised(span.text):
            return False
        if inner_capital(span.text.replace(" ", "")):
            return True  # 'AMD', 'OpenAI': capitals inside a word are no accident
        return not (self.caseless and span.start_char + self.offset in self.line_starts)

    def spells_a_word(self, span: Span, entry: KBEntry) -> bool:
        """Where the text is cased (all but automatic captions), a known name always written with
        capitals that appears in lower case and is a word English knows is that word: 'a copilot'
        is no GitHub Copilot, 'inflection points' no Inflection AI. Speech to text writes a name
        it does not know as the words it hears ('data dog', 'big query'): those stay the name."""
        if not self.cased or not span.text.islower() or any(f.islower() for f in entry.surface_forms):
            return False
        heard_as_words = self.spoken and normalize(span.text) not in map(normalize, entry.surface_forms)
        return not heard_as_words and zipf(normalize(span.text)) >= KNOWN_WORD_ZIPF

    def named_for_fuzzy(self, span: Span) -> bool:
        """Written as a name where that says something: in a title every word is capitalised."""
        internal_caps = inner_capital(span.text)
        return (self.written_as_name(span) and (internal_caps or not self.title)) or self.introduced(span)

    def introduced(self, span: Span) -> bool:
        """'a company called X', 'this company X': the words before say a name follows, where
        what follows can be a name ('built that company together' names nothing)."""
        before = [t.lower_ for t in self.doc[max(0, span.start - 2):span.start]]
        if not before or span.root.pos_ == "ADV" or all(t.is_stop for t in span):
            return False
        return before[-1] in {"called", "named"} or \
            len(before) == 2 and before[1] in INTRODUCERS and before[0] in {"this", "that", "a", "the"}


def _kb_matches(proposed: Iterable[Span], kb: KnowledgeBase, ctx: _Context) -> Iterable[Candidate]:
    for span in proposed:
        if span.label_ == MODEL_SHAPE:
            continue
        entry = proposed_entry(kb, span)
        introduced = ctx.introduced(span)
        if entry.is_ambiguous(span.text) and not (ctx.written_as_name(span) and _looks_like_name(span) or introduced):
            continue
        if _in_compound(span) or ctx.spells_a_word(span, entry):
            continue
        if normalize(span.text) in kb.short_forms and not introduced:
            # a short form ('Moonshot' for Moonshot AI) is a name only when written as one; in
            # captions an ambiguous one ('Social' for Social Capital) needs more than a capital
            if not ctx.written_as_name(span) or ctx.caseless and entry.is_ambiguous(span.text):
                continue
        yield Candidate(span, entry.label, MentionSource.KB, entry, entry.kind)


def _in_compound(span: Span) -> bool:
    """A name of a letter or two glued by a hyphen into a longer word is a piece of that word:
    the 'X' of 'Realm-X' or 'X-ray' is not X Corp."""
    if len(span.text) > 2:
        return False
    around = span.doc[max(0, span.start - 2):span.end + 2]  # not doc.text: spaCy joins the whole text for it
    text, start, end = around.text, span.start_char - around.start_char, span.end_char - around.start_char
    return start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum() \
        or end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum()


PLACEHOLDER_REACH = 4  # tokens either side, in the sentence, where 'Y' shows 'X' stands for anything
PLACEHOLDER_VERBS = {"make", "produce", "do", "deliver", "generate"}  # 'makes X'; not 'bought X'
PLACEHOLDER_NOUNS = {"amount", "amounts", "number", "percent", "times", "share", "factor", "space"}  # 'X amount of'
NOT_PLACEHOLDERS = {"I", "A"}  # a pronoun, an article


def _a_placeholder_letter(span: Span) -> bool:
    """A lone capital letter that stands for anything: 'when X happens, do Y', 'a hundred X',
    'produce X cheaper', 'customer X', 'X amount of dollars', not X Corp. The social network is
    'on X', 'Reddit or X', 'my X account', 'the platform X', and the firm 'bought X', 'runs X
    and Tesla', 'X CEO Linda Yaccarino', 'in 2024 X sued'."""
    if len(span.text) != 1:
        return False
    doc, root, sent = span.doc, span.root, span.sent
    near = doc[max(sent.start, span.start - PLACEHOLDER_REACH):min(sent.end, span.end + PLACEHOLDER_REACH)]
    if any(t.i != root.i and _another_letter(t) for t in near):
        return True  # 'X, Y, and Z'; 'do Y.'
    before = doc[span.start - 1] if span.start > sent.start else None
    if before is not None and (before.like_num and not _a_year(before) or before.pos_ == "NOUN"
                               and before.lower_ not in INTRODUCERS and root in (before.head, *before.children)):
        return True  # 'a hundred X', 'customer X'
    measured = root.dep_ in ("compound", "nmod", "amod") and root.head.i > root.i and root.head.lower_ in PLACEHOLDER_NOUNS
    made = root.dep_ == "dobj" and root.head.lemma_ in PLACEHOLDER_VERBS and not root.conjuncts  # 'makes X'
    return measured or made


def _another_letter(token: Token) -> bool:
    """'Y' or 'Z.' standing alone, not the pronoun 'I', the article 'A' or a round's 'Series B'."""
    letter = token.text.rstrip(".")
    previous = token.nbor(-1).lower_ if token.i > token.sent.start else ""
    return len(letter) == 1 and letter.isupper() and letter not in NOT_PLACEHOLDERS and previous != "series"


def _a_year(token: Token) -> bool:
    return token.text.isdigit() and len(token.text) == 4 and 1900 <= int(token.text) <= 2100


def _looks_like_name(span: Span) -> bool:
    """An ambiguous form is a name only when each of its content words is capitalised
    ('Black Forest Labs', not 'Black forest'). An initial capital alone ('AMD' is more) must be
    the writer's choice: a one-word form at a sentence's start is one only where the tagger reads a
    proper noun ('Google said', not 'Together with Hinton'), and one word of a longer name is
    none unless the recogniser takes it alone for a name ('World' of 'World Wide Web', 'Fair' of
    'Valencia County Fair')."""
    if not all(_capitalised(t.text) or t.is_stop or t.is_punct for t in span):
        return False
    if not all(t.text.istitle() or t.is_stop or t.is_punct for t in span):
        return True
    if len(span) == 1 and span[0].is_sent_start:
        return span[0].pos_ == "PROPN"
    if _recognised(span):
        return True
    doc, words = span.doc, {t.lower_ for t in span}
    neighbours = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
    return not any(t.text.istitle() and t.is_alpha and not t.is_sent_start and t.lower_ not in words for t in neighbours)


def _capitalised(word: str) -> bool:
    """Begun with a capital, or a lower-case letter before an inner capital ('iPhone', 'eBay')."""
    return word[:1].isupper() or word[:1].islower() and inner_capital(word)


ROLE_TOKENS = 4  # the most tokens a job takes: 'chief executive officer', 'co - founder'
ONLY_ROLES = re.compile(rf"^{ROLE_PATTERN}(?:\s*(?:and|&|/|,)\s*{ROLE_PATTERN})*$", re.I)  # 'Founder and CEO'
OFFICERS = {"founder", "co-founder", "cofounder", "ceo", "cto", "cfo", "coo", "cpo", "chairman", "chairwoman"}  # alone too;
# not 'Principal', 'Designer', 'Researcher': one word of those may be a firm's or a product's name
ROLE_AFTER = re.compile(rf"^{ROLE_PATTERN}\b")
ROLE_BEFORE = re.compile(rf"\b{ROLE_PATTERN}$")


def _capitals_inside(span: Span) -> bool:
    """Every word with a capital past its first letter ('AP', 'NVIDIA', 'OpenAI'): a firm's name
    even in a heading, where Title Case makes every other capital style (a model's name there
    has its shape: 'GMT 26' is an hour)."""
    words = [t.text for t in span if t.is_alpha]
    return bool(words) and all(inner_capital(word) for word in words)


def _beside_a_role(span: Span) -> bool:
    """'Wayve CEO Alex Kendall', 'Zed Co-Founder Nathan Sobo': a title names the firm before a
    job and the person after it."""
    doc = span.doc
    after = doc[span.end:span.end + ROLE_TOKENS].text.lower()
    before = doc[max(0, span.start - ROLE_TOKENS):span.start].text.lower()
    return bool(ROLE_AFTER.match(after) or ROLE_BEFORE.search(before))


def _recognised(span: Span) -> bool:
    """The recogniser, which reads the context, takes just this span for a name."""
    return any(e.start == span.start and e.end == span.end and e.label_ in NER_LABELS for e in span.doc.ents)


def _model_matches(proposed: Iterable[Span], kb: KnowledgeBase, ctx: _Context) -> Iterable[Candidate]:
    for span in proposed:
        if span.label_ != MODEL_SHAPE:
            continue
        heard = re.match(HEARD_O_MODEL, span[0].text) is not None  # '03 mini' is o3 mini, in speech
        if heard and ctx.spoken and not _counted(span) or span[0].text[:1].isupper() or span[0].lower_ in O_MODELS:
            entry = kb.exact("o" + span.text[1:] if heard else span.text)
            yield Candidate(span, EntityLabel.MODEL, MentionSource.PATTERN, entry if entry and entry.label is EntityLabel.MODEL else None)


COUNTED_AFTER = {"step", "section", "chapter", "episode", "part", "page", "number", "no", "season", "at", "agent", "minute"}
COUNTED_BEFORE = {"seconds", "second", "minutes", "minute", "hours", "percent", "%", "am", "pm"}


def _counted(span: Span) -> bool:
    """'step 01', 'at 03 seconds': a number that counts or times something, not a heard o-model."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in COUNTED_AFTER or after in COUNTED_BEFORE


def _fuzzy_matches(doc: Doc, kb: KnowledgeBase, ctx: _Context) -> Iterable[Candidate]:
    """Split and misheard forms of known names, from words that are not common English
    words, or that the text writes as names."""
    for i, token in enumerate(doc):
        if not NAME_TOKEN.match(token.text) or token.is_stop and not token.text[:1].isupper():
            continue
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        pair = nxt is not None and not token.is_stop and not nxt.is_stop and (NAME_TOKEN.match(nxt.text) or nxt.text.isdigit())
        if not pair and zipf(token.lower_) >= 4.0:
            continue  # a common word alone is never a misheard name
        named = ctx.named_for_fuzzy(doc[i:i + 1])
        for end in ((i + 2, i + 1) if pair else (i + 1,)):
            span = doc[i:end]
            entry = _fuzzy_entry(span, kb, named, ctx.spoken and (named or not ctx.cased))
            if entry and not ctx.spells_a_word(span, entry):
                yield Candidate(span, entry.label, MentionSource.FUZZY, entry, entry.kind)
                break


def _fuzzy_entry(span: Span, kb: KnowledgeBase, named: bool, spoken: bool) -> Optional[KBEntry]:
    text = span.text
    if kb.is_generic(text):
        return None
    if len(span) == 2:
        if named and span[0].text.lower() in kb.first_names:
            person = kb.fuzzy_person(text)
            if person:
                return person
        entry = kb.exact(text)  # 'open AI', 'Tik Tok', 'Apple podcast': a name split or inflected
        if _may_be_heard_as(entry, named):
            return entry
    if not spoken:
        return None  # writing spells names as they are: a word like a known name is another name
    word = text.replace(" ", "").lower()
    if zipf(word) >= (4.0 if named else 2.5) or len(word) < 4 or len(word) == 4 and zipf(word) > 0:
        return None  # a word of the language, or too short to tell
    entry = kb.fuzzy(text)
    if not _may_be_heard_as(entry, named):
        return None
    key, known = singular(compact(text)), compact(entry.name)
    if named and max(zipf(key), zipf(compact(text))) >= 2.0 and fuzz.ratio(key, known) < SPELLING_CLOSE:
        return None  # a known word or name that only sounds like this one is another ('Felix', 'Brutus')
    if known.startswith(key) and known[len(key):] in CORPORATE_SUFFIXES and not named:
        return None  # 'moonshot' is a word; only 'Moonshot', as a name, is short for Moonshot AI
    return entry


def _may_be_heard_as(entry: Optional[KBEntry], named: bool) -> bool:
    """People are found by their names, not by misheard words; a common-word name ('Runway')
    is meant only where the text writes it as a name."""
    return entry is not None and entry.label is not EntityLabel.PERSON and (named or not entry.is_ambiguous(entry.name))


def _ner_matches(doc: Doc, kb: KnowledgeBase, ctx: _Context) -> Iterable[Candidate]:
    for ent in doc.ents:
        found, whole = NER_LABELS.get(ent.label_), _trim(ent)
        if found is None or whole is None:
            continue
        for span in _listed_names(whole, found):
            if kb.exact(span.text) is None:
                span = _without_opening_word(span, found)
            heard = _heard_with_a_number(span, kb, ctx)
            if heard is None and not _plausible_name(span, found, kb, ctx):
                continue
            entry = heard or kb.exact(span.text)
            if entry is None and found is EntityLabel.PERSON and len(span) >= 2:
                entry = kb.fuzzy_person(span.text)
            if entry:
                yield Candidate(span, entry.label, MentionSource.KB, entry, entry.kind)
            else:
                label, described = _label_by_words(span, found)
                source = MentionSource.DESCRIBED if described else MentionSource.NER
                yield Candidate(span, label, source, None, _kind_of(label, span))


def _heard_with_a_number(span: Span, kb: KnowledgeBase, ctx: _Context) -> Optional[KBEntry]:
    """In speech, a known name with a number the transcriber wrote in digits: '11 Labs' is
    ElevenLabs; not where a firm's word follows ('Base 10 Partners' is no Baseten), nor in
    writing, which writes what it means."""
    if not ctx.spoken or not SPOKEN_NUMBER.search(span.text):
        return None
    after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    return None if after in COMPANY_WORDS else kb.exact(numbers_as_words(span.text))


def _listed_names(span: Span, label: EntityLabel) -> list[Span]:
    """One span of the recogniser's that lists two names: firms or people."""
    return _listed_people(span) if label is EntityLabel.PERSON else _listed_firms(span)


def _listed_firms(span: Span) -> list[Span]:
    """'Quillfeather Systems and Hollowbrook Labs' is two firms where the name before 'and'
    already ends in a firm's word and a name of two words or more follows ('Procter and
    Gamble', 'Battery Minerals and Metals' stay one)."""
    for i, token in enumerate(span[1:-2], start=1):
        if token.lower_ in {"and", "&"} and COMPANY_SUFFIX.search(span[:i].text) and span[i + 1].text[:1].isupper():
            return [span[:i], *_listed_firms(span[i + 1:])]
    return [span]


NAME_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "bin", "ben", "al", "el"}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _listed_people(span: Span) -> list[Span]:
    """'Edward Feigenbaum Joshua Lederberg', two full names a list or a caption wrote with no
    comma between, is two people. Both must begin with a given name, and the second must follow
    a word that is no given name and no initial, and be more than a family name and a suffix,
    so that 'Martin Luther King', 'Robert F. Kennedy Jr.' and 'Illinois Gov. James Thompson' stay
    one. A family name's particle that is a given name too ('Ludwig Mies Van Der Rohe') begins no
    second name. Two names whose family names are given names ('Kamala Harris Tim Walz') stay one."""
    if not all(_capitalised(t.text) for t in span) or normalize(span[0].text) not in GIVEN_NAMES:
        return [span]
    for i in range(2, len(span) - 1):
        given, before = normalize(span[i].text), normalize(span[i - 1].text)
        rest = [normalize(t.text) for t in span[i + 1:]]
        if given in GIVEN_NAMES and given not in NAME_PARTICLES and before not in GIVEN_NAMES and len(before) > 1 \
                and not all(word in NAME_SUFFIXES for word in rest):
            return [span[:i], *_listed_people(span[i:])]
    return [span]


def _label_by_words(span: Span, label: EntityLabel) -> tuple[EntityLabel, bool]:
    """What the last word of a name the recogniser found, then the words around it, say of its
    type, over its guess; and whether the words around it describe it ('Hayes is a Fellow of
    AAAI'), which makes a name of it wherever it stands."""
    name = span.text
    if (handle := PERSONS_HANDLE.match(name)) and normalize(handle.group("given")) in GIVEN_NAMES \
            and normalize(handle.group("family")) not in FIRM_WORDS:
        return EntityLabel.PERSON, False
    if COMPANY_SUFFIX.search(name) or label is EntityLabel.PERSON and ORG_SUFFIX.search(name):
        return EntityLabel.ORGANIZATION, False  # 'Widget Labs' is no one's name, and no product's
    if label is not EntityLabel.MODEL and PRODUCT_SUFFIX.search(name):
        return EntityLabel.PRODUCT, False  # 'Widget Studio' is neither a firm nor a person
    described = described_label(span, label)
    return described or label, described is not None


KIND_WORDS = [(OrgKind.UNIVERSITY, r"\b(university|college|institute of technology|school)\b"),
              (OrgKind.INVESTOR, r"\b(capital|ventures|venture partners|partners|fund|investments)$"),
              (OrgKind.LAB, r"\b(labs?|research|ai)$"),
              (OrgKind.MEDIA, r"\b(podcast|news|times|journal|magazine|media)$"),
              (OrgKind.GOVERNMENT, r"\b(department|ministry|agency|commission|council)\b")]


def _kind_of(label: EntityLabel, span: Span) -> Optional[OrgKind]:
    return _kind_by_name(span.text) if label is EntityLabel.ORGANIZATION else None


def _kind_by_name(name: str) -> OrgKind:
    """What an organisation unknown to the knowledge base is, by the words of its name."""
    return next((kind for kind, words in KIND_WORDS if re.search(words, name, re.I)), OrgKind.COMPANY)


def _trim(span: Span) -> Optional[Span]:
    """Drop leading determiners and trailing possessives and punctuation; an underscore written
    on to a handle ends it ('@xikun_zhang_'), elsewhere it closes italics ('_Hollowbrook_')."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    handle = start < end and doc[start].text.startswith("@")
    while end > start and (doc[end - 1].is_punct and not (handle and _glued_underscore(doc[end - 1]))
                           or doc[end - 1].lower_ in {"'s", "’s"}):
        end -= 1
    return doc[start:end] if end > start else None


def _glued_underscore(token: Token) -> bool:
    return token.text == "_" and token.i > 0 and not token.nbor(-1).whitespace_


OPENING_WORDS = {"ADV", "CCONJ", "SCONJ", "INTJ"}


def _without_opening_word(span: Span, label: EntityLabel) -> Span:
    """'Later Matan said', 'Starring Harrison Ford': a sentence's opening adverb or conjunction,
    or a verb's -ing form before a person's name, taken into the name that follows it, is no
    part of it."""
    first = span[0]
    opens = first.pos_ in OPENING_WORDS or label is EntityLabel.PERSON and first.tag_ == "VBG"
    if len(span) > 1 and first.is_sent_start and opens and span[1].text[:1].isupper():
        return span[1:]
    return span


def _plausible_name(span: Span, label: EntityLabel, kb: KnowledgeBase, ctx: _Context) -> bool:
    """The recogniser learned names from context; these filters only drop what is never a name."""
    text = span.text
    if kb.is_generic(text) or kb.is_speaker_role(text) or len(span) > 6 or not any(c.isalpha() for c in text):
        return False
    if ONLY_ROLES.match(text) and (len(span) > 1 or text.casefold() in OFFICERS) and kb.exact(text) is None:
        return False  # 'Founder and CEO', 'Chief Scientist': a job, capitalised, is nobody's name
    if label not in ARTIFACT_LABELS and any(not _name_word(t.text, label) and not t.is_punct for t in span):
        return False  # symbols, scripts other than Latin, digits (but in firms', models' and products')
    words = [t for t in span if not t.is_punct and not t.is_stop]
    if not words:
        return False  # 'Whatever', 'The': words of grammar, no name
    if len(words) == 1 and is_common_word(text) and not text[:1].isupper():
        return False  # 'acquired', 'benchmark': a word of the language written as one
    if len(span) == 1 and is_common_word(text) and _begins_a_term(span[0]):
        return False  # 'Facial recognition', 'Long short-term memory': a term's first word, capitalised
    if _names_a_term(span):
        return False  # 'the Kalman filter', 'the Kullback-Leibler divergence': a name, but a term's word here
    if _ai_describing_a_noun(span):
        return False  # 'the EU AI act'
    if _begins_a_job_title(span):
        return False  # 'Vice' of 'Vice President'
    if ctx.caseless and (not ctx.written_as_name(span) or all(is_common_word(t.text) for t in words)):
        return False  # auto-captions capitalise at random: there a name needs a word that is not a common one
    if label is EntityLabel.PERSON and any(kb.is_generic(t.text) for t in span):
        return False
    return not (_names_an_event(span) and kb.exact(text) is None)


def _name_word(word: str, label: EntityLabel) -> bool:
    """A word a person's or a firm's name may hold; a firm's may count, in order or joined
    ('6th Fleet', 'Kanal-6'), though not measure ('40TB', '1hr') or be a number alone ('100')."""
    return bool(NAME_TOKEN.match(word) or HANDLE.match(word)) or (
        label is EntityLabel.ORGANIZATION and bool(NUMBERED_WORD.match(word)))


def _names_an_event(span: Span) -> bool:
    """'KDD Conference', 'Turing Award': an event or an honour, unless a firm's word ends it
    ('Summit Partners', 'Summit AI'); one word alone may be a firm's whole name ('Expo')."""
    return len(span) > 1 and any(t.lower_ in EVENT_WORDS for t in span) and span[-1].lower_ not in CORPORATE_SUFFIXES


def _word_described(token: Token) -> Optional[Token]:
    """The word in lower case after the token that the token describes ('Kalman' of 'Kalman filter')."""
    head = token.head
    return head if token.dep_ in ("compound", "nmod", "amod") and head.i > token.i and head.is_lower else None


def _begins_a_term(token: Token) -> bool:
    """An adjective that describes a word in lower case after it ('Stochastic gradient descent')."""
    return (token.dep_ == "amod" or token.pos_ == "ADJ") and _word_described(token) is not None


def _names_a_term(span: Span) -> bool:
    """A name that describes the noun of a term just after it: of a term of art named after
    someone ('Kalman filtering'), or of a field's term where the name is a word English knows
    ('Machine translation', 'the EM algorithm'; not 'DeepL translation')."""
    noun = _word_described(span.root)
    if noun is None or noun.i != span.end:
        return False
    return noun.lemma_ in TERM_NOUNS or noun.lemma_ in FIELD_NOUNS and len(span) == 1 \
        and zipf(span.text.lower()) >= KNOWN_WORD_ZIPF


def _ai_describing_a_noun(span: Span) -> bool:
    """Ordinary words and 'AI' that describe a noun in lower case after them are no firm's name
    where their capitals say nothing: acronyms ('the EU AI act'), or a sentence's first word
    before more words that describe the noun ('Lean AI native startups'; not 'Contextual AI
    engineers', nor 'the Practical AI podcast', capitalised inside a sentence)."""
    words = span.text.split()
    if len(words) < 2 or words[-1] != "AI" or not all_common_words(" ".join(words[:-1])):
        return False
    noun = _word_described(span.root)
    if noun is None or noun.i > span.end + 2:
        return False
    return all(w.isupper() for w in words) or span.start == span.sent.start and noun.i > span.end


def _begins_a_job_title(span: Span) -> bool:
    """The first word of a job's title the recogniser took for a name ('Vice' of 'Vice President');
    a firm before a job is a name ('Ford President Harold Poling')."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return after is not None and after.is_title and ONLY_ROLES.match(f"{span.text} {after.text}") is not None


MAKER_OR_MADE = ARTIFACT_LABELS | {EntityLabel.ORGANIZATION}


def _without_overlaps(found: list[Candidate], kb: KnowledgeBase) -> list[Candidate]:
    found = _without_words_of_people_heard_as_things(found)
    known: dict[int, Candidate] = {}  # start token -> shortest known name of a model, product or maker there
    for c in found:
        if c.source in (MentionSource.KB, MentionSource.PATTERN) and c.label in MAKER_OR_MADE \
                and (c.span.start not in known or c.span.end < known[c.span.start].span.end):
            known[c.span.start] = c
    ranked = sorted((_as_version(c, known) for c in found),
                    key=lambda c: (-_trust(c, known, kb), -(c.span.end - c.span.start), c.span.start))
    taken: set[int] = set()
    kept = []
    for cand in ranked:
        tokens = set(range(cand.span.start, cand.span.end))
        if not tokens & taken:
            taken |= tokens
            kept.append(cand)
    return sorted(kept, key=lambda c: c.span.start)


def _without_words_of_people_heard_as_things(found: list[Candidate]) -> list[Candidate]:
    """A word of a full name the recogniser read as a person's is no misheard product or firm
    ('Jose Valim' is no vLLM): a name that begins with a given name, then words written as names
    are ('Chad GPT5' is ChatGPT misheard)."""
    people = [c.span for c in found if c.source is MentionSource.NER and c.label is EntityLabel.PERSON
              and len(c.span) > 1 and normalize(c.span[0].text) in GIVEN_NAMES
              and all(t.is_alpha and t.is_title for t in c.span)]
    return [c for c in found if not (c.source is MentionSource.FUZZY and c.label is not EntityLabel.PERSON and any(
        p.start <= c.span.start and c.span.end <= p.end and len(c.span) < len(p) for p in people))]


def _typed_by_their_list(kept: list[Candidate]) -> list[Candidate]:
    """The items of a list are things of one kind: a firm, model or product name the recogniser
    alone found (not one its sentence describes), listed with known names all of another of
    these kinds, is of theirs ('Gmail, SharePoint and Outlook'; 'Anthropic, Mistral and
    Quillfeather'). One known name is enough: requiring two lost as many right types as it kept
    wrong ones."""
    known = {t.i: c.label for c in kept if c.source in (MentionSource.KB, MentionSource.PATTERN) for t in c.span}
    typed = []
    for cand in kept:
        labels = [known[t.i] for t in cand.span.root.conjuncts if t.i in known]
        if cand.source is MentionSource.NER and cand.label is not EntityLabel.PERSON and labels \
                and len(set(labels)) == 1 and labels[0] not in (cand.label, EntityLabel.PERSON):
            cand = replace(cand, label=labels[0], kind=_kind_of(labels[0], cand.span))
        typed.append(cand)
    return typed


def _extended(cand: Candidate, known: dict[int, Candidate]) -> Optional[Candidate]:
    """The known name a recognised model or product name extends, if any: its family ('GPT-5' of
    'GPT-5 mini', 'iPad' of 'iPad Air', even where the recogniser read a firm) or its maker
    ('Figma' of 'Figma Make', 'Google' of 'Google Photos')."""
    family = known.get(cand.span.start)
    extends = cand.source in RECOGNISED and family is not None and family.span.end < cand.span.end \
        and (cand.label in ARTIFACT_LABELS or family.label in ARTIFACT_LABELS and cand.label is not EntityLabel.PERSON)
    if extends and family.label is EntityLabel.ORGANIZATION:
        rest = cand.span.doc[family.span.end:cand.span.end]
        # 'Figma Make', not 'OpenAI o1' or 'MiniMax Hailuo 02' (the maker, then a model's name)
        # nor 'CoreWeave 10x' (the recogniser's slip)
        extends = all(t.is_alpha and t.text[:1].isupper() for t in rest) and \
            not any(known[i].label in ARTIFACT_LABELS for i in range(rest.start, rest.end) if i in known)
    return family if extends else None


def _as_version(cand: Candidate, known: dict[int, Candidate]) -> Candidate:
    """A version of a known product is a product ('iPhone 4S'), whatever the recogniser says; a
    name that ends in a firm's word is the firm ('Slack Technologies')."""
    family = _extended(cand, known)
    if family is None or family.label is not EntityLabel.PRODUCT or COMPANY_SUFFIX.search(cand.span.text):
        return cand
    return replace(cand, label=family.label, kind=None)


def _trust(cand: Candidate, known: dict[int, Candidate], kb: KnowledgeBase) -> float:
    """A recognised model or product name that extends a known one ('GPT-5 mini', 'Pixtral
    Large', 'Figma Make') is a name of its own, as trusted as the name it extends; so is a heard
    known name that holds a shorter one (`_heard_over_known`)."""
    if _extended(cand, known) or cand.source is MentionSource.FUZZY and _heard_over_known(cand, known, kb):
        return MENTION_TRUST[MentionSource.PATTERN]
    return MENTION_TRUST[cand.source]


def _heard_over_known(cand: Candidate, known: dict[int, Candidate], kb: KnowledgeBase) -> bool:
    """A name heard split or inflected ('Apple podcast' for Apple Podcasts), or a misheard word
    before a known name that ends the longer one ('Chad GPT' for ChatGPT), is the longer name,
    not the known one it holds; a known name and then a word stays the known one ('Microsoft
    board' is no Microsoft Word, 'LinkedIn DM' is LinkedIn), and so does a known name the longer
    one does not end in ('llm Claude' is no LlamaCloud)."""
    held = [known[i] for i in range(cand.span.start, cand.span.end)
            if i in known and known[i].span.end <= cand.span.end and known[i].entry != cand.entry]
    if not held:
        return False
    misheard_before = any(k.span.start > cand.span.start and k.span.end == cand.span.end
                          and _ends_in(cand.entry, k) for k in held)
    return misheard_before or kb.exact(cand.span.text) is cand.entry


def _ends_in(entry: KBEntry, known: Candidate) -> bool:
    """The entry's name ends in the known name, as heard or as the knowledge base writes it."""
    forms = [known.span.text, *(known.entry.surface_forms if known.entry else [])]
    return any(compact(entry.name).endswith(compact(form)) for form in forms)


def _to_mention(cand: Candidate, offset: int, products: set[int]) -> Mention:
    """`products`: the tokens of the segment's product names, which a list shares its sense with."""
    span = cand.span
    end = span.end_char - _full_stop(span)
    return Mention(
        text=span.text[:end - span.start_char], label=cand.label, kind=cand.kind,
        start=offset + span.start_char, end=offset + end, source=cand.source,
        kb_name=cand.entry.name if cand.entry else None, confidence=MENTION_TRUST[cand.source],
        product_use=bool(cand.entry and cand.entry.also_product and _said_of_product(span, products)),
    )


def _full_stop(span: Span) -> int:
    """1 where the sentence's full stop is glued into the name's last token ('Llama 3.1 70B.'),
    which the tokenizer leaves on a word it takes for an abbreviation; 'U.S.' keeps its own."""
    last = span[-1]
    return int(len(last.text) > 1 and last.text.endswith(".") and "." not in last.text[:-1]
               and last.is_sent_end)


def _said_of_product(span: Span, products: set[int]) -> bool:
    """'using Midjourney', 'on Twitter', 'the Cursor app', 'a Discord': the words around speak of
    a product; in a list, those around its first item, or another item that is a product ('on
    YouTube, Apple Podcasts and Spotify'). No firm is 'a' one ('a Google engineer' is the engineer's 'a')."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    listed = span.root.conjuncts
    first = min([span.root, *listed], key=lambda t: t.i).left_edge
    before = {doc[i - 1].lower_ for i in (span.start, first.i) if i > 0}
    one_of_many = span.start > 0 and doc[span.start - 1].lower_ in {"a", "an"} and doc[span.start - 1].head == span.root
    return bool(before & PRODUCT_BEFORE) or after in PRODUCT_AFTER or one_of_many or any(t.i in products for t in listed)
