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


def value_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    raise TypeError(f"Neo4j holds no {type(value).__name__} value: {value!r}")


class PropertyType:
    """One property's type over every value it takes: a list if any value is one; long and
    double together are double; any other mixture, or no value at all, is string."""

    def __init__(self) -> None:
        self.types: set[str] = set()
        self.is_list = False

    def observe(self, value: Any) -> None:
        if isinstance(value, (list, tuple)):
            self.is_list = True
            self.types.update(value_type(v) for v in value)
        else:
            self.types.add(value_type(value))

    @property
    def neo4j_type(self) -> str:
        if self.types and self.types <= {"long", "double"}:
            return "double" if "double" in self.types else "long"
        return next(iter(self.types)) if len(self.types) == 1 else "string"
