"""The framework snippets of *In your framework* run and draw what initlab says they draw.

Each snippet under ``docs/snippets/`` that starts with ``# requires: <framework>``
fills a dict ``drawn`` (scheme name -> sampled weight) for a dense layer with
784 inputs and 256 outputs (every scheme, for the ``*_init.py`` files),
``drawn_conv`` for a 3x3 convolution from 64 to 128 channels and
``drawn_model`` for the first layer of the page's whole-model example. The sampled std must match initlab's formula for
that scheme, on initlab's (out, in) layout, within a tolerance derived from
the sample size.

Each snippet runs as a reader runs it: in a fresh interpreter, in an empty
folder, without ``KERAS_BACKEND`` (a snippet that needs a backend chooses
it). When a framework is absent the test is skipped with the reason shown,
unless ``INITLAB_REQUIRE_FRAMEWORKS=1`` (``python3 dev.py test --frameworks``,
``.ci/run``) turns the skip into a failure.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
from pathlib import Path

import numpy as np
import pytest

import initlab

SNIPPETS = Path(__file__).resolve().parents[1] / "docs" / "snippets"
SHAPE = (256, 784)  # initlab / PyTorch layout (out, in); Keras/JAX store the transpose
# Kurtosis of each law, for the standard error of a sample std: sqrt((k - 1) / (4 n)) relative.
KURTOSIS = {"normal": 3.0, "truncated_normal": 3.0, "uniform": 1.8}
Z = 6.0  # standard errors allowed: a false alarm about once in 10^9 runs


def framework_snippets() -> list:
    params = []
    for path in sorted(SNIPPETS.glob("*.py")):
        first = path.read_text().splitlines()[0]
        if first.startswith("# requires:"):
            params.append(pytest.param(path, first.split(":", 1)[1].strip(), id=path.name))
    return params


CONV = (128, 64, 3, 3)  # initlab / PyTorch conv layout (out, in, kh, kw); Keras/JAX: (kh, kw, in, out)


#: Runs a snippet as ``python snippet.py`` does, then saves what it drew for the test to read.
RUNNER = """
import runpy, sys
import numpy as np

sys.argv, sys.path[0] = [{path!r}], {folder!r}
namespace = runpy.run_path({path!r}, run_name="__main__")
for key in ("drawn", "drawn_conv", "drawn_model"):
    arrays = {{name: np.asarray(value, dtype=np.float64) for name, value in namespace.get(key, {{}}).items()}}
    np.savez({out!r} + "/" + key + ".npz", **arrays)
"""


def require(modules: list[str], why: str) -> None:
    """Skip (or, with INITLAB_REQUIRE_FRAMEWORKS=1, fail) unless every module is importable."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if not missing:
        return
    verb = "is" if len(missing) == 1 else "are"
    reason = f"{why} needs {', '.join(missing)}, which {verb} not installed (`python3 dev.py test --frameworks`)"
    if os.environ.get("INITLAB_REQUIRE_FRAMEWORKS") == "1":
        pytest.fail(f"framework tests are required (INITLAB_REQUIRE_FRAMEWORKS=1) but {reason}")
    pytest.skip(reason)


def run_snippet(path: Path, requires: str, run_script, out: Path) -> tuple[dict, dict]:
    """Run ``path`` fresh, without KERAS_BACKEND: its ``drawn`` (with ``drawn_model``) and ``drawn_conv``."""
    require([m.strip() for m in requires.split(",")], path.name)
    out.mkdir()
    runner = RUNNER.format(path=str(path), folder=str(path.parent), out=str(out))
    result = run_script(runner, unset=["KERAS_BACKEND"])
    assert result.returncode == 0, f"{path.name} failed as a reader runs it:\n{result.stderr}"
    with np.load(out / "drawn.npz") as drawn, np.load(out / "drawn_conv.npz") as drawn_conv:
        drawn, drawn_conv = dict(drawn), dict(drawn_conv)
    if path.name.endswith("_init.py"):  # the page's scheme tab: every scheme
        assert list(drawn) == list(initlab.SCHEMES), f"{path.name} drew {sorted(drawn)}"
    with np.load(out / "drawn_model.npz") as drawn_model:
        drawn.update({f"model {name}": w for name, w in drawn_model.items()})
    return drawn, drawn_conv


def tolerance(distribution: str, n: int) -> float:
    """Relative tolerance on a sample std of n draws: Z standard errors, sqrt((kurtosis - 1) / (4 n)) each."""
    return Z * math.sqrt((KURTOSIS[distribution] - 1) / (4 * n))


@pytest.mark.framework
@pytest.mark.parametrize(("path", "requires"), framework_snippets())
def test_snippet_draws_initlab_std(path: Path, requires: str, run_script, tmp_path: Path, capsys) -> None:
    drawn, drawn_conv = run_snippet(path, requires, run_script, tmp_path / "drawn")
    assert drawn, f"{path.name} drew nothing"
    report = []
    for name, w in drawn.items():
        scheme = initlab.SCHEMES[name.removeprefix("model ")]
        shape = w.shape if w.shape[0] == SHAPE[0] else w.T.shape  # back to (out, in)
        assert shape == SHAPE, f"{path.name}: {name} has shape {w.shape}"
        if scheme.distribution == "constant":
            np.testing.assert_array_equal(w, scheme.constant)
            continue
        expected = scheme.std(SHAPE)
        n = w.size
        if scheme.distribution == "orthogonal":  # rows (or columns) orthonormal: the std is fixed, not sampled
            rel = 1e-3
        else:
            rel = tolerance(scheme.distribution, n)
        got = float(w.std())
        report.append(f"{name}: {got:.5f} vs {expected:.5f}")
        assert got == pytest.approx(expected, rel=rel), f"{path.name}: {name} std {got} != initlab {expected}"
    for name, w in drawn_conv.items():  # conv kernels: the receptive field multiplies both fans
        assert w.shape in (CONV, CONV[2:] + CONV[1::-1]), f"{path.name}: conv {name} has shape {w.shape}"
        scheme = initlab.SCHEMES[name]
        expected, got = scheme.std(CONV), float(w.std())
        report.append(f"conv {name}: {got:.5f} vs {expected:.5f}")
        assert got == pytest.approx(expected, rel=tolerance(scheme.distribution, w.size)), (
            f"{path.name}: conv {name} std {got} != initlab {expected}"
        )
    with capsys.disabled():
        print(f"\n{path.name}: " + "; ".join(report))


def test_every_framework_snippet_has_every_scheme() -> None:
    """The scheme tab of each framework names every initlab scheme, in initlab's order."""
    for path in SNIPPETS.glob("*_init.py"):
        section = path.read_text().split("[start:schemes]")[1].split("[end:schemes]")[0]
        names = re.findall(r'^    "(\w+)":', section, re.M)
        assert names == list(initlab.SCHEMES), f"{path.name} names {names}"
