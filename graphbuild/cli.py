"""The command line: thin commands over the library; errors become one clear line."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import build as builder
from . import output, reports, schema
from .graph import to_networkx
from .errors import GraphbuildError
from .evaluate import evaluate, load_gold
from .exporters import read_json
from .stores import server
from .stores.neo4j import OWN_LABELS, Neo4jStore, connect, neo4j_errors, redacted

err_console = Console(stderr=True, soft_wrap=True)
console = Console(soft_wrap=True)


class Cli(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GraphbuildError as err:
            raise click.ClickException(str(err)) from None


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="graphbuild")
def cli():
    """Turn documents about an industry into a knowledge graph."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for graph.graphml and graph.json.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Keep only facts at least this confident: higher trades recall for precision.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, write no graph) when any document is skipped.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems: skipped documents and errors.")
@click.option("--summary-json", type=click.Path(dir_okay=False, path_type=Path),
              help="Write counts per label and type, documents read and skipped (with reasons) and timings "
                   "to this JSON file.")
def build(paths, out_dir, min_confidence, strict, quiet, summary_json):
    """Read documents (files or folders of .txt/.md) and write the knowledge graph.

    A document that cannot be read, parsed or extracted is named with the reason on one line
    and skipped; the exit code is non-zero only when nothing was built (or, with --strict,
    when anything was skipped). Example: graphbuild build seeds --out out
    """
    summary = builder.BuildSummary()
    skipped = summary.skipped
    with summary.timed("read"):
        documents = builder.read_documents(list(paths) or [Path("seeds")], lambda s: _skip(skipped, s))
    summary.documents_read = len(documents)
    kg = None
    if documents:
        with summary.timed("extract"), Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=err_console, transient=not err_console.is_terminal, disable=quiet) as progress:
            task = progress.add_task("extracting", total=len(documents))
            kg = builder.build_graph(documents, min_confidence=min_confidence,
                                     on_document=lambda d: progress.advance(task), on_skip=lambda s: _skip(skipped, s))
        summary.count(kg)
    try:
        if not summary.documents_built:
            raise click.ClickException("no document could be read; nothing was built")
        if strict and skipped:
            raise click.ClickException(f"{len(skipped)} skipped with --strict; no graph was written")
        with summary.timed("write"):
            summary.outputs = [str(p) for p in builder.write_outputs(kg, out_dir)]
    finally:
        if summary_json:
            summary.write(summary_json)
    if not quiet:
        console.print(summary_table(kg, summary.documents_built))
        for path in summary.outputs:
            console.print(f"wrote {path}", highlight=False, markup=False)
        if skipped:
            console.print(f"skipped {len(skipped)}: " + ", ".join(s.file for s in skipped), highlight=False, markup=False)


def _skip(skipped: list, skip) -> None:
    skipped.append(skip)
    err_console.print(Text.assemble(("warning: ", "yellow"), str(skip)), highlight=False)


def _read(paths: list[Path], outcome: str):
    """The documents under `paths`, each unreadable file named on stderr; none at all is an error."""
    documents = builder.read_documents(paths, lambda s: _skip([], s))
    if not documents:
        raise click.ClickException(f"no document could be read; nothing was {outcome}")
    return documents


def summary_table(kg, n_documents: int) -> Table:
    table = Table(title=f"graph of {n_documents} documents")
    table.add_column("kind")
    table.add_column("label / type")
    table.add_column("count", justify="right")
    nodes, edges = builder.counts(kg)
    for label, count in nodes.items():
        table.add_row("node", label, str(count))
    for rel, count in edges.items():
        table.add_row("edge", rel, str(count))
    return table


@cli.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=Path("out") / builder.JSON,
              show_default=True, help="The graph.json that `build` wrote.")
@click.option("--details/--no-details", default=True, show_default=True, help="List misses and false positives.")
def eval_command(gold, graph_path, details):
    """Score a built graph against gold annotations: precision, recall, F1.

    Example: graphbuild eval ../shared/gold/*.json --graph out/graph.json
    """
    golds = [load_gold(p) for p in _json_files(gold)]
    report = evaluate(read_json(graph_path), golds)
    for title, table in (("entities", report.entities), ("relations", report.relations)):
        out = Table(title=f"{title} ({len(golds)} gold files)")
        for col in ("label / type", "P", "R", "F1", "tp", "fp", "fn"):
            out.add_column(col, justify="left" if col == "label / type" else "right")
        rows = sorted(table.items()) + [("overall", report.total(table))]
        for name, s in rows:
            out.add_row(name, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", str(s.tp), str(s.fp), str(s.fn))
        console.print(out)
    console.print(f"duplicates: {len(report.duplicates)}")
    if details:
        for title, items in (("duplicates", report.duplicates), ("missed entities", report.missed_entities),
                             ("false entities", report.false_entities), ("missed relations", report.missed_relations),
                             ("false relations", report.false_relations)):
            if items:
                console.print(f"\n[bold]{title}[/] ({len(items)})")
                for item in items:
                    console.print(f"  {item}", highlight=False, markup=False)


DEFAULT_URI = "bolt://127.0.0.1:7687"


def neo4j_options(fn):
    """Connection options shared by the commands that talk to Neo4j; values from the environment."""
    options = [
        click.option("--uri", envvar="NEO4J_URI", default=lambda: server.saved_uri() or DEFAULT_URI,
                     show_default=f"env NEO4J_URI, else the server `graphbuild neo4j start` started, else {DEFAULT_URI}",
                     help="Bolt URI."),
        click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True, help="User (env NEO4J_USER)."),
        click.option("--password", envvar="NEO4J_PASSWORD", default=None,
                     help="Password (env NEO4J_PASSWORD), else the one `graphbuild neo4j start` generated for its server."),
        click.option("--database", envvar="NEO4J_DATABASE", default=None, help="Database (default: the server's default)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Load the graph.json built here (when no PATHS are given).")
@neo4j_options
@click.option("--wipe", is_flag=True,
              help=f"First delete graphbuild's nodes ({', '.join(OWN_LABELS)}); other data stays.")
@click.option("--yes", "-y", is_flag=True, help="Wipe without asking.")
@click.option("--batch-size", type=click.IntRange(1), default=1000, show_default=True, help="Rows per transaction.")
def load(paths, out_dir, uri, user, password, database, wipe, yes, batch_size):
    """Load the graph into Neo4j: schema, then batched MERGEs on stable ids.

    Loading the same graph twice changes nothing; loading new documents merges into the
    nodes already there. Example: graphbuild load --out out
    """
    if paths:
        kg = builder.build_graph(_read(list(paths), "loaded"), on_skip=lambda s: _skip([], s))
    else:
        kg = read_json(out_dir / builder.JSON)
    with _connected(uri, user, password, database) as driver:
        store = Neo4jStore(driver, database, batch_size)
        if wipe:
            found = store.own_nodes()
            if not yes:
                click.confirm(f"Delete {found} nodes labelled {', '.join(OWN_LABELS)} at {redacted(uri)}?", abort=True)
            console.print(f"removed {store.wipe()} nodes", highlight=False)
        stats = store.load(kg)
    console.print(f"loaded {stats.rows} rows in {stats.batches} batches ({stats.seconds:.1f} s): "
                  f"{stats.nodes_created} nodes and {stats.relationships_created} relationships created", highlight=False)


@contextmanager
def _connected(uri, user, password, database):
    """A driver for the command's work, closed after it; every driver error is one line. Without a
    password, the one `neo4j start` generated for the server at `uri` (that one only)."""
    if password is None:
        user, password = server.saved_credentials(uri) or (user, None)
    driver = connect(uri, user, password, database)
    try:
        with neo4j_errors(uri, user, database):
            yield driver
    finally:
        driver.close()


@cli.command()
@click.argument("name", required=False)
@click.option("--list", "list_reports", is_flag=True, help="List the reports, one name per line.")
@click.option("--param", "-p", "params", multiple=True, metavar="K=V", help="A report parameter (repeatable).")
@click.option("--backend", type=click.Choice(["offline", "neo4j"]), default="offline", show_default=True)
@click.option("--format", "fmt", type=click.Choice(output.FORMATS), default="table", show_default=True)
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=Path("out") / builder.JSON,
              show_default=True, help="Offline: the graph.json that `build` wrote.")
@neo4j_options
def report(name, list_reports, params, backend, fmt, graph_path, uri, user, password, database):
    """Run a canned report (cypher/NAME.cypher) on Neo4j or on the offline graph.

    Every parameter has a default, so every report runs with none.
    Example: graphbuild report people --param organization=Anthropic --format csv
    """
    if list_reports or not name:
        for item in reports.REPORTS.values():
            click.echo(f"{item.name}\t{item.description} (params: {', '.join(item.params) or 'none'})")
        return
    chosen = reports.get(name)
    values = reports.parse_params(chosen, list(params))
    if backend == "offline":
        result = reports.run_offline(chosen, to_networkx(read_json(graph_path)), values)
    else:
        with _connected(uri, user, password, database) as driver:
            result = reports.run_neo4j(chosen, driver, values, database)
    click.echo(output.render(result.columns, result.rows, fmt))


@cli.group()
def neo4j():
    """A local Neo4j server without Docker, for development and tests (needs Java 17 and Maven)."""


def server_options(fn):
    for option in reversed([
        click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=server.RUNTIME / "dev",
                     show_default=True, help="The instance's folder: data, logs, conf."),
        click.option("--bolt-port", type=int, default=7687, show_default=True),
        click.option("--http-port", type=int, default=7474, show_default=True),
    ]):
        fn = option(fn)
    return fn


def _server(home, bolt_port, http_port) -> server.LocalNeo4j:
    return server.LocalNeo4j(home=home.resolve(), bolt_port=bolt_port, http_port=http_port,
                             password=os.environ.get("NEO4J_PASSWORD") or None)


@neo4j.command("start")
@server_options
def neo4j_start(home, bolt_port, http_port):
    """Assemble (first time) and start the server with authentication on; return when Bolt answers.

    The password is NEO4J_PASSWORD, else one generated for the instance and kept in its
    folder (credentials.json, mode 0600), where load and report find it.
    """
    local = _server(home, bolt_port, http_port)
    local.start()
    saved = server.save_connection(local)
    kept = local.home / server.CREDENTIALS
    login = f"user {server.USER}, password in {kept}" if kept.exists() and not os.environ.get("NEO4J_PASSWORD") \
        else f"user {server.USER}, password NEO4J_PASSWORD"
    console.print(f"Neo4j running (pid {local.pid()}): {local.uri}  Browser: {local.browser_url} ({login})",
                  highlight=False, markup=False)
    console.print(f"load and report use it (noted in {saved}); elsewhere:\nexport NEO4J_URI={local.uri}",
                  highlight=False, markup=False)


@neo4j.command("stop")
@server_options
def neo4j_stop(home, bolt_port, http_port):
    """Stop the server cleanly."""
    local = _server(home, bolt_port, http_port)
    stopped = local.stop()
    server.forget_connection(local)
    console.print("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j.command("status")
@server_options
def neo4j_status(home, bolt_port, http_port):
    """Say whether the server runs; exit 1 if it does not."""
    local = _server(home, bolt_port, http_port)
    pid = local.pid()
    console.print(f"Neo4j running (pid {pid}): {local.uri}" if pid else "Neo4j is not running", highlight=False)
    if not pid:
        sys.exit(1)


@cli.command("schema")
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=schema.SCHEMA_DIR,
              show_default=True, help="Folder to write graph.schema.json into.")
def schema_command(folder):
    """Regenerate the JSON Schema of graph.json from the models.

    Example: graphbuild schema
    """
    console.print(f"wrote {schema.write_json_schema(folder)}", highlight=False, markup=False)


def _json_files(paths):
    for path in paths:
        yield from sorted(path.glob("*.json")) if path.is_dir() else [path]


def main():
    sys.exit(cli())
