"""Work per document grows linearly with its length, whatever it holds: counted through real
runs on texts written for these tests (made-up names), not timed; and a document past its
time budget is skipped with one line while the others are built."""

import json

import pytest
from click.testing import CliRunner

from graphbuild.cli import cli
from graphbuild.extract.dependencies import build_matcher
from graphbuild.extract.nlp import KB_RULER
from graphbuild.extract.pipeline import DocumentExtractor, parse_document
from graphbuild.extract.relation_model import MAX_PAIRS, MAX_SIDES_BETWEEN, Candidate, shipped_relation_model
from graphbuild.extract.windows import MAX_WINDOW_TOKENS
from graphbuild.models import Extraction
from graphbuild.readers import read_text

SENTENCE = "Priya Raman is the chief executive of Kestrel AI "  # repeated with no full stop
FIRST = ["Priya", "Tomas", "Anika", "Lukas", "Mei", "Diego", "Sofia", "Omar"]
LAST = ["Raman", "Ferreira", "Osei", "Brandt", "Tanaka", "Alvarez", "Lindqvist", "Haddad"]
ORGS = ["Kestrel AI", "Orchard Labs", "Quillon Robotics", "Zephyrine Systems", "Tarnwood Capital", "Brisa Health",
        "Ulmora Data", "Vexley Networks"]


def name_list(items: int) -> str:
    """One sentence listing `items` people (distinct up to 64) and where each works."""
    people = [f"{FIRST[i % 8]} {LAST[i // 8 % 8]} who works with {ORGS[i * 3 % 8]}" for i in range(items)]
    return "At the summit we met " + ", ".join(people[:-1]) + " and " + people[-1] + "."


def extracted(nlp, text: str) -> tuple[DocumentExtractor, Extraction]:
    """The extractor, which keeps its candidate pairs, and what it extracted."""
    document = read_text(text, "a.md")[0]
    extractor = DocumentExtractor(document, list(parse_document(document, nlp)), nlp.get_pipe(KB_RULER).kb,
                                  build_matcher(nlp), shipped_relation_model(), keep_candidates=True)
    return extractor, extractor.run()


def file_start(candidate: Candidate, span) -> int:
    return candidate.start - candidate.sent.start_char + span.start_char


def candidates_per_window(extractor: DocumentExtractor) -> list[int]:
    counts: dict[int, int] = {}
    for candidate, _ in extractor.candidates:
        counts[candidate.start] = counts.get(candidate.start, 0) + 1
    return list(counts.values())


@pytest.mark.parametrize("text_of", [lambda n: SENTENCE * (60 * n), lambda n: name_list(32 * n)],
                         ids=["repeated sentence", "list of names"])
def test_candidate_pairs_grow_linearly_with_the_length_of_an_endless_sentence(nlp, text_of):
    runs = {n: extracted(nlp, text_of(n))[0] for n in (1, 2, 4)}
    pairs = {n: len(run.candidates) for n, run in runs.items()}
    mentions = {n: len(run.mentions) for n, run in runs.items()}
    assert mentions[4] >= 3.5 * mentions[1] > 0  # the names are found however long the sentence
    # every mention pairing with every other would make 16 times the pairs at 4 times the length
    assert pairs[4] <= 4.6 * pairs[1] and pairs[2] <= 2.4 * pairs[1], pairs
    for run in runs.values():
        assert max(candidates_per_window(run)) <= MAX_PAIRS


def test_an_endless_sentence_is_read_in_windows_that_never_cut_a_name(nlp):
    extractor, _ = extracted(nlp, SENTENCE * 200)
    windows = sorted({(c.sent.start, c.sent.end) for c, _ in extractor.candidates})
    assert len(windows) >= 5 and all(end - start <= MAX_WINDOW_TOKENS for start, end in windows)
    assert all(a_end == b_start for (_, a_end), (b_start, _) in zip(windows, windows[1:]))  # nothing left out
    cuts = {c.start for c, _ in extractor.candidates}  # file offsets where windows begin
    assert not any(m.start < cut < m.end for m in extractor.mentions for cut in cuts)


def test_a_pair_joins_names_a_bounded_number_of_others_apart(nlp):
    extractor, _ = extracted(nlp, name_list(12))  # too few for MAX_PAIRS to bind
    apart = []
    for candidate, _ in extractor.candidates:
        a, b = sorted(file_start(candidate, span) for span in (candidate.source.span, candidate.target.span))
        apart.append(sum(a < m.start < b for m in extractor.mentions))
    assert max(apart) == MAX_SIDES_BETWEEN  # MAX_TOKENS_APART would allow more: this bound decides


def test_jobs_stated_in_an_endless_sentence_are_still_found(nlp):
    _, extraction = extracted(nlp, SENTENCE * 100)
    assert ("WORKS_AT", "CEO") in {(r.type.value, r.role) for r in extraction.relations}


def test_a_document_past_its_time_budget_is_skipped_with_one_line_and_the_others_are_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.md").write_text("Team news\n\nPriya Raman is the chief executive of Kestrel AI.\n")
    (folder / "endless.txt").write_text(SENTENCE * 400)  # 20,000 characters of one sentence
    # 0.12 CPU seconds for each: the endless sentence needs seconds, the short document a hundredth
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "out"), "--workers", "1",
                                      "--no-cache", "--quiet", "--time-budget", "0.004"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if line.strip()]
    assert line.startswith("warning: skipped endless.txt (extract): TimeBudgetExceeded") and "--time-budget" in line
    graph = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    assert [d["source"] for d in graph["documents"]] == ["good.md"]
    assert {"Priya Raman", "Kestrel AI"} <= {e["name"] for e in graph["entities"]}


class CountingMatcher:
    """The dependency matcher, recording how many tokens each call reads at once."""

    def __init__(self, matcher):
        self.matcher, self.sizes = matcher, []

    def __call__(self, doclike):
        self.sizes.append(len(doclike))
        return self.matcher(doclike)

    def get(self, key):
        return self.matcher.get(key)


CAPTION = "so priya raman the ceo of kestrel ai said kestrel ai will ship it and priya raman agreed "


def test_the_dependency_matcher_reads_an_endless_caption_line_a_window_at_a_time(nlp):
    """The matcher tries every combination of a tree's tokens that fit a pattern: one call over
    an endless sentence would grow with the cube of its length (50 KB took 227 CPU s)."""
    document = read_text(CAPTION * 300, "captions.txt")[0]
    counting = CountingMatcher(build_matcher(nlp))
    extractor = DocumentExtractor(document, list(parse_document(document, nlp)), nlp.get_pipe(KB_RULER).kb, counting)
    extractor.run()
    assert len(counting.sizes) >= 10 and max(counting.sizes) <= MAX_WINDOW_TOKENS


def test_ordinary_sentences_are_matched_in_one_call_per_parse(nlp):
    text = "Priya Raman founded Kestrel AI in 2021. It builds robots.\n\nTomas Osei works at Orchard Labs. He likes it.\n"
    document = read_text(text, "a.md")[0]
    parsed = list(parse_document(document, nlp))
    counting = CountingMatcher(build_matcher(nlp))
    DocumentExtractor(document, parsed, nlp.get_pipe(KB_RULER).kb, counting).run()
    assert counting.sizes == [len(sdoc) for _, sdoc in parsed]  # no copy of each sentence where none is too long
