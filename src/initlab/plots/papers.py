r"""Figures for the papers the pages reproduce: Glorot & Bengio's gradients at initialization."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..studies import GlorotBengio
from .style import WIDTH, _check_data, _figure, _legend_below, _log_if_positive, _series, _setup, _style, _suptitle

# ----------------------------------------------------------------------------- Glorot & Bengio 2010


def weight_gradients(data: GlorotBengio) -> Figure:
    r"""Back-propagated gradients against weight gradients, layer by layer, one line per scheme.

    Left: the std of $\partial J/\partial a^{[l]}$, the gradient that flows
    down through the net; right: the std of the per-example weight gradient
    $\partial J/\partial W^{[l]} = \delta^{[l]} a^{[l-1]\top}$, what a layer
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
        (axes[0], sweep.grad_std, "back-propagated ∂J/∂a", "std of ∂J/∂a"),
        (axes[1], data.weight_grad_std, "weight gradient ∂J/∂W", "std of ∂J/∂W"),
    )
    kinds: set[str] = set()
    is_log = _log_if_positive(axes[0], sweep.grad_std, data.weight_grad_std)
    for ax, values, title, ylabel in panels:
        _setup(ax, "hidden layer", ylabel)
        for i, label in enumerate(sweep.labels):
            kinds |= _series(ax, layers, values[i], _style(sweep, i), label, log=is_log)
        ax.set_title(title, loc="left", fontsize="medium")
    axes[0].set_xticks(layers)
    _legend_below(fig, axes[0], kinds)
    _suptitle(fig, f"At initialization: {sweep.activation} net, {sweep.depth} hidden layers of {sweep.width} units")
    return fig


def describe_weight_gradients(data: GlorotBengio) -> str:
    """A text description of [`weight_gradients`][initlab.plots.papers.weight_gradients]'s figure, from its data."""
    _check_data("data", data, GlorotBengio)
    sweep = data.sweep
    parts = []
    for i, label in enumerate(sweep.labels):
        back, weight = sweep.grad_std[i], data.weight_grad_std[i]
        parts.append(
            f"with {label}, the back-propagated gradient's std goes from {back[-1]:.2g} at layer {sweep.depth} "
            f"to {back[0]:.2g} at layer {sweep.layers[0]}, while the weight gradient's std stays between "
            f"{weight.min():.2g} and {weight.max():.2g}"
        )
    return (
        f"Standard deviation per hidden layer of a {sweep.depth}-layer, {sweep.width}-unit {sweep.activation} net "
        f"at initialization, log scale; left, back-propagated gradients; right, weight gradients. "
        + "; ".join(p[0].upper() + p[1:] if k == 0 else p for k, p in enumerate(parts))
        + "."
    )
