"""The Neo4j type of a property, as the file formats that Neo4j imports declare it: GraphML's
`attr.type` / `attr.list` (APOC) and neo4j-admin's CSV header (`name:long`, `aliases:string[]`).

Example:
    >>> column = PropertyType()
    >>> for value in (["a", "b"], []):
    ...     column.observe(value)
    >>> column.neo4j_type, column.is_list
    ('string', True)
"""

from __future__ import annotations

from typing import Any


NEO4J_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


class PropertyType:
    """One property's type over every value it takes: a list if any value is one; long and
    double together are double; any other mixture, or no value at all, is string."""

    def __init__(self) -> None:
        self.types: set[type] = set()
        self.is_list = False

    def observe(self, value: Any) -> None:
        if isinstance(value, (list, tuple)):
            self.is_list = True
            self.types.update(map(type, value))
        else:
            self.types.add(type(value))

    @property
    def neo4j_type(self) -> str:
        unknown = self.types - NEO4J_TYPES.keys()
        if unknown:
            raise TypeError(f"Neo4j holds no {unknown.pop().__name__} value")
        names = {NEO4J_TYPES[t] for t in self.types}
        if names and names <= {"long", "double"}:
            return "double" if "double" in names else "long"
        return names.pop() if len(names) == 1 else "string"
