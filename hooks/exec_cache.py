"""The author's cache: reuse the output of the pages' ``exec="on"`` blocks between builds.

A MkDocs hook (``hooks:`` in mkdocs.yml), **off unless** the environment
variable ``INITLAB_EXEC_CACHE`` names a folder. ``python3 dev.py serve`` sets
it to ``.cache/exec/``; ``mkdocs build``, CI (``.ci/run``), the deploy
workflow and the tests leave it unset, so every number they check is computed
afresh. With it set in CI (``INITLAB_CI=1`` or ``CI=true``) or under pytest
(``PYTEST_CURRENT_TEST``) the build fails.

What it stores: the text a Python block prints (before markdown-exec renders
it), one file per block, under a key that hashes everything that can change
that text:

* the library: the path and bytes of every file under ``src/initlab``, read
  once per process (a ``mkdocs serve`` keeps the modules it imported first,
  so that is the code that runs; restart serve after editing the library);
* Python, numpy, matplotlib and markdown-exec versions, and the BLAS thread
  settings (``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS``, ``MKL_NUM_THREADS``);
* the block's code and options (``id``, ``returncode``, title, working
  folder, console width), and, for a block in a ``session``, the code and
  options of every earlier block of that session in this build: a session's
  output depends on all that ran before it in the session;
* this file's own bytes.

A prose edit changes none of these, so the page's blocks are read back and
the rebuild takes about 2.5 s (0.3 s for the saved page alone under
``serve --dirty``). When a session block misses after earlier blocks of the
session were read back, those earlier blocks are re-run first (their output
discarded) in fresh session globals, so the block sees what a
clean build gives it. Figures are inline SVG whose ids are hashes of their
content (``initlab.plots.svg``), so a warm page is byte-identical to a cold
one (tests/test_docs_cache.py checks it).

Bounded: at most ``MAX_ENTRIES`` files and ``MAX_BYTES`` bytes after each
build (during one, it may hold one build's new entries more); the least
recently used are deleted first, at the end of the build. Clear it with ``python3 dev.py clean`` (or
delete the folder).

It wraps one private function of markdown-exec,
``markdown_exec._internal.formatters.python._run_python``; if markdown-exec
changes so that the wrap would not take effect, the build fails with a
message rather than running uncached.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import sys
import types
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ENV_VAR = "INITLAB_EXEC_CACHE"
MAX_ENTRIES = 2000
MAX_BYTES = 300_000_000
ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "src" / "initlab"
BLAS_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
PACKAGES = ("numpy", "matplotlib", "markdown-exec")

# MkDocs re-executes a hook module on every (re)build of `mkdocs serve`; what
# must outlive one build (the original function, the library hash) lives here.
_STATE_NAME = "_initlab_exec_cache_state"
_state = sys.modules.setdefault(_STATE_NAME, types.ModuleType(_STATE_NAME))


def cache_dir() -> Path | None:
    """The folder of ``INITLAB_EXEC_CACHE``, or None (the default): no cache."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return None
    if os.environ.get("INITLAB_CI") == "1" or os.environ.get("CI", "").lower() in ("1", "true"):
        raise PluginError(f"{ENV_VAR}={value!r} is set in CI; CI builds never use the exec cache: unset it")
    if "PYTEST_CURRENT_TEST" in os.environ:
        raise PluginError(f"{ENV_VAR}={value!r} is set in a test; the tests never use the exec cache: unset it")
    return Path(value).expanduser().resolve()


def library_digest(root: Path = LIBRARY) -> str:
    """SHA-256 of the relative path and bytes of every file under ``root`` (``src/initlab``)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def environment_key() -> dict[str, Any]:
    """Everything outside a block that can change its output (see the module docstring)."""
    if not hasattr(_state, "library"):
        _state.library = library_digest()
    return {
        "library": _state.library,
        "hook": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "python": sys.version,
        "machine": platform.machine(),
        "packages": {name: metadata.version(name) for name in PACKAGES},
        "blas": {name: os.environ.get(name) for name in BLAS_VARS},
    }


def block_key(environment: dict[str, Any], history: list[dict[str, Any]], block: dict[str, Any]) -> str:
    """The cache key of ``block``, run after the session's earlier blocks ``history``."""
    text = json.dumps([environment, history, block], sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


class Store:
    """A folder of ``<key>.txt`` files, bounded in count and bytes, least recently used evicted first."""

    def __init__(self, root: Path, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.root, self.max_entries, self.max_bytes = root, max_entries, max_bytes
        self.root.mkdir(parents=True, exist_ok=True)

    def get(self, key: str) -> str | None:
        path = self.root / f"{key}.txt"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            os.utime(path)  # recently used
        except FileNotFoundError:  # evicted by another process of the build (hooks/parallel_exec.py) meanwhile
            pass
        return text

    def put(self, key: str, text: str) -> None:
        tmp = self.root / f"{key}.tmp{os.getpid()}"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(self.root / f"{key}.txt")

    def evict(self) -> None:
        entries = []
        for path in self.root.glob("*.txt"):
            try:
                entries.append((path.stat(), path))
            except FileNotFoundError:  # another process of the build evicted it meanwhile
                continue
        entries.sort(key=lambda e: e[0].st_mtime_ns)
        total = sum(s.st_size for s, _ in entries)
        while entries and (len(entries) > self.max_entries or total > self.max_bytes):
            stat, path = entries.pop(0)
            total -= stat.st_size
            path.unlink(missing_ok=True)


def _markdown_exec_python() -> types.ModuleType:
    """markdown-exec's Python formatter module, checked to still have what the cache wraps."""
    try:
        from markdown_exec._internal.formatters import python as fp
    except ImportError as error:
        raise PluginError(
            f"exec cache: markdown-exec's internals moved ({error}); update hooks/exec_cache.py"
        ) from error
    check_internals(fp)
    return fp


def check_internals(fp: types.ModuleType) -> None:
    """Fail unless ``fp._format_python`` still calls ``fp._run_python`` by name and sessions live in ``fp``."""
    problems = []
    for name in ("_run_python", "_format_python", "_sessions_globals", "_sessions_counter", "_code_block_id"):
        if not hasattr(fp, name):
            problems.append(f"no {name}")
    if (
        not problems
        and "_run_python" not in getattr(fp._format_python, "__code__", types.SimpleNamespace(co_names=())).co_names
    ):
        problems.append("_format_python no longer calls _run_python")
    if problems:
        raise PluginError(
            f"exec cache: markdown-exec {metadata.version('markdown-exec')} changed ({'; '.join(problems)}); "
            f"update hooks/exec_cache.py or unset {ENV_VAR}"
        )


@contextmanager
def _where(cwd: str, columns: str | None):
    """Run in ``cwd`` with ``COLUMNS=columns``, as the block first ran (markdown-exec's workdir and width)."""
    old_cwd, old_columns = os.getcwd(), os.environ.get("COLUMNS")
    os.chdir(cwd)
    if columns is None:
        os.environ.pop("COLUMNS", None)
    else:
        os.environ["COLUMNS"] = columns
    try:
        yield
    finally:
        os.chdir(old_cwd)
        if old_columns is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old_columns


class Build:
    """One build's view of the cache: the environment key and each session's blocks so far."""

    def __init__(self, store: Store, fp: types.ModuleType, original: Any) -> None:
        self.store, self.fp, self.original = store, fp, original
        self.environment = environment_key()
        self.sessions: dict[str, list[dict[str, Any]]] = {}  # session -> blocks run or read back
        self.skipped: dict[str, list[bool]] = {}  # session -> was each block read back (not run)?
        self.counter_base: dict[str, int] = {}
        self.hits = self.misses = 0

    def run(
        self, code: str, returncode: int | None = None, session: str | None = None, id: str | None = None, **extra: str
    ) -> str:
        block = {
            "code": code,
            "returncode": returncode,
            "id": id,
            "extra": extra,
            "cwd": os.getcwd(),
            "columns": os.environ.get("COLUMNS"),
        }
        history = self.sessions.setdefault(session, []) if session else []
        skipped = self.skipped.setdefault(session, []) if session else []
        if session and not history:
            # the session's first block in this build: no globals or numbering left from an earlier build of
            # this process (a serve rebuild), so the block sees what a clean build gives it
            self.fp._sessions_globals.pop(session, None)
            self.fp._sessions_counter[session] = 0
            self.counter_base[session] = 0
        key = block_key(self.environment, history, block)
        text = self.store.get(key)
        hit = text is not None
        if hit:
            self.hits += 1
            self.fp._code_block_id(id, session, extra.get("title"))  # keep markdown-exec's block numbering
        else:
            self.misses += 1
            if any(skipped):
                self._replay(session, history)
                skipped[:] = [False] * len(skipped)
            text = self.original(code, returncode=returncode, session=session, id=id, **extra)
            self.store.put(key, text)
        if session:
            history.append(block)
            skipped.append(hit)
        return text

    def _replay(self, session: str, history: list[dict[str, Any]]) -> None:
        """Re-run the session's earlier blocks in fresh globals, so the next block sees a clean build's state."""
        self.fp._sessions_globals.pop(session, None)
        self.fp._sessions_counter[session] = self.counter_base[session]
        for block in history:
            with _where(block["cwd"], block["columns"]):
                self.original(
                    block["code"], returncode=block["returncode"], session=session, id=block["id"], **block["extra"]
                )


def on_config(config: Any) -> None:
    root = cache_dir()
    fp = _markdown_exec_python() if root else None
    if fp is None:
        if hasattr(_state, "original"):  # a previous build of this process wrapped it: put it back
            from markdown_exec._internal.formatters import python as fp_

            fp_._run_python = _state.original
            del _state.original
        return
    if not hasattr(_state, "original"):
        _state.original = fp._run_python
    _state.build = Build(Store(root), fp, _state.original)
    fp._run_python = _state.build.run


def on_post_build(config: Any) -> None:
    build = getattr(_state, "build", None)
    if build is not None and cache_dir() is not None:
        build.store.evict()
        logging.getLogger("mkdocs.hooks.exec_cache").info(
            f"exec cache {build.store.root}: {build.hits} blocks read back, {build.misses} run"
        )
