r"""Per-layer histograms of a depth sweep: one ridge per hidden layer, one panel per scheme."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

from .._validation import check_choice, check_int
from ..studies import DepthSweep
from .depth import _num
from .style import WIDTH, _check_data, _figure, _style
from .svg import Caption


def _default_layers(depth: int, most: int = 10) -> list[int]:
    if depth <= most:
        return list(range(1, depth + 1))
    return sorted({int(round(v)) for v in np.linspace(1, depth, most)})


def _histogram_layout(
    sweep: DepthSweep, kind: str, layers: Sequence[int] | None, bins: int, sharex: bool
) -> tuple[str, list[int], np.ndarray, list[np.ndarray]]:
    """Checked arguments of [`layer_histograms`][initlab.plots.histograms.layer_histograms] and what it draws.

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
        layers = [check_int("layers", l, minimum=1) for l in layers]
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


# A ridge fills at most this share of its row; its note sits in the rest, above it.
_RIDGE = 0.6
_NOTE_AT = 0.64
# Height of one ridge row in inches: room for a ridge and a line of MIN_FONT_PT text above it.
_ROW_INCHES = 0.5


def _note(sweep: DepthSweep, kind: str, i: int, layer: int, values: np.ndarray) -> str:
    """The text above one ridge: its std (and share of saturated units), or its share of inf/NaN."""
    finite = np.isfinite(values)
    if not finite.all():
        return f"{1 - finite.mean():.0%} inf/NaN"
    stds = sweep.act_std if kind == "activations" else sweep.grad_std
    note = f"std {_num(float(stds[i, layer - 1])).replace(' × ', '×')}"  # compact, never e-notation
    share = sweep.saturated[i, layer - 1]
    if kind == "activations" and np.isfinite(share) and round(100 * share) > 0:  # 0% left out: room for the std
        note += f", sat. {share:.0%}"
    return note


def _value_label(sweep: DepthSweep, kind: str, sharex: bool) -> str:
    what = "activation value" if kind == "activations" else "gradient value"
    if kind == "activations" and np.isfinite(sweep.saturated).any():
        what += "; sat.: share of saturated units (where ≥ 1%)"
    if not sharex:
        return f"{what} (x axes differ: each panel has its own range)"
    return f"{what} (one x axis for every panel)" if len(sweep.schemes) > 1 else what


def _no_limits(patch: object) -> None:
    """Stands in for ``Axes._update_patch_limits`` while the ridges are added."""


def layer_histograms(
    sweep: DepthSweep,
    kind: str = "activations",
    *,
    layers: Sequence[int] | None = None,
    bins: int = 61,
    sharex: bool = True,
) -> Figure:
    r"""Per-layer histograms, one ridge per layer, schemes side by side (as in Glorot & Bengio 2010, Figs 6–7).

    Each panel is one scheme, titled in its colour; each ridge one hidden
    layer (layer 1 at the top), its height scaled to the panel. Above each
    ridge, right-aligned inside its panel, is its standard deviation (and,
    for tanh/sigmoid activations, the share of saturated units). Non-finite
    samples (overflow) are left out of the histogram and counted in that
    text instead. The x-axis label says whether the panels share one x axis.

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
        range covers 99.5% of all finite samples (for tanh/sigmoid activations,
        the whole range of the activation). With ``False`` each panel gets its
        own range, so shapes show even where a scheme's values vanish, and the
        x-axis label says the axes differ.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``sweep`` is not a `DepthSweep` or ``sharex`` not a bool.
    ValueError
        If ``kind`` is not one of the two, ``bins`` < 5, or a layer is outside
        ``1..sweep.depth``.
    """
    kind, layers, picked, panel_edges = _histogram_layout(sweep, kind, layers, bins, sharex)
    S = len(sweep.schemes)
    fig = _figure(WIDTH, 1.0 + _ROW_INCHES * len(layers))
    axes = np.atleast_1d(fig.subplots(1, S, sharey=True, sharex=bool(sharex)))
    # The limits come first, so nothing below autoscales the view (each line would,
    # again); add_patch would still grow the data limits by every segment of each
    # ridge's outline, in Python, for nothing.
    axes[0].set_ylim(-0.1, len(layers))
    for i, ax in enumerate(axes):
        style = _style(sweep, i)
        edges = panel_edges[i]
        ax.set_xlim(edges[0], edges[-1])
        ax._update_patch_limits = _no_limits
        for row, layer in enumerate(layers):
            values = picked[i, row]
            finite = values[np.isfinite(values)]
            base = len(layers) - 1 - row
            counts = np.histogram(finite, bins=edges)[0].astype(np.float64)
            height = counts / counts.max() * _RIDGE if counts.max() > 0 else counts
            ax.stairs(base + height, edges, baseline=base, fill=True, color=style["color"], alpha=0.4, linewidth=0)
            ax.stairs(base + height, edges, baseline=None, color=style["color"], linewidth=1.0)
            ax.axhline(base, color="black", alpha=0.25, linewidth=0.5)
            ax.text(
                0.99,
                base + _NOTE_AT,
                _note(sweep, kind, i, layer, values),
                transform=blended_transform_factory(ax.transAxes, ax.transData),
                ha="right",
                va="bottom",
            )
        del ax._update_patch_limits
        ax.set_title(sweep.labels[i], loc="left", color=style["color"])
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.tick_params(axis="y", length=0)
        if not sharex:
            ax.set_xlabel(" ")  # keeps the panels level; the label below says the axes differ
    if S > 1 or not sharex:
        for ax in axes:
            ax.set_xlabel("")
        fig.supxlabel(_value_label(sweep, kind, sharex))
    else:
        axes[0].set_xlabel(_value_label(sweep, kind, sharex))
    axes[0].set_yticks(np.arange(len(layers)) + _RIDGE / 2, [f"layer {l}" for l in reversed(layers)])
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


def _trend(label: str, start: float, end: float) -> str:
    """``"Glorot normal narrows from std 0.63 to 0.3"``: how one scheme's std goes from one ridge to another."""
    if not (np.isfinite(start) and np.isfinite(end)):
        return f"{label} goes from std {_num(start)} to {_num(end)}"
    if start > 0 and 0.9 <= end / start <= 1.1:
        return f"{label} keeps its width (std {_num(start)}, then {_num(end)})"
    verb = "narrows" if end < start else "widens"
    return f"{label} {verb} from std {_num(start)} to {_num(end)}"


def describe_layer_histograms(
    sweep: DepthSweep,
    kind: str = "activations",
    *,
    layers: Sequence[int] | None = None,
    bins: int = 61,
    sharex: bool = True,
) -> Caption:
    """The caption of [`layer_histograms`][initlab.plots.histograms.layer_histograms]'s figure, from its data.

    Takes the same arguments as the figure. The takeaway says how each
    scheme's spread changes from the first ridge to the last (its std, and
    for tanh/sigmoid activations the share of saturated units); the setup
    line names the net and whether the panels share an x axis; the details
    give the x axes, the layers drawn and which ridges are spikes (all of
    their finite samples in at most two bins of that axis) or hold inf/NaN.

    Examples
    --------
    >>> from initlab.studies import depth_sweep
    >>> s = depth_sweep(["small_normal"], "tanh", depth=4, width=32, n_samples=50, max_samples=500)
    >>> "spikes" in str(describe_layer_histograms(s))
    True
    """
    kind, layers, picked, edges = _histogram_layout(sweep, kind, layers, bins, sharex)
    stds = sweep.act_std if kind == "activations" else sweep.grad_std
    what = "activations" if kind == "activations" else "gradients ∂𝓛/∂a"
    first, last = layers[0], layers[-1]
    trends, parts = [], []
    for i, label in enumerate(sweep.labels):
        start, end = (last, first) if kind == "gradients" else (first, last)
        trend = _trend(label, stds[i, start - 1], stds[i, end - 1])
        saturated = sweep.saturated[i, [first - 1, last - 1]]
        if kind == "activations" and np.all(np.isfinite(saturated)) and saturated.max() >= 0.05:
            if saturated.min() >= 0.5:
                ends = f"std {_num(stds[i, first - 1])}, then {_num(stds[i, last - 1])}"
                trend = (
                    f"{label} stays saturated ({saturated[0]:.0%} of units at layer {first}, "
                    f"{saturated[1]:.0%} at layer {last}; {ends})"
                )
            else:
                trend += f", with {saturated[0]:.0%} then {saturated[1]:.0%} of units saturated"
        trends.append(trend)
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
    if first == last:
        takeaway = f"At layer {first}: " + "; ".join(trends) + "."
    else:
        way = (
            f"From layer {last} down to layer {first}" if kind == "gradients" else f"From layer {first} to layer {last}"
        )
        takeaway = f"{way}, " + "; ".join(trends) + "."
    if sharex:
        axis = f"All panels share one x axis, from {_num(edges[0][0])} to {_num(edges[0][-1])}."
        shared = "; one x axis for every panel" if len(sweep.labels) > 1 else ""
    else:
        axis = "Each panel has its own x axis."
        shared = "; x axes differ between panels"
    net = f"{sweep.activation} net, {sweep.depth} hidden layers of {sweep.width} units"
    setup = f"{what.capitalize()} of a {net}, {sweep.n_samples} random inputs{shared}."
    details = (
        f"Histograms of the {what}, one ridge per hidden layer (layers {_ranges(layers)}, "
        f"layer {layers[0]} at the top), one panel per scheme, each ridge's std written above it. {axis} "
        + "; ".join(parts)
        + "."
    )
    return Caption(takeaway, setup, details)
