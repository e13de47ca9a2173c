"""People's given names -> `graphbuild/knowledge/given_names.txt`: what tells, in a transcript, a
first name said alone ('thanks, Danny') from a firm's one-word name, where the recogniser
took the one for the other.

The names are Faker's (`faker.providers.person`, census and registry lists of some 80 locales),
those written in Latin letters, normalised as the pipeline looks them up ('José' is 'jose').
Left out: a name the training annotations give a firm, a product or a model ('Harvey',
'Devin', 'Claude'), since one of the field's is as likely meant. Faker's version is pinned in
pyproject.toml: another release lists other names.

    python training/given_names.py training/train/gold graphbuild/knowledge/given_names.txt
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

from graphbuild.models import unaccented
from graphbuild.names import normalize

NAME_LISTS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
HEADER = ("# People's given names, normalised (graphbuild.names.normalize): training/given_names.py writes\n"
          "# this file from Faker's lists, less the names the training annotations give a firm, a product\n"
          "# or a model.\n")


def faker_given_names() -> set[str]:
    import faker.providers.person  # make train's extra only: the shipped list is read at run time

    names: set[str] = set()
    for module in pkgutil.iter_modules(faker.providers.person.__path__):
        provider = importlib.import_module(f"{faker.providers.person.__name__}.{module.name}").Provider
        for attribute in NAME_LISTS:
            listed = next((vars(cls)[attribute] for cls in provider.__mro__ if attribute in vars(cls)), ())
            if isinstance(listed, property):  # a locale that picks names at random has no list
                continue
            names |= {normalize(n) for n in listed if n.isalpha() and unaccented(n).isascii()}  # Latin letters
    return names


def names_of_things(gold: Path) -> set[str]:
    """Every one-word name or alias the annotations give an entity that is not a person."""
    found = set()
    for path in gold.glob("*.json"):
        for entity in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            if entity["type"] != "Person":
                found |= {normalize(n) for n in [entity["name"], *entity.get("aliases", [])] if len(n.split()) == 1}
    return found


def main() -> None:
    gold, out = Path(sys.argv[1]), Path(sys.argv[2])
    names = sorted(faker_given_names() - names_of_things(gold))
    out.write_text(HEADER + "".join(f"{n}\n" for n in names), encoding="utf-8")
    print(f"{len(names)} given names -> {out}")


if __name__ == "__main__":
    main()
