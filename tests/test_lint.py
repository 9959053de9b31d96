"""ruff finds nothing to say: lint rules and formatting as configured in pyproject.toml ([tool.ruff])."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

PATHS = ["src", "tests", "benchmarks", "docs/snippets", "dev.py"]


@pytest.mark.parametrize(
    "command",
    [["check", "--no-fix", "--output-format", "concise"], ["format", "--check"]],
    ids=["check", "format"],
)
def test_ruff(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--no-cache", *PATHS], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        hint = ".venv/bin/ruff check --fix FILE" if command[0] == "check" else ".venv/bin/ruff format FILE"
        pytest.fail(f"ruff {command[0]} failed (try {hint}):\n{done.stdout}{done.stderr}", pytrace=False)
