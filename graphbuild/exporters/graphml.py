"""GraphML in the Neo4j APOC convention: node attribute `labels` = ":Person", edge attribute
`label` = "WORKS_AT", properties as typed keys, lists and dicts as JSON strings (GraphML
holds only str, int, float and bool). Characters XML 1.0 cannot hold (control characters,
lone surrogates from undecodable file names) are removed from the text."""

from __future__ import annotations

import json
import re
from itertools import chain
from pathlib import Path

import networkx as nx

from ..files import atomic_path

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # outside XML 1.0's Char


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the graph whose attribute values GraphML can hold."""
    ready = graph.copy()
    for attrs in chain((d for _, d in ready.nodes(data=True)), (d for *_, d in ready.edges(data=True))):
        for key, value in list(attrs.items()):
            if value is None:
                del attrs[key]
            elif isinstance(value, (list, dict)):
                attrs[key] = xml_text(json.dumps(value, ensure_ascii=False))
            elif isinstance(value, str):
                attrs[key] = xml_text(value)
    return ready


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    with atomic_path(path) as tmp:
        # the ElementTree writer, not lxml's incremental one: after a failed write (disk full)
        # lxml's writer crashes the interpreter when it is garbage-collected
        nx.write_graphml_xml(graphml_ready(graph), tmp, named_key_ids=True)
