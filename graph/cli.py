"""The ``citegraph`` command: parse arguments, call the library, print.

Every ``CitegraphError`` becomes ``Error: <message>`` on stderr and exit 1, here
and nowhere else.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def _store(db: Path | None, neo4j: str | None, read_only: bool = False) -> Iterator[Any]:
    """The store a command uses, closed when the command is done with it."""
    from graph.stores import open_store

    store = open_store(db, neo4j, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


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

    with _store(db, neo4j) as store:
        bar = None

        def progress(n: int) -> None:
            nonlocal bar
            bar = bar or _progress(quiet, 0, "extracting")
            if bar:
                bar.update(n)

        summary = run_ingest(store, paths, fmt=fmt, skip_bad=skip_bad, progress=progress)
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
    with _store(db, neo4j, read_only=True) as store:
        result = store.query(cypher, params) if cypher else queries.run(store, q.name, _params(param))
    _print_table(result.columns, result.rows, fmt)


@app.command()
def stats(db: DbOption = None, neo4j: Neo4jOption = None) -> None:
    """Print node and relationship counts as JSON."""
    with _store(db, neo4j, read_only=True) as store:
        counts = store.counts()
    typer.echo(counts.model_dump_json(indent=2))


class ReportFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


class OutFormat(StrEnum):
    text = "text"
    json = "json"


class Engine(StrEnum):
    networkx = "networkx"
    gds = "gds"


class GapKind(StrEnum):
    technique_benchmark = "technique-benchmark"
    technique_model = "technique-model"


class Period(StrEnum):
    year = "year"
    month = "month"


def _steps(quiet: bool):
    """Names each long step on a terminal's stderr; silent in scripts or with --quiet."""
    if quiet or not sys.stderr.isatty():
        return None
    return lambda message: typer.echo(f"… {message}", err=True)


def _emit(text: str, output: Path | None) -> None:
    """Print, or write to ``output`` and say so."""
    if output is None:
        typer.echo(text.rstrip("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write ({exc.strerror})") from None
    typer.echo(f"Wrote {output}.")


def _paper_graph(db: Path | None, neo4j: str | None) -> Any:
    """The paper–entity graph of the store, read once, for the analytics commands."""
    from graph.analytics.projection import project

    with _store(db, neo4j, read_only=True) as store:
        return project(store, results=False).papers


def _top(top: int) -> int:
    if top < 1:
        raise InputError(f"--top {top}: must be at least 1")
    return top


TopOption = Annotated[int, typer.Option("--top", help="Rows per section.")]
OutFormatOption = Annotated[OutFormat, typer.Option("--format", help="text for people, json for scripts.")]


@app.command()
def report(
    top: TopOption = 15,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="text, markdown, json (docs/report-schema.md) or html.")
    ] = ReportFormat.text,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
    engine: Annotated[
        Engine, typer.Option("--engine", help="networkx, or gds to run PageRank and Louvain inside Neo4j.")
    ] = Engine.networkx,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
    quiet: QuietOption = False,
) -> None:
    """Report counts, top entities, central and bridging papers, pairs, communities, leaderboards, gaps."""
    from graph.report import build_report, render_markdown, render_text

    top = _top(top)
    with _store(db, neo4j) as store:
        rep = build_report(store, top_n=top, engine=engine.value, progress=_steps(quiet))
    if fmt is ReportFormat.html:
        from graph.report_html import render_html

        text = render_html(rep)
    elif fmt is ReportFormat.json:
        text = rep.model_dump_json(indent=2) + "\n"
    else:
        text = (render_markdown if fmt is ReportFormat.markdown else render_text)(rep)
    _emit(text, output)


@app.command()
def similar(
    paper: Annotated[str, typer.Argument(help="Paper id, arXiv id or a fragment of the title.")],
    top: TopOption = 10,
    fmt: OutFormatOption = OutFormat.text,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Papers closest to one paper by the entities they share, with the shared entities as the reason."""
    from graph.analytics.similarity import find_paper
    from graph.analytics.similarity import similar as run_similar

    top = _top(top)
    g = _paper_graph(db, neo4j)
    found = run_similar(g, find_paper(g, paper), n=top)
    if fmt is OutFormat.json:
        typer.echo(found.model_dump_json(indent=2))
        return
    typer.echo(f"Papers like: {found.title}  [{found.paper_id}, {found.entities} entities]")
    if not found.similar:
        typer.echo("  (no other paper shares an entity with it)")
    for s in found.similar:
        typer.echo(f"  {s.score:6.2f}  {s.title}  [{s.id}]\n          shared: {', '.join(s.shared)}")


@app.command()
def leaderboard(
    benchmark: Annotated[str, typer.Argument(help="Benchmark name or alias, e.g. GSM8K.")],
    top: TopOption = 20,
    fmt: OutFormatOption = OutFormat.text,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Results reported on a benchmark (model, value, metric, paper, evidence), best first, per metric."""
    from graph.analytics.leaderboard import find_benchmark
    from graph.analytics.leaderboard import leaderboard as run_leaderboard
    from graph.analytics.projection import project_results
    from graph.report import render_leaderboard

    top = _top(top)
    with _store(db, neo4j, read_only=True) as store:
        g, results = project_results(store)
    board = run_leaderboard(g, results, find_benchmark(g, benchmark), limit=top)
    if fmt is OutFormat.json:
        typer.echo(board.model_dump_json(indent=2))
        return
    typer.echo(render_leaderboard(board).rstrip())
    for b in board.boards:
        for e in b.entries:
            typer.echo(f"  {e.rank:3d}. evidence: {' '.join(e.evidence.split())}")


@app.command()
def gaps(
    kind: Annotated[
        GapKind, typer.Option("--type", help="Which pairs to look for.")
    ] = GapKind.technique_benchmark,
    top: TopOption = 15,
    fmt: OutFormatOption = OutFormat.text,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Pairs never seen together whose co-occurring entities say they should be, with the reason."""
    from graph.analytics.cooccurrence import cooccurrence
    from graph.analytics.gaps import gaps as run_gaps

    top = _top(top)
    g = _paper_graph(db, neo4j)
    found = run_gaps(g, cooccurrence(g), kind.value, n=top)
    if fmt is OutFormat.json:
        typer.echo(json.dumps([x.model_dump() for x in found], indent=2, ensure_ascii=False))
        return
    typer.echo(f"Gaps: {kind.value} pairs no paper names together (Adamic–Adar on co-occurrence)")
    if not found:
        typer.echo("  (none)")
    for x in found:
        typer.echo(f"  {x.score:5.2f}  {x.a} x {x.b}\n         {x.reason}")


@app.command()
def trends(
    by: Annotated[
        Period | None, typer.Option("--by", help="year or month (default: from the date span).")
    ] = None,
    top: TopOption = 10,
    fmt: OutFormatOption = OutFormat.text,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Papers naming each entity per year or month, and the entities rising and falling."""
    from graph.analytics.trends import trends as run_trends
    from graph.report import render_trends

    top = _top(top)
    g = _paper_graph(db, neo4j)
    found = run_trends(g, by.value if by else None, n=top)
    if fmt is OutFormat.json:
        typer.echo(found.model_dump_json(indent=2))
        return
    if not found.dated_papers:
        typer.echo(f"No paper carries a publication date ({found.undated_papers} undated papers).")
        return
    typer.echo(render_trends(found).rstrip())
    typer.echo("  Papers per " + found.granularity)
    for period, count in zip(found.periods, found.papers, strict=True):
        typer.echo(f"    {period}  {count}")


@app.command()
def view(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("graph.html"),
    limit: Annotated[
        int, typer.Option("--limit", help="Most nodes to draw (the page says what it left out).")
    ] = 150,
    around: Annotated[
        str | None,
        typer.Option(
            "--around", help="Draw the neighbourhood of this paper, technique, model, dataset or benchmark."
        ),
    ] = None,
    depth: Annotated[int, typer.Option("--depth", help="Links out from --around: 1 or 2.")] = 1,
    query: Annotated[
        str | None, typer.Option("--query", help="Draw what this catalog query returns.")
    ] = None,
    cypher: Annotated[
        str | None, typer.Option("--cypher", help="Draw what this read-only Cypher returns.")
    ] = None,
    param: Annotated[
        list[str],
        typer.Option("--param", "-p", help="Parameter key=value for --query/--cypher (repeatable)."),
    ] = [],  # noqa: B006
    community: Annotated[
        int | None, typer.Option("--community", help="Draw one community (numbers from `citegraph report`).")
    ] = None,
    communities: Annotated[
        bool, typer.Option("--communities", help="Draw the map of communities, one node each.")
    ] = False,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Write an interactive, offline HTML view: the most central nodes, or one of the focused views."""
    from graph import views

    if limit < 1:
        raise InputError(f"--limit {limit}: must be at least 1")
    if depth not in (1, 2):
        raise InputError(f"--depth {depth}: must be 1 or 2")
    modes = [
        flag
        for flag, given in (
            ("--around", around is not None),
            ("--query", query is not None),
            ("--cypher", cypher is not None),
            ("--community", community is not None),
            ("--communities", communities),
        )
        if given
    ]
    if len(modes) > 1:
        raise InputError(f"{' and '.join(modes)}: choose one view")
    if param and not (query or cypher):
        raise InputError("--param goes with --query or --cypher")
    with _store(db, neo4j, read_only=True) as store:
        if around is not None:
            v = views.around(store, around, depth=depth, limit=limit)
        elif query is not None or cypher is not None:
            v = views.from_query(store, name=query, cypher=cypher, params=_params(param), limit=limit)
        elif community is not None:
            v = views.community(store, community, limit=limit)
        elif communities:
            v = views.communities(store, limit=limit)
        else:
            v = views.overview(store, limit=limit)
    try:
        output.write_text(views.render_html(v), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write ({exc.strerror})") from None
    for note in v.notes:
        typer.echo(note)
    typer.echo(
        f"Wrote {output}: {v.title} ({len(v.nodes)} nodes, {len(v.edges)} links"
        + (f"; {v.left_out} more not drawn: {v.hint}" if v.left_out else "")
        + ")."
    )


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to find in titles and abstracts.", show_default=False)],
    limit: Annotated[int, typer.Option("--limit", help="Most papers to list.")] = 20,
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = TableFormat.table,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Find papers by words in their title or abstract (Neo4j: its full-text index)."""
    if not text.strip():
        raise InputError("search TEXT is empty")
    if limit < 1:
        raise InputError(f"--limit {limit}: must be at least 1")
    with _store(db, neo4j, read_only=True) as store:
        result = store.search(text, limit)
    _print_table(result.columns, result.rows, fmt)


@app.command()
def push(
    neo4j: Annotated[
        str | None,
        typer.Option(
            "--neo4j", help="Neo4j URI to copy into; also $NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD)."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Copy the graph of the embedded store (--db) into a Neo4j server; again: adds nothing."""
    import os

    from graph.export import push as run_push
    from graph.stores import default_db_path
    from graph.stores.ladybug import LadybugStore
    from graph.stores.neo4j import Neo4jStore, redact

    uri = neo4j or os.environ.get("NEO4J_URI")
    if not uri:
        raise InputError("push needs a Neo4j server: pass --neo4j URI or set NEO4J_URI")
    source = LadybugStore(db or default_db_path(), read_only=True)
    try:
        target = Neo4jStore.from_env(uri)
        try:
            summary = run_push(source, target)
            counts = target.counts()
        finally:
            target.close()
    finally:
        source.close()
    added = ", ".join(f"{k} {v}" for k, v in {**summary.nodes, **summary.relationships}.items() if v)
    typer.echo(f"Pushed {source.path} to {redact(uri)}; added {added or 'nothing new'}.")
    typer.echo(
        f"Graph there: {counts.nodes['Paper']} papers, {sum(counts.relationships.values())} relationships."
    )


class ExportFormat(StrEnum):
    neo4j_import = "neo4j-import"
    graphml = "graphml"
    json = "json"


@app.command()
def export(
    target: Annotated[
        Path, typer.Argument(help="Directory (neo4j-import) or file (graphml, json).", show_default=False)
    ],
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", help="neo4j-import: CSV files for neo4j-admin; graphml: Gephi; json: scripts."
        ),
    ] = ExportFormat.neo4j_import,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Write the whole graph out: neo4j-admin import files, GraphML or JSON."""
    from graph import export as ex

    if fmt is not ExportFormat.neo4j_import and target.is_dir():
        raise InputError(f"{target}: is a directory; --format {fmt.value} writes a file")
    if fmt is ExportFormat.neo4j_import and target.exists() and not target.is_dir():
        raise InputError(f"{target}: is a file; --format neo4j-import writes a directory")
    with _store(db, neo4j, read_only=True) as store:
        if fmt is ExportFormat.neo4j_import:
            files = ex.export_neo4j_import(store, target)
            written = {"files": len(files.node_files) + len(files.rel_files), **files.counts}
        elif fmt is ExportFormat.graphml:
            written = ex.export_graphml(store, target)
        else:
            written = ex.export_json(store, target)
    typer.echo(f"Wrote {target} ({', '.join(f'{k} {v}' for k, v in written.items())}).")
    if fmt is ExportFormat.neo4j_import:
        typer.echo(f"Load it with: sh {target / 'import.sh'} [DATABASE]  (server stopped, database replaced)")


def main() -> None:
    app()
