"""The command line: thin commands over the library; errors become one clear line."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import build as builder
from . import schema
from .errors import GraphbuildError
from .evaluate import evaluate, load_gold
from .exporters import read_json

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
def build(paths, out_dir, min_confidence):
    """Read documents (files or folders of .txt/.md) and write the knowledge graph.

    Example: graphbuild build seeds --out out
    """
    paths = list(paths) or [Path("seeds")]
    warnings: list[str] = []
    documents = builder.read_documents(paths, warnings.append)
    for warning in warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if not documents:
        raise click.ClickException("no document could be read; nothing was built")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=not err_console.is_terminal) as progress:
        task = progress.add_task("extracting", total=len(documents))
        kg = builder.build_graph(documents, min_confidence=min_confidence,
                                 on_document=lambda d: progress.advance(task))
    written = builder.write_outputs(kg, out_dir)
    console.print(summary_table(kg, len(documents)))
    for path in written:
        console.print(f"wrote {path}", highlight=False)


def summary_table(kg, n_documents: int) -> Table:
    table = Table(title=f"graph of {n_documents} documents")
    table.add_column("kind")
    table.add_column("label / type")
    table.add_column("count", justify="right")
    nodes = Counter(e.label.value for e in kg.entities)
    nodes["Investment"], nodes["Document"] = len(kg.investments), len(kg.documents)
    for label, count in sorted(nodes.items()):
        table.add_row("node", label, str(count))
    for rel, count in sorted(Counter(r.type.value for r in kg.relations).items()):
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


@cli.command("schema")
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=schema.SCHEMA_DIR,
              show_default=True, help="Folder to write graph.schema.json into.")
def schema_command(folder):
    """Regenerate the JSON Schema of graph.json from the models.

    Example: graphbuild schema
    """
    console.print(f"wrote {schema.write_json_schema(folder)}", highlight=False)


def _json_files(paths):
    for path in paths:
        yield from sorted(path.glob("*.json")) if path.is_dir() else [path]


def main():
    sys.exit(cli())
