"""`.ci/run` runs exactly the README's test command (after its environment and set-up lines)."""

from __future__ import annotations

import re

from conftest import ROOT


def _readme_test_command() -> str:
    commands = re.findall(r"^(python3 dev\.py test)\b", (ROOT / "README.md").read_text(encoding="utf-8"), re.M)
    assert commands, "README.md gives no `python3 dev.py test` line"
    return commands[0]


def test_ci_runs_the_readme_test_command() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines[-1] == _readme_test_command(), f".ci/run ends with {lines[-1]!r}, not the README's test command"
