"""The ``citegraph`` command: parse arguments, call the library, print.

Every ``CitegraphError`` becomes ``Error: <message>`` on stderr and exit 1, here
and nowhere else.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from graph.errors import CitegraphError, InputError


class Group(TyperGroup):
    """Maps the error root to one line on stderr and exit status 1."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CitegraphError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=Group,
    help="Map machine-learning research as a knowledge graph: papers, techniques, models, datasets, benchmarks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="LadybugDB file (default: $CITEGRAPH_DB or ./citegraph.db).", show_default=False
    ),
]
Neo4jOption = Annotated[
    str | None,
    typer.Option(
        "--neo4j", help="Neo4j URI; also $NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)."
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


def _store(db: Path | None, neo4j: str | None, read_only: bool = False):
    from graph.stores import open_store

    return open_store(db, neo4j, read_only=read_only)


def _params(items: list[str]) -> dict[str, str]:
    params = {}
    for item in items:
        if "=" not in item:
            raise InputError(f"--param {item!r}: expected key=value")
        k, v = item.split("=", 1)
        params[k.strip()] = v
    return params


def _progress(quiet: bool, total: int, label: str):
    """A progress bar on a terminal; nothing in scripts or with --quiet."""
    if quiet or not sys.stderr.isatty():
        return None
    bar = typer.progressbar(length=total, label=label, file=sys.stderr)
    bar.__enter__()
    return bar


def _print_table(columns: list[str], rows: list[list[Any]], fmt: TableFormat) -> None:
    if fmt is TableFormat.json:
        typer.echo(
            json.dumps([dict(zip(columns, r, strict=True)) for r in rows], ensure_ascii=False, default=str)
        )
        return
    if fmt is TableFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows([[_cell(v, None) for v in r] for r in rows])
        typer.echo(buf.getvalue(), nl=False)
        return
    cells = [[_cell(v, 60) for v in r] for r in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    typer.echo("  ".join("-" * w for w in widths))
    for r in cells:
        typer.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _cell(value: Any, width: int | None) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories of papers.", show_default=False)],
    fmt: Annotated[
        str | None, typer.Option("--format", help="Force a loader instead of detecting it.")
    ] = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Load the good records of a file, report bad ones.")
    ] = False,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
    quiet: QuietOption = False,
) -> None:
    """Read paper files, extract entities and write them into the graph (again: adds nothing)."""
    from graph.ingest import ingest as run_ingest

    store = _store(db, neo4j)
    try:
        bar = None

        def progress(n: int) -> None:
            nonlocal bar
            bar = bar or _progress(quiet, 0, "extracting")
            if bar:
                bar.update(n)

        summary = run_ingest(store, paths, fmt=fmt, skip_bad=skip_bad, progress=progress)
    finally:
        store.close()
    for message in summary.skipped:
        typer.echo(f"skipped: {message}", err=True)
    added = ", ".join(
        f"{k} {v}" for k, v in {**summary.written.nodes, **summary.written.relationships}.items() if v
    )
    typer.echo(
        f"Read {summary.papers_read} papers; added {added or 'nothing new'}"
        + (f"; updated {summary.written.updated_papers} papers" if summary.written.updated_papers else "")
        + "."
    )
    typer.echo(
        f"Graph: {summary.counts.nodes['Paper']} papers, {sum(summary.counts.relationships.values())} relationships."
    )


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories of papers.", show_default=False)],
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", help="jsonl: one JSON object per paper.")
    ] = ExtractFormat.jsonl,
    loader: Annotated[
        str | None, typer.Option("--loader", help="Force a loader instead of detecting it.")
    ] = None,
) -> None:
    """Print what extraction finds in each paper, without touching any store."""
    from graph.ingest import extract_papers, read_papers

    papers, _ = read_papers(paths, loader)
    for ex in extract_papers(papers):
        if fmt is ExtractFormat.jsonl:
            typer.echo(ex.model_dump_json())
            continue
        typer.echo(f"{ex.id}  {ex.title}")
        for m in ex.entities:
            typer.echo(
                f"    {m.type:<9} {m.role:<13} {m.name}" + (f"  ({m.mention})" if m.mention != m.name else "")
            )
        for r in ex.results:
            typer.echo(
                f"    Result    {r.benchmark} = {r.value:g}"
                + (f" [{r.metric}]" if r.metric else "")
                + (f" {r.model}" if r.model else "")
            )


@app.command("eval")
def evaluate(
    gold: Annotated[
        Path, typer.Argument(help="Gold set, JSON Lines (docs/extraction-gold.md).", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score extraction against a gold set: precision, recall, F1 per type and overall."""
    from graph.evaluate import evaluate_file, render_scores

    scores = evaluate_file(gold)
    typer.echo(scores.model_dump_json(indent=2) if as_json else render_scores(scores))


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="Catalog query name.", show_default=False)] = None,
    param: Annotated[
        list[str], typer.Option("--param", "-p", help="Query parameter key=value (repeatable).")
    ] = [],  # noqa: B006
    cypher: Annotated[str | None, typer.Option("--cypher", help="Run this read-only Cypher instead.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the catalog with descriptions.")] = False,
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = TableFormat.table,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Run a catalog query or any read-only Cypher query."""
    import queries
    from graph.stores.base import require_read_only

    if list_:
        for q in queries.catalog().values():
            params = [*q.required, *(f"{k}={v}" for k, v in q.defaults.items())]
            typer.echo(f"{q.name}  ({', '.join(params)})\n    {q.description}")
        return
    if bool(name) == bool(cypher):
        raise InputError("give a catalog query NAME or --cypher TEXT (see --list)")
    if cypher:
        require_read_only(cypher)
        params: dict[str, Any] = {k: queries.coerce(v) for k, v in _params(param).items()}
    else:
        q = queries.get(name)
    store = _store(db, neo4j, read_only=True)
    try:
        result = store.query(cypher, params) if cypher else queries.run(store, q.name, _params(param))
    finally:
        store.close()
    _print_table(result.columns, result.rows, fmt)


@app.command()
def stats(db: DbOption = None, neo4j: Neo4jOption = None) -> None:
    """Print node and relationship counts as JSON."""
    store = _store(db, neo4j, read_only=True)
    try:
        counts = store.counts()
    finally:
        store.close()
    typer.echo(counts.model_dump_json(indent=2))


@app.command()
def report(
    top: Annotated[int, typer.Option("--top", help="Rows per section.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Print the graph report: counts, top entities, central papers, pairs, communities."""
    from graph.report import build_report, render_text

    store = _store(db, neo4j)
    try:
        rep = build_report(store, top_n=top)
    finally:
        store.close()
    typer.echo(rep.model_dump_json(indent=2) if as_json else render_text(rep).rstrip())


@app.command()
def view(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("graph.html"),
    limit: Annotated[int, typer.Option("--limit", help="Most nodes to draw.")] = 150,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Write an interactive HTML view of the most central part of the graph."""
    from graph.views import overview, render_html

    if limit < 1:
        raise InputError(f"--limit {limit}: must be at least 1")
    store = _store(db, neo4j, read_only=True)
    try:
        v = overview(store, limit=limit)
    finally:
        store.close()
    try:
        output.write_text(render_html(v), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write ({exc.strerror})") from None
    typer.echo(
        f"Wrote {output} ({len(v.nodes)} nodes, {len(v.edges)} links"
        + (f", {v.left_out} left out" if v.left_out else "")
        + ")."
    )


def main() -> None:
    app()
