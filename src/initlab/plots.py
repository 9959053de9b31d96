r"""Figures from experiment data: one function per kind of figure.

Each function takes data an experiment already computed (the frozen
dataclasses of :mod:`initlab.experiments`, or an initializer's samples) and
returns a :class:`matplotlib.figure.Figure`; none of them runs an
experiment. Pass the figure to :func:`initlab.figures.svg` to put it on a
page. Schemes are drawn in their site-wide style
(:data:`initlab.figures.SCHEME_STYLES`).

Figures are built with :class:`matplotlib.figure.Figure` directly, so no
pyplot window or global figure list is involved.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Circle
from matplotlib.ticker import FuncFormatter, NullFormatter
from matplotlib.transforms import blended_transform_factory

from ._checks import check_choice, check_int
from .experiments import DepthSweep, SymmetryStudy, TrainingComparison
from .figures import EXTRA_COLORS, scheme_style
from .initializers import DISTRIBUTIONS, SCHEMES, TRUNCATED_STD, TRUNCATION, Scheme, variance_scaling_std

__all__ = [
    "decision_boundaries",
    "grid_loss_curves",
    "deep_signal",
    "init_densities",
    "init_density",
    "jacobian_singular_values",
    "layer_histograms",
    "loss_curves",
    "mean_field_map",
    "network_diagram",
    "scheme_law",
    "self_normalization",
    "std_vs_depth",
    "symmetry",
]

# Grid lines in black at low alpha: figures.svg turns black into currentColor.
_GRID = {"color": "black", "alpha": 0.12, "linewidth": 0.6}
#: Width of every figure in inches: the width of a Material content column.
WIDTH = 7.2
# At most this many points per line: long loss curves are thinned for the page.
_MAX_POINTS = 600


def _figure(width: float = WIDTH, height: float = 3.4) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _check_data(name: str, data: object, cls: type) -> None:
    if not isinstance(data, cls):
        raise TypeError(
            f"{name} must be an initlab.experiments.{cls.__name__} (what the experiment returns), "
            f"got {type(data).__name__}"
        )


def _style(data: object, i: int) -> dict:
    return scheme_style(data.schemes[i], index=i)


def _setup(ax: Axes, xlabel: str, ylabel: str) -> None:
    ax.grid(True, **_GRID)
    ax.set_axisbelow(True)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def _thin(n: int) -> np.ndarray:
    """Indices of at most ``_MAX_POINTS`` evenly spread points out of ``n`` (first and last kept)."""
    if n <= _MAX_POINTS:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, _MAX_POINTS).round().astype(np.int64))


def _edge_marks(ax: Axes, x: np.ndarray, y: np.ndarray, color: str, *, log: bool) -> set[str]:
    """Mark values a (log) axis cannot show: NaN/inf at the top edge, exactly 0 at the bottom.

    Returns the kinds of marks drawn (``"overflow"``, ``"zero"``) for the legend.
    """
    at_edge = blended_transform_factory(ax.transData, ax.transAxes)
    kinds = set()
    bad = ~np.isfinite(y)
    if bad.any():
        ax.plot(x[bad], np.full(bad.sum(), 0.97), "^", color=color, markersize=7, transform=at_edge, clip_on=False)
        kinds.add("overflow")
    if log:
        zero = np.isfinite(y) & (y <= 0)
        if zero.any():
            ax.plot(x[zero], np.full(zero.sum(), 0.03), "v", color=color, markersize=7, transform=at_edge, clip_on=False)
            kinds.add("zero")
    return kinds


_EDGE_LABELS = {
    "overflow": ("^", "inf/NaN (overflow), top edge"),
    "zero": ("v", "exactly 0, bottom edge"),
    "undefined": ("o", "undefined (a unit is all 0)"),
}


def _edge_legend(kinds: set[str]) -> list[Line2D]:
    return [
        Line2D([], [], linestyle="none", marker=_EDGE_LABELS[k][0], color="black", markerfacecolor="none",
               label=_EDGE_LABELS[k][1])  # fmt: skip
        for k in ("overflow", "zero", "undefined")
        if k in kinds
    ]


def _series(ax: Axes, x: np.ndarray, y: np.ndarray, style: dict, label: str, *, log: bool, markevery: int = 1) -> set[str]:
    """One scheme's line: only the values the axis can show, with gaps and edge marks for the rest."""
    y = np.asarray(y, dtype=np.float64)
    shown = np.isfinite(y) & ((y > 0) if log else True)
    ax.plot(x, np.where(shown, y, np.nan), label=label, linewidth=1.6, markersize=4.5, markevery=markevery, **style)
    return _edge_marks(ax, x, y, style["color"], log=log)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value: float, _pos: object = None) -> str:
    """``10⁻⁸`` as plain text: mathtext exponents cost a tenth of a second per figure."""
    if value <= 0:
        return ""
    exponent = round(math.log10(value))
    if not math.isclose(value, 10.0**exponent, rel_tol=1e-6):
        return ""
    return "1" if exponent == 0 else "10" if exponent == 1 else "10" + str(exponent).translate(_SUPERSCRIPT)


def _log_if_positive(ax: Axes, *arrays: np.ndarray) -> bool:
    values = np.concatenate([np.ravel(a) for a in arrays])
    if np.any(np.isfinite(values) & (values > 0)):
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        ax.yaxis.set_minor_formatter(NullFormatter())
        return True
    return False


def _scheme_name(scheme: object) -> str:
    if isinstance(scheme, Scheme):
        return scheme.name
    if isinstance(scheme, str):
        return check_choice("scheme", scheme, SCHEMES)
    raise TypeError(f"scheme must be a scheme name ({', '.join(SCHEMES)}) or an initlab.Scheme, got {scheme!r}")


def _label(name: str) -> str:
    return SCHEMES[name].label if name in SCHEMES else name


# ----------------------------------------------------------------------------
# An initializer's samples against its exact density
# ----------------------------------------------------------------------------

def scheme_law(scheme: str | Scheme, shape: tuple[int, ...]) -> tuple[str, float]:
    r"""The distribution a scheme draws a weight of ``shape`` from, and its standard deviation.

    Both come from the :class:`initlab.Scheme` itself (its ``distribution``
    and :meth:`~initlab.Scheme.std`); a uniform law's bound is $\sqrt 3$
    times its std.

    Returns
    -------
    (distribution, std)
        For ``"constant"`` the second item is the constant value instead of a std.

    Examples
    --------
    >>> scheme_law("he_normal", (256, 784))
    ('normal', 0.050507627227610534)
    """
    s = scheme if isinstance(scheme, Scheme) else SCHEMES[_scheme_name(scheme)]
    return s.distribution, (s.value if s.distribution == "constant" else s.std(shape))


def _density(distribution: str, std: float, x: np.ndarray) -> np.ndarray:
    """The exact probability density of a zero-mean law with final std ``std``."""
    if distribution == "normal":
        return np.exp(-0.5 * (x / std) ** 2) / (std * math.sqrt(2.0 * math.pi))
    if distribution == "truncated_normal":
        # The underlying normal is wider by 1/TRUNCATED_STD; cut at TRUNCATION of its std.
        sigma = std / TRUNCATED_STD
        inside = np.abs(x) <= TRUNCATION * sigma
        mass = math.erf(TRUNCATION / math.sqrt(2.0))
        return np.where(inside, np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi) * mass), 0.0)
    bound = math.sqrt(3.0) * std
    return np.where(np.abs(x) <= bound, 1.0 / (2.0 * bound), 0.0)


def init_density(
    samples: np.ndarray,
    scheme: str | Scheme,
    shape: tuple[int, ...] | None = None,
    *,
    distribution: str | None = None,
    bins: int = 60,
) -> Figure:
    r"""Histogram of an initializer's samples against the density it should follow.

    The curve is the exact density of the scheme's law: $\mathcal N(0,
    \sigma^2)$; the normal cut at $\pm 2$ of its own std and rescaled by
    :data:`initlab.TRUNCATED_STD`; or $\mathcal U[-\sqrt3\sigma, \sqrt3\sigma]$,
    with $\sigma$ from :func:`scheme_law`. Zeros and constant draw a single
    value, shown as a spike; orthogonal has no closed-form density per entry,
    so only the histogram is drawn.

    Parameters
    ----------
    samples
        The drawn weights, any shape (flattened). Must be finite.
    scheme
        The scheme that drew them (name or :class:`initlab.Scheme`).
    shape
        The weight shape the samples were drawn with; defaults to
        ``samples.shape``. Fans come from it.
    distribution
        Override the scheme's flavour, e.g. ``"truncated_normal"`` for
        ``glorot_normal(..., truncated=True)`` (only for normal/uniform
        schemes; one of ``"normal"``, ``"truncated_normal"``, ``"uniform"``).
    bins
        Number of histogram bins, an integer >= 5.

    Returns
    -------
    matplotlib.figure.Figure
    """
    values = np.asarray(samples, dtype=np.float64).reshape(-1)
    if values.size == 0:
        raise ValueError("samples must hold at least one value, got an empty array")
    if not np.all(np.isfinite(values)):
        raise ValueError("samples must all be finite, got inf or NaN")
    name = _scheme_name(scheme)
    shape = tuple(np.shape(samples)) if shape is None else shape
    bins = check_int("bins", bins, minimum=5)
    law, std = scheme_law(scheme, shape)
    if distribution is not None:
        distribution = check_choice("distribution", distribution, DISTRIBUTIONS)
        if law not in DISTRIBUTIONS:
            raise ValueError(f"distribution can only be overridden for normal or uniform schemes, got scheme {name!r}")
        law = distribution
    style = scheme_style(name)

    fig = _figure(WIDTH, 3.2)
    ax = fig.add_subplot()
    ax.grid(True, **_GRID)
    ax.set_axisbelow(True)
    ax.set_xlabel("weight value")
    ax.set_ylabel("density")
    drawn = float(values.std())
    if law == "constant":
        ax.axvline(std, color=style["color"], linewidth=2.5, label=f"every weight = {std:g}")
        ax.set_yticks([])
        ax.set_xlim(std - 1.0, std + 1.0)
        ax.set_title(f"{_label(name)}: all {values.size:,} weights equal {std:g}", loc="left")
        ax.legend(loc="upper right")
        return fig

    counts, edges = np.histogram(values, bins=bins, density=True)
    ax.stairs(counts, edges, fill=True, color=style["color"], alpha=0.35, label=f"{values.size:,} samples")
    ax.stairs(counts, edges, color=style["color"], linewidth=0.8)
    title = f"{_label(name)}, weight {tuple(shape)}: std drawn {drawn:.4g}"
    if law == "orthogonal":
        ax.set_title(title, loc="left")
        ax.legend(loc="upper right", title="no closed-form density per entry")
        return fig
    reach = max(float(np.abs(values).max()), (4.0 if law == "normal" else 2.3 if law == "truncated_normal" else 1.9) * std)
    x = np.linspace(-1.05 * reach, 1.05 * reach, 801)
    names = {"normal": "normal", "truncated_normal": "truncated normal (±2σ)", "uniform": "uniform"}
    ax.plot(x, _density(law, std, x), color="black", linewidth=1.4, label=f"exact {names[law]} density")
    ax.set_title(f"{title}, formula {std:.4g}", loc="left")
    ax.set_ylim(0, 1.3 * max(float(counts.max()), float(_density(law, std, np.zeros(1))[0])))
    ax.legend(loc="upper right", fontsize="small", ncols=2)
    return fig


# ----------------------------------------------------------------------------
# Depth sweeps: std vs depth, per-layer histograms
# ----------------------------------------------------------------------------


def std_vs_depth(sweep: DepthSweep, *, log: bool = True) -> Figure:
    r"""Standard deviation of activations and of gradients, layer by layer, one line per scheme.

    Left: $\operatorname{std} A^{[l]}$ on the forward pass; right:
    $\operatorname{std} \partial J/\partial A^{[l]}$ on the backward pass.
    Values a log axis cannot show are marked, not dropped: exactly 0 at the
    bottom edge, inf/NaN (overflow) at the top edge.

    Parameters
    ----------
    sweep
        The result of :func:`initlab.experiments.depth_sweep`.
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
        ax.set_title(f"{what} ({'forward' if what == 'activations' else 'backward'})", loc="left")
    if len(layers) <= 12:
        axes[0].set_xticks(layers)
    handles, labels = axes[0].get_legend_handles_labels()
    extra = _edge_legend(kinds)
    entries = len(handles) + len(extra)
    fig.legend(handles + extra, labels + [h.get_label() for h in extra], loc="outside lower center",
               ncols=entries if entries <= 4 else -(-entries // -(-entries // 4)), fontsize="small", frameon=False)  # fmt: skip
    fig.suptitle(f"{sweep.activation} net, {sweep.depth} hidden layers of {sweep.width} units", x=0.01,
                 ha="left", fontsize="medium")  # fmt: skip
    return fig


def _default_layers(depth: int, most: int = 10) -> list[int]:
    if depth <= most:
        return list(range(1, depth + 1))
    return sorted({int(round(v)) for v in np.linspace(1, depth, most)})


def layer_histograms(
    sweep: DepthSweep,
    kind: str = "activations",
    *,
    layers: Sequence[int] | None = None,
    bins: int = 61,
    sharex: bool = True,
) -> Figure:
    r"""Per-layer histograms, one ridge per layer, schemes side by side (Glorot & Bengio 2010, figs 3, 6, 7).

    Each panel is one scheme; each ridge one hidden layer (layer 1 at the
    top), its height scaled to the panel. The standard deviation (and, for
    tanh/sigmoid activations, the share of saturated units) is written next
    to each ridge. Non-finite samples (overflow) are left out of the
    histogram and counted in that text.

    Parameters
    ----------
    sweep
        The result of :func:`initlab.experiments.depth_sweep`.
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
    stds = sweep.act_std if kind == "activations" else sweep.grad_std
    S = len(sweep.schemes)

    def reach(values: np.ndarray) -> float:
        finite = np.abs(values[np.isfinite(values)])
        r = float(np.percentile(finite, 99.5)) if finite.size else 0.0
        return r if r > 0 else 1.0

    picked = samples[:, [l - 1 for l in layers]].astype(np.float64)
    shared = reach(picked)
    if kind == "activations" and sweep.activation in ("tanh", "sigmoid"):
        shared = 1.0  # the whole range of the activation: saturation shows at the edges
    fig = _figure(WIDTH, 0.9 + 0.42 * len(layers) * (1 if S > 1 else 0.8))
    axes = np.atleast_1d(fig.subplots(1, S, sharey=True))
    for i, ax in enumerate(axes):
        style = _style(sweep, i)
        r = shared if sharex else reach(picked[i])
        lo = 0.0 if kind == "activations" and sweep.activation in ("sigmoid",) else -r
        edges = np.linspace(lo * 1.02, r * 1.02, bins + 1)
        for row, layer in enumerate(layers):
            values = picked[i, row]
            finite = values[np.isfinite(values)]
            base = len(layers) - 1 - row
            counts = np.histogram(finite, bins=edges)[0].astype(np.float64)
            height = counts / counts.max() * 0.92 if counts.max() > 0 else counts
            ax.stairs(base + height, edges, baseline=base, fill=True, color=style["color"], alpha=0.45, linewidth=0)
            ax.stairs(base + height, edges, baseline=None, color=style["color"], linewidth=0.9)
            ax.axhline(base, color="black", alpha=0.25, linewidth=0.5)
            note = f"σ {stds[i, layer - 1]:.2g}"
            if kind == "activations" and np.isfinite(sweep.saturated[i, layer - 1]):
                note += f", sat. {sweep.saturated[i, layer - 1]:.0%}"
            if finite.size < values.size:
                note = f"{1 - finite.size / values.size:.0%} inf/NaN"
            ax.text(1.02, base + 0.3, note, transform=blended_transform_factory(ax.transAxes, ax.transData),
                    ha="left", va="center", fontsize="x-small")  # fmt: skip
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
    fig.suptitle(f"{kind.capitalize()} per layer, {sweep.activation} net of width {sweep.width}", x=0.01,
                 ha="left", fontsize="medium")  # fmt: skip
    return fig


# ----------------------------------------------------------------------------
# Training: loss curves, decision boundaries
# ----------------------------------------------------------------------------


def loss_curves(
    comparison: TrainingComparison, schemes: Sequence[str] | None = None, *, log: bool | None = None
) -> Figure:
    r"""Training cost against step, one line per scheme.

    A run that diverged stops where its cost turned NaN/inf; the step is
    marked at the top edge. A scheme whose textbook cross-entropy was
    infinite at step 0 (a probability rounded to exactly 0 or 1) gets a
    marker at step 0 on the top edge; the line itself is the stable cost
    computed from the logits, which stays finite.

    Parameters
    ----------
    comparison
        The result of :func:`initlab.experiments.compare_training` (or
        :func:`~initlab.experiments.course_experiment`).
    schemes
        Names of the schemes to show (default: all, in order).
    log
        Log-scale y axis; by default when the finite costs span more than a
        factor of 20.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("comparison", comparison, TrainingComparison)
    picked = _pick(comparison, schemes)
    loss = np.asarray(comparison.loss, dtype=np.float64)
    finite = loss[picked][np.isfinite(loss[picked]) & (loss[picked] > 0)]
    if log is None:
        log = bool(finite.size) and finite.max() / finite.min() > 20
    elif not isinstance(log, (bool, np.bool_)):
        raise TypeError(f"log must be True, False or None, got {log!r}")
    fig = _figure(WIDTH, 3.4)
    ax = fig.add_subplot()
    if log and finite.size:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        ax.yaxis.set_minor_formatter(NullFormatter())
    _setup(ax, "step", "training cost")
    keep = _thin(loss.shape[1])
    steps = np.arange(loss.shape[1])
    at_top = blended_transform_factory(ax.transData, ax.transAxes)
    kinds: set[str] = set()
    notes = []
    for i in picked:
        label, style = comparison.labels[i], _style(comparison, i)
        x, y = steps[keep], loss[i, keep]
        stop = int(comparison.diverged_at[i])
        if stop >= 0:  # end the line where it diverged and mark that step once
            x, y = x[x < stop], y[x < stop]
            ax.plot([stop], [1.0], "^", color=style["color"], markersize=8, transform=at_top, clip_on=False, zorder=5)
            kinds.add("overflow")
            notes.append(f"{label}: diverged at step {stop}")
        _series(ax, x, y, style, label, log=log and bool(finite.size), markevery=max(1, len(keep) // 10))
        if not np.isfinite(comparison.first_naive_loss[i]):
            ax.plot([0], [1.0], "^", color=style["color"], markersize=8, transform=at_top, clip_on=False, zorder=5)
            notes.append(f"{label}: textbook cost at step 0 = {comparison.first_naive_loss[i]}")
    handles, labels = ax.get_legend_handles_labels()
    for note in notes:
        handles.append(Line2D([], [], linestyle="none", marker="^", color="black", markerfacecolor="none"))
        labels.append(note)
    ax.legend(handles, labels, loc="upper right", fontsize="small")  # "best" costs 0.4 s a figure
    ax.set_xlim(0, loss.shape[1])
    ax.margins(y=0.12)  # keep the lines clear of the marks on the top edge
    ax.set_title(
        f"{comparison.dataset}, net {list(comparison.sizes)}, {comparison.activation}, "
        f"learning rate {comparison.lr:g}", loc="left", fontsize="medium", pad=10,
    )  # fmt: skip
    return fig


def _pick(data: TrainingComparison, schemes: Sequence[str] | str | None) -> list[int]:
    """Row indices of the schemes named in ``schemes`` (all of them for ``None``)."""
    if schemes is None:
        return list(range(len(data.schemes)))
    if isinstance(schemes, str):
        schemes = [schemes]
    picked = [data.schemes.index(check_choice("schemes", s, data.schemes)) for s in schemes]
    if not picked:
        raise ValueError(f"schemes must name at least one of {', '.join(data.schemes)}, got {schemes!r}")
    return picked


def _class_colors(k: int) -> list[str]:
    return list(EXTRA_COLORS[:2]) if k <= 2 else [EXTRA_COLORS[c % len(EXTRA_COLORS)] for c in range(k)]


def decision_boundaries(comparison: TrainingComparison, schemes: Sequence[str] | None = None) -> Figure:
    r"""The trained nets' decision regions with the data: one panel per scheme.

    The region of each predicted class is tinted in that class's colour, the
    stronger the more confident the net (transparent where it hesitates);
    the line is the decision boundary ($p = 1/2$ for two classes). Training
    points are circles, test points crosses, coloured by their true class.
    Train and test accuracies are in each panel's title.

    Parameters
    ----------
    comparison
        The result of :func:`initlab.experiments.compare_training`.
    schemes
        Names of the schemes to show (default: all, in order).

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("comparison", comparison, TrainingComparison)
    picked = _pick(comparison, schemes)
    k = int(max(comparison.y_train.max(), comparison.y_test.max())) + 1
    colors = _class_colors(k)
    rgb = np.array([to_rgb(c) for c in colors])
    n = len(picked)
    cols = min(n, 3)
    rows = -(-n // cols)
    fig = _figure(WIDTH, 0.6 + rows * (WIDTH / cols) * 0.92)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False).ravel())
    gx, gy = comparison.grid_x, comparison.grid_y
    extent = (gx[0], gx[-1], gy[0], gy[-1])
    for ax, i in zip(axes, picked):
        proba, cls = comparison.grid_proba[i], comparison.grid_class[i]
        if np.all(np.isfinite(proba)):
            confidence = (np.abs(2 * proba - 1) if k == 2 else (proba - 1 / k) / (1 - 1 / k)).clip(0, 1)
            image = np.concatenate([rgb[cls], (0.55 * confidence)[..., None]], axis=-1)
            ax.imshow(image, origin="lower", extent=extent, aspect="auto", interpolation="none")
            if np.ptp(cls) > 0:
                ax.contour(gx, gy, cls if k > 2 else proba, levels=[0.5] if k == 2 else np.arange(k - 1) + 0.5,
                           colors="black", linewidths=1.0, alpha=0.8)  # fmt: skip
        else:
            ax.text(0.5, 0.5, "diverged: no decision function", transform=ax.transAxes, ha="center", va="center")
        for X, y, marker, size in ((comparison.X_train, comparison.y_train, "o", 14),
                                   (comparison.X_test, comparison.y_test, "X", 22)):  # fmt: skip
            # Vector up to a few hundred points (crisper, and no heavier than a PNG); svg() rasterizes more.
            ax.scatter(X[:, 0], X[:, 1], c=[colors[c] for c in y], marker=marker, s=size, edgecolors="black",
                       linewidths=0.4)  # fmt: skip
        ax.set_xlim(extent[:2])
        ax.set_ylim(extent[2:])
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(
            f"{comparison.labels[i]}\ntrain {comparison.train_accuracy[i]:.0%}, test {comparison.test_accuracy[i]:.0%}",
            fontsize="medium", color=_style(comparison, i)["color"],
        )  # fmt: skip
    for ax in axes[n:]:
        ax.set_visible(False)
    handles = [Line2D([], [], linestyle="none", marker="o", color=colors[c], markeredgecolor="black",
                      label=f"class {c}") for c in range(k)]  # fmt: skip
    handles += [
        Line2D([], [], linestyle="none", marker="o", color="black", markerfacecolor="none", label="train"),
        Line2D([], [], linestyle="none", marker="X", color="black", markerfacecolor="none", label="test"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize="small", frameon=False)
    return fig


# ----------------------------------------------------------------------------
# Symmetry over training
# ----------------------------------------------------------------------------


def symmetry(study: SymmetryStudy, *, stat: str = "mean") -> Figure:
    r"""How alike the hidden units are, step by step: one line per scheme.

    Left: similarity of the units' incoming weight vectors; right: of their
    activations over the training set. Similarity is $|\cos|$ between two
    units, averaged over all pairs (``stat="mean"``) or the most similar
    pair (``"max"``): 1 means the units are clones. Where it is undefined (a
    unit's vector is all zero, e.g. zero init or a dead ReLU) the step is
    marked at the top edge.

    Parameters
    ----------
    study
        The result of :func:`initlab.experiments.symmetry_study`.
    stat
        ``"mean"`` or ``"max"`` over pairs of units. With 2-D inputs any two
        random weight vectors of the first layer are often nearly parallel,
        so ``"max"`` is near 1 for every scheme there; ``"mean"`` separates them.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("study", study, SymmetryStudy)
    stat = check_choice("stat", stat, ("mean", "max"))
    fig = _figure(WIDTH, 3.3)
    axes = fig.subplots(1, 2, sharey=True)
    steps = np.asarray(study.steps)
    undefined = False
    at_top = None
    for ax, what in zip(axes, ("weight", "act")):
        values = getattr(study, f"{what}_cos_{stat}")
        _setup(ax, "training step", f"{stat} |cos| (1 = clones)" if what == "weight" else "")
        at_top = blended_transform_factory(ax.transData, ax.transAxes)
        for i, label in enumerate(study.labels):
            style = _style(study, i)
            y = np.asarray(values[i], dtype=np.float64)
            ax.plot(steps, y, label=label, linewidth=1.6, markersize=4.5, **style)
            bad = ~np.isfinite(y)
            if bad.any():
                undefined = True
                ax.plot(steps[bad], np.full(bad.sum(), 0.975), "o", color=style["color"], markerfacecolor="none",
                        markersize=6, transform=at_top, clip_on=False)  # fmt: skip
        ax.set_title("incoming weights" if what == "weight" else "activations", loc="left", fontsize="medium")
        ax.set_ylim(0, 1.12)
    handles, labels = axes[0].get_legend_handles_labels()
    extra = _edge_legend({"undefined"} if undefined else set())
    entries = len(handles) + len(extra)
    fig.legend(handles + extra, labels + [h.get_label() for h in extra], loc="outside lower center",
               ncols=entries if entries <= 4 else -(-entries // -(-entries // 4)), fontsize="small", frameon=False)  # fmt: skip
    fig.suptitle(f"Similarity of the units of hidden layer {study.layer} while training", x=0.01, ha="left",
                 fontsize="medium")  # fmt: skip
    return fig


# ----------------------------------------------------------------------------
# The network itself
# ----------------------------------------------------------------------------


def network_diagram(sizes: Sequence[int]) -> Figure:
    r"""A diagram of a fully connected network: units as circles, weights as lines.

    Inputs are labelled $x_j$, hidden units $a^{[l]}_i$, and a single output
    $\hat y$. When every layer has at most 3 units, each weight is labelled
    $w^{[l]}_{ij}$ -- row $i$ (the unit it feeds), column $j$ (the unit it
    comes from) of $W^{[l]}$, whose shape is $(n_l, n_{l-1})$.

    Parameters
    ----------
    sizes
        Units per layer, input first, e.g. ``[2, 2, 1]``; at least two
        layers, each of 1 to 12 units.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a sequence of layer sizes such as [2, 2, 1], got {sizes!r}")
    sizes = [check_int("sizes", n) for n in sizes]
    if len(sizes) < 2 or max(sizes) > 12:
        raise ValueError(f"sizes must list at least 2 layers of 1 to 12 units each, got {sizes!r}")
    L = len(sizes) - 1
    tall = max(sizes)
    fig = _figure(min(WIDTH, 1.6 + 1.9 * L), 0.9 + 0.75 * tall)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")

    def y(l: int, i: int) -> float:
        return (sizes[l] - 1) / 2 - i

    label_weights = tall <= 3
    for l in range(1, L + 1):
        for i in range(sizes[l]):
            for j in range(sizes[l - 1]):
                x0, y0, x1, y1 = 2.0 * (l - 1), y(l - 1, j), 2.0 * l, y(l, i)
                ax.plot([x0, x1], [y0, y1], color="black", alpha=0.45, linewidth=1.0, zorder=1)
                if label_weights:
                    t = 0.28 if sizes[l - 1] > 1 and sizes[l] > 1 else 0.5
                    t = t if j % 2 == 0 else 1 - t
                    ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), f"$w^{{[{l}]}}_{{{i + 1}{j + 1}}}$",
                            ha="center", va="center", fontsize="small", zorder=3,
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})  # fmt: skip
    for l, n in enumerate(sizes):
        for i in range(n):
            if l == 0:
                name = f"$x_{{{i + 1}}}$"
            elif l == L and n == 1:
                name = r"$\hat y$"
            else:
                name = f"$a^{{[{l}]}}_{{{i + 1}}}$"
            ax.add_patch(Circle((2.0 * l, y(l, i)), 0.3, facecolor="white", edgecolor="black", linewidth=1.2, zorder=2))
            ax.text(2.0 * l, y(l, i), name, ha="center", va="center", zorder=4)
        caption = "input" if l == 0 else "output" if l == L else f"hidden layer {l}"
        ax.text(2.0 * l, (tall - 1) / 2 + 0.75, f"{caption}\n$n_{{{l}}} = {n}$", ha="center", va="bottom",
                fontsize="small")  # fmt: skip
    ax.set_xlim(-0.5, 2.0 * L + 0.5)
    ax.set_ylim(-(tall - 1) / 2 - 0.45, (tall - 1) / 2 + 1.5)
    return fig


# ============================================================================
# Beyond the basics: tanh's mean-field map, a deep linear net's Jacobian
# (Section kept together; append other figures below it.)
# ============================================================================


def mean_field_map(study: object) -> Figure:
    r"""tanh's variance map $q \mapsto g^2\,\mathbb E[\tanh^2(\sqrt q z)]$ and where it leads, one colour per gain.

    Left: the map against the identity line; where they cross is the fixed
    point $q^*$ (marked). Right: the pre-activation std $\sqrt{q^{[l]}}$
    layer by layer on log-log axes, with $1/\sqrt{2l}$ dotted for reference.

    Parameters
    ----------
    study
        The result of :func:`initlab.experiments.tanh_mean_field`.
    """
    from .experiments import TanhMeanField

    _check_data("study", study, TanhMeanField)
    fig = _figure(WIDTH, 3.3)
    left, right = fig.subplots(1, 2)
    _setup(left, "variance $q$ of a layer's pre-activations", "variance at the next layer")
    _setup(right, "layer $l$", r"pre-activation std $\sqrt{q^{[l]}}$")
    left.plot(study.q, study.q, color="black", alpha=0.5, linewidth=1.0, linestyle=":", label="identity")
    for i, g in enumerate(study.gains):
        color = EXTRA_COLORS[i % len(EXTRA_COLORS)]
        label = f"gain {g:.4g}" if abs(g - 5 / 3) > 1e-12 else "gain 5/3"
        left.plot(study.q, study.q_next[i], color=color, linewidth=1.6, label=label)
        left.plot([study.fixed_point[i]], [study.fixed_point[i]], "o", color=color, markersize=6)
        right.plot(study.layers, np.sqrt(study.trajectory[i]), color=color, linewidth=1.6, label=label)
    right.plot(study.layers, 1 / np.sqrt(2 * study.layers), color="black", alpha=0.6, linewidth=1.0,
               linestyle=":", label=r"$1/\sqrt{2l}$")  # fmt: skip
    right.set_xscale("log")
    right.set_yscale("log")
    right.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
    right.yaxis.set_minor_formatter(NullFormatter())
    left.set_xlim(0, study.q[-1])
    left.set_ylim(0, study.q[-1])
    left.set_title("the map; dots: fixed points", loc="left", fontsize="medium")
    right.set_title("iterated from unit-variance inputs", loc="left", fontsize="medium")
    handles, labels = right.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize="small", frameon=False)
    fig.suptitle("Zero-bias tanh layers in the wide limit", x=0.01, ha="left", fontsize="medium")
    return fig


def jacobian_singular_values(spectrum: object) -> Figure:
    r"""A deep linear net's input-output Jacobian: its singular values, and their spread by depth.

    Left: the singular values of $J = W^{[L]} \cdots W^{[1]}$ in decreasing
    order, log scale. Right: the variance of the squared singular values of
    the first $l$ layers' product against $l$, with the line $y = l$.

    Parameters
    ----------
    spectrum
        The result of :func:`initlab.experiments.jacobian_spectrum`.
    """
    from .experiments import JacobianSpectrum

    _check_data("spectrum", spectrum, JacobianSpectrum)
    fig = _figure(WIDTH, 3.3)
    left, right = fig.subplots(1, 2)
    _setup(left, "rank (largest first)", "singular value of $J$")
    _setup(right, "depth $l$", "variance of squared singular values")
    rank = np.arange(1, spectrum.width + 1)
    every = max(1, spectrum.width // 12)
    for i, label in enumerate(spectrum.labels):
        style = _style(spectrum, i)
        left.plot(rank, spectrum.singular_values[i], label=label, linewidth=1.6, markersize=4.5, markevery=every,
                  **style)  # fmt: skip
        right.plot(spectrum.layers, spectrum.sq_var[i], label=label, linewidth=1.6, markersize=4.5,
                   markevery=max(1, spectrum.depth // 12), **style)  # fmt: skip
    right.plot(spectrum.layers, spectrum.layers, color="black", alpha=0.6, linewidth=1.0, linestyle=":",
               label="$y = l$")  # fmt: skip
    left.set_yscale("log")
    left.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
    left.yaxis.set_minor_formatter(NullFormatter())
    left.set_title(f"depth {spectrum.depth}, width {spectrum.width}", loc="left", fontsize="medium")
    right.set_title("spread of the spectrum", loc="left", fontsize="medium")
    handles, labels = right.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize="small", frameon=False)
    fig.suptitle("Input-output Jacobian of a deep linear net", x=0.01, ha="left", fontsize="medium")
    return fig


# ----------------------------------------------------------------------------
# Published experiments (initlab.papers)
# ----------------------------------------------------------------------------


def init_densities(
    samples: Sequence[np.ndarray],
    schemes: Sequence[str | Scheme],
    shape: tuple[int, ...],
    *,
    distributions: Sequence[str | None] | None = None,
    bins: int = 60,
) -> Figure:
    r"""Several initializers' samples against their exact densities, side by side.

    One panel per scheme, sharing the x axis, each drawn like
    :func:`init_density`: a histogram of the samples, the exact density of
    the scheme's law for a weight of ``shape`` and, for a uniform law, its
    bound $b = \sqrt 3\,\sigma$.

    Parameters
    ----------
    samples
        One array of drawn weights per scheme (finite; flattened).
    schemes
        The schemes that drew them (names or :class:`initlab.Scheme`).
    shape
        The weight shape they were drawn with (fans come from it).
    distributions
        Optional per-panel override of the law, e.g. ``"truncated_normal"``
        for a normal scheme drawn truncated; ``None`` keeps the scheme's.
    bins
        Number of histogram bins, an integer >= 5.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if len(samples) != len(schemes) or not schemes:
        raise ValueError(f"samples and schemes must be non-empty and of equal length, got {len(samples)} and {len(schemes)}")
    distributions = [None] * len(schemes) if distributions is None else list(distributions)
    if len(distributions) != len(schemes):
        raise ValueError(f"distributions must have one entry per scheme, got {len(distributions)} for {len(schemes)}")
    bins = check_int("bins", bins, minimum=5)
    values = [np.asarray(s, dtype=np.float64).reshape(-1) for s in samples]
    if any(v.size == 0 or not np.all(np.isfinite(v)) for v in values):
        raise ValueError("samples must all be non-empty and finite")
    laws = []
    for scheme, dist in zip(schemes, distributions):
        law, std = scheme_law(scheme, shape)
        if law not in ("normal", "truncated_normal", "uniform"):
            raise ValueError(f"schemes must be normal or uniform laws, got {_scheme_name(scheme)!r} ({law})")
        laws.append((check_choice("distributions", dist, DISTRIBUTIONS) if dist is not None else law, std))
    reach = 1.05 * max(max(float(np.abs(v).max()) for v in values), max(std for _, std in laws) * 3.2)
    x = np.linspace(-reach, reach, 801)
    names = {"normal": "normal", "truncated_normal": "truncated normal", "uniform": "uniform"}
    fig = _figure(WIDTH, 2.9)
    axes = np.atleast_1d(fig.subplots(1, len(schemes), sharex=True, sharey=True))
    top = 0.0
    for ax, scheme, v, (law, std) in zip(axes, schemes, values, laws):
        name = _scheme_name(scheme)
        style = scheme_style(name)
        counts, edges = np.histogram(v, bins=bins, range=(-reach, reach), density=True)
        ax.stairs(counts, edges, fill=True, color=style["color"], alpha=0.35, label="samples")
        ax.stairs(counts, edges, color=style["color"], linewidth=0.8)
        density = _density(law, std, x)
        ax.plot(x, density, color="black", linewidth=1.3, label="exact density")
        if law == "uniform":
            for b in (-math.sqrt(3.0) * std, math.sqrt(3.0) * std):
                ax.axvline(b, color="black", linewidth=0.8, linestyle=":")
            ax.text(0.5, 0.93, f"b = √3 σ = {math.sqrt(3.0) * std:.4f}", transform=ax.transAxes, ha="center",
                    va="top", fontsize="x-small")  # fmt: skip
        top = max(top, float(counts.max()), float(density.max()))
        ax.set_title(f"{_label(name)} ({names[law]})\nσ formula {std:.4f}, drawn {v.std():.4f}", loc="left",
                     fontsize="small", color=style["color"])  # fmt: skip
        ax.grid(True, **_GRID)
        ax.set_axisbelow(True)
        ax.set_xlabel("weight value")
        ax.tick_params(labelsize="x-small")
    axes[0].set_ylabel("density")
    axes[0].set_ylim(0, 1.2 * top)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize="small", frameon=False)
    fig.suptitle(f"{v.size:,} weights of shape {tuple(shape)} per panel", x=0.01, ha="left", fontsize="medium")
    return fig


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
        The result of :func:`initlab.papers.deep_linear_signal`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from .papers import DeepSignal

    _check_data("data", data, DeepSignal)
    fig = _figure(WIDTH, 3.6)
    left, right = fig.subplots(1, 2, width_ratios=(1.25, 1))
    layers = np.asarray(data.layers)
    kinds: set[str] = set()
    left.set_yscale("log")
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
    handles, labels = left.get_legend_handles_labels()
    extra = _edge_legend(kinds)
    left.legend(handles + extra, labels + [h.get_label() for h in extra], loc="upper right", fontsize="x-small")
    left.set_title("linear layers", loc="left", fontsize="medium")
    right.set_xscale("log")
    right.set_yscale("log")
    _setup(right, "layer", "")
    right.plot(layers, data.tanh_mean_field_std, color="black", linewidth=0.9, linestyle="--", label="infinite width")
    right.plot(layers, 1.0 / np.sqrt(2.0 * layers), color="black", linewidth=0.9, linestyle=":", label="1/√(2L)")
    right.legend(loc="lower left", fontsize="x-small")
    right.set_title("tanh layers", loc="left", fontsize="medium")
    # plain-text tick labels: mathtext exponents cost a tenth of a second per figure
    left.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
    right.set_xticks([1, 10, 100], ["1", "10", "100"])
    right.set_yticks([0.07, 0.1, 0.2, 0.4, 0.7], ["0.07", "0.1", "0.2", "0.4", "0.7"])
    for axis in (right.xaxis, right.yaxis):
        axis.set_minor_formatter(NullFormatter())
    fig.suptitle(f"{len(layers)} layers of {data.width} × {data.width}, float32, {data.batch} input vectors", x=0.01,
                 ha="left", fontsize="medium")  # fmt: skip
    return fig


def self_normalization(data: object) -> Figure:
    r"""Mean and variance of a SELU net's activations, layer by layer, one line per input variance.

    Dashed lines are the infinite-width prediction; the targets 0 and 1 are
    drawn as thin horizontal lines.

    Parameters
    ----------
    data
        The result of :func:`initlab.papers.selu_self_normalization`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from .papers import SeluNormalization

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
        for k, v in enumerate(data.input_var):
            color = EXTRA_COLORS[k % len(EXTRA_COLORS)]
            ax.plot(layers, measured[k], color=color, marker="o", markersize=3.5, linewidth=1.5,
                    label=f"input variance {v:g}")  # fmt: skip
            ax.plot(layers, predicted[k], color=color, linestyle="--", linewidth=1.0)
        ax.set_title(what, loc="left", fontsize="medium")
    handles, labels = axes[0].get_legend_handles_labels()
    handles.append(Line2D([], [], color="black", linestyle="--", linewidth=1.0))
    labels.append("infinite-width prediction")
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize="small", frameon=False)
    fig.suptitle(f"SELU net, LeCun normal weights, width {data.width}", x=0.01, ha="left", fontsize="medium")
    return fig


# ----------------------------------------------------------------------------
# Side by side: the scheme grid
# ----------------------------------------------------------------------------


def grid_loss_curves(grid: object, *, log: bool = True) -> Figure:
    r"""Training cost against step for every scheme, one panel per activation, on shared axes.

    Parameters
    ----------
    grid
        The result of :func:`initlab.experiments.scheme_grid`.
    log
        Log-scale y axis. Runs whose first cost is far above the rest (large
        weights) start off the top; the axis is cut at 3, and those curves
        enter the panel as they come down.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from .experiments import SchemeGrid

    _check_data("grid", grid, SchemeGrid)
    A = len(grid.activations)
    fig = _figure(WIDTH, 3.6)
    axes = np.atleast_1d(fig.subplots(1, A, sharey=True))
    keep = _thin(grid.steps)
    every = max(1, len(keep) // 6)
    for a, ax in enumerate(axes):
        c = grid.comparisons[a]
        _setup(ax, "step", "training cost" if a == 0 else "")
        if log:
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
            ax.yaxis.set_minor_formatter(NullFormatter())
        for i in range(len(grid.schemes)):
            y = np.asarray(c.loss[i, keep], dtype=np.float64)
            ax.plot(keep, np.where(np.isfinite(y) & (y > 0), y, np.nan), label=grid.labels[i], linewidth=1.3,
                    markersize=3.5, markevery=every, **_style(c, i))  # fmt: skip
        ax.axhline(grid.threshold, color="black", linewidth=0.8, linestyle=":", alpha=0.6)
        ax.set_xlim(0, grid.steps)
        ax.set_title(grid.activations[a], loc="left", fontsize="medium")
        ax.tick_params(axis="x", labelsize="small")
    axes[0].set_ylim(5e-3 if log else 0.0, 3.0)
    axes[0].text(0.98, grid.threshold, f"threshold {grid.threshold:g}", transform=blended_transform_factory(
        axes[0].transAxes, axes[0].transData), ha="right", va="bottom", fontsize="x-small")  # fmt: skip
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=5, fontsize="x-small", frameon=False)
    fig.suptitle(f"{grid.dataset}, net {list(grid.sizes)}, learning rate {grid.lr:g}, {grid.steps} full-batch steps",
                 x=0.01, ha="left", fontsize="medium")  # fmt: skip
    return fig
