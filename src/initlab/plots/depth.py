r"""Signal propagation figures: std against depth, per-layer histograms, deep float32 stacks, SELU."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

from .._validation import check_choice, check_int
from ..studies import DepthSweep
from .style import (
    WIDTH,
    _check_data,
    _figure,
    _legend_below,
    _log_if_positive,
    _series,
    _setup,
    _style,
    _suptitle,
)

# ----------------------------------------------------------------------------
# Depth sweeps: std vs depth, per-layer histograms
# ----------------------------------------------------------------------------


def std_vs_depth(sweep: DepthSweep, *, log: bool = True) -> Figure:
    r"""Standard deviation of activations and of gradients, layer by layer, one line per scheme.

    Left: $\operatorname{std} A^{[l]}$ on the forward pass; right:
    $\operatorname{std} \partial \mathcal L/\partial A^{[l]}$ on the backward pass.
    Values a log axis cannot show are marked, not dropped: exactly 0 at the
    bottom edge, inf/NaN (overflow) at the top edge.

    Parameters
    ----------
    sweep
        The result of [`depth_sweep`][initlab.studies.depth.depth_sweep].
    log
        Log-scale y axes (the natural scale for signals that shrink or grow
        by a factor per layer).

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("sweep", sweep, DepthSweep)
    fig = _figure(WIDTH, 3.3)
    axes = fig.subplots(1, 2, sharex=True)
    kinds: set[str] = set()
    layers = np.asarray(sweep.layers)
    every = max(1, len(layers) // 12)
    for ax, values, what in ((axes[0], sweep.act_std, "activations"), (axes[1], sweep.grad_std, "gradients")):
        is_log = log and _log_if_positive(ax, values)
        _setup(ax, "hidden layer", f"std of {what}")
        for i, label in enumerate(sweep.labels):
            kinds |= _series(ax, layers, values[i], _style(sweep, i), label, log=is_log, markevery=every)
        ax.margins(y=0.12)  # room for the edge marks
        shown = values[np.isfinite(values) & (values > 0)]
        if is_log and shown.size and shown.max() < 10 * shown.min():
            # Less than a decade of data: span the enclosing powers of ten, so the axis
            # has labelled ticks and a few percent of wobble does not fill the panel.
            low, high = math.floor(math.log10(shown.min())), math.ceil(math.log10(shown.max()))
            ax.set_ylim(10.0 ** (low - 0.15), 10.0 ** (max(high, low + 1) + 0.15))
        symbol = r"$a^{[l]}$" if what == "activations" else r"$\partial\mathcal{L}/\partial a^{[l]}$"
        ax.set_title(f"{what} {symbol} ({'forward' if what == 'activations' else 'backward'})", loc="left")
    if len(layers) <= 12:
        axes[0].set_xticks(layers)
    _legend_below(fig, axes[0], kinds)
    _suptitle(fig, f"{sweep.activation} net, {sweep.depth} hidden layers of {sweep.width} units")
    return fig


def _num(x: float) -> str:
    """Two significant digits, without an exponent between 0.01 and 1000 (113, 0.16, 6.2; 1.1e-08 outside)."""
    if not math.isfinite(x):
        return str(x)
    x = float(f"{x:.2g}")
    if x == 0 or not 0.01 <= abs(x) < 1000:
        return f"{x:.1e}" if x else "0"
    return f"{x:.{max(0, 1 - math.floor(math.log10(abs(x))))}f}"


def _travel(values: np.ndarray, down: bool) -> str:
    """One std series in the direction the signal travels: where it starts, ends, its mean factor per layer."""
    v = np.asarray(values, dtype=np.float64)
    order = np.arange(len(v))[::-1] if down else np.arange(len(v))
    v = v[order]
    bad = ~np.isfinite(v)
    stop = int(np.argmax(bad)) if bad.any() else len(v)
    zero = v[:stop] <= 0
    end = int(np.argmax(zero)) if zero.any() else stop
    first = order[0] + 1
    if stop == 0:
        return f"inf/NaN from layer {first} on (overflow, marked at the top edge)"
    if end == 0:
        return "exactly 0 at every layer" if zero.all() else f"exactly 0 from layer {first} (marked at the bottom edge)"
    last = order[end - 1] + 1
    text = f"{_num(v[0])} at layer {first}"
    if end > 1:
        factor = (v[end - 1] / v[0]) ** (1.0 / (end - 1))
        way = "going down" if down else "going up"
        text += f", {_num(v[end - 1])} at layer {last} (std ×{_num(factor)} per layer {way}, geometric mean)"
    if zero.any():
        text += f", exactly 0 from layer {order[end] + 1} (marked at the bottom edge)"
    elif stop < len(v):
        text += f", then inf/NaN from layer {order[stop] + 1} (overflow, marked at the top edge)"
    return text


def describe_std_vs_depth(sweep: DepthSweep, *, reference: str | None = None, spread: bool = False) -> str:
    """A text description of [`std_vs_depth`][initlab.plots.depth.std_vs_depth]'s figure, from its data.

    For every scheme: the activations' std from layer 1 up, and the
    gradients' std from the top layer down, each with its geometric-mean
    *std* factor per layer, and where a series overflows or is exactly 0.
    A scheme whose forward pass overflowed has no gradient line (the sweep
    reports NaN at every layer), and the description says so. Schemes whose
    two series are equal at every layer draw one line and are described once.

    Parameters
    ----------
    sweep
        The result of [`depth_sweep`][initlab.studies.depth.depth_sweep].
    reference
        A scheme of the sweep: every other scheme's activation std at the
        last layer, and gradient std at the first, is also stated as a
        fraction of this scheme's.
    spread
        Also state each scheme's ``act_spread`` (the spread across inputs
        alone, not drawn) at the first and the last layer.

    Examples
    --------
    >>> from initlab.studies import depth_sweep
    >>> s = depth_sweep(["he_normal"], "relu", depth=3, width=32, n_samples=50, max_samples=100)
    >>> describe_std_vs_depth(s).startswith("Standard deviation of the activations")
    True
    """
    _check_data("sweep", sweep, DepthSweep)
    if reference is not None:
        reference = check_choice("reference", reference, tuple(sweep.schemes))
        ref = list(sweep.schemes).index(reference)
    if not isinstance(spread, (bool, np.bool_)):
        raise TypeError(f"spread must be True or False, got {spread!r}")
    groups: list[list[int]] = []
    for i in range(len(sweep.labels)):
        same = next(
            (
                g
                for g in groups
                if np.array_equal(sweep.act_std[g[0]], sweep.act_std[i], equal_nan=True)
                and np.array_equal(sweep.grad_std[g[0]], sweep.grad_std[i], equal_nan=True)
            ),
            None,
        )
        if same is None:
            groups.append([i])
        else:
            same.append(i)
    parts = []
    for group in groups:
        i = group[0]
        names = [sweep.labels[k] for k in group]
        label = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if len(group) > 1:
            label += " (one line: the same std at every layer)"
        grads = sweep.grad_std[i]
        if np.all(np.isnan(grads)) and not np.all(np.isfinite(sweep.act_std[i])):
            grad_text = (
                "no gradient line: the forward pass overflowed, so every gradient is reported as NaN "
                "(marked at the top edge of every layer)"
            )
        else:
            grad_text = "gradients " + _travel(grads, down=True)
        text = f"{label}: activations {_travel(sweep.act_std[i], down=False)}; {grad_text}"
        if reference is not None and ref not in group:
            ratios = []
            for what, values, k in (("activation", sweep.act_std, -1), ("gradient", sweep.grad_std, 0)):
                mine, theirs = values[i, k], values[ref, k]
                if np.isfinite(mine) and np.isfinite(theirs) and theirs > 0:
                    ratios.append(
                        f"{what} std at layer {sweep.layers[k]} is {_num(mine / theirs)} of {sweep.labels[ref]}'s"
                    )
            if ratios:
                text += "; its " + ", its ".join(ratios)
        parts.append(text)
    described = (
        f"Standard deviation of the activations (left, forward) and of the gradients ∂𝓛/∂a reaching them "
        f"(right, backward) at each of the {sweep.depth} hidden layers of a {sweep.activation} net "
        f"of width {sweep.width}, on a log scale, every scheme fed the same {sweep.n_samples} random inputs. "
        + ". ".join(parts)
        + "."
    )
    if spread:
        spreads = [
            f"{label} from {_num(sweep.act_spread[i, 0])} at layer {sweep.layers[0]} "
            f"to {_num(sweep.act_spread[i, -1])} at layer {sweep.layers[-1]}"
            for i, label in enumerate(sweep.labels)
        ]
        described += (
            " The activation std drawn is pooled over inputs and units; the spread across inputs alone, "
            "not drawn, goes: " + "; ".join(spreads) + "."
        )
    return described


def _default_layers(depth: int, most: int = 10) -> list[int]:
    if depth <= most:
        return list(range(1, depth + 1))
    return sorted({int(round(v)) for v in np.linspace(1, depth, most)})


def _histogram_layout(
    sweep: DepthSweep, kind: str, layers: Sequence[int] | None, bins: int, sharex: bool
) -> tuple[str, list[int], np.ndarray, list[np.ndarray]]:
    """Checked arguments of [`layer_histograms`][initlab.plots.depth.layer_histograms] and what it draws.

    Returns ``(kind, layers, picked, edges)``: ``picked`` the ``(S, len(layers), s)``
    float64 samples of the chosen layers, ``edges`` each panel's bin edges.
    """
    _check_data("sweep", sweep, DepthSweep)
    kind = check_choice("kind", kind, ("activations", "gradients"))
    bins = check_int("bins", bins, minimum=5)
    if not isinstance(sharex, (bool, np.bool_)):
        raise TypeError(f"sharex must be True or False, got {sharex!r}")
    if layers is None:
        layers = _default_layers(sweep.depth)
    else:
        layers = [check_int("layers", l) for l in layers]
        if not layers or max(layers) > sweep.depth:
            raise ValueError(f"layers must be a non-empty list of hidden layers in 1..{sweep.depth}, got {layers!r}")
    samples = sweep.act_samples if kind == "activations" else sweep.grad_samples

    def reach(values: np.ndarray) -> float:
        finite = np.abs(values[np.isfinite(values)])
        r = float(np.percentile(finite, 99.5)) if finite.size else 0.0
        return r if r > 0 else 1.0

    picked = samples[:, [l - 1 for l in layers]].astype(np.float64)
    shared = reach(picked)
    if kind == "activations" and sweep.activation in ("tanh", "sigmoid"):
        shared = 1.0  # the whole range of the activation: saturation shows at the edges
    edges = []
    for i in range(len(sweep.schemes)):
        r = shared if sharex else reach(picked[i])
        lo = 0.0 if kind == "activations" and sweep.activation in ("sigmoid",) else -r
        edges.append(np.linspace(lo * 1.02, r * 1.02, bins + 1))
    return kind, layers, picked, edges


def layer_histograms(
    sweep: DepthSweep,
    kind: str = "activations",
    *,
    layers: Sequence[int] | None = None,
    bins: int = 61,
    sharex: bool = True,
) -> Figure:
    r"""Per-layer histograms, one ridge per layer, schemes side by side (as in Glorot & Bengio 2010, Figs 6–7).

    Each panel is one scheme; each ridge one hidden layer (layer 1 at the
    top), its height scaled to the panel. The standard deviation (and, for
    tanh/sigmoid activations, the share of saturated units) is written next
    to each ridge. Non-finite samples (overflow) are left out of the
    histogram and counted in that text.

    Parameters
    ----------
    sweep
        The result of [`depth_sweep`][initlab.studies.depth.depth_sweep].
    kind
        ``"activations"`` or ``"gradients"``.
    layers
        Hidden layers to show (1-based); by default all of them up to 10,
        else 10 evenly spread ones.
    bins
        Bins per histogram, an integer >= 5.
    sharex
        Use the same x range in every panel, so schemes compare directly. The
        range covers 99.5% of all finite samples. With ``False`` each panel
        gets its own range, so shapes show even where a scheme's values vanish.

    Returns
    -------
    matplotlib.figure.Figure
    """
    kind, layers, picked, panel_edges = _histogram_layout(sweep, kind, layers, bins, sharex)
    stds = sweep.act_std if kind == "activations" else sweep.grad_std
    S = len(sweep.schemes)
    fig = _figure(WIDTH, 0.9 + 0.42 * len(layers) * (1 if S > 1 else 0.8))
    axes = np.atleast_1d(fig.subplots(1, S, sharey=True))
    for i, ax in enumerate(axes):
        style = _style(sweep, i)
        edges = panel_edges[i]
        for row, layer in enumerate(layers):
            values = picked[i, row]
            finite = values[np.isfinite(values)]
            base = len(layers) - 1 - row
            counts = np.histogram(finite, bins=edges)[0].astype(np.float64)
            height = counts / counts.max() * 0.92 if counts.max() > 0 else counts
            ax.stairs(base + height, edges, baseline=base, fill=True, color=style["color"], alpha=0.45, linewidth=0)
            ax.stairs(base + height, edges, baseline=None, color=style["color"], linewidth=0.9)
            ax.axhline(base, color="black", alpha=0.25, linewidth=0.5)
            note = f"std {stds[i, layer - 1]:.2g}"
            if kind == "activations" and np.isfinite(sweep.saturated[i, layer - 1]):
                note += f", sat. {sweep.saturated[i, layer - 1]:.0%}"
            if finite.size < values.size:
                note = f"{1 - finite.size / values.size:.0%} inf/NaN"
            ax.text(
                1.02,
                base + 0.3,
                note,
                transform=blended_transform_factory(ax.transAxes, ax.transData),
                ha="left",
                va="center",
                fontsize="x-small",
            )
        ax.set_xlim(edges[0], edges[-1])
        ax.set_title(sweep.labels[i], loc="left", fontsize="medium", color=style["color"])
        ax.set_xlabel("activation value" if kind == "activations" else "gradient value")
        ax.tick_params(axis="x", labelsize="small")
        ax.spines[["top", "right", "left"]].set_visible(False)
    axes[0].set_yticks(np.arange(len(layers)) + 0.35, [f"layer {l}" for l in reversed(layers)])
    axes[0].tick_params(axis="y", length=0)
    axes[0].set_ylim(-0.1, len(layers) + 0.05)
    for ax in axes[1:]:
        ax.tick_params(axis="y", length=0)
    _suptitle(fig, f"{kind.capitalize()} per layer, {sweep.activation} net of width {sweep.width}")
    return fig


def _ranges(layers: Sequence[int]) -> str:
    """``[3, 4, 5, 9]`` -> ``"3–5 and 9"``."""
    runs: list[list[int]] = []
    for l in layers:
        if runs and l == runs[-1][-1] + 1:
            runs[-1].append(l)
        else:
            runs.append([l])
    names = [f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe_layer_histograms(
    sweep: DepthSweep,
    kind: str = "activations",
    *,
    layers: Sequence[int] | None = None,
    bins: int = 61,
    sharex: bool = True,
) -> str:
    """A text description of [`layer_histograms`][initlab.plots.depth.layer_histograms]'s figure, from its data.

    Takes the same arguments as the figure and states its x axes, each
    scheme's std at the first and last layer shown (and the share of
    saturated units, for tanh/sigmoid activations), and which ridges are
    spikes: all of their finite samples in at most two bins of that axis.

    Examples
    --------
    >>> from initlab.studies import depth_sweep
    >>> s = depth_sweep(["small_normal"], "tanh", depth=4, width=32, n_samples=50, max_samples=500)
    >>> "spikes" in describe_layer_histograms(s)
    True
    """
    kind, layers, picked, edges = _histogram_layout(sweep, kind, layers, bins, sharex)
    stds = sweep.act_std if kind == "activations" else sweep.grad_std
    what = "activation" if kind == "activations" else "back-propagated gradient"
    if sharex:
        axis = f"All panels share one x axis, from {_num(edges[0][0])} to {_num(edges[0][-1])}."
    else:
        axis = "Each panel has its own x axis."
    parts = []
    for i, label in enumerate(sweep.labels):
        first, last = layers[0], layers[-1]
        text = f"{label}"
        if not sharex:
            text += f" (x axis {_num(edges[i][0])} to {_num(edges[i][-1])})"
        for layer in (first, last) if last != first else (first,):
            text += "," if layer != first else ":"
            text += f" std {_num(stds[i, layer - 1])} at layer {layer}"
            if kind == "activations" and np.isfinite(sweep.saturated[i, layer - 1]):
                text += f" ({sweep.saturated[i, layer - 1]:.0%} saturated)"
        spikes, broken = [], []
        for row, layer in enumerate(layers):
            values = picked[i, row]
            finite = values[np.isfinite(values)]
            if finite.size < values.size:
                broken.append(layer)
            if finite.size and np.count_nonzero(np.histogram(finite, bins=edges[i])[0]) <= 2:
                spikes.append(layer)
        if spikes:
            noun = "layer" if len(spikes) == 1 else "layers"
            text += f"; {noun} {_ranges(spikes)} {'is a spike' if len(spikes) == 1 else 'are spikes'}"
            text += " at most two bins wide"
        if broken:
            text += f"; layers {_ranges(broken)} hold inf/NaN values, left out"
        parts.append(text)
    return (
        f"Histograms of the {what}s of a {sweep.activation} net of width {sweep.width}, one ridge per hidden layer "
        f"(layers {_ranges(layers)}, layer {layers[0]} at the top), one panel per scheme. {axis} "
        + "; ".join(parts)
        + "."
    )
