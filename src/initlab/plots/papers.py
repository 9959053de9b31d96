r"""Figures for the papers the pages reproduce: Glorot & Bengio's gradients at initialization."""

from __future__ import annotations

# ----------------------------------------------------------------------------- Glorot & Bengio 2010
import math

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..diagnostics import per_layer_factor
from ..studies import DeepSignal, GlorotBengio, SeluNormalization

# ----------------------------------------------------------------------------
# Depth sweeps: std vs depth, per-layer histograms
# ----------------------------------------------------------------------------
from .depth import _num
from .palette import ordered_colors
from .style import (
    WIDTH,
    _check_data,
    _figure,
    _legend_below,
    _log_axis,
    _log_if_positive,
    _series,
    _setup,
    _style,
    scheme_style,
)
from .svg import Caption


def weight_gradients(data: GlorotBengio) -> Figure:
    r"""Back-propagated gradients against weight gradients, layer by layer, one line per scheme.

    Left: the std of $\partial \mathcal L/\partial a^{[l]}$, the gradient that flows
    down through the net; right: the std of the per-example weight gradient
    $\partial \mathcal L/\partial W^{[l]} = \delta^{[l]} a^{[l-1]\top}$, what a layer
    learns from. Both on one log scale, so their slopes compare directly:
    the point of Glorot & Bengio's Fig 8.

    Parameters
    ----------
    data
        The result of [`glorot_bengio_2010`][initlab.studies.glorot_bengio.glorot_bengio_2010].

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("data", data, GlorotBengio)
    sweep = data.sweep
    fig = _figure(WIDTH, 3.3)
    axes = fig.subplots(1, 2, sharex=True, sharey=True)
    layers = np.asarray(sweep.layers)
    panels = (
        (axes[0], sweep.grad_std, r"gradient $\partial\mathcal{L}/\partial a^{[l]}$", "std"),
        (axes[1], data.weight_grad_std, r"weight gradient $\partial\mathcal{L}/\partial W^{[l]}$", "std"),
    )
    kinds: set[str] = set()
    is_log = _log_if_positive(axes[0], sweep.grad_std, data.weight_grad_std)
    for ax, values, title, ylabel in panels:
        _setup(ax, "hidden layer", ylabel)
        for i, label in enumerate(sweep.labels):
            kinds |= _series(ax, layers, values[i], _style(sweep, i), label, log=is_log)
        ax.set_title(title, loc="left")
    axes[0].set_xticks(layers)
    _legend_below(fig, axes[0], kinds)
    return fig


def describe_weight_gradients(data: GlorotBengio) -> Caption:
    """The caption of [`weight_gradients`][initlab.plots.papers.weight_gradients]'s figure, from its data.

    The takeaway gives, per scheme, the std of ∂𝓛/∂a at the top and the
    bottom hidden layer beside the weight gradient's range (max/min to 3
    significant digits, as the page's table prints it).
    """
    _check_data("data", data, GlorotBengio)
    sweep = data.sweep
    parts = []
    for i, label in enumerate(sweep.labels):
        back, weight = sweep.grad_std[i], data.weight_grad_std[i]
        parts.append(
            f"with {label}, the std of ∂𝓛/∂a goes from {back[-1]:.2g} at layer {sweep.depth} "
            f"to {back[0]:.2g} at layer {sweep.layers[0]}, while the weight gradient's std stays between "
            f"{weight.min():.2g} and {weight.max():.2g}"
        )
    details = "; ".join(p[0].upper() + p[1:] if k == 0 else p for k, p in enumerate(parts)) + "."
    falls = sweep.grad_std[:, -1] / sweep.grad_std[:, 0]  # top hidden layer over the bottom one
    k = int(np.argmax(np.abs(np.log(falls))))
    change = f"shrinks ÷{falls[k]:.2g}" if falls[k] >= 1 else f"grows ×{1 / falls[k]:.2g}"
    level = float(np.max(data.weight_grad_std.max(axis=1) / data.weight_grad_std.min(axis=1)))
    takeaway = (
        f"With {sweep.labels[k]} the std of ∂𝓛/∂a {change} from layer {sweep.depth} down to layer "
        f"{sweep.layers[0]}, yet under {_under(sweep.labels)} the weight "
        f"gradient's std stays within ×{level:.3g} across the layers."
    )
    return Caption(
        takeaway,
        f"{sweep.activation} net, {sweep.depth} hidden layers of {sweep.width} units, at initialization.",
        "Standard deviation per hidden layer, one line per scheme, on one log scale; "
        "left, back-propagated gradients; right, weight gradients. " + details,
    )


def deep_signal(data: object) -> Figure:
    r"""Std of a signal through many square layers: linear rows on the left, tanh rows on the right.

    Left, on a log axis: each linear row up to the layer where it overflowed
    (marked at the top edge) or became exactly 0 (marked at the bottom
    edge). Right, on log-log axes: the tanh rows with the infinite-width
    prediction and $1/\sqrt{2L}$ as thin reference lines; a power law is a
    straight line there.

    Parameters
    ----------
    data
        The result of [`deep_linear_signal`][initlab.studies.deep_signal.deep_linear_signal].

    Returns
    -------
    matplotlib.figure.Figure
    """

    _check_data("data", data, DeepSignal)
    fig = _figure(WIDTH, 3.6)
    left, right = fig.subplots(1, 2, width_ratios=(1.25, 1))
    layers = np.asarray(data.layers)
    kinds: set[str] = set()
    left.set_yscale("log")
    _log_axis(left.yaxis)
    _setup(left, "layer", "std of the signal")
    for i, label in enumerate(data.labels):
        style = scheme_style(data.schemes[i], index=i)
        stop = max(int(data.first_nonfinite[i]), int(data.first_zero[i])) or len(layers)
        y = data.act_std[i, :stop]
        if data.activations[i] == "tanh":
            right.plot(layers, y, label=label, linewidth=1.6, markersize=4.5, markevery=0.1, **style)
            continue
        kinds |= _series(left, layers[:stop], y, style, label, log=True, markevery=max(1, stop // 8))
    left.set_xlim(0, layers[-1] + 1)
    left.margins(y=0.08)
    left.set_title("linear layers", loc="left")
    right.set_xscale("log")
    right.set_yscale("log")
    _setup(right, "layer", "")
    right.plot(layers, data.tanh_mean_field_std, color="black", linewidth=0.9, linestyle="--", label="infinite width")
    right.plot(layers, 1.0 / np.sqrt(2.0 * layers), color="black", linewidth=0.9, linestyle=":", label="1/√(2L)")
    right.set_title("tanh layers", loc="left")
    for axis in (right.xaxis, right.yaxis):
        _log_axis(axis)
    _legend_below(fig, left, kinds, extra=right)
    return fig


def describe_deep_signal(data: object) -> Caption:
    """The caption of [`deep_signal`][initlab.plots.papers.deep_signal]'s figure, from its data.

    The takeaway says where each linear row ends (overflow, exactly 0, or
    the last layer) and where the tanh rows end beside $1/\\sqrt{2L}$.

    For every linear row (left panel): its weight std, its std at layer 1
    and where it ends (overflow, exactly 0, or the last layer) with its
    geometric-mean *std* factor per layer, and its range if it stays finite
    and nonzero. For every tanh row (right panel): its std at the first and
    last layer, beside the infinite-width prediction and $1/\\sqrt{2L}$.

    Examples
    --------
    >>> from initlab.studies import deep_linear_signal
    >>> describe_deep_signal(deep_linear_signal(depth=10, width=16)).details.startswith("Left:")
    True
    """
    _check_data("data", data, DeepSignal)
    layers = np.asarray(data.layers)
    last = int(layers[-1])
    linear, tanh, short, short_tanh = [], [], [], []
    for i, label in enumerate(data.labels):
        v = np.asarray(data.act_std[i], dtype=np.float64)
        head = f"{label} (weight std {_num(float(data.weight_std[i]))})"
        if data.activations[i] == "tanh":
            tanh.append(
                f"{head}: std {_num(v[0])} at layer {layers[0]}, {_num(v[-1])} at layer {last} "
                f"(infinite-width prediction {_num(float(data.tanh_mean_field_std[-1]))}, "
                f"1/√(2L) {_num(1 / math.sqrt(2 * last))})"
            )
            short_tanh.append(f"{label} ends at {_num(v[-1])} at layer {last}")
            continue
        overflow, zero = int(data.first_nonfinite[i]), int(data.first_zero[i])
        stop = (overflow or zero or last + 1) - 1  # last layer with a finite, nonzero std
        text = f"{head}: std {_num(v[0])} at layer {layers[0]}"
        if stop > 1 and v[stop - 1] > 0 and v[0] > 0:
            factor = per_layer_factor(v, last=stop - 1)
            text += f", {_num(v[stop - 1])} at layer {stop} (std ×{_num(factor)} per layer, geometric mean)"
        if overflow:
            text += f", then float32 overflows at layer {overflow} (marked at the top edge)"
            short.append(f"{label} overflows float32 at layer {overflow}")
        elif zero:
            text += f", then exactly 0 from layer {zero} (marked at the bottom edge)"
            short.append(f"{label} is exactly 0 from layer {zero}")
        else:
            text += f"; between {_num(np.nanmin(v))} and {_num(np.nanmax(v))} at every layer"
            short.append(f"{label} stays between {_num(np.nanmin(v))} and {_num(np.nanmax(v))}")
        linear.append(text)
    text = (
        f"Left: standard deviation of the signal through {last} linear layers of {data.width} by {data.width}, "
        f"float32, {data.batch} input vectors, on a log scale. " + "; ".join(linear) + "."
    )
    if tanh:
        text += " Right, on log-log axes, with tanh after every layer: " + "; ".join(tanh) + "."
    setup = f"{last} layers of {data.width} × {data.width}, float32, {data.batch} input vectors."
    sentences = [f"Through linear layers, {_and(short)}."] if short else []
    if short_tanh:
        text_tanh = _and(short_tanh)
        sentences.append(f"{text_tanh[0].upper()}{text_tanh[1:]} (1/√(2L) = {_num(1 / math.sqrt(2 * last))}).")
    return Caption(" ".join(sentences), setup, text)


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_MARKERS = ("o", "s", "D", "^", "v", "P")


def self_normalization(data: object) -> Figure:
    r"""Mean and variance of a SELU net's activations, layer by layer, one line per input variance.

    Dashed lines are the infinite-width prediction; the targets 0 and 1 are
    drawn as thin horizontal lines.

    Parameters
    ----------
    data
        The result of [`selu_self_normalization`][initlab.studies.selu.selu_self_normalization].

    Returns
    -------
    matplotlib.figure.Figure
    """

    _check_data("data", data, SeluNormalization)
    fig = _figure(WIDTH, 3.2)
    axes = fig.subplots(1, 2, sharex=True)
    layers = np.asarray(data.layers)
    for ax, measured, predicted, what, target in (
        (axes[0], data.act_mean, data.mean_field_mean, "mean", 0.0),
        (axes[1], data.act_var, data.mean_field_var, "variance", 1.0),
    ):
        _setup(ax, "hidden layer", f"{what} of the activations")
        ax.axhline(target, color="black", linewidth=0.8, alpha=0.6)
        colors = ordered_colors(len(data.input_var))
        for k, v in enumerate(data.input_var):
            ax.plot(
                layers,
                measured[k],
                color=colors[k],
                marker=_MARKERS[k % len(_MARKERS)],
                markersize=4.0,
                markevery=max(1, len(layers) // 10),
                linewidth=1.5,
                label=f"input variance {v:g}",
            )
            ax.plot(layers, predicted[k], color=colors[k], linestyle="--", linewidth=1.0)
        ax.set_title(what, loc="left")
    prediction = Line2D([], [], color="black", linestyle="--", linewidth=1.0, label="infinite-width prediction")
    entries = len(axes[0].get_legend_handles_labels()[1]) + 1
    _legend_below(fig, axes[0], set(), handles=[prediction], ncols=min(3, entries))
    return fig


def describe_self_normalization(data: object) -> Caption:
    """The caption of [`self_normalization`][initlab.plots.papers.self_normalization]'s figure, from its data.

    For every input variance: the activations' mean and variance at the
    first and the last layer, and the infinite-width prediction (the
    dashed line) at the last layer.

    Examples
    --------
    >>> from initlab.studies import selu_self_normalization
    >>> sn = selu_self_normalization(input_vars=(1.0,), depth=3, width=16)
    >>> describe_self_normalization(sn).details.startswith("Mean (left)")
    True
    """
    _check_data("data", data, SeluNormalization)
    first, last = int(data.layers[0]), int(data.layers[-1])
    parts = []
    for k, v in enumerate(data.input_var):
        parts.append(
            f"input variance {float(v):g}: mean {_num(data.act_mean[k, 0])} at layer {first}, "
            f"{_num(data.act_mean[k, -1])} at layer {last} (prediction {_num(data.mean_field_mean[k, -1])}); "
            f"variance {_num(data.act_var[k, 0])} at layer {first}, {_num(data.act_var[k, -1])} at layer {last} "
            f"(prediction {_num(data.mean_field_var[k, -1])})"
        )
    means, variances = np.asarray(data.act_mean)[:, -1], np.asarray(data.act_var)[:, -1]
    takeaway = (
        f"From input variances {_join_g(data.input_var)}, the activations reach a mean "
        f"{_span(means)} and a variance {_span(variances)} at layer {last} (targets 0 and 1)."
    )
    details = (
        "Mean (left) and variance (right) of the activations, one line per input variance, the dashed lines the "
        "infinite-width prediction, thin horizontal lines at the targets 0 and 1. "
        + ". ".join(p[0].upper() + p[1:] for p in parts)
        + "."
    )
    return Caption(takeaway, f"{last}-layer SELU net, LeCun normal weights, width {data.width}.", details)


def _under(labels: object) -> str:
    """``both schemes``, ``every scheme`` or the one scheme's label."""
    n = len(labels)
    return labels[0] if n == 1 else "both schemes" if n == 2 else "every scheme"


def _span(values: np.ndarray) -> str:
    """``between 0.97 and 1`` from an array, or ``of 0.99`` when both ends print alike."""
    lo, hi = _num(float(np.min(values))), _num(float(np.max(values)))
    return f"of {lo}" if lo == hi else f"between {lo} and {hi}"


def _join_g(values: object) -> str:
    """``1, 2 and 4`` from numbers."""
    items = [f"{float(v):g}" for v in np.ravel(values)]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
