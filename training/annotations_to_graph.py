"""Hand annotations -> graph.json, so that `graphbuild eval` scores an annotation process
against another set of annotations (the blind run on the dev seeds against shared/gold).

    python training/annotations_to_graph.py ANNOTATION_DIR OUT/graph.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from graphbuild.models import (DocumentNode, Entity, EntityLabel, KnowledgeGraph, OrgKind, Provenance, Relation,
                               RelationType, node_id)


def to_graph(folder: Path) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for path in sorted(folder.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        doc = annotation["doc"]
        kg.documents.append(DocumentNode(id=f"Document:{doc}", name=doc, doc_id=doc, source=doc, layout="annotation"))
        ids = {}
        for e in annotation["entities"]:
            label = EntityLabel(e["type"])
            entity_id = node_id(label, f"{doc}-{e['name']}")
            kind = OrgKind(e["kind"]) if label is EntityLabel.ORGANIZATION and e.get("kind") else None
            kg.entities.append(Entity(id=entity_id, label=label, name=e["name"], kind=kind,
                                      aliases=e.get("aliases", []), mention_count=1, documents=[doc]))
            for form in [e["name"], *e.get("aliases", [])]:
                ids[form.casefold()] = entity_id
        for r in annotation.get("relations", []):
            if r["type"] not in RelationType.__members__:
                continue
            evidence = Provenance(doc_id=doc, start=0, end=0, quote=r.get("evidence", ""))
            kg.relations.append(Relation(type=RelationType(r["type"]), source=ids[r["source"].casefold()],
                                         target=ids[r["target"].casefold()], confidence=1.0, evidence=[evidence]))
    return kg


if __name__ == "__main__":
    out = Path(sys.argv[2])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_graph(Path(sys.argv[1])).model_dump_json(indent=1), encoding="utf-8")
