"""The docs tell the truth: every command is in the README, CI runs the README's test line."""

from __future__ import annotations

import re

from graph.cli import app
from tests.conftest import ROOT, invoke

README = (ROOT / "README.md").read_text()


def commands() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)


def test_every_command_has_help_and_is_in_the_readme(runner):
    for name in commands():
        result = invoke(runner, name, "--help")
        assert result.exit_code == 0 and "Usage" in result.output, name
        assert f"citegraph {name}" in README, f"{name} is missing from the README"


def test_quick_start_is_two_lines_and_ci_runs_the_second():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    lines = re.findall(r"```sh\n(.*?)\n```", quick, re.S)
    assert len(lines) == 2 and all("\n" not in line for line in lines)
    assert "citegraph ingest examples/daily_papers" in lines[0]
    ci = (ROOT / ".ci" / "run").read_text()
    assert lines[1] in ci.splitlines()
    assert "set -euo pipefail" in ci
