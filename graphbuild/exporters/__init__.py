"""Writers of the built graph: GraphML (Gephi, yEd, Cytoscape, networkx, APOC) and JSON."""

from .graphml import write_graphml
from .json import read_json, write_json

__all__ = ["write_graphml", "write_json", "read_json"]
