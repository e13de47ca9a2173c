"""The graph as the header and data CSV files that `neo4j-admin database import full` reads,
for graphs too big to load in transactions: the ids, labels, properties and relationships
that `graphbuild load` writes, lists as arrays.

One header and one data file per label (`Person.header.csv`, `Person.csv`) and per
relationship type (`WORKS_AT.header.csv`, `WORKS_AT.csv`). The header types each column
(`id:ID`, `:LABEL`, `mention_count:long`, `aliases:string[]`); the stable `id` is both the
import id and a property. Every value is quoted, an absent one is an empty field. Array
items are joined by U+001F, which no text is expected to hold. `neo4j-admin.args` holds the
import's options, file names relative to the folder:

    cd DIR && neo4j-admin database import full @neo4j-admin.args neo4j

neo4j-admin cannot hold every list exactly: it drops an empty one, and it splits an item at
the delimiter. It also trims the items' ends (`--trim-strings`, which is what lets one empty
item, the usual unknown speaker, be written as a space). What such lists belong to goes into
`remainder.json` instead, a graph.json that `graphbuild load --graph` merges in after the
import: its nodes are in the CSVs with their id and label alone, its relationships not at all.

Example:
    Person.header.csv   id:ID,:LABEL,name:string,aliases:string[],mention_count:long,...
    Person.csv          "Person:dario-amodei","Person","Dario Amodei","Dario Amodei<U+001F>Dario","12",...
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Optional

from ..errors import GraphFileError, OutputError
from ..files import replaced_together
from ..graph import check_unique_ids, nodes_by_label, relation_properties, stored_properties
from ..models import EntityLabel, KnowledgeGraph, RelationType
from .json import write_json
from .types import PropertyType

__all__ = ["write_neo4j_admin", "ARGS", "REMAINDER"]

ARGS, REMAINDER = "neo4j-admin.args", "remainder.json"
ARRAY_DELIMITER = "\x1f"  # the ASCII unit separator
NODE_COLUMNS, RELATIONSHIP_COLUMNS = ("id:ID", ":LABEL"), (":START_ID", ":END_ID", ":TYPE")


def file_names(name: str) -> tuple[str, str]:
    """The header and data file of one label or relationship type."""
    return f"{name}.header.csv", f"{name}.csv"


ALL_FILES = [file for kind in (*EntityLabel, *RelationType) for file in file_names(kind.value)] + [ARGS, REMAINDER]


def write_neo4j_admin(kg: KnowledgeGraph, out_dir: Path) -> list[Path]:
    """Write the import files into `out_dir`: they replace an earlier export together, or (on
    failure) none does. Returns the files written. A graph whose nodes share an id is refused."""
    check_unique_ids(kg)
    nodes = [(label, [(item, stored_properties(item)) for item in items])
             for label, items in nodes_by_label(kg)]
    relations = [(rel, relation_properties(rel)) for rel in kg.relations]
    remainder = _remainder(kg, nodes, relations)
    held_back = {e.id for e in remainder.entities} | {i.id for i in remainder.investments}
    by_type: dict[RelationType, list] = {rel_type: [] for rel_type in RelationType}
    for rel, props in relations:
        if fits_csv(props):
            by_type[rel.type].append(((rel.source, rel.target, rel.type.value), props))
    multiline = []
    try:
        with replaced_together(out_dir, ALL_FILES) as staging:
            for label, items in nodes:
                rows = [((item.id, label.value), {} if item.id in held_back else props) for item, props in items]
                if _write_table(staging, label.value, NODE_COLUMNS, rows):
                    multiline.append(file_names(label.value)[1])
            for rel_type, rows in by_type.items():
                if _write_table(staging, rel_type.value, RELATIONSHIP_COLUMNS, rows):
                    multiline.append(file_names(rel_type.value)[1])
            (staging / ARGS).write_text("\n".join(import_arguments(multiline)) + "\n", encoding="utf-8")
            write_json(remainder, staging / REMAINDER)
    except OutputError as err:
        raise GraphFileError(f"could not write the neo4j-admin files to {out_dir} ({err.problem}); "
                             "the files there are unchanged") from None
    return [out_dir / name for name in ALL_FILES]


def import_arguments(multiline: list[str]) -> list[str]:
    """neo4j-admin's options for these files; `multiline`: the data files with a line break in a value."""
    args = [f"--nodes={','.join(file_names(label.value))}" for label in EntityLabel]
    args += [f"--relationships={','.join(file_names(rel_type.value))}" for rel_type in RelationType]
    args += [f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--trim-strings=true"]
    if multiline:  # only these files are parsed the slower way that allows line breaks
        args += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(multiline)}"]
    return args


def fits_csv(props: dict[str, Any]) -> bool:
    """Whether neo4j-admin reads these properties back as they are: every list has an item,
    no item holds the delimiter, and none starts or ends with a character that trimming
    removes (Java's String.trim: every code point up to U+0020)."""
    for value in props.values():
        if isinstance(value, list):
            if not value:
                return False
            for item in value:
                if isinstance(item, str) and item and (ARRAY_DELIMITER in item or item[0] <= " " or item[-1] <= " "):
                    return False
    return True


def _remainder(kg: KnowledgeGraph, nodes: list[tuple[EntityLabel, list]], relations: list[tuple]) -> KnowledgeGraph:
    """The nodes and relationships whose properties the CSVs cannot hold, with the ends of those relationships."""
    odd = {item.id for _, items in nodes for item, props in items if not fits_csv(props)}
    odd_relations = [rel for rel, props in relations if not fits_csv(props)]
    ends = odd | {end for rel in odd_relations for end in (rel.source, rel.target)}
    return KnowledgeGraph(entities=[e for e in kg.entities if e.id in ends],
                          investments=[i for i in kg.investments if i.id in ends],
                          documents=[d for d in kg.documents if d.id in ends], relations=odd_relations)


def _write_table(folder: Path, name: str, fixed: tuple[str, ...], rows: list[tuple[tuple, dict]]) -> bool:
    """Write one header and one data file; True if a value holds a line break."""
    columns: dict[str, PropertyType] = {}
    for _, props in rows:
        for key, value in props.items():
            columns.setdefault(key, PropertyType()).observe(value)
    header = [*fixed, *(f"{key}:{t.neo4j_type}{'[]' if t.is_list else ''}" for key, t in columns.items())]
    header_file, data_file = file_names(name)
    (folder / header_file).write_text(_line(header), encoding="utf-8")
    multiline = False
    with open(folder / data_file, "w", encoding="utf-8", newline="") as out:
        for ends, props in rows:
            line = _line([*ends, *(_text(props.get(key)) for key in columns)])
            multiline = multiline or "\r" in line or line.count("\n") > 1
            out.write(line)
    return multiline


def _line(fields: Iterable[Optional[str]]) -> str:
    # Every value quoted (RFC 4180), an absent one left empty: the csv module of Python 3.11
    # cannot tell the two apart.
    return ",".join("" if f is None else '"' + f.replace('"', '""') + '"' for f in fields) + "\n"


def _text(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(map(_scalar, value)) or " "  # [""]: one item, trimmed to ""
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)
