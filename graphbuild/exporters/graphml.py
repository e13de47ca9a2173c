"""GraphML in the Neo4j APOC convention, valid against the GraphML schema.

- Nodes: `labels` = ":Person" (what `apoc.import.graphml` makes labels of, with
  `readLabels: true`), the stable `id` ("Person:dario-amodei", also the node's GraphML id,
  so that it survives an import as a property), and `label`, the display name that Gephi,
  yEd and Cytoscape show.
- A node's GraphML id is its stable id with every character other than ASCII letters, digits,
  '-', '.' and ':' written `_xHHHH_` (its code point): the schema's id type (NMTOKEN) takes only
  the letters of XML 1.0's fourth edition, which validators still apply. Ids of any other
  script ("Person:давид-коэн") stay exact in the `id` data.
- Edges: `label` = "WORKS_AT" first (APOC reads the relationship type from it), ids e0, e1, ...
- Every key id is unique: a property that both nodes and edges have (`confidence`,
  `quotes`, `label`) gets the key id `node_<name>` for nodes; `attr.name` stays the name.
- Lists are written as APOC's own export writes them: the key says `attr.type="string"`
  and `attr.list="<element type>"`, the value is a JSON array, and `apoc.import.graphml`
  reads it back as an array. Readers that do not know `attr.list` (networkx, igraph,
  Gephi) see the JSON text. `attr.list` is an extra key attribute, the way the GraphML
  schema is meant to be extended (its `key.extra.attrib` group).

Example:
    <key id="aliases" for="node" attr.name="aliases" attr.type="string" attr.list="string"/>
    <node id="Organization:anthropic"><data key="labels">:Organization</data>
      <data key="id">Organization:anthropic</data><data key="node_label">Anthropic</data> ...
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from ..files import atomic_path
from .types import PropertyType

__all__ = ["write_graphml", "generate_graphml"]

NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
SCHEMA_LOCATION = f"{NAMESPACE} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # no XML 1.0 char
NOT_ID = re.compile(r"[^A-Za-z0-9.:-]")  # slugs never hold '_', so `_xHHHH_` reads back one way
FIRST = {"node": ("labels", "id", "label"), "edge": ("label",)}  # written first, in this order


class _Key(PropertyType):
    def __init__(self, domain: str, name: str):
        super().__init__()
        self.domain, self.name = domain, name
        self.id = name

    def element(self) -> str:
        typed = (f'attr.type="string" attr.list="{self.neo4j_type}"' if self.is_list
                 else f'attr.type="{self.neo4j_type}"')
        return f'  <key id={quoteattr(self.id)} for="{self.domain}" attr.name={quoteattr(self.name)} {typed}/>\n'

    def text(self, value: Any) -> str:
        if isinstance(value, (list, tuple)):
            text = json.dumps(list(value), ensure_ascii=False)
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = str(value)
        return escape(NOT_XML.sub("", text))


def element_id(node_id: str) -> str:
    """The node's id as a GraphML NMTOKEN every validator accepts."""
    return NOT_ID.sub(lambda m: f"_x{ord(m.group()):04X}_", node_id)


def node_attributes(node_id: str, data: dict) -> dict[str, Any]:
    """What a node carries in GraphML: the APOC `labels`, its stable `id`, a display `label`, its properties."""
    attrs = {"labels": data.get("labels", ""), "id": node_id, "label": data.get("name") or node_id}
    attrs.update((k, v) for k, v in data.items() if k not in attrs)
    return attrs


def _ordered(domain: str, attrs: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    first = FIRST[domain]
    for name in first:
        if attrs.get(name) is not None:
            yield name, attrs[name]
    for name, value in attrs.items():
        if name not in first and value is not None:
            if isinstance(value, dict):
                raise TypeError(f"GraphML holds no dict value: {name}={value!r}")
            yield name, value


def generate_graphml(graph: nx.MultiDiGraph) -> Iterable[str]:
    """The GraphML document, line by line."""
    nodes = [(str(n), list(_ordered("node", node_attributes(str(n), d)))) for n, d in graph.nodes(data=True)]
    edges = [(str(u), str(v), list(_ordered("edge", d))) for u, v, d in graph.edges(data=True)]
    keys: dict[tuple[str, str], _Key] = {}
    for domain, items in (("node", (a for _, a in nodes)), ("edge", (a for *_, a in edges))):
        for attrs in items:
            for name, value in attrs:
                keys.setdefault((domain, name), _Key(domain, name)).observe(value)
    edge_names = {name for domain, name in keys if domain == "edge"}
    for (domain, name), key in keys.items():
        if domain == "node" and name in edge_names:
            key.id = f"node_{name}"  # one id per key: the edge key keeps the plain name (APOC reads `label`)
    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield (f'<graphml xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{SCHEMA_LOCATION}">\n')
    for key in sorted(keys.values(), key=lambda k: (k.domain != "node", k.id)):
        yield key.element()
    yield '  <graph id="G" edgedefault="directed">\n'
    for node_id, attrs in nodes:
        yield f"    <node id={quoteattr(element_id(node_id))}>"
        yield "".join(f'<data key={quoteattr(keys["node", n].id)}>{keys["node", n].text(v)}</data>'
                      for n, v in attrs)
        yield "</node>\n"
    for i, (source, target, attrs) in enumerate(edges):
        yield f"    <edge id=\"e{i}\" source={quoteattr(element_id(source))} target={quoteattr(element_id(target))}>"
        yield "".join(f'<data key={quoteattr(keys["edge", n].id)}>{keys["edge", n].text(v)}</data>'
                      for n, v in attrs)
        yield "</edge>\n"
    yield "  </graph>\n</graphml>\n"


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as out:
        out.writelines(generate_graphml(graph))
