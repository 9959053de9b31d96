"""Shared fixtures: the site is built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: How every build runs: fixed sitemap dates, and one BLAS thread, so float
#: results (and so figures) do not depend on how a machine splits a matmul,
#: and a busy 2-core machine is not slowed down by thread contention.
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1", "OPENBLAS_NUM_THREADS": "1",
             "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass(frozen=True)
class Build:
    site: Path
    log: str
    seconds: float


def build_site(dest: Path) -> Build:
    """Run ``mkdocs build --strict`` into ``dest`` and return its log."""
    import time

    env = {**os.environ, **BUILD_ENV}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    return Build(dest, log, seconds)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_site(tmp_path_factory.mktemp("site"))
