"""Set up and run initlab with nothing but Python 3.11.

    python3 dev.py serve   # install into .venv, serve the site on http://127.0.0.1:8000
    python3 dev.py test    # install into .venv, run the whole test suite (pytest)
    python3 dev.py clean   # delete the author's cache of page outputs (.cache/exec/)

Extra arguments go to ``mkdocs serve`` or ``pytest``; for example the fast
lane, without the site build and the browser:

    python3 dev.py test -m "not site and not browser"

``python3 dev.py test --frameworks`` (or ``INITLAB_REQUIRE_FRAMEWORKS=1
python3 dev.py test``, which is how ``.ci/run`` calls it) also installs
PyTorch, JAX, Keras and Flax and makes their tests fail, not skip, when one
is missing.

The first run creates ``.venv/`` and installs the package with its ``test``
extra (which includes the docs tools) at the versions of ``constraints.txt``;
later runs reinstall only when ``pyproject.toml`` or ``constraints.txt``
changed. Every command runs with the environment of ``.ci/env`` (fixed
sitemap dates, one BLAS thread), the one CI and the published site use.

``serve`` alone also sets ``INITLAB_EXEC_CACHE=.cache/exec`` (unless it is
already set; set it empty to turn the cache off): the page code blocks' output
is cached on disk (hooks/exec_cache.py), keyed by the library's source, the
package versions, the BLAS settings and the blocks' code, and ruff's layout
of the API signatures is kept while serve runs (hooks/signature_memo.py), so
a prose edit rebuilds in about 2.5 s instead of re-running every page
(``serve --dirty``: only the saved page, about 0.3 s). ``mkdocs build``,
``test``, CI and the deploy build never use them. ``clean`` deletes the cache.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
CONSTRAINTS = ROOT / "constraints.txt"
ENV_FILE = ROOT / ".ci" / "env"
#: The author's cache of page outputs that ``serve`` uses (hooks/exec_cache.py); ``clean`` deletes it.
EXEC_CACHE = ROOT / ".cache" / "exec"
#: Installed by ``test --frameworks``, at the versions pinned in constraints.txt.
FRAMEWORKS = ("torch", "jax", "jaxlib", "keras", "flax")


def read_env(path: Path = ENV_FILE) -> dict[str, str]:
    """The KEY=VALUE lines of ``.ci/env``: the environment of every build and test."""
    env = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            if not sep:
                raise SystemExit(f"{path}: expected KEY=VALUE, got {line!r}")
            env[key.strip()] = value.strip()
    return env


def pins(names: tuple[str, ...]) -> list[str]:
    """The ``name==version`` lines of constraints.txt for ``names``."""
    found = {}
    for line in CONSTRAINTS.read_text().splitlines():
        name = line.split("==")[0].strip()
        if "==" in line and not line.lstrip().startswith("#") and name.lower() in names:
            found[name.lower()] = line.strip()
    missing = [n for n in names if n not in found]
    if missing:
        raise SystemExit(f"constraints.txt pins no version of {', '.join(missing)}")
    return [found[n] for n in names]


def run(*cmd: object) -> None:
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def pip_install(stamp: Path, what: str, *requirements: str) -> None:
    """``pip install -c constraints.txt requirements``, unless already done with these files."""
    digest = hashlib.sha256()
    for part in ((ROOT / "pyproject.toml").read_bytes(), CONSTRAINTS.read_bytes(), " ".join(requirements).encode()):
        digest.update(part)
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    print(f"installing {what} into {VENV.relative_to(ROOT)}/", flush=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "-c", CONSTRAINTS.name, *requirements)
    stamp.write_text(digest.hexdigest())


def install(frameworks: bool) -> None:
    if not PYTHON.exists():
        print(f"creating {VENV.relative_to(ROOT)}/", flush=True)
        venv.create(VENV, with_pip=True)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    pip_install(VENV / ".installed", "initlab[test]", "-e", ".[test]")
    if frameworks:
        pip_install(VENV / ".installed-frameworks", "PyTorch, JAX, Keras and Flax", *pins(FRAMEWORKS))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("serve", "test", "clean"):
        print(__doc__)
        return 2
    if argv[0] == "clean":
        if EXEC_CACHE.exists():
            shutil.rmtree(EXEC_CACHE)
            print(f"deleted {EXEC_CACHE.relative_to(ROOT)}/")
        return 0
    command, rest = argv[0], argv[1:]
    env = {**os.environ, **read_env()}
    # `--frameworks`, or INITLAB_REQUIRE_FRAMEWORKS=1 (what .ci/run sets), installs the frameworks too
    frameworks = command == "test" and ("--frameworks" in rest or env.get("INITLAB_REQUIRE_FRAMEWORKS") == "1")
    if frameworks:
        rest = [a for a in rest if a != "--frameworks"]
        env["INITLAB_REQUIRE_FRAMEWORKS"] = "1"
    install(frameworks)
    if command == "serve":
        env.setdefault("INITLAB_EXEC_CACHE", str(EXEC_CACHE))
        args = [PYTHON, "-m", "mkdocs", "serve", *rest]
    else:
        env.pop("INITLAB_EXEC_CACHE", None)  # every test computes its numbers afresh
        args = [PYTHON, "-m", "pytest", *rest]
    return run_child([str(a) for a in args], env)


def run_child(args: list[str], env: dict[str, str]) -> int:
    """Run ``args`` and return its exit code. Ctrl-C reaches the child too and is the child's to handle: dev.py
    waits while mkdocs serve shuts down and deletes its temporary site (``subprocess.run`` would kill it).
    A second Ctrl-C terminates it."""
    child = subprocess.Popen(args, cwd=ROOT, env=env)
    interrupts = 0
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            interrupts += 1
            if interrupts > 1:
                child.terminate()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
