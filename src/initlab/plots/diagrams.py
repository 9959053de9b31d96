r"""Diagrams drawn from a net's sizes."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Circle

from .._validation import check_int
from .style import (
    WIDTH,
    _figure,
)
from .svg import Caption

# Vertical distance between units when weights and biases are labelled.
_STEP = 1.45
# Horizontal distance between layers when weights are labelled.
_GAP = 3.0
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"}

# ----------------------------------------------------------------------------
# The network itself
# ----------------------------------------------------------------------------


def _check_sizes(sizes: Sequence[int]) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a sequence of layer sizes such as [2, 2, 1], got {sizes!r}")
    sizes = [check_int("sizes", n) for n in sizes]
    if len(sizes) < 2 or max(sizes) > 12:
        raise ValueError(f"sizes must list at least 2 layers of 1 to 12 units each, got {sizes!r}")
    return sizes


def _unit_names(sizes: list[int], l: int) -> list[str]:
    """Plain-text names of layer ``l``'s units, as the diagram labels them."""
    if l == 0:
        return [f"x{i + 1}" for i in range(sizes[0])]
    if l == len(sizes) - 1 and sizes[l] == 1:
        return ["y-hat"]
    return [f"a[{l}]{i + 1}" for i in range(sizes[l])]


def describe_network_diagram(sizes: Sequence[int]) -> Caption:
    r"""The caption of [`network_diagram`][initlab.plots.diagrams.network_diagram]`(sizes)`.

    The takeaway counts the weights and biases; the details name every unit
    and, where the diagram labels them (every layer of at most 3 units),
    every weight and bias, in plain text, for screen readers.

    Examples
    --------
    >>> print(describe_network_diagram([2, 1]).details)
    Diagram of the 2-1 network. Input: x1, x2. Output: y-hat, connected to
    every unit of the input by the weights w[1]11, w[1]12, plus the bias
    b[1]1 (w[l]ij feeds unit i of layer l from unit j of the layer below;
    b[l]i is added to unit i of layer l).
    """
    sizes = _check_sizes(sizes)
    L = len(sizes) - 1
    labelled = max(sizes) <= 3
    parts = [f"Diagram of the {'-'.join(map(str, sizes))} network.", f"Input: {', '.join(_unit_names(sizes, 0))}."]
    for l in range(1, L + 1):
        layer = "Output" if l == L else f"Hidden layer {l}"
        below = "the input" if l == 1 else f"hidden layer {l - 1}"
        if labelled:
            weights = ", ".join(f"w[{l}]{i + 1}{j + 1}" for i in range(sizes[l]) for j in range(sizes[l - 1]))
            biases = ", ".join(f"b[{l}]{i + 1}" for i in range(sizes[l]))
            plural = "biases" if sizes[l] > 1 else "bias"
            link = f"by the weights {weights}, plus the {plural} {biases}"
        else:
            plural = "biases" if sizes[l] > 1 else "bias"
            link = f"by {sizes[l] * sizes[l - 1]} weights, plus {sizes[l]} {plural} (not drawn)"
        parts.append(f"{layer}: {', '.join(_unit_names(sizes, l))}, connected to every unit of {below} {link}.")
    text = " ".join(parts)
    if labelled:
        text = (
            text[:-1] + " (w[l]ij feeds unit i of layer l from unit j of the layer below;"
            " b[l]i is added to unit i of layer l)."
        )
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    biases = sum(sizes[1:])
    takeaway = (
        f"Every unit is connected to every unit of the layer below: {weights} weights and {biases} "
        f"{'biases' if biases > 1 else 'bias'} in all."
    )
    setup = "Units as circles, weights as lines"
    setup += ", each labelled with its weight; the bias under each unit." if labelled else "."
    return Caption(takeaway, f"The {'-'.join(map(str, sizes))} network. {setup}", text)


def network_diagram(sizes: Sequence[int]) -> Figure:
    r"""A diagram of a fully connected network: units as circles, weights as lines.

    Inputs are labelled $x_j$, hidden units $a^{[l]}_i$, and a single output
    $\hat y$. When every layer has at most 3 units, each weight is labelled
    $w^{[l]}_{ij}$ -- row $i$ (the unit it feeds), column $j$ (the unit it
    comes from) of $W^{[l]}$, whose shape is $(n_l, n_{l-1})$ -- and each
    unit of layers 1 to $L$ carries its bias, $+\,b^{[l]}_i$, written under
    it.

    Parameters
    ----------
    sizes
        Units per layer, input first, e.g. ``[2, 2, 1]``; at least two
        layers, each of 1 to 12 units.

    Returns
    -------
    matplotlib.figure.Figure

    See also
    --------
    [`describe_network_diagram`][initlab.plots.diagrams.describe_network_diagram]:
    the figure's text description, from the same sizes.
    """
    sizes = _check_sizes(sizes)
    L = len(sizes) - 1
    tall = max(sizes)
    labelled = tall <= 3
    step = _STEP if labelled else 1.0  # room under each unit for its bias
    gap = _GAP if labelled else 2.0  # room along each line for its weight's label, clear of the circles
    fig = _figure(min(WIDTH, 1.6 + 0.95 * gap * L), 0.9 + 0.75 * step * tall)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")

    def y(l: int, i: int) -> float:
        return step * ((sizes[l] - 1) / 2 - i)

    for l in range(1, L + 1):
        for i in range(sizes[l]):
            for j in range(sizes[l - 1]):
                x0, y0, x1, y1 = gap * (l - 1), y(l - 1, j), gap * l, y(l, i)
                ax.plot([x0, x1], [y0, y1], color="black", alpha=0.45, linewidth=1.0, zorder=1)
                if labelled:
                    t = 0.3 if sizes[l - 1] > 1 and sizes[l] > 1 else 0.5
                    t = t if j % 2 == 0 else 1 - t
                    ax.text(
                        x0 + t * (x1 - x0),
                        y0 + t * (y1 - y0),
                        f"$w^{{[{l}]}}_{{{i + 1}{j + 1}}}$",
                        ha="center",
                        va="center",
                        zorder=3,
                        bbox=_LABEL_BOX,
                    )
    for l, n in enumerate(sizes):
        for i in range(n):
            if l == 0:
                name = f"$x_{{{i + 1}}}$"
            elif l == L and n == 1:
                name = r"$\hat y$"
            else:
                name = f"$a^{{[{l}]}}_{{{i + 1}}}$"
            ax.add_patch(Circle((gap * l, y(l, i)), 0.3, facecolor="white", edgecolor="black", linewidth=1.2, zorder=2))
            ax.text(gap * l, y(l, i), name, ha="center", va="center", zorder=4)
            if labelled and l > 0:
                ax.text(
                    gap * l,
                    y(l, i) - 0.34,
                    f"$+\\,b^{{[{l}]}}_{{{i + 1}}}$",
                    ha="center",
                    va="top",
                    zorder=4,
                    bbox=_LABEL_BOX,
                )
        caption = "input" if l == 0 else "output" if l == L else f"hidden layer {l}"
        ax.text(
            gap * l,
            step * (tall - 1) / 2 + 0.75,
            f"{caption}\n$n_{{{l}}} = {n}$",
            ha="center",
            va="bottom",
        )
    ax.set_xlim(-0.5, gap * L + 0.5)
    ax.set_ylim(-step * (tall - 1) / 2 - (0.85 if labelled else 0.45), step * (tall - 1) / 2 + 1.5)
    return fig
