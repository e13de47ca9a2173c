"""The command line: thin commands over the library; errors become one clear line."""

from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import build as builder
from .cache import DEFAULT_FOLDER as DEFAULT_CACHE, ExtractionCache, pipeline_version
from . import output, reports, schema
from .engines import ray_engine
from .graph import MARKER, to_networkx
from .readers import layout_note
from .reports.neo4j import Neo4jReports
from .reports.offline import Offline
from .errors import GraphbuildError
from .evaluate import OVERALL, confidence_curve, evaluate, load_gold
from .exporters import read_json, write_neo4j_admin
from .extract.budget import MIN_KB, SECONDS_PER_KB, TimeBudget
from .files import atomic_path, check_output
from .stores import server
from .stores.bulk import bulk_import
from .stores.neo4j import Neo4jStore, connect, neo4j_errors, redacted

err_console = Console(stderr=True, soft_wrap=True)
console = Console(soft_wrap=True)


class Terminated(KeyboardInterrupt):
    """SIGTERM (what `timeout` and a cancelled CI job send): it stops a command as Ctrl-C does."""


def _terminate(signum, frame):
    raise Terminated()


class Cli(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GraphbuildError as err:
            raise click.ClickException(str(err)) from None
        except KeyboardInterrupt as stop:  # the workers are stopped already; outputs are written whole or not at all
            terminated = isinstance(stop, Terminated)
            err_console.print(f"Error: stopped by {'SIGTERM' if terminated else 'Ctrl-C'}", highlight=False)
            ctx.exit(128 + (signal.SIGTERM if terminated else signal.SIGINT))


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
@click.option("--workers", "-j", type=click.IntRange(1), default=None,
              help="Processes that extract documents side by side [default: the number of cores].")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=f"Folder of the extraction cache [default: {DEFAULT_CACHE} beside --out].")
@click.option("--no-cache", is_flag=True, help="Extract every document again, and keep nothing for next time.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where documents are extracted: worker processes here, or a Ray cluster "
                   "(pip install 'graphbuild[ray]'); reading, the cache and resolution stay here.")
@click.option("--address", envvar="RAY_ADDRESS", default=None,
              help="With --engine ray: the cluster, e.g. ray://head:10001 (env RAY_ADDRESS; none: a local one).")
@click.option("--time-budget", type=click.FloatRange(0, min_open=True), default=SECONDS_PER_KB, show_default=True,
              help=f"CPU seconds a document's extraction may take per 1,000 characters (at least {MIN_KB * 1000:,} "
                   "characters' worth); a document past it is skipped with one line.")
def build(paths, out_dir, min_confidence, strict, quiet, summary_json, workers, cache_dir, no_cache, engine, address,
          time_budget):
    """Read documents (files or folders of .txt/.md/.vtt/.srt) and write the knowledge graph.

    A document that cannot be read, parsed or extracted is named with the reason on one line
    and skipped; the exit code is non-zero only when nothing was built (or, with --strict,
    when anything was skipped). Documents extracted before are read from the cache; a copy of
    another document is built once. Example: graphbuild build seeds --out out
    """
    if summary_json:
        check_output(summary_json)  # before the work, not after it
    summary = builder.BuildSummary()
    skipped = summary.skipped
    extractor = ray_engine.ray_extractor(address, TimeBudget(time_budget)) if engine == "ray" else None
    cache_dir = cache_dir or out_dir.parent / DEFAULT_CACHE
    cache = None if no_cache else ExtractionCache(cache_dir, pipeline_version(), warn=_warn)
    with summary.timed("read"):
        documents = builder.read_documents(list(paths) or [Path("seeds")], lambda s: _skip(skipped, s),
                                           leave_out=[out_dir, cache_dir])
    summary.documents_read = len(documents)
    summary.notes = [note for note in map(layout_note, documents) if note]
    for note in [] if quiet else summary.notes:
        err_console.print(Text.assemble(("note: ", "cyan"), note), highlight=False)
    kg = None
    if documents:
        with summary.timed("extract"), Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=err_console, transient=not err_console.is_terminal, disable=quiet) as progress:
            task = progress.add_task("extracting", total=len(documents))
            kg = builder.build_graph(documents, min_confidence=min_confidence,
                                     on_document=lambda d: progress.advance(task), on_skip=lambda s: _skip(skipped, s),
                                     workers=workers or builder.default_workers(), extractor=extractor, cache=cache,
                                     on_duplicate=summary.duplicates.append, on_cached=summary.note_cached,
                                     time_budget=TimeBudget(time_budget))
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
        for duplicate in summary.duplicates:
            console.print(str(duplicate), highlight=False, markup=False)
        if cache:
            console.print(f"extracted {summary.documents_built - summary.documents_from_cache} documents, "
                          f"{summary.documents_from_cache} read from the cache", highlight=False)
        for path in summary.outputs:
            console.print(f"wrote {path}", highlight=False, markup=False)
        if skipped:
            console.print(f"skipped {len(skipped)}: " + ", ".join(s.file for s in skipped), highlight=False, markup=False)


def _skip(skipped: list, skip) -> None:
    skipped.append(skip)
    _warn(str(skip))


def _warn(message: str) -> None:
    err_console.print(Text.assemble(("warning: ", "yellow"), message), highlight=False)


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


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["neo4j-admin"]), required=True,
              help="neo4j-admin: the header and data CSVs of `neo4j-admin database import full`.")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the files into.")
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=Path("out") / builder.JSON,
              show_default=True, help="The graph.json that `build` wrote.")
def export(fmt, out_dir, graph_path):
    """Write the graph in a format another tool imports.

    neo4j-admin: the files for a bulk import into a stopped Neo4j (`graphbuild neo4j import`),
    with the same ids, labels, properties and relationships as `load`.
    Example: graphbuild export --format neo4j-admin --out out/neo4j-admin
    """
    written = write_neo4j_admin(read_json(graph_path), out_dir)
    console.print(f"wrote {len(written)} files to {out_dir}", highlight=False, markup=False)


@cli.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=Path("out") / builder.JSON,
              show_default=True, help="The graph.json that `build` wrote.")
@click.option("--details/--no-details", default=True, show_default=True, help="List misses and false positives.")
@click.option("--curve/--no-curve", default=True, show_default=True,
              help="Relation P/R/F1 of the facts `build --min-confidence T` would keep, for T from 0 to 0.9.")
def eval_command(gold, graph_path, details, curve):
    """Score a built graph against gold annotations: precision, recall, F1.

    Example: graphbuild eval ../shared/gold/*.json --graph out/graph.json
    """
    golds = [load_gold(p) for p in _json_files(gold)]
    if not golds:
        raise click.ClickException(f"no gold file (*.json) in {', '.join(map(str, gold))}; nothing to score")
    kg = read_json(graph_path)
    report = evaluate(kg, golds)
    for title, table in (("entities", report.entities), ("relations", report.relations)):
        out = Table(title=f"{title} ({len(golds)} gold files)")
        for col in ("label / type", "P", "R", "F1", "tp", "fp", "fn"):
            out.add_column(col, justify="left" if col == "label / type" else "right")
        rows = sorted(table.items()) + [(OVERALL, report.total(table))]
        for name, s in rows:
            out.add_row(name, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", str(s.tp), str(s.fp), str(s.fn))
        console.print(out)
    if curve:
        points = confidence_curve(kg, golds)
        out = Table(title="relations over --min-confidence")
        for col in ("min confidence", "P", "R", "F1", "predicted"):
            out.add_column(col, justify="right")
        for threshold, scores in points:
            s = scores[OVERALL]
            out.add_row(f"{threshold:.1f}", f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", str(s.tp + s.fp))
        console.print(out)
        out = Table(title="per type: P / R (%) over --min-confidence", box=box.SIMPLE, pad_edge=False)
        out.add_column("type", no_wrap=True, min_width=13)
        for threshold, _ in points:
            out.add_column(f"{threshold:.1f}", justify="right", no_wrap=True, min_width=6)
        for rel in (t for t in points[0][1] if t != OVERALL):
            out.add_row(rel, *(f"{s[rel].precision:.0%}/{s[rel].recall:.0%}".replace("%", "") for _, s in points))
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


def neo4j_options(fn):
    """Connection options shared by the commands that talk to Neo4j; values from the environment."""
    options = [
        click.option("--uri", envvar="NEO4J_URI", default=lambda: server.saved_uri(),
                     show_default="env NEO4J_URI, else the server `graphbuild neo4j start` started",
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
@click.option("--graph", "graph_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Load this graph.json instead (the remainder.json of a neo4j-admin export, say).")
@neo4j_options
@click.option("--wipe", is_flag=True,
              help=f"First delete the nodes graphbuild wrote (those with {MARKER}: true); other data stays.")
@click.option("--yes", "-y", is_flag=True, help="Wipe without asking.")
@click.option("--batch-size", type=click.IntRange(1), default=1000, show_default=True, help="Rows per transaction.")
def load(paths, out_dir, graph_path, uri, user, password, database, wipe, yes, batch_size):
    """Load the graph into Neo4j: schema, then batched MERGEs on stable ids.

    Loading the same graph twice changes nothing; loading new documents merges into the
    nodes already there. Example: graphbuild load --out out
    """
    if paths:
        kg = builder.build_graph(_read(list(paths), "loaded"), on_skip=lambda s: _skip([], s))
    else:
        kg = read_json(graph_path or out_dir / builder.JSON)
    with _connected(uri, user, password, database) as driver:
        store = Neo4jStore(driver, database, batch_size)
        if wipe:
            found = store.own_nodes()
            if not yes:
                click.confirm(f"Delete {found} nodes graphbuild wrote at {redacted(uri)}?", abort=True)
            console.print(f"removed {store.wipe()} nodes", highlight=False)
        stats = store.load(kg)
    console.print(f"loaded {stats.rows} rows in {stats.batches} batches ({stats.seconds:.1f} s): "
                  f"{stats.nodes_created} nodes and {stats.relationships_created} relationships created", highlight=False)


@contextmanager
def _connected(uri, user, password, database):
    """A driver for the command's work, closed after it; every driver error is one line. Without a
    password, the one `neo4j start` generated for the server at `uri` (that one only). No URI at
    all is an error: a server that happens to listen on the default port may be anyone's."""
    if uri is None:
        raise click.ClickException("no Neo4j server is noted (`graphbuild neo4j start` notes the one it starts, "
                                   "`neo4j stop` forgets it): start one, or give its address in NEO4J_URI or --uri")
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
@click.option("--all", "all_rows", is_flag=True,
              help=f"Every row, not the first page (a list report gives {reports.DEFAULT_LIMIT} unless -p limit=N).")
@click.option("--format", "fmt", type=click.Choice(output.FORMATS),
              help="How rows are written: table (on screen, the default), csv, json or markdown.")
@click.option("--output", "-o", "output_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the rows to this file, in the format its extension says (.csv, .json, .md, .txt).")
@click.option("--favorites", "favorites_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every report as a Neo4j Browser favourite into this .zip (drop it on the Favorites drawer).")
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=Path("out") / builder.JSON,
              show_default=True, help="Offline: the graph.json that `build` wrote.")
@neo4j_options
def report(name, list_reports, params, backend, all_rows, fmt, output_path, favorites_path, graph_path, uri, user,
           password, database):
    """Run a canned report (cypher/NAME.cypher) on Neo4j or on the offline graph.

    Every parameter has a default, so every report runs with none; a name that matches no
    entity is an error that suggests the closest one. A list report gives its first rows
    (-p limit=N -p offset=M for others, --all for every one).
    Example: graphbuild report people --param organization=Anthropic --output people.csv
    """
    if favorites_path:
        with atomic_path(favorites_path) as tmp:
            tmp.write_bytes(reports.browser_favorites())
        console.print(Text(f"wrote {favorites_path}: {len(reports.REPORTS)} reports as Neo4j Browser favourites"))
        return
    if list_reports or not name:
        for item in reports.REPORTS.values():
            click.echo(f"{item.name}\t{item.description} (params: {', '.join(item.params) or 'none'})")
        return
    values = reports.parse_params(reports.get(name), list(params))
    fmt = output.chosen_format(fmt, output_path)
    if backend == "offline":
        result = reports.run(name, values, Offline(to_networkx(read_json(graph_path))), all_rows)
    else:
        with _connected(uri, user, password, database) as driver:
            result = reports.run(name, values, Neo4jReports(driver, database), all_rows)
    text = output.render(result.columns, result.rows, fmt)
    if output_path is None:
        click.echo(text)
    else:
        output.write(output_path, text)
        console.print(Text(f"wrote {output_path}: {len(result.rows)} rows"))
    if not result.rows:
        err_console.print(f"no rows{': ' + result.why_empty if result.why_empty else ''}", highlight=False, markup=False)


@cli.group()
def neo4j():
    """A local Neo4j server without Docker, for development and tests (needs Java 17 and Maven)."""


def server_options(fn):
    for option in reversed([
        click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=server.RUNTIME / "dev",
                     show_default=True, help="The instance's folder: data, logs, conf."),
        click.option("--bolt-port", type=click.IntRange(1, 65535), default=None,
                     help="[default: the port the instance was last started on, else 7687]"),
        click.option("--http-port", type=click.IntRange(1, 65535), default=None,
                     help="[default: the port the instance was last started on, else 7474]"),
    ]):
        fn = option(fn)
    return fn


def _server(home, bolt_port, http_port) -> server.LocalNeo4j:
    return server.LocalNeo4j.at(home.resolve(), bolt_port, http_port, password=os.environ.get("NEO4J_PASSWORD") or None)


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


@neo4j.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@server_options
@click.option("--yes", "-y", is_flag=True, help="Replace a database holding nodes graphbuild did not write without asking.")
def neo4j_import(folder, home, bolt_port, http_port, yes):
    """Replace the server's database with the files `graphbuild export --format neo4j-admin` wrote.

    The files are checked first; neo4j-admin writes the database while the server is stopped (a
    running server is refused), and the old database is put back if that fails; then the server
    starts and gets the schema, as `load` gives it. Much faster than `load` for a big graph.
    Example: graphbuild neo4j import out/neo4j-admin
    """
    local = _server(home, bolt_port, http_port)
    stats = bulk_import(local, folder, ask=None if yes else lambda question: click.confirm(question, abort=True))
    server.save_connection(local)
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in stats.seconds.items())
    console.print(f"imported {stats.nodes} nodes and {stats.relationships} relationships ({steps})", highlight=False)
    console.print(f"Neo4j running (pid {local.pid()}): {local.uri}", highlight=False)


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
              show_default=True, help="Folder to write graph.schema.json, constraints.cypher and browser-style.grass into.")
def schema_command(folder):
    """Regenerate the schema files from the models: the JSON Schema of graph.json, the Neo4j
    constraints and indexes, and the Browser style (from the node and relation catalogues).

    Example: graphbuild schema
    """
    for path in schema.write_schema(folder):
        console.print(f"wrote {path}", highlight=False, markup=False)


def _json_files(paths):
    for path in paths:
        yield from sorted(path.glob("*.json")) if path.is_dir() else [path]


def main():
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(cli())
