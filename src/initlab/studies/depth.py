r"""Signal propagation at initialization: per-layer statistics of a deep net, and the explorer's grid."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import as_generator, check_choice, check_dtype, check_int
from ..activations import Activation, get_activation
from ..diagnostics import dead_fraction, saturation
from ..nn import HIDDEN_ACTIVATIONS, MLP, mlp
from ._specs import SchemeSpec, forward_layers, mean_std, scheme_list, seed_from

# ----------------------------------------------------------------------------- depth sweep


@dataclass(frozen=True)
class DepthSweep:
    r"""Per-layer statistics of a deep net at initialization, one row per scheme.

    Attributes
    ----------
    schemes, labels
        Scheme names and human labels, ``(S,)``.
    activation
        Hidden activation name.
    depth, width, n_samples
        ``depth`` hidden layers of ``width`` units, ``n_samples`` inputs.
    layers
        ``(depth,)``: layer numbers $1..\text{depth}$.
    act_mean, act_std
        ``(S, depth)``: mean and std of the activations $A^{[l]}$, pooled
        over every example and unit.
    act_spread
        ``(S, depth)``: the part of the activations that depends on the
        input: each unit's std across the examples, root-mean-squared over
        the units, $\sqrt{\operatorname{mean}_j \operatorname{Var}_i A^{[l]}_{ij}}$.
        The pooled variance splits exactly: ``act_std`` squared is
        ``act_spread`` squared plus the variance across units of each unit's
        mean over the examples, $\operatorname{Var}_j \operatorname{mean}_i A^{[l]}_{ij}$.
        That second part is a fixed offset per unit, the same for every
        input (with sigmoid and small weights it is nearly all of
        ``act_std``). Computed from a float64 forward pass of the same
        weights and inputs, because the spread can fall below the gap
        between neighbouring float32 numbers ($6 \cdot 10^{-8}$ just above
        $1/2$); NaN where the activations overflowed in ``dtype``.
    grad_mean, grad_std
        ``(S, depth)``: mean and std of the gradient $\partial \mathcal L/\partial A^{[l]}$
        at each hidden layer's output (see [`depth_sweep`][initlab.studies.depth.depth_sweep] for where it comes from).
    wgrad_std
        ``(S, depth)``: std of the per-example weight gradient of each hidden
        layer's incoming weights, the entries $\delta^{[l]}_{ni}\,a^{[l-1]}_{nj}$
        of $\partial \mathcal L/\partial W^{[l]}$ over examples $n$ and units $i, j$
        ($\delta^{[l]} = \partial \mathcal L/\partial z^{[l]}$, $a^{[0]} = X$): what a
        layer learns from, as opposed to the gradient it passes down.
    saturated
        ``(S, depth)``: fraction of activations in the flat tails (tanh/sigmoid; NaN otherwise).
    dead
        ``(S, depth)``: fraction of units that are 0 for every sample.
    act_samples, grad_samples
        ``(S, depth, s)``: the same ``s`` randomly chosen entries
        (``s = min(max_samples, n_samples * width)``) of every layer's
        activations and gradients, for histograms.
    input_std
        Std of the input $X$ (about 1).
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    activation: str
    depth: int
    width: int
    n_samples: int
    layers: np.ndarray
    act_mean: np.ndarray
    act_std: np.ndarray
    grad_mean: np.ndarray
    grad_std: np.ndarray
    saturated: np.ndarray
    dead: np.ndarray
    act_samples: np.ndarray
    grad_samples: np.ndarray
    input_std: float
    act_spread: np.ndarray
    wgrad_std: np.ndarray


def depth_sweep(
    schemes: Sequence[SchemeSpec] = ("standard_uniform", "glorot_uniform", "he_normal", "lecun_normal"),
    activation: str = "tanh",
    depth: int = 10,
    width: int = 256,
    n_samples: int = 1000,
    rng: object = 0,
    *,
    bias_init: SchemeSpec = "zeros",
    max_samples: int = 10_000,
    dtype: object = np.float32,
) -> DepthSweep:
    r"""Activation and gradient statistics layer by layer, at initialization.

    The net has ``depth`` hidden layers of ``width`` units, then a linear
    read-out of ``width`` logits, all weights drawn from the scheme. The input
    $X$ is ``n_samples`` rows of standard normal noise, the same for every
    scheme. The gradient is a standard-normal $\partial \mathcal L/\partial z$
    at the read-out's logits (the same draw for every scheme), propagated
    down with the usual backward pass -- so it measures how the backward
    pass scales a signal, independent of any loss.

    Float32 by default (like a framework); with exploding weights the
    statistics then turn into ``inf``/``nan``, without a warning. If any
    layer's activations overflow, every gradient statistic of that scheme
    (``grad_mean``, ``grad_std``, ``wgrad_std``, ``grad_samples``) is NaN at
    every layer: a backward pass through non-finite activations means nothing.
    ``act_spread`` alone comes from a second, float64 forward pass of the
    same weights (see [`DepthSweep`][initlab.studies.depth.DepthSweep]); it
    adds no random draw, so every other field is what it would be without it.

    Examples
    --------
    >>> s = depth_sweep(["glorot_normal", "he_normal"], "relu", depth=30, width=64, n_samples=200)
    >>> s.act_std.shape, s.act_samples.shape
    ((2, 30), (2, 30, 10000))
    >>> ratio = s.act_std[0] / s.act_std[1]                # Xavier / He on the same draws
    >>> bool(np.allclose(ratio, 2.0 ** (-s.layers / 2), rtol=1e-3))
    True
    """
    names, labels, inits = scheme_list(schemes)
    depth = check_int("depth", depth)
    width = check_int("width", width)
    n_samples = check_int("n_samples", n_samples)
    max_samples = check_int("max_samples", max_samples)
    dtype = check_dtype(dtype)
    X, G, keep, weight_seed = _draws(as_generator(rng), n_samples, width, max_samples, dtype)

    S, n_keep = len(names), keep.size
    keys = ("act_mean", "act_std", "grad_mean", "grad_std", "saturated", "dead", "act_spread", "wgrad_std")
    out = {k: np.empty((S, depth)) for k in keys}
    X64 = X.astype(np.float64)
    act_samples = np.empty((S, depth, n_keep), dtype=dtype)
    grad_samples = np.empty((S, depth, n_keep), dtype=dtype)
    sizes = [width] * (depth + 2)
    with np.errstate(all="ignore"):
        for i, init in enumerate(inits):
            net = mlp(
                sizes, init, activation, "softmax", bias_init, rng=np.random.default_rng(weight_seed), dtype=dtype
            )
            _, trace, _ = net._forward(X)
            grads = net._backward(trace, G, params=False)
            a_in = X64  # the layer's input in float64, converted once: it is the previous layer's output
            for l, (a, g) in enumerate(zip(trace.a[1:-1], grads.da)):
                a64 = a.astype(np.float64, copy=False)
                out["act_mean"][i, l], out["act_std"][i, l] = mean_std(a64)
                out["grad_mean"][i, l], out["grad_std"][i, l] = mean_std(g)
                out["saturated"][i, l] = saturation(a, net.activation.name)
                out["dead"][i, l] = dead_fraction(a)
                out["wgrad_std"][i, l] = _weight_gradient_std(grads.dz[l].astype(np.float64, copy=False), a_in)
                act_samples[i, l] = a.reshape(-1)[keep]
                grad_samples[i, l] = g.reshape(-1)[keep]
                a_in = a64
            if dtype == np.float64:  # the float64 pass would repeat this one, bit for bit
                out["act_spread"][i] = [_unit_spread(a) for a in trace.a[1:-1]]
            else:
                out["act_spread"][i] = _spread(net, X64)
            overflowed = ~np.isfinite(out["act_std"][i])
            out["act_spread"][i, overflowed] = np.nan
            if np.any(overflowed):
                # Once the forward pass overflowed, the backward pass is meaningless
                # (ReLU's mask turns NaN into exact zeros): report no gradient at all.
                for key in ("grad_mean", "grad_std", "wgrad_std"):
                    out[key][i] = np.nan
                grad_samples[i] = np.nan
    return DepthSweep(
        schemes=names,
        labels=labels,
        activation=net.activation.name,
        depth=depth,
        width=width,
        n_samples=n_samples,
        layers=np.arange(1, depth + 1),
        act_samples=act_samples,
        grad_samples=grad_samples,
        input_std=float(X.std(dtype=np.float64)),
        **out,
    )


def _draws(
    gen: np.random.Generator, n_samples: int, width: int, max_samples: int, dtype: np.dtype
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """A sweep's random numbers, in the order drawn: inputs X, gradient G, the sampled entries, the weights' seed."""
    X = gen.standard_normal((n_samples, width), dtype=dtype)
    G = gen.standard_normal((n_samples, width), dtype=dtype)
    n_keep = min(max_samples, n_samples * width)
    keep = np.sort(gen.choice(n_samples * width, size=n_keep, replace=False))
    return X, G, keep, seed_from(gen)


def _weight_gradient_std(d: np.ndarray, a: np.ndarray) -> float:
    r"""Std of the entries $\delta_{ni} a_{nj}$ over examples $n$ and units $i, j$, without the $(n, i, j)$ array.

    ``d`` and ``a`` are float64.
    """
    first = np.mean(d.mean(axis=1) * a.mean(axis=1))
    second = np.mean((d * d).mean(axis=1) * (a * a).mean(axis=1))
    if not np.isfinite(second):
        return float(second)  # inf: the gradient overflowed; NaN: it was NaN
    return math.sqrt(max(second - first * first, 0.0))


def _unit_spread(a: np.ndarray) -> float:
    """Each unit's (column's) std across the examples (rows), root-mean-squared over the units."""
    return math.sqrt(np.mean(a.var(axis=0)))


def _spread(net: MLP, X64: np.ndarray) -> np.ndarray:
    """Per hidden layer: each unit's std across examples, root-mean-squared over units, in float64."""
    weights = (W.astype(np.float64) for W in net.weights[:-1])
    biases = (b.astype(np.float64) for b in net.biases[:-1])
    return np.array([_unit_spread(a) for _, a in forward_layers(weights, biases, net.activation.f, X64)])


@dataclass(frozen=True)
class ExplorerGrid:
    r"""Per-layer activation statistics for every (activation, scheme) pair: the interactive figure's data.

    Attributes
    ----------
    activations, schemes, labels
        ``(A,)`` activation names; ``(S,)`` scheme names and labels.
    depth, width, n_samples, bins
        The nets' shape, the number of inputs and histogram bins.
    act_std
        ``(A, S, depth)``: std of each layer's activations (NaN after overflow).
    saturated
        ``(A, S, depth)``: share of saturated units (tanh/sigmoid; NaN otherwise).
    lo, hi
        ``(A, S, depth)``: the histogram range of each layer, the 0.5 and
        99.5 percentiles of its finite sampled values (NaN when none is finite).
    counts
        ``(A, S, depth, bins)``: histogram counts of the sampled activations.
    """

    activations: tuple[str, ...]
    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    depth: int
    width: int
    n_samples: int
    bins: int
    act_std: np.ndarray
    saturated: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    counts: np.ndarray

    def to_json(self) -> str:
        """Compact JSON (4 significant digits, NaN as ``null``) for a page's interactive figure."""
        import json

        def num(a: np.ndarray) -> list:
            return np.vectorize(lambda v: float(f"{v:.4g}") if np.isfinite(v) else None, otypes=[object])(a).tolist()

        data = {
            "activations": list(self.activations),
            "schemes": list(self.schemes),
            "labels": list(self.labels),
            "depth": self.depth,
            "width": self.width,
            "n_samples": self.n_samples,
            "bins": self.bins,
            "std": num(self.act_std),
            "saturated": num(self.saturated),
            "lo": num(self.lo),
            "hi": num(self.hi),
            "counts": self.counts.astype(int).tolist(),
        }
        return json.dumps(data, separators=(",", ":"), allow_nan=False)


def explorer_grid(
    schemes: Sequence[SchemeSpec] = (
        "small_normal",
        "large_normal",
        "glorot_normal",
        "he_normal",
        "lecun_normal",
        "orthogonal",
    ),
    activations: Sequence[str] = ("tanh", "relu", "sigmoid", "selu", "gelu"),
    depth: int = 20,
    width: int = 128,
    n_samples: int = 400,
    bins: int = 32,
    rng: object = 0,
) -> ExplorerGrid:
    r"""Run [`depth_sweep`][initlab.studies.depth.depth_sweep] for every activation and bin every layer's activations.

    Layer $l$ of a net of depth $D \ge l$ has the same weights whatever $D$
    (weights are drawn layer by layer from one generator), so the first $D$
    rows of this grid are a depth-$D$ net.

    Examples
    --------
    >>> g = explorer_grid(["he_normal"], ["relu"], depth=3, width=16, n_samples=50, bins=8)
    >>> g.counts.shape, int(g.counts[0, 0, 0].sum()) <= 50 * 16
    ((1, 1, 3, 8), True)
    """
    if isinstance(activations, str) or not isinstance(activations, Sequence) or len(activations) == 0:
        raise ValueError(f"activations must be a non-empty sequence of names, got {activations!r}")
    bins = check_int("bins", bins, minimum=2)
    names, labels, inits = scheme_list(schemes)
    depth, width, n_samples = check_int("depth", depth), check_int("width", width), check_int("n_samples", n_samples)
    acts = [
        spec if isinstance(spec, Activation) else get_activation(check_choice("activation", spec, HIDDEN_ACTIVATIONS))
        for spec in activations
    ]
    A, S = len(acts), len(names)
    act_std, saturated = np.empty((A, S, depth)), np.empty((A, S, depth))
    lo, hi = np.full((A, S, depth), np.nan), np.full((A, S, depth), np.nan)
    counts = np.zeros((A, S, depth, bins), dtype=np.int64)
    # Each activation's sweep draws its inputs and its nets' seed afresh, as depth_sweep does; a net's
    # weights depend only on its scheme and seed, so with an int rng they are drawn once, not A times.
    nets: dict[tuple[int, int], MLP] = {}
    with np.errstate(all="ignore"):
        for a, act in enumerate(acts):
            X, _, keep, seed = _draws(as_generator(rng), n_samples, width, 4000, np.dtype(np.float32))
            for s, init in enumerate(inits):
                if (s, seed) not in nets:
                    sizes = [width] * (depth + 2)
                    nets[s, seed] = mlp(sizes, init, act, "softmax", rng=np.random.default_rng(seed), dtype=np.float32)
                net = nets[s, seed]
                # only the hidden activations are needed: no read-out, no backward pass
                for l, (_, h) in enumerate(forward_layers(net.weights[:-1], net.biases[:-1], act.f, X)):
                    act_std[a, s, l] = float(h.astype(np.float64).std())
                    saturated[a, s, l] = saturation(h, act.name)
                    x = h.reshape(-1)[keep].astype(np.float64)
                    x = x[np.isfinite(x)]
                    if x.size == 0:
                        continue
                    lo[a, s, l], hi[a, s, l] = np.percentile(x, [0.5, 99.5])
                    if hi[a, s, l] <= lo[a, s, l]:
                        lo[a, s, l], hi[a, s, l] = lo[a, s, l] - 0.5, hi[a, s, l] + 0.5
                    counts[a, s, l] = np.histogram(x, bins=bins, range=(lo[a, s, l], hi[a, s, l]))[0]
    return ExplorerGrid(
        activations=tuple(act.name for act in acts),
        schemes=names,
        labels=labels,
        depth=depth,
        width=width,
        n_samples=n_samples,
        bins=bins,
        act_std=act_std,
        saturated=saturated,
        lo=lo,
        hi=hi,
        counts=counts,
    )
