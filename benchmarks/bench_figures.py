"""Time `initlab.plots.svg.svg` on the site's heaviest figures, old against new, and weigh its markup.

Runs the executed blocks of the given pages (default: compare.md and
small-random.md, the heaviest; ``--all``: every page) with ``svg`` replaced by
a collector that keeps each figure (pickled), then renders every collected
figure with the ``svg`` of an older commit (``--old``, default 71c33ab: two
draws per figure, every vertex of a filled band; the whole ``initlab.plots``
package of that commit, so its helpers too) and with the current one,
alternating old and new, ``--runs`` times. Prints per figure the median CPU
time (``time.process_time``) and the size of the markup, old -> new (and
whether the markup is the same), then the totals and their ratio.

Run: OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_figures.py [--runs 3] [--old REV] [--all | page.md ...]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import pickle
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r'^([ \t]*)```python[^\n]*exec="on"[^\n]*\n(.*?)^\1```', re.S | re.M)


def collect(pages: list[str]) -> list[tuple[str, bytes]]:
    """(page, pickled (figure, caption)) for every figure the pages' blocks pass to ``svg``."""
    import initlab.plots

    figures: list[tuple[str, bytes]] = []
    real = initlab.plots.svg
    page = ""

    def keep(fig, description):
        figures.append((page, pickle.dumps((fig, description))))
        return ""

    initlab.plots.svg = keep
    try:
        for page in pages:
            namespace: dict = {"__name__": "__main__"}
            text = (ROOT / "docs" / page).read_text()
            for match in BLOCK.finditer(text):
                code = "\n".join(line[len(match.group(1)) :] for line in match.group(2).splitlines())
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(code, page, "exec"), namespace)
    finally:
        initlab.plots.svg = real
    return figures


def old_svg(rev: str):
    """``initlab.plots.svg`` as of ``rev``, with that commit's whole ``initlab.plots`` (as ``initlab._plots_old``)."""
    folder = Path(tempfile.mkdtemp())
    archive = subprocess.run(["git", "archive", rev, "src/initlab/plots"], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    package = folder / "src" / "initlab" / "plots"
    spec = importlib.util.spec_from_file_location(
        "initlab._plots_old", package / "__init__.py", submodule_search_locations=[str(package)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return sys.modules["initlab._plots_old.svg"]


def render(module, blob: bytes) -> tuple[float, str]:
    fig, description = pickle.loads(blob)
    if hasattr(description, "takeaway"):  # a Caption: rebuild it as the module's own class
        description = module.Caption(description.takeaway, description.setup, description.details)
    start = time.process_time()
    markup = module.svg(fig, description)
    return time.process_time() - start, markup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=["compare.md", "small-random.md"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--old", default="71c33ab")
    parser.add_argument("--all", action="store_true", help="every page of docs/")
    args = parser.parse_args()
    if args.all:
        args.pages = sorted(path.name for path in (ROOT / "docs").glob("*.md"))

    import initlab.plots.svg  # noqa: F401  (the module, which the package's svg function shadows)

    versions = {"old": old_svg(args.old), "new": sys.modules["initlab.plots.svg"]}
    figures = collect(args.pages)
    times: dict[str, list[list[float]]] = {name: [[] for _ in figures] for name in versions}
    markups: dict[str, list[str]] = {name: [""] * len(figures) for name in versions}
    for run in range(args.runs):
        order = ("old", "new") if run % 2 == 0 else ("new", "old")
        for name in order:
            for i, (_, blob) in enumerate(figures):
                seconds, markups[name][i] = render(versions[name], blob)
                times[name][i].append(seconds)
    sizes = {name: [len(markup.encode()) for markup in markups[name]] for name in versions}

    print(f"svg() on {len(figures)} figures of {', '.join(args.pages)}: median of {args.runs} runs (CPU s), size (KB)")
    total = {name: 0.0 for name in versions}
    for i, (page, _) in enumerate(figures):
        old, new = (statistics.median(times[name][i]) for name in ("old", "new"))
        total["old"] += old
        total["new"] += new
        print(
            f"  {page:18s} #{i:<2d} {old:6.3f} s -> {new:6.3f} s   "
            f"{sizes['old'][i] / 1024:7.1f} KB -> {sizes['new'][i] / 1024:7.1f} KB"
            f"{'   same markup' if markups['old'][i] == markups['new'][i] else ''}"
        )
    print(
        f"total {total['old']:.2f} s -> {total['new']:.2f} s (ratio {total['new'] / total['old']:.2f}); "
        f"{sum(sizes['old']) / 1024:.0f} KB -> {sum(sizes['new']) / 1024:.0f} KB"
    )


if __name__ == "__main__":
    main()
