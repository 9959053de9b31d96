"""The site's build times against issue 15's targets: clean build, the author's loop, page weight, serve start.

Prints medians of ``--runs`` runs (default 3), each against its target with
the ratio (measured / target; <= 1 meets it):

* clean build: ``mkdocs build --strict`` into a fresh folder, no exec cache,
  pages in parallel as every build runs them (hooks/parallel_exec.py; wall
  time of the process). The lessons are timed by the same build with the Side
  by side grid's training replayed: ``initlab.studies.grid.scheme_trials``
  returns the result the whole build computed (pickled by this script), so
  everything but the grid's training runs, its figures and tables included.
  The grid's cost is printed twice: the wall time it adds (the difference
  of the two medians; less than its block's time, as the other process
  keeps working meanwhile) and the time of its block. Each executed block
  is timed (by wrapping markdown-exec's ``exec_python`` in the build and its
  workers), which gives the cost of ``--page``'s blocks, what ``serve
  --dirty`` re-runs on every edit of it when the author's cache is off;
* the author's loop: ``mkdocs serve`` as ``python3 dev.py serve`` runs it
  (exec cache on, in a fresh folder) on a copy of the tree; after the first
  build, one sentence of ``--page`` is edited, restored, edited ... (``--runs``
  writes); a sample is the time serve reports ("Documentation built in ...")
  and the wall time from the write to that line. ``--options`` also measures
  serve without the cache and ``serve --dirty`` without the cache;
* the heaviest page's HTML size (of the clean build);
* ``python3 dev.py serve`` time to "Serving on" on an installed tree, with an
  empty cache (a clean checkout) and a warm one (a restart). When this
  checkout has no ``.venv/``, it runs the command dev.py runs, with dev.py's
  environment, in this interpreter.

Every process gets the environment of ``.ci/env``.

Run: .venv/bin/python benchmarks/bench_build.py [--runs 3] [--page compare.md] [--options]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"lessons": 10.0, "whole": 20.0, "loop": 3.0, "page_kb": 600.0}

# Runs mkdocs in this process with markdown-exec's exec_python timed per block (one JSON line per block, from
# whichever process ran it) and, unless GRID is "-", scheme_trials recorded to or replayed from a pickle.
TIMED_MKDOCS = """
import hashlib, json, os, pickle, runpy, sys, time
import markdown_exec._internal.formatters.python as fp
out, grid, sys.argv = sys.argv[1], sys.argv[2], ["mkdocs", *sys.argv[3:]]
orig = fp.exec_python
def patch_grid():
    import initlab.studies.grid as g
    mode, folder = grid.split(":", 1)
    run = g.scheme_trials
    def scheme_trials(*args, **kwargs):
        key = hashlib.sha256(repr((args, sorted(kwargs.items()))).encode()).hexdigest()
        path = os.path.join(folder, key + ".pickle")
        if mode == "replay":
            with open(path, "rb") as f:
                return pickle.load(f)
        result = run(*args, **kwargs)
        with open(path, "wb") as f:
            pickle.dump(result, f)
        return result
    g.scheme_trials = scheme_trials
def timed(code, filename, exec_globals):
    if grid != "-" and "scheme_trials(" in code:
        patch_grid()  # before the block imports it, in the process that runs it
    start = time.perf_counter()
    try:
        return orig(code, filename, exec_globals)
    finally:
        with open(out, "a") as f:
            f.write(json.dumps([filename, time.perf_counter() - start]) + "\\n")
fp.exec_python = timed
runpy.run_module("mkdocs", run_name="__main__")
"""


def read_env(path: Path = ROOT / ".ci" / "env") -> dict[str, str]:
    """The KEY=VALUE lines of ``.ci/env`` (as dev.py and tests/conftest.py read them)."""
    lines = [line.strip() for line in path.read_text().splitlines()]
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def base_env(cache: Path | None = None) -> dict[str, str]:
    env = {**os.environ, **read_env()}
    env.pop("INITLAB_EXEC_CACHE", None)
    if cache is not None:
        env["INITLAB_EXEC_CACHE"] = str(cache)
    return env


def clean_build(tmp: Path, grid: str = "-") -> tuple[float, float, list[tuple[str, float]], Path]:
    """One clean build: (wall seconds, CPU seconds of all its processes, (block, seconds) of every block, site).

    ``grid`` is "record:FOLDER" (pickle what scheme_trials returns), "replay:FOLDER" (return it) or "-".
    """
    site = Path(tempfile.mkdtemp(dir=tmp)) / "site"
    times = site.parent / "times.jsonl"
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", TIMED_MKDOCS, str(times), grid, "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT,
        env=base_env(),
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    blocks = [tuple(json.loads(line)) for line in times.read_text().splitlines()]
    return wall, cpu, blocks, site


def block_seconds(blocks: list[tuple[str, float]], ids: tuple[str, ...] | list[str], exact: bool = False) -> float:
    """Seconds spent executing the blocks whose id is (``exact``) or starts with one of ``ids``."""
    end = ">" if exact else ""
    return sum(t for name, t in blocks if any(f"<code block: id {i}{end}" in name for i in ids))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """A ``mkdocs serve`` process whose log lines arrive in a queue."""

    def __init__(self, cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.start = time.perf_counter()
        # a session of its own, so stop() also ends the mkdocs serve that dev.py starts
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put((time.perf_counter(), line.rstrip()))

    def wait_for(self, pattern: str, timeout: float = 600) -> tuple[float, re.Match]:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                at, line = self.lines.get(timeout=max(0.1, deadline - time.perf_counter()))
            except queue.Empty:
                raise TimeoutError(f"serve printed no {pattern!r} in {timeout} s") from None
            if "ERROR" in line or "Traceback" in line:
                raise RuntimeError(f"serve failed: {line}")
            match = re.search(pattern, line)
            if match:
                return at, match

    def stop(self) -> None:
        """Ctrl-C, as an author stops it (serve then deletes its temporary site); harder if that is ignored."""
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=20)
                return
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                self.proc.wait()
                return


BUILT = r"Documentation built in ([\d.]+) seconds"


def author_loop(
    tree: Path, page: str, runs: int, cache: Path | None, extra: tuple[str, ...] = ()
) -> list[tuple[float, float]]:
    """(reported, wall) seconds of ``runs`` serve rebuilds: one sentence of ``page`` edited, restored, edited ..."""
    port = free_port()
    serve = Serve(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *extra],
        tree,
        base_env(cache),
    )
    path = tree / "docs" / page
    original = path.read_text(encoding="utf-8")
    # the first paragraph of prose: a line that is not a heading, a fence, a list, a table or front matter
    prose = next(line for line in original.splitlines() if re.match(r"[A-Za-z]", line))
    samples = []
    try:
        serve.wait_for(r"Serving on")
        for i in range(runs):
            time.sleep(1.5)  # past serve's change debounce
            text = original.replace(prose, prose + f" Edit {i}.", 1) if i % 2 == 0 else original
            written = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            at, match = serve.wait_for(BUILT)
            samples.append((float(match.group(1)), at - written))
    finally:
        path.write_text(original, encoding="utf-8")
        serve.stop()
    return samples


def time_to_serving(cache: Path) -> float:
    """Seconds from launching ``python3 dev.py serve`` (or what it runs) to "Serving on"."""
    port = free_port()
    venv_python = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    if venv_python.exists():
        cmd = [sys.executable, "dev.py", "serve", "-a", f"127.0.0.1:{port}"]
    else:
        cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    serve = Serve(cmd, ROOT, base_env(cache))
    try:
        at, _ = serve.wait_for(r"Serving on")
    finally:
        serve.stop()
    return at - serve.start


def line(name: str, value: float, unit: str, target: float | None, samples: list[float]) -> None:
    runs = ", ".join(f"{s:.2f}" for s in samples)
    name = name[:60]
    if target is None:
        print(f"{name:<60} {value:8.2f} {unit:<3} (no target; runs {runs})", flush=True)
    else:
        verdict = "meets" if value <= target else "MISSES"
        print(
            f"{name:<60} {value:8.2f} {unit:<3} target <= {target:g} {unit}  "
            f"ratio {value / target:.2f}  {verdict}  (runs {runs})",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="compare.md", help="the page whose prose the author's loop edits")
    parser.add_argument("--options", action="store_true", help="also time serve without the cache and with --dirty")
    parser.add_argument("--option-runs", type=int, default=3, help="rebuilds timed per option (each is a full build)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_build_"))
    page_ids = re.findall(r'exec="on"[^\n]*\bid="([^"]+)"', (ROOT / "docs" / args.page).read_text(encoding="utf-8"))
    print(f"median of {args.runs} runs; environment .ci/env; {os.cpu_count()} cores", flush=True)
    try:
        walls, cpus, lessons, pages, grid_blocks = [], [], [], [], []
        recorded = tmp / "grid"
        recorded.mkdir()
        for _ in range(args.runs):  # alternate whole and lessons builds, so both see the same machine
            wall, cpu, blocks, site = clean_build(tmp, f"record:{recorded}")
            walls.append(wall)
            cpus.append(cpu)
            pages.append(block_seconds(blocks, page_ids, exact=True))
            grid_blocks.append(block_seconds(blocks, ["cmp-grid"], exact=True))
            lessons.append(clean_build(tmp, f"replay:{recorded}")[0])
        median_wall = statistics.median(walls)
        line("clean build, whole", median_wall, "s", TARGETS["whole"], walls)
        line("  same, CPU time of all its processes", statistics.median(cpus), "s", None, cpus)
        line(
            "clean build, lessons (grid training replayed)",
            statistics.median(lessons),
            "s",
            TARGETS["lessons"],
            lessons,
        )
        grid = [median_wall - statistics.median(lessons)]
        line("the grid's training: wall time it adds (whole - lessons)", grid[0], "s", None, grid)
        line(
            "  its block (cmp-grid), in whichever process ran it",
            statistics.median(grid_blocks),
            "s",
            None,
            grid_blocks,
        )
        line(f"{args.page}'s blocks (serve --dirty without the cache)", statistics.median(pages), "s", None, pages)
        heaviest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
        size = heaviest.stat().st_size / 1000
        line(f"heaviest page {heaviest.relative_to(site).as_posix()}", size, "KB", TARGETS["page_kb"], [size])

        tree = tmp / "tree"
        shutil.copytree(
            ROOT, tree, ignore=shutil.ignore_patterns(".git", ".venv", ".cache", "site", "__pycache__", ".pytest_cache")
        )
        loop = author_loop(tree, args.page, args.runs, tmp / "loop-cache")
        reported, wall = [r for r, _ in loop], [w for _, w in loop]
        line(f"author's loop, prose edit of {args.page}", statistics.median(reported), "s", TARGETS["loop"], reported)
        line("  same, wall time from write to rebuilt", statistics.median(wall), "s", TARGETS["loop"], wall)

        serve_cache = tmp / "serve-cache"
        cold = [time_to_serving(serve_cache)]
        line("dev.py serve to serving, empty cache", cold[0], "s", median_wall, cold)
        warm = [time_to_serving(serve_cache) for _ in range(args.runs)]
        line("dev.py serve to serving, warm cache", statistics.median(warm), "s", median_wall, warm)

        if args.options:
            for name, cache, extra in (("serve, no cache", None, ()), ("serve --dirty, no cache", None, ("--dirty",))):
                samples = [r for r, _ in author_loop(tree, args.page, args.option_runs, cache, extra)]
                line(f"  option: {name}", statistics.median(samples), "s", TARGETS["loop"], samples)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
