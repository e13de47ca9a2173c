"""The parsed segments of one document, kept until its extraction is done.

A document's mentions need all of its segments parsed before any fact is read (short forms,
name parts and speakers are document-wide), so its parses are kept whole. A parsed token
costs over half a kilobyte in memory (the tok2vec tensor alone is 96 floats), which made a
50 MB transcript need gigabytes. Past `keep_tokens` tokens a document's parses go to a
temporary file and are read back one at a time, so memory no longer grows with the length of
one file. On disk a parse keeps its words, token attributes, span groups and extension values,
not the tensor (nothing after the pipeline reads it): about 120 bytes a token. The format is
pickled arrays rather than `Doc.to_bytes`, whose msgpack reader costs about 2 ms a segment.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from typing import IO, Iterator, Optional

from spacy.attrs import DEP, ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, POS, SENT_START, TAG
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..models import Segment

KEEP_TOKENS = 100_000  # about 65 MB of parses in memory per document; most documents stay under it
TOKEN_ATTRS = [TAG, POS, MORPH, LEMMA, NORM, HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID, SENT_START]


class ParsedSegments:
    """(segment, parsed doc) pairs in the order appended; iterable any number of times."""

    def __init__(self, vocab: Vocab, keep_tokens: int = KEEP_TOKENS):
        self.vocab = vocab
        self.keep_tokens = keep_tokens
        self.tokens = 0
        self.in_memory: list[tuple[Segment, Doc]] = []
        self.on_disk: list[tuple[Segment, int, int]] = []  # (segment, offset, size) in `self.file`
        self.file: Optional[IO[bytes]] = None

    def append(self, segment: Segment, doc: Doc) -> None:
        self.tokens += len(doc)
        if self.tokens <= self.keep_tokens and not self.on_disk:
            self.in_memory.append((segment, doc))
            return
        if self.file is None:
            self.file = tempfile.TemporaryFile(prefix="graphbuild-parses-")
        data = to_bytes(doc)
        offset = self.file.seek(0, os.SEEK_END)
        self.file.write(data)
        self.on_disk.append((segment, offset, len(data)))

    def __iter__(self) -> Iterator[tuple[Segment, Doc]]:
        yield from self.in_memory
        if self.file is not None:
            self.file.flush()
        for segment, offset, size in self.on_disk:
            yield segment, from_bytes(self.vocab, os.pread(self.file.fileno(), size, offset))

    def __len__(self) -> int:
        return len(self.in_memory) + len(self.on_disk)

    def close(self) -> None:
        """Drop the parses (the temporary file is deleted)."""
        self.in_memory, self.on_disk = [], []
        if self.file is not None:
            self.file.close()
            self.file = None


def to_bytes(doc: Doc) -> bytes:
    spans = {key: [(s.start, s.end, s.label_, s.kb_id_) for s in group] for key, group in doc.spans.items()}
    return pickle.dumps(([t.text for t in doc], [bool(t.whitespace_) for t in doc], doc.to_array(TOKEN_ATTRS),
                         spans, doc.user_data), protocol=pickle.HIGHEST_PROTOCOL)


def from_bytes(vocab: Vocab, data: bytes) -> Doc:
    """The parse `to_bytes` wrote, in the process that wrote it (its strings are in `vocab`)."""
    words, spaces, attrs, spans, user_data = pickle.loads(data)
    doc = Doc(vocab, words=words, spaces=spaces).from_array(TOKEN_ATTRS, attrs)
    for key, group in spans.items():
        doc.spans[key] = [Span(doc, start, end, label=label, kb_id=kb_id) for start, end, label, kb_id in group]
    doc.user_data.update(user_data)
    return doc
