"""Sentences of docs/frameworks.md (and the framework facts of other pages) that report a result.

Named ``test_frameworks_page`` because ``tests/test_frameworks.py`` (the
snippet runner) already owns the module name ``test_frameworks``.

The numbers of the page come from ``initlab``; the facts about PyTorch,
Keras and Flax layers are checked here against the real frameworks, each in
a fresh interpreter without ``KERAS_BACKEND``, as a reader runs them. Those
tests skip when a framework is absent (``INITLAB_REQUIRE_FRAMEWORKS=1``
makes that a failure), like ``tests/test_frameworks.py``, which runs the
page's snippets.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest

import initlab
from claims import claim
from test_frameworks import SNIPPETS, require

# ----------------------------------------------------------------------------- initlab's numbers


@claim("frameworks.md", "asked for 0.05, it draws 0.044")
def test_plain_truncated_normal_shrinks_the_std() -> None:
    assert round(0.05 * initlab.TRUNCATED_STD, 3) == 0.044
    w = initlab.truncated_normal((256, 784), std=0.05, rng=0)
    assert w.std() == pytest.approx(0.05 * initlab.TRUNCATED_STD, rel=0.01)


@claim(
    "frameworks.md",
    "so the\nbound is $\\sqrt{1/3}\\cdot\\sqrt{3/n_\\text{in}} = 1/\\sqrt{n_\\text{in}}$",
    "a third of LeCun's and a sixth of\nHe's",
)
def test_pytorch_default_variance() -> None:
    shape = (256, 784)
    std = initlab.SCHEMES["standard_uniform"].std(shape)
    assert std * math.sqrt(3) == pytest.approx(1 / math.sqrt(784))
    assert std**2 == pytest.approx(initlab.SCHEMES["lecun_normal"].std(shape) ** 2 / 3)
    assert std**2 == pytest.approx(initlab.SCHEMES["he_normal"].std(shape) ** 2 / 6)


@claim(
    "frameworks.md",
    "For a dense shape Glorot is symmetric in the two fans\nand does not care; He and LeCun do.",
    "For a conv kernel every fan-based scheme cares",
    "both fans come out wrong",
)
def test_unmoved_keras_shapes() -> None:
    dense, dense_keras = (256, 784), (784, 256)
    assert initlab.SCHEMES["glorot_uniform"].std(dense_keras) == initlab.SCHEMES["glorot_uniform"].std(dense)
    assert initlab.SCHEMES["he_normal"].std(dense_keras) != pytest.approx(initlab.SCHEMES["he_normal"].std(dense))
    conv, conv_keras = (128, 64, 3, 3), (3, 3, 64, 128)
    assert initlab.fans(conv) == (576, 1152)
    assert all(a != b for a, b in zip(initlab.fans(conv_keras), initlab.fans(conv)))
    for name, scheme in initlab.SCHEMES.items():
        if scheme.mode is not None:
            assert scheme.std(conv_keras) != pytest.approx(scheme.std(conv), rel=0.1), name
    assert initlab.fans(tuple(np.moveaxis(np.empty(conv_keras), (-1, -2), (0, 1)).shape)) == initlab.fans(conv)


# ----------------------------------------------------------------------------- the frameworks themselves


def run_checks(run_script, modules: list[str], source: str) -> None:
    """Run ``source`` (asserts) in a fresh interpreter, without KERAS_BACKEND, if ``modules`` are installed."""
    require(modules, "this check")
    result = run_script(textwrap.dedent(source), unset=["KERAS_BACKEND"])
    assert result.returncode == 0, result.stderr


TORCH = """
    import inspect, math
    import torch
    from torch import nn

    torch.manual_seed(0)
    for layer, fan_in in ((nn.Linear(784, 256), 784), (nn.Conv2d(64, 128, 3), 64 * 9)):
        bound = 1 / math.sqrt(fan_in)
        w, b = layer.weight.detach(), layer.bias.detach()
        assert w.abs().max() <= bound and w.abs().max() > 0.99 * bound      # U(+-1/sqrt(fan_in))
        assert b.abs().max() <= bound and b.abs().max() > 0.9 * bound       # the bias too: not zero
        assert (b != 0).all()
    layer = nn.ConvTranspose2d(64, 128, 3)                                    # weight (in, out, kh, kw)
    bound = 1 / math.sqrt(128 * 9)                                            # "fan_in" = out * kernel
    for t in (layer.weight.detach(), layer.bias.detach()):
        assert t.abs().max() <= bound and t.abs().max() > 0.9 * bound
    sig = inspect.signature(nn.init.trunc_normal_).parameters
    assert (sig["a"].default, sig["b"].default) == (-2.0, 2.0)             # absolute bounds
    t = torch.empty(200_000)
    nn.init.trunc_normal_(t, std=10.0)
    assert t.abs().max() <= 2.0                                             # not +-2 std
    assert abs(t.std().item() / (4 / math.sqrt(12)) - 1) < 0.05            # std 10 cut to +-2: near uniform
    sig = inspect.signature(nn.init.kaiming_normal_).parameters
    assert (sig["a"].default, sig["mode"].default, sig["nonlinearity"].default) == (0, "fan_in", "leaky_relu")
    assert nn.init.calculate_gain("leaky_relu", 0) == math.sqrt(2)
    nn.init.uniform_(t)
    assert t.min() >= 0 and t.max() <= 1                                    # U(0, 1) by default
    nn.init.normal_(t)
    assert abs(t.std().item() - 1) < 0.01                                   # std 1 by default
    x = torch.zeros(3, requires_grad=True)
    torch.relu(x).sum().backward()
    assert (x.grad == 0).all()                                              # relu'(0) = 0
"""

KERAS = """
    import os
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import numpy as np
    import keras
    from keras import initializers as ki

    dense = keras.layers.Dense(256)
    dense.build((None, 784))
    conv = keras.layers.Conv2D(128, 3)
    conv.build((None, 8, 8, 64))
    for layer in (dense, conv):
        assert isinstance(layer.kernel_initializer, ki.GlorotUniform)
        assert isinstance(layer.bias_initializer, ki.Zeros)
        assert np.all(keras.ops.convert_to_numpy(layer.bias) == 0)
    lstm = keras.layers.LSTM(4)
    lstm.build((None, 3, 5))
    assert isinstance(lstm.cell.kernel_initializer, ki.GlorotUniform)
    assert isinstance(lstm.cell.recurrent_initializer, ki.Orthogonal)
    bias = keras.ops.convert_to_numpy(lstm.cell.bias)                        # gates i, f, c, o
    assert np.all(bias[4:8] == 1) and np.all(np.r_[bias[:4], bias[8:]] == 0)  # forget-gate bias 1
    assert ki.RandomNormal().get_config()["stddev"] == 0.05
    config = ki.RandomUniform().get_config()
    assert (config["minval"], config["maxval"]) == (-0.05, 0.05)
    w = keras.ops.convert_to_numpy(ki.TruncatedNormal(stddev=0.05, seed=0)((784, 256)))
    assert abs(w.std() / (0.05 * 0.8796256610342398) - 1) < 0.01            # no correction
    sigma = np.sqrt(2 / 784) / 0.8796256610342398
    w = keras.ops.convert_to_numpy(ki.HeNormal(seed=0)((784, 256)))
    assert np.abs(w).max() <= 2 * sigma and abs(w.std() / np.sqrt(2 / 784) - 1) < 0.01  # cut at 2 sigma, rescaled
"""

FLAX = """
    import jax
    import numpy as np
    from flax import linen, nnx
    from jax.nn import initializers as ji

    for layer, fan_in in ((nnx.Linear(784, 256, rngs=nnx.Rngs(0)), 784),
                          (nnx.Conv(64, 128, kernel_size=(3, 3), rngs=nnx.Rngs(0)), 64 * 9)):
        kernel, bias = np.asarray(layer.kernel[...]), np.asarray(layer.bias[...])
        std = np.sqrt(1 / fan_in)                                            # LeCun normal
        assert abs(kernel.std() / std - 1) < 0.02
        assert np.abs(kernel).max() <= 2 * std / 0.8796256610342398          # truncated at 2 sigma
        assert np.all(bias == 0)
    params = linen.Dense(256).init(jax.random.key(0), np.ones((1, 784)))["params"]
    assert abs(params["kernel"].std() * np.sqrt(784) - 1) < 0.02 and np.all(params["bias"] == 0)
    w = ji.normal()(jax.random.key(0), (784, 256))
    assert abs(float(w.std()) / 0.01 - 1) < 0.01                             # std 0.01 by default
    u = ji.uniform()(jax.random.key(0), (784, 256))
    assert float(u.min()) >= 0 and float(u.max()) < 0.01                     # U[0, 0.01)
    t = np.asarray(ji.truncated_normal(0.05)(jax.random.key(0), (784, 256)))
    assert np.abs(t).max() <= 0.1 and abs(t.std() / (0.05 * 0.8796256610342398) - 1) < 0.01  # no correction
    assert jax.grad(jax.nn.relu)(0.0) == 0.0                                 # relu'(0) = 0
"""


@pytest.mark.framework
@claim(
    "frameworks.md",
    "PyTorch's\n`nn.Linear` and `nn.Conv*` draw theirs from the same",
    "takes absolute bounds\n`a, b` (PyTorch's names for the bounds; default $\\pm 2$, not $\\pm 2$ std) and applies no "
    "correction either",
    'or rely on the default `"leaky_relu"` with `a=0`, which gives the same gain $\\sqrt 2$',
    "PyTorch's `uniform_` is $\\mathcal U(0, 1)$ and `normal_` has std 1",
    "`nn.ConvTranspose*` follows\nthe same rule on its own layout `(in, out, *kernel)`: the fan PyTorch calls\n"
    "fan_in there is the output side, out channels × kernel size.",
    "| `nn.Linear`, `nn.Conv*` | $\\mathcal U(\\pm 1/\\sqrt{n_\\text{in}})$ | "
    "$\\mathcal U(\\pm 1/\\sqrt{n_\\text{in}})$ |",
    "The weight's draw is `kaiming_uniform_(w, a=sqrt(5))`",
)
@claim("zero.md", "PyTorch's `nn.Linear` and\n`nn.Conv*` are the exception: they draw the bias at random")
@claim("constant.md", "PyTorch's\n`nn.Linear` and `nn.Conv*` draw them at random instead")
@claim("index.md", "PyTorch's do not (below)")
@claim("zero.md", "0 (the subgradient PyTorch, JAX and `initlab` use)")
def test_pytorch_layer_defaults(run_script) -> None:
    run_checks(run_script, ["torch"], TORCH)


@pytest.mark.framework
@claim(
    "frameworks.md",
    "Keras and Flax dense and convolution layers start every\nbias at zero",
    "(a Keras `LSTM` sets its forget-gate bias to 1)",
    "Keras and Flax dense and convolution layers start their biases\nat zero",
    "Keras's are ±0.05 and 0.05",
    "| `Dense`, `Conv*` | `glorot_uniform` | zeros |",
    "| `LSTM` | `glorot_uniform`, recurrent: `orthogonal` | zeros, forget gate 1 |",
    "The plain truncated normals (`keras.initializers.TruncatedNormal`,",
)
@claim("zero.md", "That is why Keras and Flax dense and convolution layers start their\nbiases at zero by default")
@claim("constant.md", "Keras and Flax dense and convolution layers start them there by\ndefault")
@claim("index.md", "Keras and Flax dense and\nconvolution layers already do")
def test_keras_layer_defaults(run_script) -> None:
    run_checks(run_script, ["keras", "jax"], KERAS)


@pytest.mark.framework
@claim(
    "frameworks.md",
    "| `Dense`/`Linear`, `Conv` | `lecun_normal()` (truncated) | zeros |",
    "JAX's `normal` has std 0.01 and its `uniform(scale)` draws from $[0, \\text{scale})$",
    "`jax.nn.initializers.truncated_normal`) apply no correction",
)
def test_flax_layer_defaults(run_script) -> None:
    run_checks(run_script, ["flax", "jax"], FLAX)


def snippet_sections(path: Path) -> dict[str, str]:
    """The ``--8<--`` sections of a snippet file, as the page includes them: ``{name: code}``."""
    pattern = r"# --8<-- \[start:(\w+)\]\n(.*?)# --8<-- \[end:\1\]"
    return dict(re.findall(pattern, path.read_text(), re.S))


#: The labels of every framework tab set on the site, in order: Material's linked tabs
#: (``content.tabs.link``) switch every set at once only when the labels match.
LABELS = ["PyTorch", "Keras", "JAX / Flax", "initlab"]
PAGE = Path(__file__).resolve().parents[2] / "docs" / "frameworks.md"


def tab_sets(text: str) -> list[list[tuple[str, str]]]:
    """The tab sets of a page: for each set, its ``(label, content)`` tabs, content dedented."""
    sets: list[list[tuple[str, str]]] = []
    lines = text.splitlines()
    i, previous_end = 0, -2
    while i < len(lines):
        found = re.match(r'^=== "([^"]+)"\s*$', lines[i])
        if not found:
            i += 1
            continue
        start, i = i, i + 1
        body = []
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
            body.append(lines[i])
            i += 1
        if all(not line.strip() for line in lines[previous_end:start]) and sets and previous_end >= 0:
            sets[-1].append((found[1], textwrap.dedent("\n".join(body))))
        else:
            sets.append([(found[1], textwrap.dedent("\n".join(body)))])
        previous_end = i
    return sets


def tab_code(content: str) -> list[str]:
    """The code blocks of one tab as a reader copies them: ``--8<--`` includes resolved."""
    blocks = re.findall(r"^```py(?:thon)?[^\n]*\n(.*?)^```", content, re.M | re.S)
    resolved = []
    for block in blocks:

        def include(m: re.Match) -> str:
            file, section = m[1].split(":")
            return snippet_sections(SNIPPETS / file)[section]

        resolved.append(re.sub(r'^--8<-- "([^"]+)"\n?', include, block, flags=re.M))
    return resolved


def test_tab_sets_are_few_and_linked() -> None:
    """Every tab set of the page offers the site's four labels, in the site's order; few sets, full tabs."""
    sets = tab_sets(PAGE.read_text())
    assert [[label for label, _ in tabs] for tabs in sets] == [LABELS] * len(sets)
    assert len(sets) <= 4, len(sets)
    for tabs in sets:
        for label, content in tabs:
            assert tab_code(content), f"tab {label!r} has no code"
    docs = PAGE.parent
    for page in sorted(docs.glob("*.md")):  # the other pages use the same labels
        for tabs in tab_sets(page.read_text()):
            assert [label for label, _ in tabs] in (LABELS, LABELS[:3]), f"{page.name}: {[t for t, _ in tabs]}"


#: Runs each (label, source) in a fresh namespace: a missing import or name fails as it would for a reader.
RUN_TABS = """
import initlab

for label, source in SCRIPTS:
    namespace = {"__name__": "__main__"}
    exec(compile(source, label, "exec"), namespace)
    if "inits" in namespace:                       # the scheme tabs: one entry per initlab scheme
        assert list(namespace["inits"]) == list(initlab.SCHEMES), label
"""


@pytest.mark.framework
@claim(
    "frameworks.md",
    "Each tab is a whole script: copy it and run it.",
    "the Keras scripts pick JAX unless `KERAS_BACKEND`\nnames another",
    "the\nkeys of `inits` are `initlab`'s scheme names",
)
def test_every_tab_runs_as_copied(run_script) -> None:
    """Each tab's code as a reader copies it, alone, in a fresh namespace, without KERAS_BACKEND."""
    require(["torch", "keras", "jax", "flax"], "this check")
    scripts = []
    for n, tabs in enumerate(tab_sets(PAGE.read_text())):
        for label, content in tabs:
            for k, code in enumerate(tab_code(content)):
                if label == "Keras":
                    assert code.index("KERAS_BACKEND") < code.index("import keras"), f"set {n + 1}, Keras"
                scripts.append((f"tab set {n + 1}, {label}, block {k + 1}", code))
    assert sum("inits = {" in code for _, code in scripts) == 3  # PyTorch, Keras, JAX
    result = run_script(f"SCRIPTS = {scripts!r}\n" + RUN_TABS, unset=["KERAS_BACKEND"])
    assert result.returncode == 0, result.stderr


@claim("frameworks.md", "| `initlab.mlp` | `he_normal` (untruncated) | zeros |", "`init=` and `bias_init=` change them")
def test_initlab_mlp_defaults() -> None:
    import inspect

    params = inspect.signature(initlab.mlp).parameters
    assert (params["init"].default, params["bias_init"].default) == ("he_normal", "zeros")
    assert initlab.SCHEMES["he_normal"].distribution == "normal"  # untruncated


def test_initlab_relu_derivative_at_zero() -> None:
    assert initlab.mlp([2, 2, 1], init="zeros", activation="relu").activation.df(np.zeros(1))[0] == 0
