from graphbuild.schema import SCHEMA_DIR, json_schema


def test_committed_json_schema_is_current():
    committed = (SCHEMA_DIR / "graph.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema(), "schema/graph.schema.json is stale: run `graphbuild schema`"
