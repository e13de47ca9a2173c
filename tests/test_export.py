import json

import igraph
import networkx as nx

from graphbuild.exporters import read_json, write_graphml, write_json
from graphbuild.graph import to_networkx


def test_graphml_reads_back_the_same_in_networkx_and_igraph(seeds_graph, tmp_path):
    graph = to_networkx(seeds_graph)
    path = tmp_path / "graph.graphml"
    write_graphml(graph, path)
    by_networkx = nx.read_graphml(path, force_multigraph=True)
    by_igraph = igraph.Graph.Read_GraphML(str(path))
    assert by_networkx.number_of_nodes() == by_igraph.vcount() == graph.number_of_nodes() > 100
    assert by_networkx.number_of_edges() == by_igraph.ecount() == graph.number_of_edges() > 100


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
