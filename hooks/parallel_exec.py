"""Run the pages' ``exec`` blocks on every CPU: a clean build on two cores takes about 60 % of the time.

A MkDocs hook (``hooks:`` in mkdocs.yml), on by default on Linux. MkDocs reads
the pages one after the other (in the order of ``files.documentation_pages()``:
``index.md``, the top-level pages, then ``api/*``), and markdown-exec runs
each page's Python blocks while the page is read; almost all of a build is
that. This hook lets other processes run some pages' blocks at the same time:

1. At ``on_nav``, after the files are known and before the first page is
   read, the build forks ``jobs - 1`` worker processes (``jobs``: the CPUs
   this process may use, or ``INITLAB_EXEC_JOBS``).
2. The pages a worker may take (see ``parallel_pages``) are claimed one at a
   time in a shared table. The main process claims each page when MkDocs
   reaches it; a worker claims the *last* unclaimed page, reads it with
   MkDocs' own ``_populate_page`` (so markdown-exec runs its blocks as the
   main process would, in page order, in the page's sessions) and writes the
   text each block printed to a file in a temporary folder.
3. When the main process reaches a page a worker claimed, it waits for that
   file, and markdown-exec renders the text the worker printed instead of
   running the block again. The page is still rendered by the main process,
   so headings, links and cross-references are registered as in a serial build.

What changes is only which process runs a page's blocks, so the site is the
same byte for byte as with ``INITLAB_EXEC_JOBS=1`` (tests/test_docs_parallel.py
builds the whole site both ways and compares every file), provided that pages
do not share process-wide state: a page must not rely on numpy's print
options, matplotlib's rcParams, the environment, the working folder or files
that another page set or wrote. What the hook checks:

* a worker only takes a page whose exec blocks are all ``python``/``py``
  fences with a ``session`` or an ``id`` (markdown-exec names the other
  blocks by a build-wide counter), none of whose sessions another page uses,
  with no ``pycon`` exec block (its formatter is not wrapped) and no snippet
  include (``--8<--``, which could bring blocks the check does not see);
* each text received is matched to the block markdown-exec asks for (code,
  session, id and options), and a session that ran in a worker may not run
  in the main process; any mismatch fails the build;
* a page on which a worker logged a warning or an error (a block that
  raised, markdown-exec's report of it, anything else) is run again by the
  main process, which reports it as a serial build does; so is a page whose
  worker died. Such a page's blocks run twice.

The pages without exec blocks (the API reference, prose pages) are read by
the main process right after the fork, before MkDocs' loop, which then skips
them: in their turn they would come last, when no worker is left to share
the work. Workers die with the build (``PR_SET_PDEATHSIG``) and ignore Ctrl-C,
which the main process handles. With ``--dirty`` only modified pages are
taken or read early.

Off (every page runs in the main process, as without the hook) with
``INITLAB_EXEC_JOBS=1``, on one CPU, off Linux, and when the build process
already runs other threads (the rebuilds of ``mkdocs serve``, where the
author's cache, hooks/exec_cache.py, does the work; serve's first build is
parallel). It wraps the same markdown-exec function as the cache,
``_run_python``, around whatever is installed (the cache's wrapper when the
cache is on), and puts it back at the end of the build.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import types
from pathlib import Path
from typing import Any

import mkdocs.commands.build as mkdocs_build
from exec_cache import _markdown_exec_python  # hooks/exec_cache.py: checks the internals both hooks wrap
from mkdocs.commands.build import _populate_page
from mkdocs.exceptions import PluginError

ENV_VAR = "INITLAB_EXEC_JOBS"
# the opening line of an executed fence: ```python exec="on" ..., ~~~py {... exec="1"}, ```{.python exec=on}
FENCE = re.compile(r"""^[ \t>]*(?:`{3,}|~{3,})\s*\{?\s*\.?([\w-]+)\b([^\n]*)$""", re.M)
EXEC = re.compile(r"""\bexec=["']?(?:on|1|true|yes)\b""")
OPTION = r"""\b{}=["']?([^"'\s}}]+)"""
PYTHON = ("python", "py")
WAIT_SECONDS = 0.05  # how often the main process looks for a worker's file while it waits
LOCK_SECONDS = 60.0  # the claim table is held for microseconds; this long means its holder died holding it
PR_SET_PDEATHSIG = 1
log = logging.getLogger("mkdocs.hooks.parallel_exec")

# MkDocs re-executes a hook module on every build of `mkdocs serve`; the pool of a build lives here.
_STATE_NAME = "_initlab_parallel_exec_state"
_state = sys.modules.setdefault(_STATE_NAME, types.ModuleType(_STATE_NAME))


def jobs() -> int:
    """How many processes run page blocks: ``INITLAB_EXEC_JOBS`` if set, else the CPUs this process may use."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        if not (value.isascii() and value.isdecimal()) or int(value) < 1:
            raise PluginError(
                f"{ENV_VAR} must be a whole number >= 1 (1 runs every page in one process), got {value!r}"
            )
        return int(value)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def exec_fences(source: str) -> list[tuple[str, str]]:
    """(language, options) of every fence in ``source`` that markdown-exec executes."""
    return [(lang, opts) for lang, opts in FENCE.findall(source) if EXEC.search(opts)]


def parallel_pages(sources: list[str]) -> list[int]:
    """Indices of the pages a worker may take (the rules are in the module docstring)."""
    sessions, ok = [], []
    for source in sources:
        fences = exec_fences(source)
        names = {m.group(1) for _, opts in fences if (m := re.search(OPTION.format("session"), opts))}
        sessions.append(names)
        ok.append(
            bool(fences)
            and "--8<--" not in source
            and all(
                lang in PYTHON and (re.search(OPTION.format("session"), opts) or re.search(OPTION.format("id"), opts))
                for lang, opts in fences
            )
        )
    shared = {name for i, a in enumerate(sessions) for b in sessions[i + 1 :] for name in a & b}
    return [i for i, s in enumerate(sessions) if ok[i] and not s & shared]


def block_identity(code: str, returncode: int | None, session: str | None, id: str | None, extra: dict) -> tuple:
    """What must match between the block a worker ran and the block the main process renders."""
    return (code, returncode, session, id, tuple(sorted(extra.items())))


class Recorder:
    """In a worker: runs blocks with the wrapped function and keeps (identity, printed text) per page."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.blocks: list[tuple[tuple, str]] = []

    def run(
        self, code: str, returncode: int | None = None, session: str | None = None, id: str | None = None, **extra: str
    ) -> str:
        text = self.inner(code, returncode=returncode, session=session, id=id, **extra)
        self.blocks.append((block_identity(code, returncode, session, id, extra), text))
        return text


class Replayer:
    """In the main process: renders a worker's texts for its pages and runs every other block as usual."""

    def __init__(self, fp: types.ModuleType, inner: Any) -> None:
        self.fp, self.inner = fp, inner
        self.page: str | None = None
        self.blocks: list[tuple[tuple, str]] | None = None  # the current page's texts from a worker, or None: run
        self.worker_sessions: set[str] = set()  # sessions whose blocks ran in a worker

    def run(
        self, code: str, returncode: int | None = None, session: str | None = None, id: str | None = None, **extra: str
    ) -> str:
        if self.blocks is None:
            if session in self.worker_sessions:
                raise PluginError(f"parallel exec: {self.page}: session {session!r} already ran in a worker")
            return self.inner(code, returncode=returncode, session=session, id=id, **extra)
        wanted = block_identity(code, returncode, session, id, extra)
        if not self.blocks or self.blocks[0][0] != wanted:
            got = self.blocks[0][0][:4] if self.blocks else "no more blocks"
            raise PluginError(f"parallel exec: {self.page}: a worker ran {got!r} where the page has {wanted[:4]!r}")
        self.fp._code_block_id(id, session, extra.get("title"))  # keep markdown-exec's block numbering
        if session:
            self.worker_sessions.add(session)
        return self.blocks.pop(0)[1]


class _Failed(logging.Handler):
    """In a worker: any warning or error marks the page failed (the main process runs it again and reports)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.failed = False

    def emit(self, record: logging.LogRecord) -> None:
        self.failed = True


class Pool:
    """The workers of one build, the claim table and the folder they write their pages' texts to."""

    def __init__(self, pages: list[Any], candidates: list[int], workers: int, config: Any, files: Any) -> None:
        self.fp = _markdown_exec_python()
        self.inner = self.fp._run_python
        self.pages, self.index = pages, {pages[i].file.src_uri: i for i in candidates}
        self.folder = Path(tempfile.mkdtemp(prefix="initlab-exec-"))
        self.parent = os.getpid()
        self.in_worker = False
        self.read: set[str] = set()  # pages read before MkDocs' loop (see read_first)
        self.replayer = Replayer(self.fp, self.inner)
        self.replayed, self.waited = 0, 0.0  # pages rendered from a worker's texts; seconds spent waiting for them
        ctx = multiprocessing.get_context("fork")
        self.claims = ctx.Array("i", len(pages))  # 0 free, 1 main process, 2 + k worker k; -1 not claimable
        for i in range(len(pages)):
            self.claims[i] = 0 if i in candidates else -1
        self.workers = [
            ctx.Process(target=self._work, args=(k, config, files), name=f"initlab-exec-{k}", daemon=True)
            for k in range(workers)
        ]
        for worker in self.workers:
            worker.start()
        self.fp._run_python = self.replayer.run

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
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # die with the build
        if os.getppid() != self.parent:  # the build ended before prctl
            os._exit(1)
        failed = _Failed()
        for name in ("", "mkdocs"):  # nothing is printed here; a warning or an error marks the page failed
            logger = logging.getLogger(name)
            logger.handlers[:] = [failed]
            logger.setLevel(min(logger.getEffectiveLevel(), logging.WARNING))
        while (i := self._claim_last(k)) is not None:
            recorder, failed.failed, before = Recorder(self.inner), False, _cache_counts()
            self.fp._run_python = recorder.run
            try:
                _populate_page(self.pages[i], config, files)
            except Exception:
                failed.failed = True
            counts = [b - a for a, b in zip(before, _cache_counts())]  # the author's cache: blocks read back, run
            part = self.folder / f"{i}.part"
            part.write_bytes(pickle.dumps((None if failed.failed else recorder.blocks, counts)))
            part.replace(self.folder / f"{i}.pickle")  # whole or absent, even if this process dies

    # --- in the main process ------------------------------------------------------
    def before_page(self, page: Any) -> None:
        """Claim ``page`` for the main process, or wait for the worker that claimed it."""
        if self.in_worker:
            return
        self.replayer.blocks, self.replayer.page = None, page.file.src_uri
        i = self.index.get(page.file.src_uri)
        if i is None:
            return
        lock = self.claims.get_lock()
        if not lock.acquire(timeout=LOCK_SECONDS):
            raise PluginError(f"parallel exec: no claim on {page.file.src_uri} in {LOCK_SECONDS} s (a worker died?)")
        try:
            owner = self.claims[i]
            if owner == 0:
                self.claims[i] = 1
        finally:
            lock.release()
        if owner == 0:
            return
        worker, path, start = self.workers[owner - 2], self.folder / f"{i}.pickle", time.perf_counter()
        while not path.exists():
            if multiprocessing.connection.wait([worker.sentinel], timeout=WAIT_SECONDS) and not path.exists():
                break  # the worker died without writing it: the page runs here
        self.waited += time.perf_counter() - start
        blocks, counts = pickle.loads(path.read_bytes()) if path.exists() else (None, [])
        cache = _cache_build()
        if cache is not None and len(counts) == 2:  # count the worker's cache reads and runs in the build's log
            cache.hits, cache.misses = cache.hits + counts[0], cache.misses + counts[1]
        if blocks is not None:
            self.replayer.blocks = blocks
            self.replayed += 1

    def after_page(self, page: Any) -> None:
        if self.in_worker:
            return
        if self.replayer.blocks:
            raise PluginError(
                f"parallel exec: {page.file.src_uri}: {len(self.replayer.blocks)} block(s) a worker ran "
                "are not on the page"
            )
        self.replayer.blocks = None

    def read_first(self, pages: list[Any], config: Any, files: Any) -> None:
        """Read ``pages`` (those without exec blocks) now, while the workers start, and let MkDocs skip them.

        MkDocs would read them in their turn; the API reference comes last, after the last page a worker
        ran, when no worker is left to share the work.
        """
        for page in pages:
            _populate_page(page, config, files)
        self.read = {page.file.src_uri for page in pages}
        mkdocs_build._populate_page = self._populate_unread

    def _populate_unread(self, page: Any, config: Any, files: Any, dirty: bool = False) -> None:
        if page.file.src_uri not in self.read:
            _populate_page(page, config, files, dirty)

    def close(self) -> None:
        """Stop the workers, delete their folder and put MkDocs' and markdown-exec's functions back."""
        mkdocs_build._populate_page = _populate_page
        self.fp._run_python = self.inner
        for worker in self.workers:
            if worker.is_alive():
                worker.kill()
            worker.join()
        shutil.rmtree(self.folder, ignore_errors=True)


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
    if n < 2 or sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return nav
    if threading.active_count() > 1:  # a rebuild under `mkdocs serve`: forking a threaded process is unsafe
        return nav
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    candidates = [
        i
        for i in parallel_pages([p.file.content_string for p in pages])
        if pages[i].file.is_modified()  # under --dirty, the pages MkDocs will read; all of them otherwise
    ]
    if len(candidates) >= 2:
        _state.pool = Pool(pages, candidates, min(n - 1, len(candidates) - 1), config, files)
        unread = [p for p in pages if not exec_fences(p.file.content_string) and p.file.is_modified()]
        _state.pool.read_first(unread, config, files)
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
