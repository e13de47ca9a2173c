import json
from pathlib import Path

import igraph
import networkx as nx
import pytest
from lxml import etree

from graphbuild.exporters import read_json, write_graphml, write_json
from graphbuild.graph import to_networkx

XSD = Path(__file__).resolve().parent / "graphml"
G = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def seeds_graphml(seeds_graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("graphml") / "graph.graphml"
    write_graphml(to_networkx(seeds_graph), path)
    return path


def test_graphml_is_valid_against_the_graphml_schema(seeds_graphml):
    # graphml+apoc.xsd: the published schema (unique key, node and edge ids, data naming
    # declared keys) plus `attr.list` on <key>, APOC's convention for list properties
    schema = etree.XMLSchema(etree.parse(str(XSD / "graphml+apoc.xsd")))
    assert schema.validate(etree.parse(str(seeds_graphml))), schema.error_log


def test_graphml_key_ids_are_unique_and_lists_are_typed_the_apoc_way(seeds_graphml):
    keys = etree.parse(str(seeds_graphml)).getroot().findall(f"{G}key")
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))
    by = {(k.get("for"), k.get("attr.name")): k for k in keys}
    assert by["edge", "confidence"].get("id") == "confidence" and by["node", "confidence"].get("id") == "node_confidence"
    assert by["edge", "label"].get("id") == "label"  # APOC reads the relationship type from the key id `label`
    assert by["node", "labels"].get("id") == "labels"
    for name, element_type in (("aliases", "string"), ("documents", "string")):
        assert (by["node", name].get("attr.type"), by["node", name].get("attr.list")) == ("string", element_type)
    for name, element_type in (("quotes", "string"), ("span_starts", "long"), ("doc_ids", "string")):
        assert by["edge", name].get("attr.list") == element_type
    assert by["edge", "confidence"].get("attr.list") is None


def test_graphml_edge_ids_are_unique_and_nodes_carry_a_display_label_and_their_id(seeds_graphml, seeds_graph):
    root = etree.parse(str(seeds_graphml)).getroot()
    edge_ids = [e.get("id") for e in root.iter(f"{G}edge")]
    assert len(edge_ids) == len(set(edge_ids)) == len(seeds_graph.relations)
    graph = nx.read_graphml(seeds_graphml, force_multigraph=True)
    anthropic = graph.nodes["Organization:anthropic"]
    assert anthropic["label"] == anthropic["name"] == "Anthropic"
    assert anthropic["id"] == "Organization:anthropic"
    assert all(d["label"] and d["id"] == n for n, d in graph.nodes(data=True))


# igraph keeps GraphML node ids in a vertex attribute `id`; the file's own `id` property holds the same values
@pytest.mark.filterwarnings("ignore:Could not add vertex ids:RuntimeWarning")
def test_graphml_reads_back_the_same_in_networkx_and_igraph(seeds_graph, tmp_path):
    graph = to_networkx(seeds_graph)
    path = tmp_path / "graph.graphml"
    write_graphml(graph, path)
    by_networkx = nx.read_graphml(path, force_multigraph=True)
    by_igraph = igraph.Graph.Read_GraphML(str(path))
    assert by_networkx.number_of_nodes() == by_igraph.vcount() == graph.number_of_nodes() > 100
    assert by_networkx.number_of_edges() == by_igraph.ecount() == graph.number_of_edges() > 100
    anthropic = by_igraph.vs.find(id="Organization:anthropic")
    assert anthropic["label"] == anthropic["name"] == "Anthropic"
    assert sorted(set(by_igraph.es["label"])) == sorted({d["label"] for *_, d in graph.edges(data=True)})


def test_graphml_follows_the_apoc_convention(seeds_graph, tmp_path):
    path = tmp_path / "graph.graphml"
    write_graphml(to_networkx(seeds_graph), path)
    graph = nx.read_graphml(path, force_multigraph=True)
    node = graph.nodes["Organization:anthropic"]
    assert node["labels"] == ":Organization"
    assert node["name"] == "Anthropic"
    assert "Anthropic" in json.loads(node["aliases"])  # lists travel as JSON strings
    assert isinstance(node["mention_count"], int)
    works = [d for *_, d in graph.edges(data=True) if d["label"] == "WORKS_AT"]
    assert works and all(isinstance(d["confidence"], float) for d in works)
    assert all(len(json.loads(d["quotes"])) == len(json.loads(d["doc_ids"])) for d in works)


def test_every_entity_has_name_and_aliases(seeds_graph):
    for entity in seeds_graph.entities:
        assert entity.name and entity.name in entity.aliases
        assert entity.id.startswith(f"{entity.label.value}:")


def test_json_round_trip_is_lossless(seeds_graph, tmp_path):
    write_json(seeds_graph, tmp_path / "graph.json")
    assert read_json(tmp_path / "graph.json") == seeds_graph


def test_node_ids_of_any_script_make_valid_graphml_and_stay_exact_in_the_id_data(tmp_path):
    # found by tests/test_properties.py: '½' or '𫞫' in a slug made an id the GraphML schema refuses
    from graphbuild.models import Entity, EntityLabel, KnowledgeGraph, Relation, RelationType, node_id

    names = ["Давид Коэн", "½ Lee", "李𫞫", "ĳsselmeer Ŀabs"]
    people = [Entity(id=node_id(EntityLabel.PERSON, n), label=EntityLabel.PERSON, name=n, aliases=[n], mention_count=1,
                     documents=["d"]) for n in names]
    rivals = Relation(type=RelationType.COMPETES_WITH, source=people[1].id, target=people[2].id, confidence=0.9, evidence=[])
    path = tmp_path / "graph.graphml"
    write_graphml(to_networkx(KnowledgeGraph(entities=people, relations=[rivals])), path)
    schema = etree.XMLSchema(etree.parse(str(XSD / "graphml+apoc.xsd")))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    graph = nx.read_graphml(path, force_multigraph=True)
    assert sorted(d["id"] for _, d in graph.nodes(data=True)) == sorted(p.id for p in people)
    assert graph.nodes["Person:_x674E__x2B7AB_"]["id"] == "Person:李𫞫"
    assert [(graph.nodes[u]["id"], graph.nodes[v]["id"]) for u, v in graph.edges()] == [(people[1].id, people[2].id)]
