"""How long a 500-node overview takes to settle and stop moving in headless Chromium.

Builds a graph from the example dumps (or uses --db), writes the overview page, opens it
in /usr/bin/chromium through Playwright and prints the seconds from navigation to the end
of the layout (when the page turns physics off), then checks that nothing moves after.
Run: python bench/view_settle.py [--db PATH] [--nodes 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Debian's Chromium and the flags it needs on these machines (no sandbox as root, no network).
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def build_db(folder: Path) -> Path:
    db = folder / "graph.db"
    for args in (["ingest", str(ROOT / "examples" / "daily_papers"), "--quiet"], ["report"]):
        subprocess.run(
            [sys.executable, "-c", "from graph.cli import app; app()", *args, "--db", str(db)],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="LadybugDB file (default: built from the example dumps)")
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from graph.stores.ladybug import LadybugStore
    from graph.views import overview, render_html

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = args.db or build_db(folder)
        store = LadybugStore(db, read_only=True)
        try:
            view = overview(store, limit=args.nodes)
        finally:
            store.close()
        page_file = folder / "overview.html"
        page_file.write_text(render_html(view), encoding="utf-8")
        print(
            f"overview: {len(view.nodes)} nodes, {len(view.edges)} links, page {page_file.stat().st_size} bytes"
        )
        times = []
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(folder / "profile"),
                executable_path=CHROMIUM,
                headless=True,
                args=FLAGS,
                viewport={"width": 1400, "height": 900},
            )
            page = context.new_page()
            for run in range(args.runs):
                page.goto(page_file.as_uri())
                page.wait_for_function("() => window.citegraph && window.citegraph.settled", timeout=120_000)
                seconds = page.evaluate("() => window.citegraph.settleMs") / 1000
                before = page.evaluate("() => window.citegraph.network.getPositions()")
                page.wait_for_timeout(1000)
                still = page.evaluate("() => window.citegraph.network.getPositions()") == before
                physics = page.evaluate("() => window.citegraph.network.physics.physicsEnabled")
                times.append(seconds)
                print(
                    f"run {run + 1}: settled in {seconds:.2f} s; "
                    f"physics {'on' if physics else 'off'}; {'still' if still else 'MOVING'} one second later"
                )
            context.close()
    print(f"median seconds to stabilisation: {statistics.median(times):.2f}")


if __name__ == "__main__":
    main()
