"""The files of `graphbuild export --format neo4j-admin`, read back as neo4j-admin reads them
(tests/e2e/test_bulk_import.py runs the import itself)."""

import csv
import shutil

import pytest
from click.testing import CliRunner

from graphbuild.cli import cli
from graphbuild.exporters import read_json, write_json, write_neo4j_admin
from graphbuild.exporters.neo4j_admin import ARGS, REMAINDER, fits_csv
from graphbuild.stores.bulk import check_files
from graphbuild.stores.neo4j import StoreError


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def exported(awkward_graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bulk")
    write_neo4j_admin(awkward_graph, folder)
    return folder


def test_headers_type_every_column_and_arrays_hold_every_item(exported, seeds_graph):
    header = rows(exported / "Organization.header.csv")[0]
    assert header[:2] == ["id:ID", ":LABEL"]
    assert {"name:string", "aliases:string[]", "mention_count:long", "in_knowledge_base:boolean",
            "kind:string"} <= set(header)
    anthropic = next(e for e in seeds_graph.entities if e.id == "Organization:anthropic")
    row = dict(zip(header, next(r for r in rows(exported / "Organization.csv") if r[0] == anthropic.id)))
    assert row[":LABEL"] == "Organization" and row["name:string"] == anthropic.name
    assert row["aliases:string[]"].split("\x1f") == anthropic.aliases
    assert row["mention_count:long"] == str(anthropic.mention_count)

    header = rows(exported / "WORKS_AT.header.csv")[0]
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"confidence:double", "span_starts:long[]", "speakers:string[]"} <= set(header)
    works_at = rows(exported / "WORKS_AT.csv")
    unknown = header.index("speakers:string[]")
    assert any(r[unknown] == " " for r in works_at)  # one witness, no speaker: [""], which trimming gives back


def test_the_args_file_names_every_file_and_the_options_that_read_them(exported):
    args = (exported / ARGS).read_text(encoding="utf-8").splitlines()
    assert "--nodes=Person.header.csv,Person.csv" in args
    assert "--relationships=MENTIONED_IN.header.csv,MENTIONED_IN.csv" in args
    assert {"--array-delimiter=U+001F", "--trim-strings=true", "--multiline-fields-format=v2"} <= set(args)
    multiline = next(a for a in args if a.startswith("--multiline-fields=")).split("=", 1)[1].split(",")
    assert all("\n" in (exported / name).read_text(encoding="utf-8") for name in multiline)


def test_what_csv_cannot_hold_goes_to_the_remainder_and_nowhere_else(exported, awkward_graph, seeds_graph, tmp_path):
    entity, relation = awkward_graph.entities[0], awkward_graph.relations[0]
    remainder = read_json(exported / REMAINDER)
    assert remainder.relations == [relation]
    assert {e.id for e in remainder.entities} | {i.id for i in remainder.investments} == \
        {entity.id, relation.source, relation.target}
    held_back = next(r for r in rows(exported / f"{entity.label.value}.csv") if r[0] == entity.id)
    assert held_back[2:] == [""] * (len(held_back) - 2)  # only its id and label: load sets the rest
    assert not any(r[:2] == [relation.source, relation.target] for r in rows(exported / f"{relation.type.value}.csv"))

    write_neo4j_admin(seeds_graph, tmp_path)
    assert read_json(tmp_path / REMAINDER).model_dump(exclude_defaults=True) == {}


@pytest.mark.parametrize("props, fits", [
    ({"aliases": ["a b", ""], "n": 3}, True),
    ({"speakers": [""]}, True),
    ({"aliases": []}, False),
    ({"aliases": ["ok", "trailing "]}, False),
    ({"quotes": ["\tindented"]}, False),
    ({"doc_ids": ["a\x1fb"]}, False),
])
def test_fits_csv(props, fits):
    assert fits_csv(props) is fits


def test_export_writes_the_same_files_again_and_a_missing_graph_changes_nothing(seeds_graph, tmp_path):
    write_json(seeds_graph, tmp_path / "out" / "graph.json")
    runner = CliRunner()
    args = ["export", "--format", "neo4j-admin", "--graph", str(tmp_path / "out" / "graph.json"),
            "--out", str(tmp_path / "bulk")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote 30 files to {tmp_path / 'bulk'}\n"
    first = (tmp_path / "bulk" / "WORKS_AT.csv").read_bytes()
    assert runner.invoke(cli, args).exit_code == 0
    assert (tmp_path / "bulk" / "WORKS_AT.csv").read_bytes() == first
    assert not [p for p in (tmp_path / "bulk").iterdir() if p.name.startswith(".")]  # no staging folder left

    missing = runner.invoke(cli, ["export", "--format", "neo4j-admin", "--graph", str(tmp_path / "none.json"),
                                  "--out", str(tmp_path / "bulk")])
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines()[-1] == f"Error: {tmp_path / 'none.json'}: no such graph file; run 'graphbuild build' first"
    assert (tmp_path / "bulk" / "WORKS_AT.csv").read_bytes() == first


def test_a_name_too_long_for_an_index_is_cut_as_load_cuts_it(seeds_graph, tmp_path):
    from graphbuild.graph import INDEXED_CHARS

    person = next(e for e in seeds_graph.entities if e.label.value == "Person")
    long_name = "N" * (INDEXED_CHARS * 3)
    kg = seeds_graph.model_copy(update={"entities": [person.model_copy(update={"name": long_name})]})
    write_neo4j_admin(kg, tmp_path)
    header, row = rows(tmp_path / "Person.header.csv")[0], rows(tmp_path / "Person.csv")[0]
    written = dict(zip(header, row))
    assert (written["name:string"], written["uncut_name:string"]) == (long_name[:INDEXED_CHARS], long_name)


@pytest.mark.parametrize("line, problem", [
    ('"Person:torn","Person","Torn, "line', "not CSV as neo4j-admin reads it (',' expected after '\"')"),
    ('"Person:short","Person"', "2 fields where the header has"),
    ('"Person:count","Person","N","N","many","d","false","true"', "'many' in column mention_count:long is not a long"),
    ('"Person:flag","Person","N","N","1","d","maybe","true"', "'maybe' in column in_knowledge_base:boolean is not a boolean"),
])
def test_the_import_files_are_checked_line_by_line_before_the_store_is_touched(exported, tmp_path, line, problem):
    check_files(exported)  # the export as written: every line as neo4j-admin reads it
    shutil.copytree(exported, tmp_path / "bad")
    person = tmp_path / "bad" / "Person.csv"
    rows = person.read_text(encoding="utf-8").splitlines(keepends=True)
    person.write_text("".join([rows[0], line + "\n", *rows[1:]]), encoding="utf-8")
    with pytest.raises(StoreError) as refused:
        check_files(tmp_path / "bad")
    assert str(refused.value).startswith(f"{person}, line 2: {problem}")
    assert str(refused.value).endswith("; nothing was imported")


def test_duplicate_ids_and_relationships_to_no_node_are_refused(exported, tmp_path):
    shutil.copytree(exported, tmp_path / "bad")
    person = tmp_path / "bad" / "Person.csv"
    first = person.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    with open(person, "a", encoding="utf-8") as out:
        out.write(first)
    with pytest.raises(StoreError, match=f"id '{rows(exported / 'Person.csv')[0][0]}' appears twice"):
        check_files(tmp_path / "bad")
    person.write_text(first, encoding="utf-8")
    with pytest.raises(StoreError, match="a relationship to '.*', which no node file holds"):
        check_files(tmp_path / "bad")
