"""``python -m bench``: measure citegraph on synthetic corpora of several sizes and write the tables.

Each size runs in a fresh subprocess (so peak RSS is per size) that generates the
corpus as Daily Papers dump files, then measures in order: end-to-end ingest into a
new LadybugDB store, re-ingest of the same files (must add nothing), incremental
ingest of new papers, extraction throughput, every catalog query, the report
analytics, a 500-node view, and the naive one-MERGE-per-relationship baseline.
Targets that are missed get a cProfile of the phase, kept in the results.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import platform
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
DEFAULT_SIZES = (1000, 10000, 100000)
LIBRARIES = ("ladybug", "networkx", "pyarrow", "pandas", "pydantic", "pyvis", "scipy")
# metric -> (comparison, bound, size from which the target applies, text)
TARGETS: dict[str, tuple[str, float, int, str]] = {
    "extraction_per_s": (">=", 5000, 0, "extraction >= 5,000 abstracts/s"),
    "ingest_s": ("<=", 60, 100000, "ingest of 100k papers <= 60 s"),
    "ingest_peak_rss_mib": ("<=", 3072, 100000, "peak RSS of the 100k ingest <= 3 GiB"),
    "incremental_s": ("<=", 5, 100000, "incremental 1,000 papers into the 100k store <= 5 s"),
    "reingest_s": ("<=", 30, 100000, "re-ingest of 100k papers <= 30 s"),
    "reingest_added": ("<=", 0, 0, "re-ingest adds nothing"),
    "query_p50_max_ms": ("<=", 250, 100000, "every catalog query p50 <= 250 ms at 100k"),
    "report_s": ("<=", 60, 100000, "report analytics at 100k <= 60 s"),
}


# -- helpers -----------------------------------------------------------------------------


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def log(size: int, text: str) -> None:
    print(f"[{size:>7,}] {text}", flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def profile(fn: Callable[[], Any], top: int = 15) -> tuple[Any, list[dict[str, Any]]]:
    """Run ``fn`` under cProfile; its result and the functions with the most own time."""
    prof = cProfile.Profile()
    result = prof.runcall(fn)
    stats = pstats.Stats(prof, stream=io.StringIO())
    rows = []
    for (path, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{Path(path).name}:{line}({func})",
                "calls": ncalls,
                "own_s": round(tottime, 3),
                "cumulative_s": round(cumtime, 3),
            }
        )
    rows.sort(key=lambda r: -r["own_s"])
    return result, rows[:top]


def missed(metric: str, value: float | None, size: int) -> bool:
    if value is None or metric not in TARGETS:
        return False
    op, bound, from_size, _ = TARGETS[metric]
    if size < from_size:
        return False
    return value < bound if op == ">=" else value > bound


def machine() -> dict[str, Any]:
    """Cores, memory, CPU, Python and library versions of this machine."""
    mem = 0
    cpu = platform.processor()
    with open("/proc/meminfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu)
    except OSError:
        pass
    versions = {}
    for lib in LIBRARIES:
        try:
            versions[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            versions[lib] = "not installed"
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem / 2**30, 1),
        "cpu": cpu,
        "os": platform.platform(),
        "python": platform.python_version(),
        "libraries": versions,
    }


# -- one size, in its own process --------------------------------------------------------


class Options(argparse.Namespace):
    sizes: str
    child: int | None
    work: Path | None
    out: Path
    seed: int
    incremental: int
    extract_sample: int
    naive_sample: int
    query_runs: int
    query_budget: float
    view_limit: int
    profile: str
    keep: bool


def run_size(n: int, opts: Options) -> dict[str, Any]:
    """Every measurement for a corpus of ``n`` papers; the dict written as that size's result."""
    from bench.corpus import Corpus
    from graph.ingest import ingest
    from graph.stores.ladybug import LadybugStore

    assert opts.work is not None
    root = opts.work / f"n{n}"
    shutil.rmtree(root, ignore_errors=True)
    out: dict[str, Any] = {"papers": n, "errors": {}, "profiles": {}}

    t = time.perf_counter()
    corpus = Corpus(opts.seed)
    corpus.write(root / "corpus", 0, n)
    corpus.write(root / "extra", n, n + opts.incremental)
    out["generate_s"] = round(time.perf_counter() - t, 2)
    log(n, f"corpus written in {out['generate_s']} s")

    store = LadybugStore(root / "graph.db")
    writes: list[float] = []
    original_write = store.write

    def timed_write(batch):
        start = time.perf_counter()
        try:
            return original_write(batch)
        finally:
            writes.append(time.perf_counter() - start)

    store.write = timed_write  # type: ignore[method-assign]

    # Ingest into a new store, end to end: read the files, extract, build, write.
    t = time.perf_counter()
    summary = ingest(store, [root / "corpus"])
    out["ingest_s"] = round(time.perf_counter() - t, 2)
    out["ingest_write_s"] = round(writes[-1], 2)
    out["ingest_peak_rss_mib"] = round(peak_rss_mib())
    out["nodes"] = sum(summary.written.nodes.values())
    out["relationships"] = sum(summary.written.relationships.values())
    out["relationships_by_type"] = summary.written.relationships
    out["ingest_papers_per_s"] = round(n / out["ingest_s"])
    out["ingest_rels_per_s"] = round(out["relationships"] / out["ingest_s"])
    out["write_rels_per_s"] = round(out["relationships"] / max(writes[-1], 1e-9))
    log(
        n,
        f"ingest {out['ingest_s']} s ({out['relationships']:,} relationships, write {out['ingest_write_s']} s)",
    )

    # Re-ingest the same files: nothing new may appear.
    before = store.counts()
    t = time.perf_counter()
    again = ingest(store, [root / "corpus"])
    out["reingest_s"] = round(time.perf_counter() - t, 2)
    out["reingest_added"] = sum(again.written.nodes.values()) + sum(again.written.relationships.values())
    out["reingest_updated_papers"] = again.written.updated_papers
    out["reingest_counts_unchanged"] = store.counts() == before
    log(n, f"re-ingest {out['reingest_s']} s, added {out['reingest_added']}")

    # Incremental: new papers into the store just built.
    t = time.perf_counter()
    extra = ingest(store, [root / "extra"])
    out["incremental_papers"] = opts.incremental
    out["incremental_s"] = round(time.perf_counter() - t, 2)
    out["incremental_added_papers"] = extra.written.nodes.get("Paper", 0)
    out["incremental_added_rels"] = sum(extra.written.relationships.values())
    log(n, f"incremental {opts.incremental} papers {out['incremental_s']} s")

    measure_extraction(n, root, opts, out)
    measure_queries(n, store, opts, out)
    measure_report(n, store, opts, out)
    measure_view(n, root, store, opts, out)
    measure_naive(n, root, store, opts, out)
    out["final_peak_rss_mib"] = round(peak_rss_mib())
    if opts.profile != "none":
        profile_misses(n, root, store, opts, out)
    store.close()
    return out


def measure_extraction(n: int, root: Path, opts: Options, out: dict[str, Any]) -> None:
    """Extraction alone, one process, on the first papers of the corpus."""
    import loaders
    from loaders.extract import Extractor

    papers, _ = loaders.read_all([root / "corpus"])
    sample = papers[: min(n, opts.extract_sample)]
    extractor = Extractor()
    t = time.perf_counter()
    found = sum(len(extractor.extract(p).entities) for p in sample)
    elapsed = time.perf_counter() - t
    out["extraction_sample"] = len(sample)
    out["extraction_per_s"] = round(len(sample) / elapsed)
    out["extraction_mentions_per_paper"] = round(found / len(sample), 1)
    log(n, f"extraction {out['extraction_per_s']:,} abstracts/s on {len(sample):,}")


def query_values(store, n: int) -> dict[str, str]:
    """A value that exists in the corpus for each parameter a catalog query may need."""
    from bench.corpus import code_name

    def top(cypher: str) -> str | None:
        rows = store.query(cypher).rows
        return rows[0][0] if rows else None

    technique = top(
        "MATCH (:Paper)-[:USES]->(t:Technique) RETURN t.name, count(*) AS n ORDER BY n DESC LIMIT 1"
    )
    benchmark = top(
        "MATCH (:Paper)-[:REPORTS]->(b:Benchmark) RETURN b.name, count(*) AS n ORDER BY n DESC LIMIT 1"
    )
    model = top("MATCH (:Paper)-[]->(m:Model) RETURN m.name, count(*) AS n ORDER BY n DESC LIMIT 1")
    dataset = top("MATCH (:Paper)-[]->(d:Dataset) RETURN d.name, count(*) AS n ORDER BY n DESC LIMIT 1")
    family = top(
        "MATCH (:Model)-[:VARIANT_OF]->(f:Model) RETURN f.name, count(*) AS n ORDER BY n DESC LIMIT 1"
    )
    values = {
        "technique": technique,
        "benchmark": benchmark,
        "model": model,
        "dataset": dataset,
        "family": family,
        "title": code_name(n // 2),
        "paper": code_name(n // 2),
        "entity": technique,
        "name": technique,
    }
    return {k: v for k, v in values.items() if v}


def measure_queries(n: int, store, opts: Options, out: dict[str, Any]) -> None:
    """p50 and p95 of every catalog query, with parameter values that exist in the corpus."""
    import queries

    values = query_values(store, n)
    results: dict[str, Any] = {}
    for name, query in sorted(queries.catalog().items()):
        missing = [p for p in query.required if p not in values]
        if missing:
            results[name] = {"skipped": f"no value for parameter {missing[0]}"}
            continue
        params = {p: values[p] for p in query.required}
        try:
            rows = len(queries.run(store, name, params).rows)  # warm-up
            times: list[float] = []
            start = time.perf_counter()
            while len(times) < opts.query_runs and (time.perf_counter() - start) < opts.query_budget:
                t = time.perf_counter()
                queries.run(store, name, params)
                times.append((time.perf_counter() - t) * 1000)
        except Exception as exc:  # a broken query is a result to report, not a reason to stop
            results[name] = {"error": str(exc).splitlines()[0]}
            out["errors"][f"query {name}"] = results[name]["error"]
            continue
        results[name] = {
            "params": params,
            "rows": rows,
            "runs": len(times),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
        }
    out["queries"] = results
    p50s = [r["p50_ms"] for r in results.values() if "p50_ms" in r]
    out["query_p50_max_ms"] = max(p50s) if p50s else None
    slowest = max(results, key=lambda k: results[k].get("p50_ms", -1))
    log(n, f"{len(p50s)} catalog queries, slowest p50 {out['query_p50_max_ms']} ms ({slowest})")


def measure_report(n: int, store, opts: Options, out: dict[str, Any]) -> None:
    """``citegraph report``'s analytics (projection, PageRank, Louvain, co-occurrence, ...), by step."""
    from graph.report import build_report

    steps: list[tuple[str, float]] = []
    t = time.perf_counter()
    try:
        build_report(store, progress=lambda msg: steps.append((msg, time.perf_counter())))
    except Exception as exc:
        out["errors"]["report"] = str(exc).splitlines()[0]
        return
    end = time.perf_counter()
    out["report_s"] = round(end - t, 2)
    marks = [*steps, ("end", end)]
    out["report_steps_s"] = {
        marks[i][0]: round(marks[i + 1][1] - marks[i][1], 2) for i in range(len(marks) - 1)
    }
    log(n, f"report {out['report_s']} s")


def measure_view(n: int, root: Path, store, opts: Options, out: dict[str, Any]) -> None:
    """The overview of the ``view_limit`` most central nodes, drawn as a page."""
    from graph.views import overview, render_html

    try:
        t = time.perf_counter()
        view = overview(store, limit=opts.view_limit)
        t2 = time.perf_counter()
        page = render_html(view)
        (root / "view.html").write_text(page, encoding="utf-8")
        t3 = time.perf_counter()
    except Exception as exc:
        out["errors"]["view"] = str(exc).splitlines()[0]
        return
    out["view_s"] = round(t3 - t, 2)
    out["view_overview_s"] = round(t2 - t, 2)
    out["view_nodes"] = len(view.nodes)
    out["view_edges"] = len(view.edges)
    out["view_bytes"] = len(page.encode())
    log(n, f"view of {len(view.nodes)} nodes {out['view_s']} s")


def measure_naive(n: int, root: Path, store, opts: Options, out: dict[str, Any]) -> None:
    """The same USES relationships, one parameterised MATCH ... MERGE each, into a fresh store."""
    from graph.schema import Entity, GraphBatch, Paper
    from graph.stores.ladybug import LadybugStore

    links = store.arrow("MATCH (p:Paper)-[r:USES]->(e:Technique) RETURN p.id, e.id, r.mention, r.evidence")
    rows = list(zip(*(c.to_pylist() for c in links.columns), strict=True))
    sample = random.Random(opts.seed).sample(rows, min(opts.naive_sample, len(rows)))
    naive = LadybugStore(root / "naive.db")
    papers = store.arrow("MATCH (p:Paper) RETURN p.id, p.title")
    techniques = store.arrow("MATCH (t:Technique) RETURN t.id, t.name")
    batch = GraphBatch(
        papers=[
            Paper(id=i, title=title or i, sources=["bench"])
            for i, title in zip(*(c.to_pylist() for c in papers.columns), strict=True)
        ],
        entities=[
            Entity(type="Technique", id=i, name=name)
            for i, name in zip(*(c.to_pylist() for c in techniques.columns), strict=True)
        ],
    )
    naive.write(batch)  # the nodes, in bulk and untimed: only the relationships are compared
    cypher = (
        "MATCH (a:Paper {id: $a}), (b:Technique {id: $b}) "
        "MERGE (a)-[r:USES]->(b) ON CREATE SET r.mention = $m, r.evidence = $e"
    )
    t = time.perf_counter()
    for a, b, m, e in sample:
        naive.query(cypher, {"a": a, "b": b, "m": m, "e": e})
    elapsed = time.perf_counter() - t
    written = naive.counts().relationships["USES"]
    naive.close()
    rate = len(sample) / elapsed
    out["naive_sample"] = len(sample)
    out["naive_written"] = written
    out["naive_s"] = round(elapsed, 2)
    out["naive_rels_per_s"] = round(rate)
    out["ratio_ingest_to_naive"] = round(out["ingest_rels_per_s"] / rate, 1)
    out["ratio_write_to_naive"] = round(out["write_rels_per_s"] / rate, 1)
    log(n, f"naive {out['naive_rels_per_s']:,} rels/s; end-to-end ingest is {out['ratio_ingest_to_naive']}x")


def profile_misses(n: int, root: Path, store, opts: Options, out: dict[str, Any]) -> None:
    """cProfile of each phase whose target this size misses (or of all of them with --profile all)."""
    import loaders
    from graph.ingest import ingest
    from graph.report import build_report
    from graph.stores.ladybug import LadybugStore
    from loaders.extract import Extractor

    every = opts.profile == "all"
    if every or missed("extraction_per_s", out.get("extraction_per_s"), n):
        papers, _ = loaders.read_all([root / "corpus"])
        sample = papers[:500]
        extractor = Extractor()
        _, top = profile(lambda: [extractor.extract(p) for p in sample])
        out["profiles"]["extraction (500 papers)"] = top
    ingest_missed = any(missed(m, out.get(m), n) for m in ("ingest_s", "reingest_s", "incremental_s"))
    if every or ingest_missed:
        # A slice of the corpus into a fresh store: where ingest's time goes, per paper.
        files = sorted((root / "corpus").glob("*.txt"))[:5]
        fresh = LadybugStore(root / "profile.db")
        _, top = profile(lambda: ingest(fresh, files))
        fresh.close()
        out["profiles"][f"ingest ({min(n, 5000):,} papers, fresh store)"] = top
        _, top = profile(lambda: ingest(store, [root / "extra"]))
        out["profiles"][f"re-ingest of the {opts.incremental:,} incremental papers into the full store"] = top
    if every or missed("report_s", out.get("report_s"), n):
        _, top = profile(lambda: build_report(store))
        out["profiles"]["report"] = top
    if out["profiles"]:
        log(n, f"profiled: {', '.join(out['profiles'])}")


# -- the whole run -----------------------------------------------------------------------


def target_table(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target checked at the largest size it applies to."""
    rows = []
    for metric, (_op, _bound, from_size, text) in TARGETS.items():
        applicable = [s for s in sizes if s["papers"] >= from_size and s.get(metric) is not None]
        if not applicable:
            rows.append({"target": text, "metric": metric, "measured": None, "at": None, "met": None})
            continue
        s = max(applicable, key=lambda s: s["papers"])
        rows.append(
            {
                "target": text,
                "metric": metric,
                "measured": s[metric],
                "at": s["papers"],
                "met": not missed(metric, s[metric], s["papers"]),
            }
        )
    return rows


ROWS: list[tuple[str, str]] = [
    ("generate_s", "corpus generation (s, not a target)"),
    ("extraction_per_s", "extraction (abstracts/s, one process)"),
    ("extraction_mentions_per_paper", "mentions found per paper"),
    ("ingest_s", "ingest into a new store, end to end (s)"),
    ("ingest_write_s", "… of which store.write (s)"),
    ("ingest_papers_per_s", "ingest papers/s"),
    ("ingest_rels_per_s", "ingest relationships/s"),
    ("nodes", "nodes written"),
    ("relationships", "relationships written"),
    ("ingest_peak_rss_mib", "peak RSS after ingest (MiB)"),
    ("reingest_s", "re-ingest of the same corpus (s)"),
    ("reingest_added", "re-ingest: nodes + relationships added"),
    ("incremental_s", "incremental ingest of new papers (s)"),
    ("incremental_added_papers", "incremental: papers added"),
    ("query_p50_max_ms", "slowest catalog query p50 (ms)"),
    ("report_s", "report analytics (s)"),
    ("view_s", "500-node view, computed and written (s)"),
    ("naive_rels_per_s", "naive baseline: one MERGE per relationship (rels/s)"),
    ("ratio_ingest_to_naive", "end-to-end ingest ÷ naive (relationships/s)"),
    ("ratio_write_to_naive", "store.write ÷ naive (relationships/s)"),
    ("final_peak_rss_mib", "peak RSS of the whole size run (MiB)"),
]


def fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def markdown(doc: dict[str, Any]) -> str:
    sizes = doc["sizes"]
    m = doc["machine"]
    lines = [
        "# citegraph benchmark",
        "",
        f"Run {doc['started']} with `{doc['command']}` in {fmt(doc['total_s'])} s.",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, {m['os']}, Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
        + ".",
        "",
        "## Targets",
        "",
        "| target | measured | at papers | met |",
        "| --- | --- | --- | --- |",
    ]
    for t in doc["targets"]:
        met = "–" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {fmt(t['measured'])} | {fmt(t['at'])} | {met} |")
    head = " | ".join(f"{s['papers']:,} papers" for s in sizes)
    lines += ["", "## Figures", "", f"| measure | {head} |", "| --- |" + " --- |" * len(sizes)]
    for metric, text in ROWS:
        lines.append(f"| {text} | " + " | ".join(fmt(s.get(metric)) for s in sizes) + " |")
    lines += [
        "",
        "## Catalog queries: p50 / p95 (ms)",
        "",
        f"| query | {head} |",
        "| --- |" + " --- |" * len(sizes),
    ]
    names = sorted({q for s in sizes for q in s.get("queries", {})})
    for name in names:
        cells = []
        for s in sizes:
            q = s.get("queries", {}).get(name, {})
            cells.append(
                f"{fmt(q['p50_ms'])} / {fmt(q['p95_ms'])}"
                if "p50_ms" in q
                else q.get("error", q.get("skipped", "–"))
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    steps = list(dict.fromkeys(k for s in sizes for k in s.get("report_steps_s", {})))
    if steps:
        lines += ["", "## Report, by step (s)", "", f"| step | {head} |", "| --- |" + " --- |" * len(sizes)]
        for step in steps:
            lines.append(
                f"| {step} | " + " | ".join(fmt(s.get("report_steps_s", {}).get(step)) for s in sizes) + " |"
            )
    for s in sizes:
        for phase, rows in s.get("profiles", {}).items():
            lines += [
                "",
                f"## Profile at {s['papers']:,} papers: {phase}",
                "",
                "| function | calls | own s | cumulative s |",
                "| --- | --- | --- | --- |",
            ]
            lines += [
                f"| `{r['function']}` | {r['calls']:,} | {r['own_s']} | {r['cumulative_s']} |" for r in rows
            ]
        for what, error in s.get("errors", {}).items():
            lines.append(f"\nError at {s['papers']:,} papers in {what}: {error}")
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> Options:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="corpus sizes, comma-separated")
    p.add_argument("--out", type=Path, default=RESULTS, help="where results.json and results.md go")
    p.add_argument("--work", type=Path, help="where corpora and stores go (default: a temporary directory)")
    p.add_argument("--keep", action="store_true", help="keep the corpora and stores")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--incremental", type=int, default=1000, help="new papers for the incremental ingest")
    p.add_argument("--extract-sample", type=int, default=5000, help="papers timed for extraction alone")
    p.add_argument("--naive-sample", type=int, default=2000, help="relationships written the naive way")
    p.add_argument("--query-runs", type=int, default=20, help="timed runs of each catalog query")
    p.add_argument("--query-budget", type=float, default=10.0, help="seconds at most per catalog query")
    p.add_argument("--view-limit", type=int, default=500)
    p.add_argument(
        "--profile", choices=("auto", "all", "none"), default="auto", help="profile missed targets (auto)"
    )
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    return p.parse_args(argv, namespace=Options())


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    if opts.child is not None:
        result = run_size(opts.child, opts)
        assert opts.work is not None
        (opts.work / f"result-{opts.child}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        return 0
    try:
        sizes = [int(s.replace("_", "")) for s in opts.sizes.split(",") if s.strip()]
    except ValueError:
        print(f"Error: --sizes must be numbers separated by commas, not {opts.sizes!r}", file=sys.stderr)
        return 2
    info = machine()
    libs = ", ".join(f"{k} {v}" for k, v in info["libraries"].items())
    print(f"machine: {info['cores']} cores, {info['memory_gib']} GiB, {info['cpu']}")
    print(f"python {info['python']}; {libs}", flush=True)
    work = opts.work or Path(tempfile.mkdtemp(prefix="citegraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    t0 = time.perf_counter()
    results = []
    forwarded = [
        f"--seed={opts.seed}",
        f"--incremental={opts.incremental}",
        f"--extract-sample={opts.extract_sample}",
        f"--naive-sample={opts.naive_sample}",
        f"--query-runs={opts.query_runs}",
        f"--query-budget={opts.query_budget}",
        f"--view-limit={opts.view_limit}",
        f"--profile={opts.profile}",
    ]
    failed = False
    for n in sizes:
        cmd = [sys.executable, "-m", "bench", "--child", str(n), "--work", str(work), *forwarded]
        t = time.perf_counter()
        done = subprocess.run(cmd, cwd=Path(__file__).resolve().parents[1], check=False)
        path = work / f"result-{n}.json"
        if done.returncode != 0 or not path.exists():
            print(f"Error: the run at {n:,} papers failed (exit {done.returncode})", file=sys.stderr)
            failed = True
            results.append({"papers": n, "errors": {"run": f"exit {done.returncode}"}})
            continue
        result = json.loads(path.read_text(encoding="utf-8"))
        result["wall_s"] = round(time.perf_counter() - t, 1)
        results.append(result)
        if not opts.keep:
            shutil.rmtree(work / f"n{n}", ignore_errors=True)
    doc = {
        "started": started,
        "command": "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "total_s": round(time.perf_counter() - t0, 1),
        "machine": info,
        "targets": target_table([r for r in results if "ingest_s" in r]),
        "sizes": results,
    }
    opts.out.mkdir(parents=True, exist_ok=True)
    (opts.out / "results.json").write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    table = markdown(doc)
    (opts.out / "results.md").write_text(table, encoding="utf-8")
    if not opts.keep and opts.work is None:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(table)
    print(f"written: {opts.out / 'results.json'}, {opts.out / 'results.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
