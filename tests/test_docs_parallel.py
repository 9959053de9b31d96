"""Page blocks run in parallel processes (hooks/parallel_exec.py): the site is the same byte for byte.

The fast tests drive the hook's parts; the ``site`` tests run ``mkdocs build``
on a four-page site in ``tmp_path`` (a few seconds) and, once, compare the
whole site built three ways: serially with a cold author's cache, in parallel
with that cache warm, and in parallel without a cache (the ``built_site``
every site test uses).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from conftest import BUILD_ENV, ROOT
from test_docs_cache import _load, _same_tree

sys.path.insert(0, str(ROOT / "hooks"))  # the hook imports exec_cache as MkDocs lets it (from its folder)
parallel = _load("initlab_parallel_exec_hook", ROOT / "hooks" / "parallel_exec.py")


# ----------------------------------------------------------------------------
# Fast: the hook's parts
# ----------------------------------------------------------------------------


def _fence(lang: str = "python", **options: str) -> str:
    opts = " ".join(f'{k}="{v}"' for k, v in {"exec": "on", **options}.items())
    return f"```{lang} {opts}\nprint(1)\n```\n"


def test_a_worker_takes_pages_whose_blocks_it_can_run_alone():
    pages = [
        "# prose only\n",  # 0: nothing to run
        _fence(session="a"),  # 1
        _fence(session="b") + _fence(session="shared"),  # 2: shares a session with 4
        "  " + _fence(session="c"),  # 3: indented (in an admonition or a tab)
        _fence(session="shared"),  # 4
        _fence(id="x") + "```python\nprint('not run')\n```\n",  # 5: an id is enough
        _fence(session="d", exec="off"),  # 6: nothing to run
        '```python title="x" exec="1" id="y"\nprint(1)\n```\n',  # 7
        _fence(session="e") + _fence(),  # 8: a block with neither session nor id (a build-wide counter names it)
        _fence(session="f") + _fence("pycon", session="f"),  # 9: pycon blocks are not wrapped
        _fence("py", session="g"),  # 10: py is python
        _fence("py", session="shared"),  # 11: and its sessions count
        "```{.python exec=on session=h}\nprint(1)\n```\n",  # 12: the attribute-list form
        _fence(session="i") + '--8<-- "other.md"\n',  # 13: a snippet may bring blocks
        "> " + _fence(session="j"),  # 14: in a block quote
    ]
    assert parallel.parallel_pages(pages) == [1, 3, 5, 7, 10, 12, 14]


def test_jobs_come_from_the_environment_or_the_cpus(monkeypatch):
    monkeypatch.setenv("INITLAB_EXEC_JOBS", "3")
    assert parallel.jobs() == 3
    for bad in ("0", "-1", "two", "1.5"):
        monkeypatch.setenv("INITLAB_EXEC_JOBS", bad)
        with pytest.raises(PluginError, match=f"INITLAB_EXEC_JOBS must be a whole number >= 1.*{bad!r}"):
            parallel.jobs()
    monkeypatch.delenv("INITLAB_EXEC_JOBS")
    assert parallel.jobs() == len(os.sched_getaffinity(0))


class Counter:
    """Stands in for markdown-exec's formatter module: counts block ids as ``_code_block_id`` does."""

    def __init__(self) -> None:
        self._sessions_counter: dict[str | None, int] = {}

    def _code_block_id(self, id=None, session=None, title=None):
        self._sessions_counter[session] = self._sessions_counter.get(session, 0) + 1


def test_the_main_process_renders_a_workers_texts_in_order_and_refuses_any_other_block():
    ran = []

    def run(code, returncode=None, session=None, id=None, **extra):
        ran.append(code)
        return f"ran {code}"

    recorder = parallel.Recorder(run)
    assert recorder.run("a", session="s") == "ran a"
    assert recorder.run("b", session="s", title="t") == "ran b"
    assert ran == ["a", "b"]

    fp = Counter()
    replayer = parallel.Replayer(fp, run)
    assert replayer.run("c") == "ran c"  # no worker texts: the block runs
    replayer.blocks, replayer.page = list(recorder.blocks), "p.md"
    assert replayer.run("a", session="s") == "ran a"
    assert replayer.run("b", session="s", title="t") == "ran b"
    assert ran == ["a", "b", "c"], "a replayed block ran again"
    assert fp._sessions_counter == {"s": 2}, "markdown-exec's block numbering must advance as if it ran"

    wrongs = (
        {"code": "x", "session": "s"},
        {"code": "a", "session": "other"},
        {"code": "a", "session": "s", "id": "i"},
    )
    for wrong in wrongs:
        replayer.blocks = list(recorder.blocks)
        with pytest.raises(PluginError, match="p.md: a worker ran"):
            replayer.run(**wrong)
    replayer.blocks = list(recorder.blocks[:1])
    replayer.run("a", session="s")
    with pytest.raises(PluginError, match="no more blocks"):
        replayer.run("b", session="s", title="t")
    replayer.blocks = None
    with pytest.raises(PluginError, match="session 's' already ran in a worker"):
        replayer.run("d", session="s")  # a session split between processes would see other globals


def test_a_block_that_raises_in_a_worker_is_not_recorded():
    def run(code, **kwargs):
        raise ValueError(code)

    recorder = parallel.Recorder(run)
    with pytest.raises(ValueError):
        recorder.run("boom")
    assert recorder.blocks == []


def test_any_warning_in_a_worker_marks_its_page_failed():
    handler = parallel._Failed()
    logger = logging.getLogger("initlab-test-parallel")
    logger.addHandler(handler)
    try:
        logger.info("fine")
        assert not handler.failed
        logger.warning("markdown-exec: execution of a block failed")
        assert handler.failed
    finally:
        logger.removeHandler(handler)


def test_the_hook_is_registered_after_the_cache_it_wraps():
    hooks = [
        line.strip() for line in (ROOT / "mkdocs.yml").read_text().splitlines() if line.strip().startswith("- hooks/")
    ]
    assert hooks == ["- hooks/exec_cache.py", "- hooks/signature_memo.py", "- hooks/parallel_exec.py"]
    assert "INITLAB_EXEC_JOBS" not in BUILD_ENV, "CI and the deploy build run in parallel, as a reader's build does"


# ----------------------------------------------------------------------------
# Site: real mkdocs builds
# ----------------------------------------------------------------------------

CONFIG = f"""\
site_name: four
hooks:
  - {ROOT / "hooks" / "exec_cache.py"}
  - {ROOT / "hooks" / "parallel_exec.py"}
plugins:
  - markdown-exec
markdown_extensions:
  - pymdownx.superfences
"""

PAGE = """\
# Page {name}

```python exec="on" session="{session}"
import multiprocessing, os, pathlib, time
time.sleep(0.3)
{before}
pathlib.Path({ran!r}).open("a").write(f"{name} {{os.getpid()}}\\n")
{assign}
```

```python exec="on" session="{session}" html="1"
print(f"<p>{name}: {{x * 2}}</p>")
```
"""


def _site(tmp_path: Path, sessions: dict[str, str], before: dict[str, str] | None = None) -> tuple[Path, Path]:
    """One page per name, in the given session, setting x = its rank (from 1), unless an earlier page of its
    session did: then it uses that page's x. ``before``: code a page runs first."""
    ran = tmp_path / "ran.txt"
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    first = next(iter(sessions))  # a page without blocks, read before the others in a parallel build
    (tmp_path / "docs" / "notes.md").write_text(f"# Notes\n\nSee [page {first}]({first}.md#page-{first}).\n")
    seen = set()
    for i, (name, session) in enumerate(sessions.items()):
        assign = "" if session in seen else f"x = {i + 1}"
        seen.add(session)
        code = (before or {}).get(name, "")
        text = PAGE.format(name=name, session=session, ran=str(ran), assign=assign, before=code)
        (tmp_path / "docs" / f"{name}.md").write_text(text)
    return tmp_path / "mkdocs.yml", ran


def _build(config: Path, site: Path, jobs: int, expect_ok: bool = True) -> str:
    env = {**os.environ, **BUILD_ENV, "INITLAB_EXEC_JOBS": str(jobs)}
    for name in ("INITLAB_EXEC_CACHE", "PYTEST_CURRENT_TEST"):
        env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (proc.returncode == 0) == expect_ok, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def _runs(ran: Path) -> dict[str, str]:
    """Page name -> the process id its first block ran in (and each page ran exactly once)."""
    lines = ran.read_text().split()
    ran.write_text("")
    pages = dict(zip(lines[0::2], lines[1::2]))
    assert len(pages) == len(lines) // 2, f"a page's blocks ran twice: {lines}"
    return pages


@pytest.mark.site
def test_four_pages_in_two_processes_give_the_serial_site(tmp_path):
    config, ran = _site(tmp_path, {"a": "a", "b": "b", "c": "c", "d": "d"})
    _build(config, tmp_path / "serial", jobs=1)
    assert len(set(_runs(ran).values())) == 1
    log = _build(config, tmp_path / "parallel", jobs=2)
    assert len(set(_runs(ran).values())) == 2, "no page ran in the worker"
    assert "pages' blocks ran in 1 worker process" in log
    assert _same_tree(tmp_path / "serial", tmp_path / "parallel") == []
    assert "<p>d: 8</p>" in (tmp_path / "parallel" / "d" / "index.html").read_text()
    assert 'href="../a/#page-a"' in (tmp_path / "parallel" / "notes" / "index.html").read_text()


@pytest.mark.site
def test_six_pages_in_four_processes_give_the_serial_site(tmp_path):
    config, ran = _site(tmp_path, {name: name for name in "abcdef"})
    _build(config, tmp_path / "serial", jobs=1)
    _runs(ran)
    log = _build(config, tmp_path / "parallel", jobs=4)
    assert len(set(_runs(ran).values())) >= 3, "the workers did not share the pages"
    assert "ran in 3 worker process(es)" in log
    assert _same_tree(tmp_path / "serial", tmp_path / "parallel") == []


@pytest.mark.site
def test_pages_that_share_a_session_run_in_the_main_process(tmp_path):
    config, ran = _site(tmp_path, {"a": "s", "b": "t", "c": "s", "d": "u"})
    _build(config, tmp_path / "serial", jobs=1)
    _runs(ran)
    _build(config, tmp_path / "parallel", jobs=2)  # c would fail with x undefined if a ran elsewhere
    pids = _runs(ran)
    assert pids["a"] == pids["c"]
    assert _same_tree(tmp_path / "serial", tmp_path / "parallel") == []
    assert "<p>c: 2</p>" in (tmp_path / "parallel" / "c" / "index.html").read_text()


@pytest.mark.site
def test_a_failing_block_is_reported_by_the_main_process_as_in_a_serial_build(tmp_path):
    config, ran = _site(tmp_path, {"a": "a", "b": "b", "c": "c", "d": "d"})
    page = tmp_path / "docs" / "d.md"
    page.write_text(page.read_text().replace("x = 4", "x = 1 / 0"))
    serial = _build(config, tmp_path / "serial", jobs=1, expect_ok=False)
    ran.write_text("")
    parallel_log = _build(config, tmp_path / "parallel", jobs=2, expect_ok=False)
    aborted = [line for line in serial.splitlines() if line.startswith("Aborted with")]
    assert aborted == ["Aborted with 2 warnings in strict mode!"], serial  # 1 / 0, then x undefined
    for log in (serial, parallel_log):
        assert log.count("ZeroDivisionError") == serial.count("ZeroDivisionError") > 0, log
        assert [line for line in log.splitlines() if line.startswith("Aborted with")] == aborted, log
    runs = ran.read_text().split()[0::2]
    assert sorted(set(runs)) == ["a", "b", "c", "d"] and runs.count("d") == 2, "d runs in the worker, then again"


@pytest.mark.site
def test_a_worker_that_dies_leaves_its_page_to_the_main_process(tmp_path):
    die = 'if multiprocessing.current_process().name.startswith("initlab-exec"):\n    os._exit(3)'
    config, ran = _site(tmp_path, {"a": "a", "b": "b", "c": "c", "d": "d"}, before={"d": die})
    _build(config, tmp_path / "serial", jobs=1)
    _runs(ran)
    _build(config, tmp_path / "parallel", jobs=2)
    pids = _runs(ran)
    assert pids["d"] == pids["a"], "d ran in the main process after its worker died"
    assert _same_tree(tmp_path / "serial", tmp_path / "parallel") == []


@pytest.mark.site
def test_the_whole_site_serial_parallel_and_cached_is_byte_identical(tmp_path, built_site):
    from test_docs_cache import _mkdocs

    cache = tmp_path / "cache"
    _mkdocs(ROOT / "mkdocs.yml", tmp_path / "cold", cache, jobs=1)
    entries = len(list(cache.glob("*.txt")))
    assert entries > 50
    _mkdocs(ROOT / "mkdocs.yml", tmp_path / "warm", cache)
    assert len(list(cache.glob("*.txt"))) == entries, "a warm build ran a block"
    assert _same_tree(tmp_path / "cold", tmp_path / "warm") == []
    if len(os.sched_getaffinity(0)) > 1:
        assert "worker process(es)" in built_site.log, "the site was not built in parallel"
    assert _same_tree(tmp_path / "cold", built_site.site) == [], "the parallel build differs from the serial one"
