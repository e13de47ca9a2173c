"""Money amounts, funding rounds and stakes as people write and say them.

`$1M`, `$100m`, `$500 million`, `130 million`, `a million dollar check`, `half a billion`,
`$100M–$1B`, `$10B+`: amounts are normalised to US dollars (a range keeps both ends).
A valuation (`at a $2B valuation`, `valued at $1.5 billion`) is what the company is worth,
never the amount raised: `parse_amount` passes over it and `parse_valuation` finds it.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from pydantic import BaseModel

SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
          "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12}
WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "hundred": 100, "half a": 0.5, "half": 0.5, "a quarter": 0.25, "quarter of a": 0.25,
                "a couple": 2, "a few": 3, "several": 3, "hundreds of": 100, "tens of": 10}
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
WORDS = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
SCALE = r"(?:thousand|million|billion|trillion|mm|mn|bn|tn|[kmbt])\b"


def _one_amount(n: int) -> str:
    return (rf"(?<![\w.])(?:(?P<cur{n}>\$|US\$|USD\s?)\s?)?(?P<num{n}>{NUMBER}|(?:{WORDS})(?=\s))\s?(?:(?P<scale{n}>{SCALE})"
            rf"(?:\s(?:of\s)?(?:US\s)?(?:dollars?|bucks|usd))?|(?P<dollars{n}>\s(?:dollars?|usd)\b))")


AMOUNT = re.compile(_one_amount(1) + r"(?:\+|\s?(?:[–—-]|to)\s?(?:an?\s)?" + _one_amount(2) + r")?", re.I)

ROUND = re.compile(
    r"\b(?P<round>pre-?seed|seed|series\s+[a-h]\b(?:\s?extension)?|angel|bridge|growth|mezzanine|ipo|"
    r"first\s+\$?[\w.]+\s+(?:seed\s+)?round)", re.I)
STAKE = re.compile(
    r"(?P<stake>\d+(?:\.\d+)?)\s?(?:%|percent|per cent)\s?(?:stake|of\s+(?:the|their)\s+company|equity|ownership)?", re.I)
# what is said right before or right after an amount that makes it a valuation
VALUED_BEFORE = re.compile(r"(?:\bvalued at|\bvaluation of|\bvalu(?:es|ing) (?:[\w’']+ ){0,3}at)\s+"
                           r"(?:(?:about|around|roughly|over|more than|nearly|almost|up to|some)\s+)?$", re.I)
VALUATION_AFTER = re.compile(r"\s*(?:(?:post|pre)[- ]money\s+)?valuation\b", re.I)
YEAR = re.compile(r"\b(?:in|since|around|back in|early|late|end of)\s+(?P<year>(?:19|20)\d\d)\b", re.I)


class Amount(BaseModel):
    text: str
    usd: Optional[float]
    usd_max: Optional[float] = None


def _value(match: re.Match, n: int) -> Optional[float]:
    raw, scale, cur, dollars = (match.group(f"{g}{n}") for g in ("num", "scale", "cur", "dollars"))
    if raw is None:
        return None
    number = WORD_NUMBERS.get(raw.lower()) if raw.lower() in WORD_NUMBERS else float(raw.replace(",", ""))
    if scale is None and not (cur or dollars):
        return None
    return round(number * SCALES.get((scale or "").lower(), 1.0), 2)  # to the cent: 4.1 billion, not 4099999999.9999995


def parse_amount(text: str) -> Optional[Amount]:
    """The first money amount in `text` that is not a valuation, or None. Bare numbers with no
    scale and no currency ('in 2021', '12 years') are not amounts."""
    return next((amount for amount, valuation in _amounts(text) if not valuation), None)


def parse_valuation(text: str) -> Optional[Amount]:
    """The first valuation in `text` ('at a $2B valuation', 'valued at $1.5 billion'), or None."""
    return next((amount for amount, valuation in _amounts(text) if valuation), None)


def _amounts(text: str) -> Iterator[tuple[Amount, bool]]:
    """Each money amount in `text`, and whether it is a valuation."""
    for match in AMOUNT.finditer(text):
        low = _value(match, 1)
        if low is None:
            continue
        has_money_word = bool(match.group("cur1") or match.group("cur2") or re.search(r"dollar|usd|bucks", match.group(), re.I))
        if not has_money_word and not re.search(r"\b(raise|round|check|invest|fund|valu|stake|\$)", text, re.I):
            continue
        high = _value(match, 2) if match.group("num2") else None
        if high is not None and match.group("scale2") and not match.group("scale1") and match.group("num1")[0].isdigit():
            low *= SCALES[match.group("scale2").lower()]  # '20 to 60 million'
        valuation = bool(VALUED_BEFORE.search(text, 0, match.start()) or VALUATION_AFTER.match(text, match.end()))
        yield Amount(text=match.group().strip(), usd=low, usd_max=high), valuation


def parse_round(text: str) -> Optional[str]:
    match = ROUND.search(text)
    if not match:
        return None
    found = re.sub(r"\s+", " ", match.group("round").lower())
    if found.startswith("first"):
        return "seed" if "seed" in found else None
    return "pre-seed" if found.startswith("pre") else found.replace("series", "Series").replace("Series ", "Series ").title() \
        if found.startswith("series") else found


def parse_stake(text: str) -> Optional[str]:
    match = STAKE.search(text)
    if not match or not re.search(r"stake|company|equity|ownership|own", text, re.I):
        return None
    return f"{match.group('stake')}%"


def parse_year(text: str) -> Optional[str]:
    match = YEAR.search(text)
    return match.group("year") if match else None
