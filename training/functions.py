"""Functions the training config names (spacy train --code training/functions.py)."""

import spacy
from spacy.language import Language


@spacy.registry.callbacks("graphbuild.copy_lookups.v1")
def copy_lookups(source: str):
    """The sourced recogniser reads NORM features, which the base pipeline computes with its
    `lexeme_norm` table; train with the same table it will run with."""

    def before_init(nlp: Language) -> Language:
        base = spacy.load(source, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler",
                                           "lemmatizer", "ner"])
        for name in base.vocab.lookups.tables:
            nlp.vocab.lookups.set_table(name, base.vocab.lookups.get_table(name))
        return nlp

    return before_init
