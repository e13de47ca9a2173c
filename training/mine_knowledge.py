"""Entities the training annotations name again and again -> `graphbuild/knowledge/learned_entities.jsonl`,
and facts they state again and again -> `graphbuild/knowledge/learned_facts.jsonl`: the parts of
the knowledge base learned from data beside the curated `entities.jsonl`.

A name annotated in at least MIN_DOCUMENTS training documents (an excerpt and its passages
count once), with one label in at least LABEL_AGREEMENT of those documents, is a well-known
entity of the field: its canonical name, label and (for an organisation) the kind most
annotations give. Names the curated base already knows stay its (a person's too when spelled
another way), a name spelled like one taken before (accents, case) is that one; names made only
of common English words ('Square', 'Linear'), @handles and single words shorter than
MIN_WORD_CHARS are left out, since a knowledge-base match overrides the recogniser wherever the
name is written.

A fact annotated in at least MIN_FACT_DOCUMENTS training documents ("Sam Altman WORKS_AT
OpenAI", "Anthropic COMPETES_WITH OpenAI") is a known fact of the field: the pipeline takes it
where a document names both ends close together (extract/pipeline.py, for the types of its
KNOWN_FACT_REACH). Only `train/`
is read, never the held-out split.

    python training/mine_knowledge.py training/train/gold graphbuild/knowledge/learned_entities.jsonl \
        graphbuild/knowledge/learned_facts.jsonl
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from graphbuild.knowledge import KnowledgeBase, load_curated
from graphbuild.extract.pipeline import KNOWN_FACT_REACH
from graphbuild.models import CATALOGUE, EntityLabel
from graphbuild.names import is_common_word, normalize
from select_corpus import document_name

MIN_DOCUMENTS = 3
LABEL_AGREEMENT = 0.8
MIN_WORD_CHARS = 3  # 'X', 'Li': too short a name to know it where it is written
MIN_FACT_DOCUMENTS = 2
TAKEN = {rel.value: CATALOGUE[rel] for rel in KNOWN_FACT_REACH}


def mine(gold: Path, known: KnowledgeBase) -> list[dict]:
    labels: dict[str, dict[str, str]] = defaultdict(dict)  # name -> document -> label
    kinds: dict[str, Counter] = defaultdict(Counter)
    for path in sorted(gold.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        for entity in annotation["entities"]:
            name = entity["name"].strip()
            labels[name][document_name(path)] = entity["type"]
            if entity.get("kind"):
                kinds[name][entity["kind"]] += 1
    entries, taken = [], set()
    for name in sorted(labels, key=lambda n: (-len(labels[n]), n)):
        (label, votes), total = Counter(labels[name].values()).most_common(1)[0], len(labels[name])
        if total < MIN_DOCUMENTS or votes < LABEL_AGREEMENT * total or normalize(name) in taken \
                or not _distinctive(name, EntityLabel(label), known):
            continue
        taken.add(normalize(name))
        entry = {"name": name, "label": label}
        if label == "Organization":
            entry["kind"] = kinds[name].most_common(1)[0][0] if kinds[name] else "company"
        entries.append(entry)
    return entries


def mine_facts(gold: Path, known: KnowledgeBase) -> list[dict]:
    """The facts of the types the pipeline takes from the knowledge base (KNOWN_FACT_REACH) that at
    least MIN_FACT_DOCUMENTS documents state, each end by its curated name where the base knows
    it, most stated first; not a job most of them call a past one (said near the firm, it is as
    likely the past as the present)."""
    documents: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    past: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for path in sorted(gold.glob("*.json")):
        for fact in json.loads(path.read_text(encoding="utf-8"))["relations"]:
            spec = TAKEN.get(fact["type"])
            if spec is None:
                continue
            source, target = (_known_name(fact[end].strip(), known) for end in ("source", "target"))
            if spec.symmetric:
                source, target = sorted((source, target))
            documents[(source, spec.type.value, target)].add(document_name(path))
            if fact.get("past"):
                past[(source, spec.type.value, target)].add(document_name(path))
    stated = sorted((fact for fact, docs in documents.items()
                     if len(docs) >= MIN_FACT_DOCUMENTS and 2 * len(past[fact]) < len(docs)),
                    key=lambda fact: (-len(documents[fact]), fact))
    return [{"source": s, "type": t, "target": o, "documents": len(documents[(s, t, o)])} for s, t, o in stated]


def _known_name(name: str, known: KnowledgeBase) -> str:
    entry = known.exact(name)
    return entry.name if entry else name


def _distinctive(name: str, label: EntityLabel, known: KnowledgeBase) -> bool:
    words = normalize(name).split()
    return not name.startswith("@") and not known.knows(name, label) and bool(words) \
        and not all(is_common_word(w) for w in words) and not (len(words) == 1 and len(words[0]) < MIN_WORD_CHARS)


def main() -> None:
    gold, entities_out, facts_out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    for out, found, what in ((entities_out, mine(gold, load_curated()), "entities"),
                             (facts_out, mine_facts(gold, load_curated()), "facts")):
        out.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in found), encoding="utf-8")
        print(f"{len(found)} {what} -> {out}")


if __name__ == "__main__":
    main()
