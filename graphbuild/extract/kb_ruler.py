"""The knowledge-base ruler: a spaCy component that marks, in `doc.spans["graphbuild_kb"]`,
every written form of a known entity (label `kb<index>`, the entry's index in the knowledge
base) and every model-name shape, a family with a version or a name with a marked one (label
`MODEL_SHAPE`: 'Llama 3', 'Claude Sonnet 4', 'Suno v4', 'SmolLM3'). It only proposes: whether a span is a name where it stands (a capital in
an auto-caption, a title, a common word) is decided with the document's context in mentions.py.

    nlp.add_pipe("graphbuild_kb_ruler")
    doc = nlp("OpenAI trained GPT-4o.")
    [(s.text, s.label_) for s in doc.spans["graphbuild_kb"]]  # [('OpenAI', 'kb12'), ('GPT-4o', 'kb40'), ...]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..knowledge import MODEL_NAME_WORDS, KBEntry, KnowledgeBase
from ..knowledge import load as load_kb

KB_RULER = "graphbuild_kb_ruler"
SPANS_KEY = "graphbuild_kb"
MODEL_SHAPE = "MODEL_SHAPE"
VERSION = r"^(v?\d+(\.\d+)*[a-z]?|[a-z]?\d+[a-z]?)$"
# a name of any family with its version: 'Suno v4', 'Higgs Audio V2' (the 'v' says version, not
# a count), and one word in mixed case that ends in one, 'SmolLM3', 'AIMv2', 'CodeLlama-70b'
NAME_WORD = r"^[A-Z][A-Za-z]+$"
MARKED_VERSION = r"^[vV]\d+(\.\d+)*$"
O_MODELS = {family for family in MODEL_NAME_WORDS["families"] if re.fullmatch(r"o\d", family)}  # OpenAI's o1, o3, o4
# '03 mini': how speech to text writes them (mentions.py takes it in speech only)
HEARD_O_MODEL = rf"^0[{''.join(sorted(family[1] for family in O_MODELS))}]$"
CAMEL_VERSION = r"^(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])(?=[A-Za-z]*[a-z])[A-Za-z]{3,}(-?[vV]?\d+(\.\d+)*[BbMK]?)$"


@Language.factory(KB_RULER, assigns=["doc.spans"], default_config={"spans_key": SPANS_KEY})
def make_kb_ruler(nlp: Language, name: str, spans_key: str) -> "KBRuler":
    return KBRuler(nlp, name, spans_key=spans_key)


class KBRuler:
    def __init__(self, nlp: Language, name: str, *, spans_key: str = SPANS_KEY, kb: KnowledgeBase | None = None):
        self.name, self.spans_key = name, spans_key
        self.kb = kb or load_kb()
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for i, entry in enumerate(self.kb.entries):
            self.phrases.add(f"kb{i}", [nlp.make_doc(form) for form in self.kb.forms[entry.name]])
        self.models = Matcher(nlp.vocab)
        family = {"LOWER": {"IN": MODEL_NAME_WORDS["families"]}}
        version = {"LOWER": {"REGEX": VERSION}}
        variant = {"LOWER": {"IN": MODEL_NAME_WORDS["variants"]}, "OP": "?"}
        tier = {"LOWER": {"IN": MODEL_NAME_WORDS["tiers"]}}
        name_word = {"TEXT": {"REGEX": NAME_WORD}}
        self.models.add(MODEL_SHAPE, [
            [family, {"ORTH": "-", "OP": "?"}, version, variant],
            [family, tier, version],  # Claude Sonnet 4, Mistral Large 2
            [name_word, {**name_word, "OP": "?"}, {"TEXT": {"REGEX": MARKED_VERSION}}],
            [{"TEXT": {"REGEX": CAMEL_VERSION}}],
            [{"TEXT": {"REGEX": HEARD_O_MODEL}}, variant],
        ], greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = [Span(doc, start, end, label=match_id)
                                     for matcher in (self.phrases, self.models) for match_id, start, end in matcher(doc)]
        return doc


def proposed_entry(kb: KnowledgeBase, span: Span) -> KBEntry:
    """The knowledge-base entry a `kb<index>` span of the ruler's names."""
    return kb.entries[int(span.label_[2:])]
