"""Windows: the stretches of a parse that relation finding reads at once.

A window is a sentence of the parse, unless the parser found no end for a long stretch
(automatic captions, a list of hundreds of names, a text repeated without a full stop). Such a
sentence is cut into windows of at most MAX_WINDOW_TOKENS tokens, so that what is read per
window (the masked-sentence patterns, candidate pairs and their features, the sentence a
pronoun is resolved in) costs a bounded amount and a document's cost grows with its length,
not with the square of its longest sentence. A fact whose two ends fall on either side of a
cut is not found: no sentence of the seeds or of the held-out texts is that long.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Callable, Iterable, Iterator

from spacy.tokens import Span, Token

MAX_WINDOW_TOKENS = 300  # the longest sentence of the seeds and the held-out texts has 237
CUT_AFTER = {",", ";", ":", "-", "–", "—", "|", "/"}

ContinuesName = Callable[[Token], bool]  # is the token inside a name that began before it?


class Windows:
    """The windows of one parse, in order, and the window of any token."""

    def __init__(self, sentences: Iterable[Span], continues_name: ContinuesName):
        sentences = list(sentences)
        self.spans = [window for sent in sentences for window in cut(sent, continues_name)]
        self.starts = [window.start for window in self.spans]
        self.cut = len(self.spans) > len(sentences)  # was some sentence too long to read at once?

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def of(self, token: Token) -> Span:
        return self.spans[bisect_right(self.starts, token.i) - 1]


def cut(sent: Span, continues_name: ContinuesName, limit: int = MAX_WINDOW_TOKENS) -> Iterator[Span]:
    """The sentence itself, or its consecutive pieces of at most `limit` tokens."""
    doc, start = sent.doc, sent.start
    while sent.end - start > limit:
        end = _cut_point(sent, start, start + limit, continues_name)
        yield doc[start:end]
        start = end
    yield doc[start:sent.end]


def _cut_point(sent: Span, start: int, limit: int, continues_name: ContinuesName) -> int:
    """Where a window beginning at `start` ends, by `limit`: after the last punctuation of its
    last third (where a clause or an item of a list ends), else before the last token there
    that does not continue a name (a name is never cut in two), else at the limit."""
    doc, floor = sent.doc, start + 2 * (limit - start) // 3
    after_mark = next((i + 1 for i in range(limit - 1, floor - 1, -1) if doc[i].text in CUT_AFTER), None)
    if after_mark is not None:
        return after_mark
    return next((i for i in range(limit, floor, -1) if not continues_name(doc[i])), limit)
