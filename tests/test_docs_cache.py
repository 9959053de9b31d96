"""The author's cache of page outputs (hooks/exec_cache.py): explicit, correctly keyed, bounded, byte-identical.

The fast tests drive the hook's ``Build`` with a stand-in for markdown-exec's
``_run_python``; the ``site`` tests run ``mkdocs build`` on a one-page site in
``tmp_path`` (a few seconds). tests/test_docs_parallel.py builds the whole
site cold, then warm.
"""

from __future__ import annotations

import filecmp
import importlib.util
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from conftest import BUILD_ENV, ROOT

HOOK = ROOT / "hooks" / "exec_cache.py"


def _load(name: str, path: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


exec_cache = _load("initlab_exec_cache_hook", HOOK)


def _env(cache: Path | None) -> dict[str, str]:
    """The environment of a build with the cache at ``cache`` (None: unset), outside CI."""
    env = {**os.environ, **BUILD_ENV}
    for name in ("INITLAB_EXEC_CACHE", "INITLAB_CI", "CI", "PYTEST_CURRENT_TEST"):
        env.pop(name, None)
    if cache is not None:
        env["INITLAB_EXEC_CACHE"] = str(cache)
    return env


# ----------------------------------------------------------------------------
# Fast: the hook's parts
# ----------------------------------------------------------------------------


class FakeFormatter:
    """Stands in for markdown-exec's python formatter module: sessions share globals, runs are recorded."""

    def __init__(self) -> None:
        self._sessions_globals: dict[str, dict] = {}
        self._sessions_counter: dict[str | None, int] = {}
        self.runs: list[str] = []

    def _code_block_id(self, id=None, session=None, title=None):
        self._sessions_counter[session] = self._sessions_counter.get(session, 0) + 1

    def run(self, code, returncode=None, session=None, id=None, **extra):
        self._code_block_id(id, session)
        self.runs.append(code)
        g = self._sessions_globals.setdefault(session, {}) if session else {}
        out: list[str] = []
        g["print"] = lambda *a: out.append(" ".join(map(str, a)))
        exec(code, g)
        return "\n".join(out)


def _build(tmp_path: Path, fake: FakeFormatter) -> exec_cache.Build:
    return exec_cache.Build(exec_cache.Store(tmp_path / "cache"), fake, fake.run)


PAGE = [("s", "x = 2"), ("s", "print(x * 3)"), (None, "print('alone')"), ("s", "x += 1\nprint(x)")]


def _page(build: exec_cache.Build, blocks=PAGE) -> list[str]:
    return [build.run(code, session=session) for session, code in blocks]


def test_a_warm_build_runs_nothing_and_prints_the_same(tmp_path):
    cold = FakeFormatter()
    first = _page(_build(tmp_path, cold))
    assert first == ["", "6", "alone", "3"] and len(cold.runs) == 4
    warm = FakeFormatter()
    assert _page(_build(tmp_path, warm)) == first
    assert warm.runs == []


def test_changing_a_block_reruns_it_and_its_session_after_it_in_fresh_globals(tmp_path):
    _page(_build(tmp_path, FakeFormatter()))
    edited = [PAGE[0], ("s", "print(x * 4)"), *PAGE[2:]]
    fake = FakeFormatter()
    fake._sessions_globals["s"] = {"x": 100}  # stale globals of an earlier serve build
    assert _page(_build(tmp_path, fake), edited) == ["", "8", "alone", "3"]
    # block 1 read back, then replayed before the edited block 2; block 4 follows a changed history
    assert fake.runs == ["x = 2", "print(x * 4)", "x += 1\nprint(x)"]


def test_a_sessions_first_block_never_sees_an_earlier_builds_globals(tmp_path):
    fake = FakeFormatter()
    assert _page(_build(tmp_path, fake), [("s", "x = 2"), ("s", "print(x)")]) == ["", "2"]
    # the next serve build of the same process: the first block changed and misses; x must be gone
    with pytest.raises(NameError):
        _page(_build(tmp_path, fake), [("s", "y = 1"), ("s", "print(x)")])


def test_the_store_skips_entries_another_process_deleted(tmp_path, monkeypatch):
    store = exec_cache.Store(tmp_path, max_entries=2, max_bytes=10_000)
    for i in range(2):
        store.put(f"k{i}", "x")
    real_stat = Path.stat

    def vanishing_stat(self, *args, **kwargs):  # another process evicts k0 between the listing and the stat
        if self.name == "k0.txt":
            self.unlink(missing_ok=True)
            raise FileNotFoundError(self)
        return real_stat(self, *args, **kwargs)

    store.put("k2", "x")
    monkeypatch.setattr(Path, "stat", vanishing_stat)
    store.evict()
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k1.txt", "k2.txt"]
    real_utime = os.utime
    monkeypatch.setattr(os, "utime", lambda path, *a, **k: (Path(path).unlink(), real_utime(path, *a, **k)))
    assert store.get("k1") == "x"  # read, then deleted by another process before its time is touched


def test_the_key_covers_the_library_versions_blas_and_block_options(tmp_path, monkeypatch):
    env = exec_cache.environment_key()
    assert set(env) >= {"library", "python", "packages", "blas", "hook"}
    assert set(env["packages"]) == {"numpy", "matplotlib", "markdown-exec"}
    block = {"code": "print(1)", "id": "", "extra": {}}
    key = exec_cache.block_key(env, [], block)
    assert exec_cache.block_key(env, [], dict(block)) == key
    assert exec_cache.block_key({**env, "library": "other"}, [], block) != key
    assert exec_cache.block_key({**env, "blas": {"OPENBLAS_NUM_THREADS": "2"}}, [], block) != key
    assert exec_cache.block_key(env, [], {**block, "code": "print(2)"}) != key
    assert exec_cache.block_key(env, [], {**block, "id": "fig"}) != key
    assert exec_cache.block_key(env, [{"code": "x = 1"}], block) != key
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "7")
    assert exec_cache.environment_key()["blas"]["OPENBLAS_NUM_THREADS"] == "7"


def test_the_library_digest_changes_with_any_source_file(tmp_path):
    lib = tmp_path / "initlab"
    (lib / "plots").mkdir(parents=True)
    (lib / "__init__.py").write_text("A = 1\n")
    (lib / "plots" / "svg.py").write_text("B = 1\n")
    before = exec_cache.library_digest(lib)
    (lib / "__pycache__").mkdir()
    (lib / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert exec_cache.library_digest(lib) == before
    (lib / "plots" / "svg.py").write_text("B = 2\n")
    assert exec_cache.library_digest(lib) != before
    assert len(exec_cache.library_digest(exec_cache.LIBRARY)) == 64


def test_the_store_is_bounded_oldest_first(tmp_path):
    store = exec_cache.Store(tmp_path, max_entries=3, max_bytes=10_000)
    for i in range(5):
        store.put(f"k{i}", "x" * 10)
        os.utime(tmp_path / f"k{i}.txt", ns=(i * 10**9, i * 10**9))
    store.evict()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k2.txt", "k3.txt", "k4.txt"]
    small = exec_cache.Store(tmp_path / "b", max_entries=100, max_bytes=25)
    for i in range(3):
        small.put(f"k{i}", "y" * 10)
    assert len(list((tmp_path / "b").iterdir())) == 3, "a build may overshoot by its own entries"
    small.evict()  # at the end of the build
    assert len(list((tmp_path / "b").iterdir())) == 2


def test_the_cache_is_off_unless_asked_for_and_never_in_ci(monkeypatch):
    for name in ("INITLAB_EXEC_CACHE", "INITLAB_CI", "CI"):  # .ci/run sets INITLAB_CI=1: each case sets its own
        monkeypatch.delenv(name, raising=False)
    assert exec_cache.cache_dir() is None
    monkeypatch.setenv("INITLAB_EXEC_CACHE", "")
    assert exec_cache.cache_dir() is None
    monkeypatch.setenv("INITLAB_EXEC_CACHE", "/tmp/somewhere")
    with pytest.raises(PluginError, match="in a test"):  # PYTEST_CURRENT_TEST: a build a test started
        exec_cache.cache_dir()
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    assert exec_cache.cache_dir() == Path("/tmp/somewhere").resolve()
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("INITLAB_CI", "1")
    with pytest.raises(PluginError, match="CI"):
        exec_cache.cache_dir()
    assert "INITLAB_EXEC_CACHE" not in BUILD_ENV, ".ci/env must not turn the cache on"
    for path in (".ci/run", ".github/workflows/deploy.yml", "tests/conftest.py"):
        assert "INITLAB_EXEC_CACHE" not in (ROOT / path).read_text(), path


def test_dev_py_turns_the_cache_on_for_serve_only():
    source = (ROOT / "dev.py").read_text()
    assert source.count('"INITLAB_EXEC_CACHE"') == 2  # serve sets it, test removes it
    assert 'env.setdefault("INITLAB_EXEC_CACHE", str(EXEC_CACHE))' in source.split('if command == "serve":')[1]
    assert 'env.pop("INITLAB_EXEC_CACHE", None)' in source.split("else:")[-1]


def test_ruff_is_happy_with_the_hook():
    for command in (["check"], ["format", "--check"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--no-cache", "hooks"], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_hook_fails_loudly_when_markdown_exec_internals_change():
    from markdown_exec._internal.formatters import python as fp

    exec_cache.check_internals(fp)  # the installed markdown-exec has what the hook wraps
    broken = types.ModuleType("fake")
    broken.__dict__.update({k: getattr(fp, k) for k in ("_format_python", "_sessions_globals", "_code_block_id")})
    with pytest.raises(PluginError, match="no _run_python"):
        exec_cache.check_internals(broken)
    renamed = types.ModuleType("fake2")
    renamed.__dict__.update(
        {k: getattr(fp, k) for k in ("_run_python", "_sessions_globals", "_sessions_counter", "_code_block_id")}
    )
    renamed._format_python = lambda **kwargs: None
    with pytest.raises(PluginError, match="no longer calls _run_python"):
        exec_cache.check_internals(renamed)


def test_signatures_are_formatted_once_per_serve_process_only_with_the_cache(monkeypatch):
    from mkdocstrings_handlers.python._internal import rendering

    sys.path.insert(0, str(ROOT / "hooks"))
    memo = _load("initlab_signature_memo_hook", ROOT / "hooks" / "signature_memo.py")
    calls = []

    def formatter(code: str, line_length: int) -> str:
        calls.append(code)
        return code.upper()

    monkeypatch.setattr(rendering, "_get_formatter", lambda: formatter)
    for name in ("_initlab_signature_memo_state",):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setattr(memo, "_state", types.ModuleType("state"))
    for name in ("INITLAB_EXEC_CACHE", "INITLAB_CI", "CI"):
        monkeypatch.delenv(name, raising=False)
    memo.on_config(None)
    assert rendering._get_formatter() is formatter, "without the author's cache, nothing is kept"
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    monkeypatch.setenv("INITLAB_EXEC_CACHE", "/tmp/somewhere")
    memo.on_config(None)
    memo.on_config(None)  # a rebuild: the same memo
    first = rendering._get_formatter()
    assert [first("def f(a): pass", 60), first("def f(a): pass", 60), first("def f(a): pass", 40)] == [
        "DEF F(A): PASS"
    ] * 3
    assert calls == ["def f(a): pass", "def f(a): pass"], "ruff runs once per (signature, line length)"
    assert first.cache_info().maxsize == memo.MAX_ENTRIES
    monkeypatch.delenv("INITLAB_EXEC_CACHE")
    memo.on_config(None)
    assert rendering._get_formatter() is formatter, "the original is put back when the cache is off"


def test_dev_py_clean_deletes_the_cache(tmp_path, monkeypatch, capsys):
    dev = _load("initlab_dev", ROOT / "dev.py")
    cache = tmp_path / ".cache" / "exec"
    cache.mkdir(parents=True)
    (cache / "k.txt").write_text("out")
    monkeypatch.setattr(dev, "EXEC_CACHE", cache)
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    assert dev.main(["clean"]) == 0
    assert not cache.exists()
    assert dev.main(["clean"]) == 0  # nothing to delete is fine
    assert dev.EXEC_CACHE.relative_to(tmp_path) == Path(".cache/exec")


# ----------------------------------------------------------------------------
# Site: real mkdocs builds
# ----------------------------------------------------------------------------

MINI_CONFIG = f"""\
site_name: mini
hooks:
  - {HOOK}
plugins:
  - markdown-exec
markdown_extensions:
  - pymdownx.superfences
"""

MINI_PAGE = """\
# Mini

Some prose about {word}.

```python exec="on" session="m"
import pathlib
pathlib.Path({ran!r}).open("a").write("a\\n")
import numpy as np
x = np.arange(5.0)
```

```python exec="on" session="m" html="1"
pathlib.Path({ran!r}).open("a").write("b\\n")
print(f"<p>sum {{x.{op}():.3f}}</p>")
```
"""


def _mini(tmp_path: Path, word: str = "weights", op: str = "sum") -> tuple[Path, Path]:
    ran = tmp_path / "ran.txt"
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(MINI_CONFIG)
    (tmp_path / "docs" / "index.md").write_text(MINI_PAGE.format(word=word, op=op, ran=str(ran)))
    return tmp_path / "mkdocs.yml", ran


def _mkdocs(config: Path, site: Path, cache: Path | None, cwd: Path = ROOT, jobs: int | None = None) -> None:
    """``mkdocs build --strict`` with the cache at ``cache`` and, if given, ``INITLAB_EXEC_JOBS=jobs``."""
    env = _env(cache)
    if jobs is not None:
        env["INITLAB_EXEC_JOBS"] = str(jobs)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ (or exist on one side only) between two built sites."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} | {
        p.relative_to(b) for p in b.rglob("*") if p.is_file()
    }
    return sorted(
        str(n)
        for n in names
        if not ((a / n).is_file() and (b / n).is_file() and filecmp.cmp(a / n, b / n, shallow=False))
    )


def _runs(ran: Path) -> str:
    text = ran.read_text() if ran.exists() else ""
    ran.write_text("")
    return text


@pytest.mark.site
def test_a_small_site_cold_warm_prose_and_code_edits(tmp_path):
    config, ran = _mini(tmp_path)
    cache = tmp_path / "cache"
    _mkdocs(config, tmp_path / "uncached", None)
    assert not cache.exists(), "a build without INITLAB_EXEC_CACHE wrote a cache"
    assert _runs(ran) == "a\nb\n"
    _mkdocs(config, tmp_path / "cold", cache)
    assert _runs(ran) == "a\nb\n" and len(list(cache.glob("*.txt"))) == 2
    _mkdocs(config, tmp_path / "warm", cache)
    assert _runs(ran) == "", "a warm build ran a block"
    assert _same_tree(tmp_path / "cold", tmp_path / "warm") == []
    assert _same_tree(tmp_path / "uncached", tmp_path / "warm") == []
    assert "sum 10.000" in (tmp_path / "warm" / "index.html").read_text()

    _mini(tmp_path, word="biases")  # a prose edit
    _mkdocs(config, tmp_path / "prose", cache)
    assert _runs(ran) == ""
    assert "biases" in (tmp_path / "prose" / "index.html").read_text()

    _mini(tmp_path, op="mean")  # a code edit: the first block is read back, replayed, then the second runs
    _mkdocs(config, tmp_path / "code", cache)
    assert _runs(ran) == "a\nb\n"
    assert "sum 2.000" in (tmp_path / "code" / "index.html").read_text()


def test_dev_py_lets_serve_finish_on_ctrl_c(tmp_path):
    """Ctrl-C reaches dev.py and mkdocs serve; dev.py waits while serve deletes its temporary site."""
    ready, cleaned = tmp_path / "ready", tmp_path / "cleaned"
    child = (
        "import pathlib, signal, sys, time\n"
        "def stop(*_):\n"
        "    time.sleep(0.5)  # mkdocs serve shutting down and deleting its site\n"
        f"    pathlib.Path({str(cleaned)!r}).write_text('yes')\n"
        "    sys.exit(0)\n"
        "signal.signal(signal.SIGINT, stop)\n"
        f"pathlib.Path({str(ready)!r}).write_text('yes')\n"
        "time.sleep(60)\n"
    )
    wrapper = (
        "import importlib.util, os, sys\n"
        f"spec = importlib.util.spec_from_file_location('dev', {str(ROOT / 'dev.py')!r})\n"
        "dev = importlib.util.module_from_spec(spec); spec.loader.exec_module(dev)\n"
        f"sys.exit(dev.run_child([sys.executable, '-c', {child!r}], dict(os.environ)))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", wrapper], start_new_session=True)
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to both on Ctrl-C
    assert proc.wait(timeout=30) == 0
    assert cleaned.read_text() == "yes", "dev.py killed serve before it cleaned up"
