"""Entities the training annotations name again and again -> `graphbuild/knowledge/learned_entities.jsonl`,
a part of the knowledge base learned from data beside the curated `entities.jsonl`.

A name annotated in at least MIN_DOCUMENTS training documents (an excerpt and its passages
count once), with one label in at least LABEL_AGREEMENT of its annotations, is a well-known
entity of the field: its canonical name, label and (for an organisation) the kind most
annotations give. Names the curated base already knows stay its; names made only of common
English words ('Square', 'Linear'), @handles and single words of one or two letters are left
out, since a knowledge-base match overrides the recogniser wherever the name is written. Only
`train/` is read, never the held-out split.

    python training/mine_knowledge.py training/train/gold graphbuild/knowledge/learned_entities.jsonl
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from graphbuild.knowledge import KnowledgeBase, load_curated
from graphbuild.names import is_common_word, normalize

MIN_DOCUMENTS = 3
LABEL_AGREEMENT = 0.8


def document_of(annotation: dict) -> str:
    """'show--episode--part2.md' and 'show--episode.md' are one document."""
    return annotation["doc"].removesuffix(".md").split("--part")[0]


def mine(gold: Path, known: KnowledgeBase) -> list[dict]:
    documents: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, Counter] = defaultdict(Counter)
    for path in sorted(gold.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        for entity in annotation["entities"]:
            name = entity["name"].strip()
            documents[name].add(document_of(annotation))
            labels[name][entity["type"]] += 1
            if entity.get("kind"):
                kinds[name][entity["kind"]] += 1
    entries = []
    for name in sorted(documents, key=lambda n: (-len(documents[n]), n)):
        (label, votes), total = labels[name].most_common(1)[0], sum(labels[name].values())
        if len(documents[name]) < MIN_DOCUMENTS or votes < LABEL_AGREEMENT * total or not _distinctive(name, known):
            continue
        entry = {"name": name, "label": label}
        if label == "Organization":
            entry["kind"] = kinds[name].most_common(1)[0][0] if kinds[name] else "company"
        entries.append(entry)
    return entries


def _distinctive(name: str, known: KnowledgeBase) -> bool:
    words = normalize(name).split()
    return not name.startswith("@") and known.exact(name) is None and bool(words) \
        and not all(is_common_word(w) for w in words) and not (len(words) == 1 and len(words[0]) < 3)


def main() -> None:
    gold, out = Path(sys.argv[1]), Path(sys.argv[2])
    entries = mine(gold, load_curated())
    out.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8")
    print(f"{len(entries)} entities -> {out}")


if __name__ == "__main__":
    main()
