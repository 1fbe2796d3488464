"""Smoke run of the benchmark at 1,000 papers: it runs end to end, and re-ingest adds nothing.

Speed is not asserted here (the benchmark prints figures); only that every phase ran.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.corpus import Corpus

ROOT = Path(__file__).resolve().parents[1]


def test_corpus_is_deterministic_and_prefix_stable(tmp_path):
    a, b = Corpus(seed=3), Corpus(seed=3)
    assert [a.paper(i) for i in range(50)] == [b.paper(i) for i in range(50)]
    assert Corpus(seed=4).paper(10) != a.paper(10)
    titles = [a.paper(i)[0] for i in range(2000)]
    assert len(set(titles)) == len(titles)
    files = a.write(tmp_path, 0, 1500)
    assert [f.name for f in files] == ["dump_00000.txt", "dump_00001.txt"]


def test_corpus_has_a_long_tail(tmp_path):
    """A few techniques in many papers, most in few: the shape of a real field."""
    corpus = Corpus()
    from collections import Counter

    counts = Counter(corpus.paper(i)[0].split(" for ")[0].split(" ", 2)[-1] for i in range(3000))
    ranked = [c for _, c in counts.most_common()]
    assert ranked[0] > 20 * ranked[len(ranked) // 2]


def test_benchmark_smoke_run_at_1000_papers(tmp_path):
    out = tmp_path / "results"
    cmd = [
        sys.executable,
        "-m",
        "bench",
        "--sizes",
        "1000",
        "--out",
        str(out),
        "--work",
        str(tmp_path / "work"),
        "--incremental",
        "100",
        "--extract-sample",
        "100",
        "--naive-sample",
        "100",
        "--query-runs",
        "2",
        "--profile",
        "none",
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (size,) = doc["sizes"]
    assert size["papers"] == 1000
    assert size["errors"] == {}
    # Ingest wrote a real graph; ingesting the same files again added nothing.
    assert size["nodes"] > 1000
    assert size["relationships"] > 5000
    assert size["reingest_added"] == 0
    assert size["reingest_counts_unchanged"] is True
    assert size["incremental_added_papers"] == 100
    # The naive baseline wrote exactly its sample, and every catalog query ran with rows to show.
    assert size["naive_written"] == size["naive_sample"] == 100
    assert size["queries"]
    for name, q in size["queries"].items():
        assert "p50_ms" in q, (name, q)
        assert q["rows"] > 0, name
    assert size["view_nodes"] == 500
    table = (out / "results.md").read_text(encoding="utf-8")
    assert "| re-ingest: nodes + relationships added | 0 |" in table
    assert "cores" in table and "ladybug" in table
    assert "machine:" in done.stdout
