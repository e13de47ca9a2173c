from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def nlp():
    from graphbuild.extract.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_documents():
    from graphbuild.build import read_documents

    warnings = []
    docs = read_documents([SEEDS], warnings.append)
    assert warnings == []
    return docs


@pytest.fixture(scope="session")
def seeds_graph(seed_documents, nlp):
    from graphbuild.build import build_graph

    return build_graph(seed_documents, nlp)


@pytest.fixture(scope="session")
def awkward_graph(seeds_graph):
    """The seeds' graph with list items that neo4j-admin's CSV cannot hold as they are: an alias
    with spaces at its ends, a quote starting with a line break, a doc id holding U+001F."""
    from graphbuild.models import Provenance

    kg = seeds_graph
    entity = kg.entities[0].model_copy(update={"aliases": [*kg.entities[0].aliases, " padded name "]})
    first, *rest = kg.relations
    evidence = first.evidence[0].model_dump()
    odd = [Provenance(**{**evidence, "quote": "\nstarts with a line break"}),
           Provenance(**{**evidence, "doc_id": "unit\x1fseparated", "quote": "a quote"})]
    relation = first.model_copy(update={"evidence": [*first.evidence, *odd]})
    return kg.model_copy(update={"entities": [entity, *kg.entities[1:]], "relations": [relation, *rest]})


@pytest.fixture(scope="session")
def build_text(nlp):
    """Build a graph from texts written here: {file name: text}."""
    from graphbuild.build import build_graph
    from graphbuild.readers import read_text

    def build(files: dict[str, str]):
        docs = [d for name, text in files.items() for d in read_text(text, name)]
        return build_graph(docs, nlp)

    return build


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A real Neo4j: the one NEO4J_URI names, else a fresh local server for this session."""
    import os
    import secrets

    from graphbuild.stores.server import LocalNeo4j

    if os.environ.get("NEO4J_URI"):
        yield {"uri": os.environ["NEO4J_URI"], "user": os.environ.get("NEO4J_USER", "neo4j"),
               "password": os.environ.get("NEO4J_PASSWORD"), "http_port": None, "import_dir": None}
        return
    password = secrets.token_hex(8)
    local = LocalNeo4j(home=tmp_path_factory.mktemp("neo4j"), bolt_port=_free_port(), http_port=_free_port(),
                       password=password)
    local.start()
    try:
        yield {"uri": local.uri, "user": "neo4j", "password": password, "http_port": local.http_port,
               "import_dir": local.home / "import"}
    finally:
        local.stop()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server):
    from graphbuild.stores.neo4j import connect

    driver = connect(neo4j_server["uri"], neo4j_server["user"], neo4j_server["password"])
    yield driver
    driver.close()


@pytest.fixture
def store(neo4j_driver):
    """A store over an emptied database."""
    from graphbuild.stores.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_driver, batch_size=50)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    return store
