r"""The fan-mode funnel: He normal with ``fan_in`` and ``fan_out`` in a net whose widths change."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..studies.he2015 import FanModes
from .style import WIDTH, _check_data, _figure, _legend_below, _log_axis, _setup
from .svg import Caption

# The modes are classes, not schemes: the page's ink, told apart by line style and marker.
_MARKERS = ("o", "s", "D", "^")
_LINESTYLES = ("-", "--", ":", "-.")


def fan_mode_funnel(fm: FanModes) -> Figure:
    r"""Activation and gradient std per hidden layer, one line per fan mode, with the predicted end values.

    Left: the std of the activations $a^{[l]}$ on the forward pass, from a
    standard-normal input; right: the std of the gradient
    $\partial \mathcal L / \partial a^{[l]}$ on the backward pass, from a
    standard-normal gradient at the read-out. The x axis is the hidden layer
    with its width $n_l$ under it; both y axes are logarithmic. An open
    marker at the end where each signal arrives (the top hidden layer going
    forward, layer 1 going backward) is the value the fan ratios predict
    (the study's ``predicted_act_ratio`` and ``predicted_grad_ratio`` times
    the measured start), labelled with the predicted std factor.

    Parameters
    ----------
    fm
        The result of [`fan_modes`][initlab.studies.he2015.fan_modes].

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("fm", fm, FanModes)
    fig = _figure(WIDTH, 3.6)
    axes = fig.subplots(1, 2, sharex=True)
    hidden = np.asarray(fm.widths[1:])
    layers = np.arange(1, len(hidden) + 1)
    panels = (
        (axes[0], fm.act_std, fm.predicted_act_ratio, 0, -1, "activations (forward)", "std of activations"),
        (axes[1], fm.grad_std, fm.predicted_grad_ratio, -1, 0, "gradients (backward)", "std of gradients"),
    )
    every = np.concatenate([np.ravel(fm.act_std), np.ravel(fm.grad_std)])
    every = np.concatenate([every, fm.act_std[:, 0] * fm.predicted_act_ratio])
    every = np.concatenate([every, fm.grad_std[:, -1] * fm.predicted_grad_ratio])
    for ax, values, predicted, start, end, title, ylabel in panels:
        _setup(ax, "hidden layer $l$, its width $n_l$ below", ylabel)
        ax.set_yscale("log")
        ax.set_ylim(float(every.min()) / 2, float(every.max()) * 2)  # one range for both panels: mirror images
        _log_axis(ax.yaxis)
        ends = values[:, start] * predicted
        for i, mode in enumerate(fm.modes):
            color, marker = "black", _MARKERS[i % len(_MARKERS)]
            ax.plot(
                layers, values[i], color=color, marker=marker, linestyle=_LINESTYLES[i % len(_LINESTYLES)],
                linewidth=1.6, markersize=4.5, label=mode,
            )  # fmt: skip
            ax.plot(
                [layers[end]], [ends[i]], linestyle="none", marker="o", markersize=11,
                markerfacecolor="none", markeredgecolor=color, markeredgewidth=1.2,
            )  # fmt: skip
            highest = ends[i] >= ends.max()
            ax.annotate(
                f"×{predicted[i]:.2f}",
                (layers[end], ends[i]),
                xytext=(0, 11 if highest else -11),
                textcoords="offset points",
                ha="center",
                va="bottom" if highest else "top",
                color=color,
            )
        ax.set_title(title, loc="left")
    axes[0].set_xticks(layers, [f"{l}\n{n}" for l, n in zip(layers, hidden)])
    axes[0].set_xlim(layers[0] - 0.4, layers[-1] + 0.4)
    predicted_end = Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=9,
        markerfacecolor="none",
        markeredgecolor="black",
        label="predicted end: start × telescoped std factor",
    )
    entries = len(axes[0].get_legend_handles_labels()[1]) + 1
    _legend_below(fig, axes[0], set(), handles=[predicted_end], ncols=entries)
    return fig


def describe_fan_mode_funnel(fm: FanModes) -> Caption:
    """The caption of [`fan_mode_funnel`][initlab.plots.fans.fan_mode_funnel]'s figure, from its data.

    The takeaway gives each mode's std factor end to end, forward and backward, each with the predicted one
    (the circled end marks' labels).
    """
    _check_data("fm", fm, FanModes)
    hidden = [int(n) for n in fm.widths[1:]]
    top = len(hidden)

    def panel(values: np.ndarray, predicted: np.ndarray, forward: bool) -> str:
        parts = []
        for i, mode in enumerate(fm.modes):
            first, last = (values[i, 0], values[i, -1]) if forward else (values[i, -1], values[i, 0])
            a, b = (1, top) if forward else (top, 1)
            parts.append(
                f"{mode} {first:.3g} at layer {a} to {last:.3g} at layer {b} "
                f"(std ×{last / first:.2f}; predicted ×{predicted[i]:.2f})"
            )
        return "; ".join(parts)

    modes = " and ".join(fm.modes)
    forward = " and ".join(f"×{fm.act_std[i, -1] / fm.act_std[i, 0]:.2f}" for i in range(len(fm.modes)))
    backward = " and ".join(f"×{fm.grad_std[i, 0] / fm.grad_std[i, -1]:.2f}" for i in range(len(fm.modes)))
    takeaway = (
        f"Going forward, the activations' std changes {forward} with {modes} from layer 1 to layer {top}; "
        f"going back, the std of ∂𝓛/∂a changes {backward} from layer {top} to layer 1"
    )
    details = (
        f"Two panels over hidden layers 1 to {top}, log y axes, one line per fan mode ({', '.join(fm.modes)}). "
        f"Left, activation std on the forward pass: {panel(fm.act_std, fm.predicted_act_ratio, True)}. "
        f"Right, std of the gradients ∂𝓛/∂a from the top hidden layer down: "
        f"{panel(fm.grad_std, fm.predicted_grad_ratio, False)}. "
        "Open circles mark the predicted end values."
    )
    setup = f"He normal, ReLU, hidden widths {', '.join(map(str, hidden))}."
    return Caption(takeaway[0].upper() + takeaway[1:] + ".", setup, details)
