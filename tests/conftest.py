"""Shared fixtures: the example dumps, a CLI runner, and one LadybugDB built from the examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "daily_papers"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def example_db(tmp_path_factory, runner) -> Path:
    """A store holding the five example dumps; tests copy it before writing."""
    db = tmp_path_factory.mktemp("examples") / "graph.db"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def fresh_db(example_db, tmp_path) -> Path:
    """A private copy of the example store that a test may change."""
    copy = tmp_path / "graph.db"
    shutil.copy(example_db, copy)
    return copy


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(app, [str(a) for a in args])


def cypher_rows(runner: CliRunner, db: Path, cypher: str) -> list[dict]:
    """Rows of a read query, run as a user would: ``citegraph query --cypher ... --format json``."""
    result = invoke(runner, "query", "--db", db, "--format", "json", "--cypher", cypher)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)
