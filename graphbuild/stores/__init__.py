"""Stores the graph is written to: Neo4j (a real server: Docker, or `graphbuild neo4j start`)."""
