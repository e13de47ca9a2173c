"""Ground hand annotations in their text: every name and quote must be found by code.

An annotation file `<split>/gold/<doc>.json` (the format of shared/gold/README.md) describes
`<split>/texts/<doc>`. Every alias must occur in the text exactly as written (case included,
at word boundaries); every evidence quote must be a verbatim substring (runs of whitespace may
differ). `spans` returns the character spans the training data is made from.

    python training/ground.py training/train/gold/*.json     # lists problems, exit 1 if any
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from graphbuild.models import ENTITY_LABELS

TYPES = {label.value for label in ENTITY_LABELS}
KINDS = {"company", "investor", "lab", "university", "media", "government", "other"}
RELATIONS = {"WORKS_AT", "FOUNDED", "INVESTED_IN", "COMPETES_WITH", "DEVELOPED", "ACQUIRED",
             "PARTNERED_WITH", "CUSTOMER_OF"}
MAX_QUOTE = 300


def text_of(annotation_path: Path, annotation: dict) -> str:
    return (annotation_path.parent.parent / "texts" / annotation["doc"]).read_text(encoding="utf-8")


def alias_pattern(alias: str) -> re.Pattern:
    return re.compile(r"(?<![\w@])" + re.escape(alias) + r"(?![\w])")


def surface_forms(entity: dict) -> list[str]:
    return sorted({entity["name"], *entity.get("aliases", [])}, key=len, reverse=True)


def spans(text: str, annotation: dict) -> list[tuple[int, int, str]]:
    """(start, end, type) of every occurrence of every surface form; longer forms win overlaps."""
    found = []
    forms = [(form, e["type"]) for e in annotation["entities"] for form in surface_forms(e)]
    for form, label in sorted(forms, key=lambda f: -len(f[0])):
        for m in alias_pattern(form).finditer(text):
            found.append((m.start(), m.end(), label))
    taken, kept = set(), []
    for start, end, label in sorted(found, key=lambda s: (-(s[1] - s[0]), s[0])):
        if not taken & set(range(start, end)):
            taken.update(range(start, end))
            kept.append((start, end, label))
    return sorted(kept)


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Where the quote occurs in the text; any run of whitespace in either matches any other
    (quotes are copied across transcript line breaks)."""
    words = quote.split()
    if not words:
        return []
    return [m.span() for m in re.finditer(r"\s+".join(map(re.escape, words)), text)]


def problems(path: Path) -> list[str]:
    try:
        annotation = json.loads(path.read_text(encoding="utf-8"))
        text = text_of(path, annotation)
    except (OSError, ValueError, KeyError) as err:
        return [f"cannot read: {err}"]
    out, names = [], {}
    for e in annotation.get("entities", []):
        if e.get("type") not in TYPES:
            out.append(f"entity {e.get('name')!r}: type {e.get('type')!r} is not one of {sorted(TYPES)}")
        if e.get("type") == "Organization" and e.get("kind") not in KINDS:
            out.append(f"entity {e.get('name')!r}: kind {e.get('kind')!r} is not one of {sorted(KINDS)}")
        forms = surface_forms(e)
        if not any(alias_pattern(f).search(text) for f in forms):
            out.append(f"entity {e['name']!r}: neither the name nor an alias occurs in the text")
        for alias in e.get("aliases", []):
            if not alias_pattern(alias).search(text):
                out.append(f"entity {e['name']!r}: alias {alias!r} does not occur in the text as written")
        for form in forms:
            if form.casefold() in names and names[form.casefold()] != e["name"]:
                out.append(f"{form!r} names two entities: {names[form.casefold()]!r} and {e['name']!r}")
            names[form.casefold()] = e["name"]
    for r in annotation.get("relations", []):
        label = f"relation {r.get('source')} -{r.get('type')}-> {r.get('target')}"
        if r.get("type") not in RELATIONS:
            out.append(f"{label}: unknown type")
        for end in ("source", "target"):
            if str(r.get(end, "")).casefold() not in names:
                out.append(f"{label}: {end} {r.get(end)!r} is not an annotated entity name or alias")
        out.extend(_quote_problems(label, r.get("evidence"), text))
    for i in annotation.get("investments", []):
        label = f"investment in {i.get('investee')}"
        for name in [i.get("investee"), *i.get("investors", [])]:
            if str(name).casefold() not in names:
                out.append(f"{label}: {name!r} is not an annotated entity name or alias")
        out.extend(_quote_problems(label, i.get("evidence"), text))
    return out


def _quote_problems(label: str, quote, text: str) -> list[str]:
    if not quote:
        return [f"{label}: no evidence quote"]
    if len(quote) > MAX_QUOTE:
        return [f"{label}: evidence longer than {MAX_QUOTE} characters"]
    if not quote_spans(text, quote):
        return [f"{label}: evidence is not verbatim in the text: {quote!r}"]
    return []


def main(paths: list[str]) -> int:
    bad = 0
    for name in paths:
        found = problems(Path(name))
        for problem in found:
            print(f"{name}: {problem}")
        bad += bool(found)
    print(f"{len(paths) - bad} of {len(paths)} files clean")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
