"""Facts between mentions, one sentence at a time.

Each sentence is rewritten with its mentions masked as `<<E12:O>>` (mention 12, an
Organization; P person, O organization, M model, R product), so that a construction
("<person>, CEO of <org>", "<org> acquires <org>", "<x> vs <y>") is one readable pattern
that holds whatever the names are. Pronouns stay words; `I`, `we`, `my company`, `they`
become references that the document-level step resolves to speakers and antecedents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import combinations
from typing import Iterator, Optional, Union

from ..knowledge import ROLE_PATTERN
from ..models import CATALOGUE, NODES, EntityLabel, FundingTerms, RelationType
from .amounts import parse_amount, parse_round, parse_stake, parse_valuation, parse_year

LETTER = {spec.label: spec.letter for spec in NODES if spec.entity}

ROLE = ROLE_PATTERN
CANON_ROLE = {"chief executive officer": "CEO", "chief executive": "CEO", "ceo": "CEO", "cto": "CTO", "cfo": "CFO",
              "coo": "COO", "cpo": "CPO", "chief technology officer": "CTO", "cofounder": "co-founder",
              "co founder": "co-founder", "vice president of research": "VP of Research",
              "vp of research": "VP of Research", "member of the board": "board member", "board": "board member", "adviser": "advisor"}
FOUNDER_ROLES = {"founder", "co-founder", "founding partner"}

P = r"<<E\d+:P>>"
O = r"<<E\d+:O>>"
ART = r"<<E\d+:[MR]>>"
THING = r"<<E\d+:[OMR]>>"
# 'the startup', 'the company': an organisation named before, as 'it' would be
ANAPHOR = r"\bthe (?:startup|company|lab|firm|business)\b"
NAMED = rf"(?:{P}|{O})"
SRC = rf"(?:{NAMED}|\bI\b|\bwe\b|\bthey\b|\bhe\b|\bshe\b)"


def source_wants(rel: RelationType) -> Wants:
    """What a pronoun at a fact's source stands for: a person where only people are sources
    (a job, a founding), else an organisation ('we invested in ...' is the speaker's firm)."""
    return Wants.PERSON if CATALOGUE[rel].sources == {EntityLabel.PERSON} else Wants.ORG


def gap(n: int) -> str:
    """Up to n words, lazily: room for adjectives and fillers inside a construction."""
    return rf"(?:[\w’'$.%,-]+ ){{0,{n}}}?"

# after a firm, what makes being there a visit, not a job: 'Google I/O', 'Sequoia's office', 'last week'
NO_VISIT = r"(?!['’]s\b| (?:I/O|GTC|Build|DevDay|conference|summit|event|offices?|headquarters|HQ|last|yesterday|this|on)\b)"
# a deal told as one that did not or might not happen: 'would never have sold', 'refused to be acquired'
UNREAL = re.compile(r"\b(?:never|not|n't|refus\w*|would|if)\b", re.I)

# How far a hand pattern's fact is trusted, by type: a founding is said in few ways, a rivalry in many
PATTERN_CONFIDENCE = {RelationType.FOUNDED: 0.75, RelationType.WORKS_AT: 0.7, RelationType.INVESTED_IN: 0.7,
                      RelationType.ACQUIRED: 0.7, RelationType.COMPETES_WITH: 0.65, RelationType.DEVELOPED: 0.65}
FUNDING_CONFIDENCE, FUNDING_PART_CONFIDENCE = 0.7, 0.55  # a round with its investee and investors; one without

# markdown that is no word of a sentence: bold and italics marks (a star not inside a word), and
# a link's brackets and address ('[released Clio](https://...)' reads 'released Clio')
MARKUP = re.compile(r"\*\*(?=\S)|(?<=\S)\*\*"  # bold: '**Anthropic**'
                    r"|(?<![\w*])\*(?=\w)|(?<=\w)\*(?![\w*])"  # italics: '*Mistral 7B*', not '5 * 3'
                    r"|\[(?=[^\]\n]*\]\()|\]\([^\s]*?\)(?=[\s.,;:!?]|$)")  # a link's brackets and address
PLACEHOLDER = re.compile(r"<<E(\d+):([POMR])>>")
PAST = re.compile(r"\b(?:former(?:ly)?|ex-|previously|used to|spent|spend(?:ing)? \w+ (?:\w+ ){0,3}years|left|had been|back then|until)\b", re.I)
WAS = re.compile(r"\b(?:was|were)\b", re.I)


def _c(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


WORKS_PATTERNS = [
    # <person>, (the) (former) CEO (and co-founder) of|at <org>
    _c(rf"(?P<per>{P}),? (?:(?:is|was|as|who is|who was|now) )?(?:(?:the|a|an|our|their|its) )?(?:[\w-]+ ){{0,2}}?(?P<role>{ROLE})(?:,? (?:and|&) (?P<role2>{ROLE}))? (?P<prep>of|at|for|with|in|from) (?:the )?(?P<org>{O})"),
    # <org>('s) CEO <person>
    _c(rf"(?P<org>{O})(?:['’]s)? (?:own )?(?P<role>{ROLE}),? (?P<per>{P})"),
    # CEO of <org>, <person>
    _c(rf"(?P<role>{ROLE}) (?:of|at) (?P<org>{O}),? (?P<per>{P})"),
    # <org>, founded by <person> (and <person>)
    _c(rf"(?P<org>{O}),? (?:(?:which|that) )?(?:(?:was|is|has been) )?(?P<verb>co-?founded|founded|started) by (?P<per>{P})(?:,? and (?P<per2>{P}))?"),
    # <person> left <org> to start <org>
    _c(rf"(?P<per>{P}|\b(?:I|he|she)\b) (?:eventually |then |later )?(?:left|quit) {O} to (?:go )?(?P<verb>start|found|co-found|launch) (?P<org>{O})"),
    # <person> (, who) joined|works at|founded <org>
    _c(rf"(?P<per>{P}),? (?:who )?(?:(?:has|had|have|also|then|later) )?(?P<verb>joined|joins|works at|worked at|work at|left|leads|led|runs|ran|heads|headed|co-?founded|founded|started|cofounded|starts) (?:the )?(?P<org>{O})"),
    # I spent four years there at <org> as an investor / I was the CEO at <org>
    _c(rf"(?P<per>\bI\b)[^.?!]{{0,80}}?\b(?:at|with|join(?:ed)?) (?P<org>{O})[^.?!]{{0,30}}?\bas (?:an? |the |their |its )?(?:[\w-]+ ){{0,2}}?(?P<role>{ROLE})"),
    _c(rf"(?P<per>\bI\b)(?:'m|’m| am| was| have been| had been| became| ended up as| came on as| joined as| worked as| serve as| served as) (?:an? |the |their |its )?(?:[\w-]+ ){{0,2}}?(?P<role>{ROLE}) (?:of|at|for|with) (?P<org>{O})"),
    # I've worked at <org> and <org> / I then joined <org>
    _c(rf"(?P<per>\bI\b)(?:'ve|’ve| have| had)? (?:(?:also|then|eventually|later|once|previously) )?(?P<verb>joined|left|founded|co-?founded|started|worked (?:at|for)) (?P<org>{O})(?:,? (?:and|&) (?P<org2>{O}))?"),
    # 'I was at Coinbase for many years', 'he was actually at OpenAI then', 'I ended up working for Akamai'
    # but not 'was for Microsoft buying it', 'I was at Google I/O', 'he was at Sequoia's office'
    _c(rf"(?P<per>{P}|\b(?:I|he|she)\b) (?:(?P<been>was|were|had been) (?:(?:actually|still|then|also|already) )?"
       rf"(?:working (?:at|for)|at)|(?:ended up |started )?working (?:at|for)) (?P<org>{O}){NO_VISIT}"),
    # his drive to become a string theorist at <org> and <org>
    _c(rf"(?P<per>{P}|\bI\b|\b(?:he|she|his|her|my)\b)[^.?!]{{0,60}}?\b(?:become|became|becoming|be|as|was|were) (?:an? |the )(?:[\w-]+ ){{0,2}}?(?P<role>{ROLE}) (?:at|with|for|in) (?P<org>{O})(?:,? (?:and|or) (?P<org2>{O}))?"),
    # the big hires of <person> and <person> at <org> and <org> (respectively)
    _c(rf"(?:hires?|hired|hiring|poached|poaching|recruited|recruiting) (?:of )?(?P<per>{P})(?: and (?P<per2>{P}))? (?:at|by|to) (?P<org>{O})(?: and (?P<org2>{O}))?"),
    # podcast intros: 'Welcome to <show>, I'm <person>' / 'I'm <person> and this is <show>'
    _c(rf"(?:welcome to|this is|you're listening to|you are listening to) (?:the )?(?P<org>{O})[^.?!]{{0,40}}?\b(?:I'm|I’m|I am|my name is) (?P<per>{P})(?P<host>)"),
    _c(rf"\b(?:I'm|I’m|I am|my name is) (?P<per>{P})[^.?!]{{0,30}}?\b(?:welcome to|this is) (?:the )?(?P<org>{O})(?P<host>)"),
    # 'Welcome to another episode of the Practical AI Podcast': who welcomes you to a show hosts it
    # (not a guest welcomed by name, 'David, welcome to Sourcery', whose turn a transcript may blur)
    _c(rf"(?<!>>, )(?<!>> )\b(?P<welcome>welcome (?:back )?to|you(?:'re|’re| are) listening to) (?:(?:the|another|this|our) )?(?:(?:[\w-]+|{THING}) ){{0,2}}?(?:episode of (?:the )?)?(?P<org>{O})(?! episode){NO_VISIT}(?P<host>)"),
    # Martin Casado & Sarah Wang of a16z
    _c(rf"(?P<per>{P})(?: (?:&|and) (?P<per2>{P}))? (?:of|from) (?P<org>{O})"),
    # Elon Musk's Twitter
    _c(rf"(?P<per>{P})['’]s (?P<org>{O})"),
    # <org> that I'm on the board of / I'm on the board of <org>
    _c(rf"(?P<org>{O}),? (?:that|which|where) (?P<per>\bI\b)(?:'m|’m| am| was| sit) on the (?P<role>board)"),
    _c(rf"(?P<per>{P}|\bI\b)(?:'m|’m| am| is| was| sits?) on the (?P<role>board) of (?P<org>{O})"),
    # start my own company called <org> / a company called <org> that I started
    _c(rf"(?P<per>\bI\b|\bwe\b|{P})[^.?!]{{0,40}}?\b(?P<verb>start|started|starting|found|founded|founding|launch|launched|build|built)\b (?:my|our|his|her|a|an|the) (?:own )?(?:new )?(?:company|startup|business|firm|lab|fund)(?:,)? (?:called|named) (?P<org>{O})"),
    # his/her/my co-founder <person>
    _c(rf"(?P<owner>\b(?:his|her|my|our|their)\b) (?P<role>co-founder|cofounder|co founder|business partner|partner) (?P<per>{P})"),
    # she and her firm, <org> / via her firm <org>
    _c(rf"(?P<owner>\b(?:his|her|my)\b) (?:own )?(?:firm|fund|company|startup|lab),? (?P<org>{O})"),
]

# '<org>, a venture firm that led ...': the relative clause's verb belongs to the name
RELATIVE = rf"(?:,? {gap(6)}(?:that|which|who) |,? )"

INVEST_PATTERNS = [
    _c(rf"(?P<src>{SRC}) (?:(?:has|have|had|also|then|later|just) )*(?:invested|invests|investing|invest|bet|put money)\b {gap(5)}in (?:the )?(?P<dst>{O})"),
    _c(rf"(?P<src>{SRC}){RELATIVE}(?:(?:has|have|had|also) )*(?P<lead>led|co-led|leads|joined|participated in) (?:the )?(?P<dst>{O})(?:['’]s)? {gap(3)}(?:round|raise|financing)"),
    _c(rf"(?P<src>{SRC}) (?:(?:has|have|had|also) )*(?P<lead>led|co-led|leads|wrote) (?:the |their |its )?{gap(3)}(?:round|first check|check) (?:in|for|into|of) (?P<dst>{O})"),
    _c(rf"(?P<src>{SRC})(?:,? (?:is|was|as|became|came on as) |['’]s (?=(?:an?|the|one)\b)|,? )(?:(?:an?|the|their|its|our) )?(?:[\w-]+ ){{0,2}}?(?P<lead>lead|early|first|angel|seed|strategic|founding|major)? ?(?:investor|backer|funder)s? in (?P<dst>{O})"),
    # 'one of our angel investors was Jeff Dean': the speaker's firm
    _c(rf"(?P<dst>\b(?:our|their|its)\b) (?:(?:lead|early|first|angel|seed) )?(?:investor|backer)s? (?:was|were|is|are|included?|includes) (?P<srcs>{NAMED}(?:(?:,| and|,? as well as) {NAMED})*)"),
    _c(rf"(?P<dst>{O}|{ANAPHOR}),? (?:(?:is|was|were|are|has been|got) )?(?:(?:backed|funded|financed) by) (?P<srcs>{SRC}(?:(?:,| and|,? as well as) {SRC})*)"),
    _c(rf"(?P<src>{SRC})(?:['’]s) {gap(2)}investment in (?P<dst>{O})"),
    # investor in <org> via her firm <org>: the firm invested too
    _c(rf"(?:investor|backer) in (?P<dst>{O}) (?:via|through) (?:his|her|their|its) (?:own )?(?:[\w-]+ )?(?:firm|fund|family office|vehicle|company),? (?P<src>{O})"),
    # I came on as their angel investor: 'their' is the organization just spoken of
    _c(rf"(?P<src>\bI\b|{P}) (?:(?:came on|joined|signed on|came in) )as (?P<dst>their|its) (?P<lead>angel|lead|first|seed)? ?investor"),
]

RIVAL_NOUN = r"(?:rival|competitor|challenger|alternative|answer|peer)s?"  # 'OpenAI's rival, Claude' names no product of its
COMPETE_CUE = r"(?:battle|battling|battled|compet\w*|fight\w*|rac(?:e|es|ing)|rival\w*|duk\w+ it out|war)"
OUTDO_CUE = r"(?:outperform(?:s|ed|ing)?|beat(?:s|ing)?|surpass(?:es|ed|ing)?|outscor(?:es|ed|ing)|rival(?:s|ed|ing)?)"
# 'OpenAI's GPT-4': the maker before the thing; both sides of a rivalry may be written so
OWNED = rf"(?:{O}['’]s )?{THING}"
COMPETE_PATTERNS = [
    _c(rf"(?P<a>{THING})(?: (?:vs\.?|versus|v\.?) {gap(1)}{THING})+"),
    _c(rf"(?P<a>{THING}(?:,? (?:and )?{THING})*) {gap(2)}{COMPETE_CUE} (?:it out |\w+ly )?(?:with|against) (?:the )?{gap(3)}(?P<b>{OWNED}(?:(?:,|,? and|,? as well as|,? or) (?:the )?{gap(3)}{OWNED})*)"),
    _c(rf"(?P<a>{THING}),? (?:(?:is|was|as|a|an|the|its|their|biggest|main|open source|direct|closest|primary|new) )*(?:competitor|rival|alternative|challenger|answer)s? (?:to|of|for) (?P<b>{OWNED})"),
    _c(rf"{COMPETE_CUE} between {gap(2)}(?P<a>{THING}) and {gap(2)}(?P<b>{THING})"),
    # choosing between two is weighing rivals
    _c(rf"\b(?:choose|chose|choosing|pick|picking|decide|deciding) between (?P<a>{THING}) (?:and|or) (?P<b>{THING})"),
    _c(rf"(?P<a>{THING}) and (?P<b>{THING}) (?:are |were )?{gap(2)}{COMPETE_CUE}"),
    # to outdo another is to be measured against it: 'Quokka-7B outperforms Llama 3 and Mistral 7B'
    _c(rf"(?P<a>{THING}) {gap(3)}{OUTDO_CUE} {gap(2)}(?P<b>{OWNED}(?:(?:,|,? and|,? as well as|,? or) (?:the )?{gap(3)}{OWNED})*)"),
]

DEVELOP_PATTERNS = [
    # OpenAI's new GPT-5 / AppFolio's copilot, Realm-X
    _c(rf"(?P<org>{O})(?:['’]s) (?:new |latest |own )?(?:(?![\w -]*?\b{RIVAL_NOUN},)(?:[\w-]+ ){{0,2}}[\w-]+, )?(?P<art>{ART})"),
    _c(rf"(?P<org>{O}|\bthey\b|\bwe\b) (?:(?:has|have|had|just|also|then|recently) )*(?:launched|launches|released|releases|built|builds|trained|trains|developed|develops|created|creates|shipped|ships|announced|unveiled|introduced|open-sourced|debuted) {gap(3)}(?P<art>{ART})"),
    _c(rf"(?P<art>{ART}),? (?:(?:the|a|an|its|their) )?{gap(3)}(?:from|by|made by|built by|developed by|trained by) (?P<org>{O})"),
    _c(rf"(?P<org>{O}),? {gap(6)}(?:the )?(?:creators?|makers?|developers?|builders?) of (?P<art>{ART})"),
]

ACQUIRE_PATTERNS = [
    _c(rf"(?P<buyer>{O}|\bthey\b|\bwe\b){RELATIVE}(?:(?:has|have|had|just|also|then|recently|eventually) )*(?:acquired|acquires|acquiring|acquire|bought|buys|buying|purchased|purchases|acqui-?hired) {gap(4)}(?P<target>{O})"),
    # 'Windsurf, which was acquired by OpenAI'; not 'a stake in Anthropic, which was bought by ...'
    _c(rf"(?<!stake in )(?<!stakes in )(?<!shares in )(?<!shares of )(?<!unit of )(?P<target>{O}),? (?:(?:which|that|who) )?(?:(?:was|is|got|has been|had been) )(?:acquired|bought|purchased|acqui-?hired) by (?P<buyer>{O})"),
    # 'after I sold Concord to Akamai': whoever sold it, the buyer acquired the firm
    _c(rf"\bsold (?:the )?(?P<target>{O}) to (?P<buyer>{O})"),
    _c(rf"(?P<buyer>{O})(?:['’]s) (?:acquisition|purchase) of (?P<target>{O})"),
    _c(rf"(?:acquisition|purchase) of (?P<target>{O}) by (?P<buyer>{O})"),
    _c(rf"(?P<seller>\bI\b|\bwe\b|{P})[^.?!]{{0,40}}?\b(?:sold|selling|sell) (?:that|the|our|my|this) (?:business|company|startup) to (?P<buyer>{O})"),
    _c(rf"(?P<seller>\bI\b|\bwe\b|{O}) (?:(?:was|were|got) )?(?:acquired|bought|acqui-?hired) by (?P<buyer>{O})"),
]

INVEST_CUE = _c(r"\b(rais\w+|round|check|invest\w*|fund(?:ing|ed|raise|raising)|financing|stake|valuation|backed|led)\b")


# A reference to an entity: a mention index, or a word to resolve at document level.
class Wants(StrEnum):
    """What a pronoun of a fact must stand for."""

    PERSON = "person"
    ORG = "org"  # 'my company', 'we invested': the speaker's (or person's) organisation
    ANY = "any"


Ref = Union[int, "Pronoun"]  # a mention's index, or a pronoun the document resolves


@dataclass(frozen=True)
class Pronoun:
    word: str  # i, we, they, he, she, it, their, its, his, her, my, our
    offset: int  # file offset, to find the antecedent before it
    wants: Wants = Wants.ANY
    sentence: tuple[int, int] = (0, 0)  # file offsets of its sentence, where a referent may follow it


@dataclass
class Fact:
    type: RelationType
    source: Ref
    target: Ref
    start: int  # file offsets of the evidence
    end: int
    role: Optional[str] = None
    past: Optional[bool] = None
    confidence: float = 0.6


@dataclass
class FundingEvent:
    investors: list[Ref]
    investee: Optional[Ref]
    start: int
    end: int
    terms: FundingTerms
    lead: list[Ref] = field(default_factory=list)
    confidence: float = 0.6


class MaskedSentence:
    """A sentence with its mentions replaced by placeholders, and a map back to file offsets."""

    def __init__(self, text: str, start: int, mentions: list[tuple[int, int, int, EntityLabel]]):
        # mentions: (mention index, file start, file end, label), inside [start, start + len(text))
        pieces, self._map = [], []  # _map: (masked pos, file pos) at each piece start
        self._marks = [(start + m.start(), start + m.end()) for m in MARKUP.finditer(text)]  # in file offsets
        pos, masked_len = start, 0
        for index, m_start, m_end, label in sorted(mentions, key=lambda m: m[1]):
            if m_start < pos:
                continue
            masked_len = self._add_plain(pieces, text[pos - start:m_start - start], pos, masked_len)
            holder = f"<<E{index}:{LETTER[label]}>>"
            self._map.append((masked_len, m_start))
            pieces.append(holder)
            masked_len += len(holder)
            pos = m_end
        self._add_plain(pieces, text[pos - start:], pos, masked_len)
        self.masked = "".join(pieces)
        self.start, self.end = start, start + len(text)

    def _add_plain(self, pieces: list[str], plain: str, file_pos: int, masked_len: int) -> int:
        """Text between mentions without the sentence's markdown marks (`MARKUP`: 'beats
        **GPT-4o**'), found over the whole sentence since a mark is known by its neighbours;
        returns the masked length after it."""
        marks = [(max(a, file_pos) - file_pos, min(b, file_pos + len(plain)) - file_pos)
                 for a, b in self._marks if a < file_pos + len(plain) and b > file_pos]
        kept = 0
        for mark_start, mark_end in [*marks, (len(plain), len(plain))]:
            self._map.append((masked_len, file_pos + kept))
            pieces.append(plain[kept:mark_start])
            masked_len += mark_start - kept
            kept = mark_end
        return masked_len

    def file_offset(self, masked_pos: int) -> int:
        best = self._map[0]
        for m_pos, f_pos in self._map:
            if m_pos > masked_pos:
                break
            best = (m_pos, f_pos)
        inside = masked_pos - best[0]
        return best[1] + (0 if self.masked.startswith("<<E", best[0]) else inside)

    def refs(self, match: re.Match, group: str) -> list[Ref]:
        text = match.groupdict().get(group)
        if text is None:
            return []
        found: list[Ref] = [int(i) for i, _ in PLACEHOLDER.findall(text)]
        if not found:
            found = [self.pronoun(text, match.start(group))]
        return found

    def pronoun(self, word: str, masked_pos: int, wants: Wants = Wants.ANY) -> Pronoun:
        return Pronoun(word.lower(), self.file_offset(masked_pos), wants, (self.start, self.end))

    def ref(self, match: re.Match, group: str) -> Optional[Ref]:
        refs = self.refs(match, group)
        return refs[0] if refs else None

    def span(self, match: re.Match) -> tuple[int, int]:
        return self.file_offset(match.start()), self.file_offset(match.end() - 1) + 1


def _role(match: re.Match, name: str = "role") -> Optional[str]:
    found = match.groupdict().get(name)
    if not found:
        return None
    key = found.lower()
    return CANON_ROLE.get(key, key)


def find_facts(sent: MaskedSentence) -> Iterator[Fact]:
    yield from _works(sent)
    yield from _invested(sent)
    yield from _competes(sent)
    yield from _simple(sent, DEVELOP_PATTERNS, RelationType.DEVELOPED, "org", "art")
    yield from _acquired(sent)


def _works(sent: MaskedSentence) -> Iterator[Fact]:
    for pattern in WORKS_PATTERNS:
        for match in pattern.finditer(sent.masked):
            start, end = sent.span(match)
            groups = match.groupdict()
            person = sent.ref(match, "per") if "welcome" not in groups else sent.pronoun("I", match.start(), Wants.PERSON)
            if "owner" in groups and groups.get("org") is None:  # his co-founder <person>
                org = sent.pronoun(match.group("owner"), match.start("owner"), Wants.ORG)
            elif "owner" in groups:  # her firm <org>
                person, org = sent.pronoun(match.group("owner"), match.start("owner"), Wants.PERSON), sent.ref(match, "org")
            else:
                org = sent.ref(match, "org")
            if person is None or org is None:
                continue
            pairs = _respectively(sent, match, person, org)
            before_role = sent.masked[match.start():match.start("role")] if groups.get("role") else ""
            past = bool(PAST.search(sent.masked[max(0, match.start() - 20):match.end()]) or WAS.search(before_role)) or None
            verb = (groups.get("verb") or "").lower()
            roles = [r for r in (_role(match), _role(match, "role2")) if r]
            if verb in {"left"} or groups.get("been"):
                past = True  # 'I was at Coinbase': a job held before
            founded = any(r in FOUNDER_ROLES for r in roles) or "found" in verb or verb.startswith("start") or verb in {"launch", "launched", "build", "built"}
            # the job over the founding: 'founder and CEO' works there as CEO
            role = next((r for r in roles if r not in FOUNDER_ROLES), roles[0]) if roles else ("founder" if founded else None)
            if "host" in groups:  # a podcast intro: who welcomes you to a show hosts it
                role = "host"
            if role == "partner" and "owner" in groups or "investor" in (role or "") and groups.get("prep") == "in":
                continue  # 'investor in X' is an investment, not a job
            for person, org in pairs:
                if founded:
                    yield Fact(RelationType.FOUNDED, person, org, start, end, confidence=PATTERN_CONFIDENCE[RelationType.FOUNDED])
                yield Fact(RelationType.WORKS_AT, person, org, start, end, role=role, past=past,
                           confidence=PATTERN_CONFIDENCE[RelationType.WORKS_AT])


def _respectively(sent: MaskedSentence, match: re.Match, person: Ref, org: Ref) -> list[tuple[Ref, Ref]]:
    """'<p1> and <p2> at <o1> and <o2>' pairs them in order; '<p> at <o1> and <o2>' gives both."""
    people = [person] + sent.refs(match, "per2")
    orgs = [org] + sent.refs(match, "org2")
    if len(people) == len(orgs):
        return list(zip(people, orgs))
    return [(p, o) for p in people for o in orgs]


def _invested(sent: MaskedSentence) -> Iterator[Fact]:
    for pattern in INVEST_PATTERNS:
        for match in pattern.finditer(sent.masked):
            start, end = sent.span(match)
            sources = sent.refs(match, "srcs") if "srcs" in pattern.groupindex else [sent.ref(match, "src")]
            target = sent.ref(match, "dst")
            if isinstance(target, Pronoun):
                target = replace(target, wants=Wants.ORG)
            for source in sources:
                if source is not None and target is not None and source != target:
                    yield Fact(RelationType.INVESTED_IN, source, target, start, end,
                               confidence=PATTERN_CONFIDENCE[RelationType.INVESTED_IN])


def _competes(sent: MaskedSentence) -> Iterator[Fact]:
    for pattern in COMPETE_PATTERNS:
        for match in pattern.finditer(sent.masked):
            start, end = sent.span(match)
            side_a = sent.refs(match, "a")
            side_b = sent.refs(match, "b") if "b" in pattern.groupindex else []
            if not side_b:  # a chain: X vs Y vs Z
                side_a = [int(i) for i, _ in PLACEHOLDER.findall(match.group())]
                pairs = list(combinations(side_a, 2))
            else:
                pairs = list(combinations(side_a, 2)) + [(a, b) for a in side_a for b in side_b]
            for a, b in pairs:
                if a != b:
                    yield Fact(RelationType.COMPETES_WITH, a, b, start, end, confidence=PATTERN_CONFIDENCE[RelationType.COMPETES_WITH])


def _simple(sent: MaskedSentence, patterns, rel: RelationType, src: str, dst: str) -> Iterator[Fact]:
    for pattern in patterns:
        for match in pattern.finditer(sent.masked):
            source, target = sent.ref(match, src), sent.ref(match, dst)
            if source is not None and target is not None and source != target:
                start, end = sent.span(match)
                yield Fact(rel, source, target, start, end, confidence=PATTERN_CONFIDENCE[rel])


def _acquired(sent: MaskedSentence) -> Iterator[Fact]:
    for pattern in ACQUIRE_PATTERNS:
        for match in pattern.finditer(sent.masked):
            if UNREAL.search(sent.masked[max(0, match.start() - 30):match.end()]):
                continue
            start, end = sent.span(match)
            buyer = sent.ref(match, "buyer")
            if "seller" in pattern.groupindex:
                seller = sent.ref(match, "seller")
                if isinstance(seller, Pronoun) or isinstance(seller, int) and match.group("seller").endswith(":P>>"):
                    # 'I sold that business': the seller's own company was bought
                    offset = seller.offset if isinstance(seller, Pronoun) else start
                    target: Ref = Pronoun("my" if not isinstance(seller, int) else "his", offset, Wants.ORG, (sent.start, sent.end))
                else:
                    target = seller
            else:
                target = sent.ref(match, "target")
            if isinstance(buyer, Pronoun):
                buyer = replace(buyer, wants=Wants.ORG)
            if buyer is not None and target is not None and buyer != target:
                yield Fact(RelationType.ACQUIRED, buyer, target, start, end, confidence=PATTERN_CONFIDENCE[RelationType.ACQUIRED])


FUNDED_BY = _c(rf"\b(?P<verb>led by|co-led by|from|with participation from|backed by) "
               rf"(?P<srcs>{SRC}(?:(?:,| and|,? as well as|,? with|,? alongside) {SRC})*)")
FUNDING_VERB = _c(rf"(?P<src>{SRC}){RELATIVE}(?:(?:has|have|had|also|then|later|just|would|will) )*(?P<verb>offered|offers|wrote|writes|gave|invested|invests|led|leads|co-led|put|backed|provided|committed)\b")
# 'Cognition Labs, a new company which raised ...': a clause set off by a comma
RAISE_CLAUSE = r"(?P<clause>, (?:(?:a|an|the) (?:[\w-]+ ){0,4})?(?:which|that|who) | (?:which|that) )"
# (a clause only after a name: 'the startup that raised' is another startup than the one before)
RAISED = _c(rf"(?P<dst>{O}|{ANAPHOR}|\bwe\b|\bthey\b|\bit\b)(?:(?<=>>){RAISE_CLAUSE}| )(?:(?:has|have|had|just|also|then|recently) )*(?:raised|raises|closed|secured|announced|landed|got)\b")
INVESTEE_IN = _c(rf"(?:\b(?:round|raise|financing|investment|stake|check) (?:in|of|into|for)|\b(?:in|into)) (?P<dst>{O})")
INVESTEE_POSS = _c(rf"(?P<dst>{O})(?:['’]s)? {gap(3)}(?:round|raise|financing)")


def find_funding(sent: MaskedSentence, plain: str) -> Optional[FundingEvent]:
    """A funding event: an amount or a round, said with a word of investing."""
    amount, round_ = parse_amount(plain), parse_round(plain)
    if not (amount or round_) or not INVEST_CUE.search(plain):
        return None
    investee, told = None, sent.masked
    for pattern in (RAISED, INVESTEE_POSS, INVESTEE_IN):
        match = pattern.search(sent.masked)
        if match:
            investee = sent.ref(match, "dst")
            closing = sent.masked.find(",", match.end())
            if match.groupdict().get("clause") and closing > 0:  # the raise's investors are the clause's
                told = sent.masked[:closing]
            break
    investors, lead = [], []
    for match in FUNDING_VERB.finditer(told):
        ref = sent.ref(match, "src")
        investors.append(ref)
        if match.group("verb").lower() in {"led", "leads", "co-led"}:
            lead.append(ref)
    for match in FUNDED_BY.finditer(told):  # '... raised $5M led by X, with Y'
        refs = [r for r in sent.refs(match, "srcs") if isinstance(r, int)]
        investors += refs
        if match.group("verb").lower() in {"led by", "co-led by"}:
            lead += refs
    if investee is None and not investors:
        return None
    valuation = parse_valuation(plain)
    terms = FundingTerms(amount_text=amount.text if amount else None, amount_usd=amount.usd if amount else None,
                         amount_usd_max=amount.usd_max if amount else None, round=round_, stake=parse_stake(plain),
                         valuation_usd=valuation.usd if valuation else None,
                         valuation_text=valuation.text if valuation else None, date=parse_year(plain))
    return FundingEvent(investors=investors, investee=investee, lead=lead, start=sent.start, end=sent.end, terms=terms,
                        confidence=FUNDING_CONFIDENCE if investee is not None and investors else FUNDING_PART_CONFIDENCE)
