"""The files graphbuild reads at run time besides its code: `cypher/` (the canned reports),
`schema/` (constraints and indexes, the JSON Schema, the Browser style) and
`neo4j-runtime/pom.xml` (the local server's jars).

Their single source is the top-level folders of the repository. A wheel ships copies of them
inside the package, under `graphbuild/_data/` (setup.py copies them when it builds); a source
checkout or an editable install reads the folders themselves.

Example:
    >>> (folder("schema") / "constraints.cypher").read_text(encoding="utf-8")[:2]
    '//'
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Optional

PACKAGED = "_data"  # inside the package, as the wheel has it
FOLDERS = {"cypher": "*.cypher", "schema": "*", "neo4j-runtime": "pom.xml"}  # what the wheel ships
CHECKOUT = Path(__file__).resolve().parent.parent  # the repository, when running from one


def source_checkout() -> Optional[Path]:
    """The repository graphbuild runs from, or None for an installed package."""
    return CHECKOUT if (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "cypher").is_dir() else None


def folder(name: str) -> Traversable:
    """One of FOLDERS: the copy inside the installed package, else the checkout's own folder."""
    if name not in FOLDERS:
        raise KeyError(name)
    packaged = resources.files("graphbuild") / PACKAGED / name
    if packaged.is_dir():
        return packaged
    return CHECKOUT / name
