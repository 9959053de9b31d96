"""Run the pages' ``exec`` blocks on every CPU: a clean build on two cores takes about half the time.

A MkDocs hook (``hooks:`` in mkdocs.yml), on by default on Linux. MkDocs reads
the pages one after the other, and markdown-exec runs each page's Python
blocks while the page is read; almost all of a build is that. This hook lets
other processes run some pages' blocks at the same time:

1. At ``on_nav``, after the nav is known and before the first page is read,
   the build forks ``jobs - 1`` worker processes (``jobs``: the CPUs this
   process may use, or ``INITLAB_EXEC_JOBS``).
2. The pages that have ``exec`` blocks are claimed one at a time in a shared
   table. The main process claims each page when MkDocs reaches it, in nav
   order; a worker claims the *last* unclaimed page, reads it with MkDocs' own
   ``_populate_page`` (so markdown-exec runs its blocks exactly as the main
   process would, in page order, in the page's sessions) and sends back the
   text each block printed.
3. When the main process reaches a page a worker claimed, it waits for that
   page, and markdown-exec renders the text the worker sent instead of running
   the block again. The page is still rendered by the main process, so
   headings, links and cross-references are registered as in a serial build.

Each page's blocks run once, in one process. What changes is only where, so
the site is the same byte for byte (tests/test_docs_parallel.py builds it
both ways and compares every file). Checks that keep it so:

* each text received is matched to the block markdown-exec asks for (code,
  session, id and options); any mismatch fails the build;
* a page with a block that raised in a worker, or whose worker died, is run
  again by the main process, which reports its errors as a serial build does;
* pages that share a ``session`` name with another page stay in the main
  process (a session's globals live in one process).

Off (every page runs in the main process, as without the hook) with
``INITLAB_EXEC_JOBS=1``, on one CPU, where ``fork`` is unavailable (not
Linux), and when the build process already runs other threads (the rebuilds
of ``mkdocs serve``, where the author's cache, hooks/exec_cache.py, does the
work; serve's first build is parallel). It wraps the same markdown-exec
function as the cache, ``_run_python``, around whatever is installed (the
cache's wrapper when the cache is on), and puts it back at the end of the build.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import re
import sys
import threading
import time
import types
from typing import Any

from exec_cache import _markdown_exec_python  # hooks/exec_cache.py: checks the internals both hooks wrap
from mkdocs.commands.build import _populate_page
from mkdocs.exceptions import PluginError

ENV_VAR = "INITLAB_EXEC_JOBS"
EXEC_BLOCK = re.compile(r"""^\s*(`{3,}|~{3,})\s*python\b[^\n]*\bexec=["']?(?:on|1|true|yes)\b""", re.M)
SESSION = re.compile(r"""\bsession=["']?([^"'\s}]+)""")
WAIT_SECONDS = 0.5  # how often the main process checks that a worker it waits for is still alive
log = logging.getLogger("mkdocs.hooks.parallel_exec")

# MkDocs re-executes a hook module on every build of `mkdocs serve`; the wrapped function lives here.
_STATE_NAME = "_initlab_parallel_exec_state"
_state = sys.modules.setdefault(_STATE_NAME, types.ModuleType(_STATE_NAME))


def jobs() -> int:
    """How many processes run page blocks: ``INITLAB_EXEC_JOBS`` if set, else the CPUs this process may use."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise PluginError(
                f"{ENV_VAR} must be a whole number >= 1 (1 runs every page in one process), got {value!r}"
            )
        return int(value)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def parallel_pages(sources: list[str]) -> list[int]:
    """Indices of the pages a worker may take: those with exec blocks whose sessions no other page uses."""
    sessions = [
        set(SESSION.findall("\n".join(line for line in s.splitlines() if EXEC_BLOCK.match(line)))) for s in sources
    ]
    shared = {name for i, a in enumerate(sessions) for b in sessions[i + 1 :] for name in a & b}
    return [i for i, s in enumerate(sources) if EXEC_BLOCK.search(s) and not sessions[i] & shared]


def block_identity(code: str, returncode: int | None, session: str | None, id: str | None, extra: dict) -> tuple:
    """What must match between the block a worker ran and the block the main process renders."""
    return (code, returncode, session, id, tuple(sorted(extra.items())))


class Recorder:
    """In a worker: runs blocks with the wrapped function and keeps (identity, printed text) per page."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.blocks: list[tuple[tuple, str]] = []
        self.failed = False

    def run(
        self, code: str, returncode: int | None = None, session: str | None = None, id: str | None = None, **extra: str
    ) -> str:
        try:
            text = self.inner(code, returncode=returncode, session=session, id=id, **extra)
        except BaseException:
            self.failed = True
            raise
        self.blocks.append((block_identity(code, returncode, session, id, extra), text))
        return text


class Replayer:
    """In the main process: renders a worker's texts for its pages and runs every other block as usual."""

    def __init__(self, fp: types.ModuleType, inner: Any) -> None:
        self.fp, self.inner = fp, inner
        self.page: str | None = None
        self.blocks: list[tuple[tuple, str]] | None = None  # the current page's texts from a worker, or None: run

    def run(
        self, code: str, returncode: int | None = None, session: str | None = None, id: str | None = None, **extra: str
    ) -> str:
        if self.blocks is None:
            return self.inner(code, returncode=returncode, session=session, id=id, **extra)
        wanted = block_identity(code, returncode, session, id, extra)
        if not self.blocks or self.blocks[0][0] != wanted:
            got = self.blocks[0][0][:4] if self.blocks else "no more blocks"
            raise PluginError(f"parallel exec: {self.page}: a worker ran {got!r} where the page has {wanted[:4]!r}")
        self.fp._code_block_id(id, session, extra.get("title"))  # keep markdown-exec's block numbering
        return self.blocks.pop(0)[1]


class Pool:
    """The workers of one build, the claim table and what the workers sent back."""

    def __init__(self, pages: list[Any], candidates: list[int], workers: int, config: Any, files: Any) -> None:
        self.fp = _markdown_exec_python()
        self.inner = self.fp._run_python
        self.index = {id(pages[i]): i for i in candidates}
        self.pages = pages
        ctx = multiprocessing.get_context("fork")
        self.claims = ctx.Array("i", len(pages))  # 0 free, 1 main process, 2 + k worker k; -1 not claimable
        for i in range(len(pages)):
            self.claims[i] = 0 if i in candidates else -1
        self.queue = ctx.Queue()
        self.results: dict[int, list[tuple[tuple, str]] | None] = {}
        self.workers = [
            ctx.Process(target=self._work, args=(k, config, files), name=f"initlab-exec-{k}", daemon=True)
            for k in range(workers)
        ]
        for worker in self.workers:
            worker.start()
        self.in_worker = False
        self.replayer = Replayer(self.fp, self.inner)
        self.fp._run_python = self.replayer.run
        self.replayed, self.waited = 0, 0.0  # pages rendered from a worker's texts; seconds spent waiting for them

    # --- in a worker ------------------------------------------------------------
    def _claim_last(self, k: int) -> int | None:
        with self.claims.get_lock():
            for i in range(len(self.pages) - 1, -1, -1):
                if self.claims[i] == 0:
                    self.claims[i] = 2 + k
                    return i
        return None

    def _work(self, k: int, config: Any, files: Any) -> None:
        self.in_worker = True  # this process's copy of the hook's page events does nothing
        logging.disable(logging.CRITICAL)  # the main process reports; a page that failed here runs again there
        while (i := self._claim_last(k)) is not None:
            recorder = Recorder(self.inner)
            self.fp._run_python = recorder.run
            before = _cache_counts()
            try:
                _populate_page(self.pages[i], config, files)
            except Exception:
                recorder.failed = True
            counts = tuple(b - a for a, b in zip(before, _cache_counts()))
            self.queue.put((i, None if recorder.failed else recorder.blocks, counts))
        self.queue.close()
        self.queue.join_thread()

    # --- in the main process ------------------------------------------------------
    def before_page(self, page: Any) -> None:
        """Claim ``page`` for the main process, or wait for the worker that claimed it."""
        if self.in_worker:
            return
        self.replayer.blocks, self.replayer.page = None, page.file.src_uri
        i = self.index.get(id(page))
        if i is None:
            return
        with self.claims.get_lock():
            owner = self.claims[i]
            if owner == 0:
                self.claims[i] = 1
        if owner == 0:
            return
        worker, start = self.workers[owner - 2], time.perf_counter()
        while i not in self.results:
            try:
                self._receive(self.queue.get(timeout=WAIT_SECONDS))
            except queue.Empty:
                if not worker.is_alive():
                    self._drain()
                    break
        self.waited += time.perf_counter() - start
        blocks = self.results.pop(i, None)
        if blocks is not None:
            self.replayer.blocks = list(blocks)
            self.replayed += 1

    def _receive(self, message: tuple[int, list[tuple[tuple, str]] | None, tuple[int, ...]]) -> None:
        i, blocks, counts = message
        self.results[i] = blocks
        cache = _cache_build()
        if cache is not None and blocks is not None and len(counts) == 2:  # the worker's cache reads and runs
            cache.hits, cache.misses = cache.hits + counts[0], cache.misses + counts[1]

    def _drain(self) -> None:
        while True:
            try:
                self._receive(self.queue.get(timeout=0.1))
            except queue.Empty:
                return

    def after_page(self, page: Any) -> None:
        if self.in_worker:
            return
        if self.replayer.blocks:
            raise PluginError(
                f"parallel exec: {page.file.src_uri}: {len(self.replayer.blocks)} block(s) a worker ran "
                "are not on the page"
            )
        self.replayer.blocks = None

    def close(self) -> None:
        """Stop the workers and put markdown-exec's function back."""
        self.fp._run_python = self.inner
        for worker in self.workers:
            worker.terminate() if worker.is_alive() else None
            worker.join()
        self.queue.close()


def _cache_build() -> Any:
    """This build's view of the author's cache (hooks/exec_cache.py), or None when the cache is off."""
    from exec_cache import cache_dir

    state = sys.modules.get("_initlab_exec_cache_state")
    return getattr(state, "build", None) if cache_dir() is not None else None


def _cache_counts() -> tuple[int, ...]:
    cache = _cache_build()
    return () if cache is None else (cache.hits, cache.misses)


def _pool() -> Pool | None:
    return getattr(_state, "pool", None)


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    _close()
    n = jobs()
    if n < 2 or "fork" not in multiprocessing.get_all_start_methods() or sys.platform != "linux":
        return nav
    if threading.active_count() > 1:  # a rebuild under `mkdocs serve`: forking a threaded process is unsafe
        return nav
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    candidates = parallel_pages([p.file.content_string for p in pages])
    if len(candidates) < 2:
        return nav
    _state.pool = Pool(pages, candidates, min(n - 1, len(candidates) - 1), config, files)
    return nav


def on_pre_page(page: Any, config: Any, files: Any) -> Any:
    pool = _pool()
    if pool is not None:
        pool.before_page(page)
    return page


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    pool = _pool()
    if pool is not None:
        pool.after_page(page)
    return html


def on_env(env: Any, config: Any, files: Any) -> Any:
    pool = _pool()
    if pool is not None:
        log.info(
            f"parallel exec: {pool.replayed} pages' blocks ran in {len(pool.workers)} worker process(es); "
            f"the build waited {pool.waited:.1f} s for them"
        )
    _close()
    return env


def on_build_error(error: Exception) -> None:
    _close()


def _close() -> None:
    pool = _pool()
    if pool is not None:
        del _state.pool
        pool.close()
