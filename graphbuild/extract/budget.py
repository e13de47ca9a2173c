"""A document's time budget: the CPU seconds its extraction may take, in proportion to its length.

The work per document is bounded per window (windows.py, relation_model.MAX_PAIRS), so its
time grows linearly with its length whatever it holds; the budget catches a document that
still runs long (a shape of text nobody foresaw): past it, the document is skipped with one
line and the build goes on. It counts the CPU time of the extraction after the parse (spaCy's
parse is linear already), not the clock, so a machine busy with other work does not make a
document run out of time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..errors import GraphbuildError
from ..models import Document

# CPU seconds per 1,000 characters. The seeds need about 0.02, the hostile documents of
# benchmarks/bounded_work.py (an endless sentence, a list of 600 names) about 0.1 to 0.3.
SECONDS_PER_KB = 1.0
MIN_KB = 30  # a shorter document has the budget of 30,000 characters


class TimeBudgetExceeded(GraphbuildError):
    pass


@dataclass(frozen=True)
class TimeBudget:
    seconds_per_kb: float = SECONDS_PER_KB

    def seconds(self, document: Document) -> float:
        return self.seconds_per_kb * max(len(document.text) / 1000, MIN_KB)

    def start(self, document: Document) -> "Deadline":
        return Deadline(self.seconds(document), self.seconds_per_kb)


class Deadline:
    """The budget of one document, counted from its start."""

    def __init__(self, seconds: float, seconds_per_kb: float):
        self.seconds, self.seconds_per_kb = seconds, seconds_per_kb
        self.end = time.process_time() + seconds

    def check(self) -> None:
        if time.process_time() > self.end:
            raise TimeBudgetExceeded(f"its extraction took more than its budget of {self.seconds:.3g} CPU seconds "
                                     f"({self.seconds_per_kb:g} per 1,000 characters; raise it with --time-budget)")
