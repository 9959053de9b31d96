r"""An initializer's samples against the exact density of its law."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from .._validation import check_choice, check_int
from ..initializers import DISTRIBUTIONS, uniform_bound
from ..initializers.laws import TRUNCATED_STD, TRUNCATION
from ..schemes import Scheme, density, scheme_law
from .style import (
    _GRID,
    WIDTH,
    _figure,
    _label,
    _scheme_name,
    scheme_style,
)
from .svg import Caption

# ----------------------------------------------------------------------------
# An initializer's samples against its exact density
# ----------------------------------------------------------------------------


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
    s^2)$; the normal cut at $\pm 2$ of its own std and rescaled by
    [`TRUNCATED_STD`][initlab.initializers.laws.TRUNCATED_STD]; or
    $\mathcal U[-\sqrt3 s, \sqrt3 s]$, with $s$ from
    [`scheme_law`][initlab.schemes.scheme_law]. Zeros and constant draw a single
    value, shown as a spike; orthogonal has no closed-form density per entry,
    so only the histogram is drawn.

    Parameters
    ----------
    samples
        The drawn weights, any shape (flattened). Must be finite.
    scheme
        The scheme that drew them (name or [`Scheme`][initlab.schemes.Scheme]).
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
    reach = max(
        float(np.abs(values).max()), (4.0 if law == "normal" else 2.3 if law == "truncated_normal" else 1.9) * std
    )
    x = np.linspace(-1.05 * reach, 1.05 * reach, 801)
    names = {"normal": "normal", "truncated_normal": "truncated normal (±2 std)", "uniform": "uniform"}
    ax.plot(x, density(law, std, x), color="black", linewidth=1.4, label=f"exact {names[law]} density")
    ax.set_title(f"{title}, formula {std:.4g}", loc="left")
    ax.set_ylim(0, 1.3 * max(float(counts.max()), float(density(law, std, np.zeros(1))[0])))
    ax.legend(loc="upper right", ncols=2)
    return fig


# ----------------------------------------------------------------------------
# Several initializers side by side
# ----------------------------------------------------------------------------


def _panels(
    samples: Sequence[np.ndarray],
    schemes: Sequence[str | Scheme],
    shape: tuple[int, ...],
    distributions: Sequence[str | None] | None,
    bins: int,
) -> tuple[list[np.ndarray], list[tuple[str, float]], int]:
    """Checked panels of [`init_densities`][initlab.plots.densities.init_densities]: flat samples, (law, std), bins."""
    if len(samples) != len(schemes) or not schemes:
        raise ValueError(
            f"samples and schemes must be non-empty and of equal length, got {len(samples)} and {len(schemes)}"
        )
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
    return values, laws, bins


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
    [`init_density`][initlab.plots.densities.init_density]: a histogram of the samples, the exact density of
    the scheme's law for a weight of ``shape`` and, for a uniform law, its
    bound $c = \sqrt 3\,s$.

    Parameters
    ----------
    samples
        One array of drawn weights per scheme (finite; flattened).
    schemes
        The schemes that drew them (names or [`Scheme`][initlab.schemes.Scheme]).
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
    values, laws, bins = _panels(samples, schemes, shape, distributions, bins)
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
        exact = density(law, std, x)
        ax.plot(x, exact, color="black", linewidth=1.3, label="exact density")
        if law == "uniform":
            for b in (-uniform_bound(std), uniform_bound(std)):
                ax.axvline(b, color="black", linewidth=0.8, linestyle=":")
            ax.text(
                0.5,
                0.93,
                f"c = √3 std = {_g(uniform_bound(std))}",  # as the caption writes it
                transform=ax.transAxes,
                ha="center",
                va="top",
            )
        top = max(top, float(counts.max()), float(exact.max()))
        ax.set_title(
            f"{_label(name)} ({names[law]})\nstd formula {_g(std)}, drawn {_g(float(v.std()))}",  # as the caption
            loc="left",
        )
        ax.grid(True, **_GRID)
        ax.set_axisbelow(True)
        ax.set_xlabel("weight value")
    axes[0].set_ylabel("density")
    axes[0].set_ylim(0, 1.2 * top)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)
    return fig


def _g(x: float) -> str:
    """Four significant digits (``0.05051``, ``-0.08748``)."""
    return f"{x:.4g}"


def _positions(n: int) -> list[str]:
    """Where each of ``n`` side-by-side panels sits, in words."""
    if n == 1:
        return ["the only panel"]
    if n == 2:
        return ["left", "right"]
    if n == 3:
        return ["left", "middle", "right"]
    return [f"panel {i + 1} of {n}" for i in range(n)]


def describe_init_densities(
    samples: Sequence[np.ndarray],
    schemes: Sequence[str | Scheme],
    shape: tuple[int, ...],
    *,
    distributions: Sequence[str | None] | None = None,
    bins: int = 60,
) -> Caption:
    r"""The caption of [`init_densities`][initlab.plots.densities.init_densities]'s figure, from its data.

    Takes the same arguments as the figure. For each panel, in order, it
    states the scheme, how many weights were drawn, the exact law drawn over
    them (a normal's std; a truncated normal's std and cut
    $\pm 2s / 0.8796$; a uniform's bound $c = \sqrt 3\,s$, from
    [`scheme_law`][initlab.schemes.scheme_law] and
    [`uniform_bound`][initlab.initializers.laws.uniform_bound]) and the
    sample's own std and range.

    Examples
    --------
    >>> import initlab
    >>> W = initlab.he_uniform((20, 30), rng=0)
    >>> "flat density between" in str(describe_init_densities([W], ["he_uniform"], (20, 30)))
    True
    """
    values, laws, _ = _panels(samples, schemes, shape, distributions, bins)
    shape = tuple(int(n) for n in shape)
    layer = f"a {shape[0]} by {shape[1]} layer" if len(shape) == 2 else f"a weight of shape {shape}"
    parts = []
    for where, scheme, v, (law, std) in zip(_positions(len(values)), schemes, values, laws):
        label = _label(_scheme_name(scheme))
        if law == "normal":
            exact = f"a normal curve of standard deviation {_g(std)}"
        elif law == "truncated_normal":
            cut = TRUNCATION * std / TRUNCATED_STD
            exact = f"a normal truncated at ±{_g(cut)}, with standard deviation {_g(std)}"
        else:
            b = uniform_bound(std)
            exact = f"a flat density between {_g(-b)} and +{_g(b)} (standard deviation {_g(std)})"
        parts.append(
            f"{label} ({where}), {v.size:,} weights: {exact}; the sample's std is {_g(float(v.std()))} "
            f"and it runs from {_g(float(v.min()))} to {_g(float(v.max()))}"
        )
    sets = "one set" if len(values) == 1 else f"{len(values)} sets"
    details = f"Histograms of {sets} of initial weights for {layer}, each drawn over its exact density. " + (
        ". ".join(parts) + "."
    )
    takeaway = "Each histogram follows its exact density: " + "; ".join(
        f"{_label(_scheme_name(scheme))} std formula {_g(std)}, drawn {_g(float(v.std()))}"
        for scheme, v, (_, std) in zip(schemes, values, laws)
    )
    sizes = sorted({v.size for v in values})
    counts = " or ".join(f"{n:,}" for n in sizes)
    return Caption(takeaway + ".", f"Weights of shape {shape}, {counts} per panel.", details)
