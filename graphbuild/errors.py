"""Errors the CLI turns into one clear line."""


class GraphbuildError(Exception):
    """Base of every error graphbuild reports to the user."""


class ReadError(GraphbuildError):
    """A document could not be read; the build skips it and goes on."""

    def __init__(self, path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class OutputError(GraphbuildError):
    """A file could not, or may not, be written; what was there is unchanged."""

    def __init__(self, path, problem: str):
        super().__init__(f"cannot write {path}: {problem}")
        self.path = path
        self.problem = problem


class ModelMissingError(GraphbuildError):
    pass


class GraphFileError(GraphbuildError):
    pass


class UnrankedGraphError(GraphbuildError):
    """The graph in Neo4j lacks the rankings that `graphbuild load` sets and the reports read."""
