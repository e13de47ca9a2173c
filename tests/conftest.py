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
def build_text(nlp):
    """Build a graph from texts written here: {file name: text}."""
    from graphbuild.build import build_graph
    from graphbuild.readers import read_text

    def build(files: dict[str, str]):
        docs = [d for name, text in files.items() for d in read_text(text, name)]
        return build_graph(docs, nlp)

    return build
