"""Writers of the built graph: GraphML (Gephi, yEd, Cytoscape, networkx, APOC), JSON, and the
CSV files of `neo4j-admin database import full`."""

from .graphml import write_graphml
from .json import read_json, write_json
from .neo4j_admin import write_neo4j_admin

__all__ = ["write_graphml", "write_json", "read_json", "write_neo4j_admin"]
