import pytest

from graphbuild.schema import GENERATORS, SCHEMA_DIR


@pytest.mark.parametrize("name", GENERATORS)
def test_committed_schema_files_are_current(name):
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == GENERATORS[name](), f"schema/{name} is stale: run `graphbuild schema`"
