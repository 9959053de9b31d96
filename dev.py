"""Set up and run initlab with nothing but Python 3.11.

    python3 dev.py serve   # install into .venv, serve the site on http://127.0.0.1:8000
    python3 dev.py test    # install into .venv, run the whole test suite (pytest)

The first run creates ``.venv/`` and installs the package with its ``test``
extra (which includes the docs tools); later runs reinstall only when
``pyproject.toml`` changed. Extra arguments go to ``mkdocs serve`` or
``pytest``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def run(*cmd: object) -> None:
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def install() -> None:
    if not PYTHON.exists():
        print(f"creating {VENV.relative_to(ROOT)}/", flush=True)
        venv.create(VENV, with_pip=True)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("installing initlab[test] into .venv/", flush=True)
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[test]")
        STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("serve", "test"):
        print(__doc__)
        return 2
    install()
    command, rest = argv[0], argv[1:]
    if command == "serve":
        args = [PYTHON, "-m", "mkdocs", "serve", *rest]
    else:
        args = [PYTHON, "-m", "pytest", *rest]
    # One BLAS thread: results (and so the site's figures) do not depend on how
    # a machine splits a matrix product, and small matrices run faster.
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return subprocess.run([str(a) for a in args], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
