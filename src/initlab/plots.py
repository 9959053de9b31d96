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

from ._checks import check_choice, check_int
from .figures import scheme_style
from .initializers import DISTRIBUTIONS, SCHEMES, TRUNCATED_STD, TRUNCATION, Scheme, variance_scaling_std

__all__ = ["DENSITY_LAWS", "init_density", "scheme_law"]

_GRID = {"color": "black", "alpha": 0.12, "linewidth": 0.6}


def _figure(width: float = 6.4, height: float = 3.4) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


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

#: How each scheme of :data:`initlab.SCHEMES` draws a weight, as
#: ``(distribution, scale, mode)`` for the fan-based ones (passed to
#: :func:`initlab.variance_scaling_std`) or ``(distribution, std, None)`` for
#: the fixed ones. ``distribution`` is ``"normal"``, ``"truncated_normal"``,
#: ``"uniform"``, ``"constant"`` (``std`` then holds the value) or
#: ``"orthogonal"`` (no closed-form density per entry). The tests check each
#: entry against what the scheme actually draws.
DENSITY_LAWS: dict[str, tuple[str, float, str | None]] = {
    "zeros": ("constant", 0.0, None),
    "constant": ("constant", 0.5, None),
    "small_uniform": ("uniform", 0.1 / math.sqrt(3.0), None),
    "small_normal": ("normal", 0.01, None),
    "large_normal": ("normal", 10.0, None),
    "standard_uniform": ("uniform", 1.0 / 3.0, "fan_in"),
    "lecun_normal": ("normal", 1.0, "fan_in"),
    "lecun_uniform": ("uniform", 1.0, "fan_in"),
    "glorot_normal": ("normal", 1.0, "fan_avg"),
    "glorot_uniform": ("uniform", 1.0, "fan_avg"),
    "he_normal": ("normal", 2.0, "fan_in"),
    "he_uniform": ("uniform", 2.0, "fan_in"),
    "orthogonal": ("orthogonal", 1.0, None),
}


def scheme_law(scheme: str | Scheme, shape: tuple[int, ...]) -> tuple[str, float]:
    r"""The distribution a scheme draws a weight of ``shape`` from, and its standard deviation.

    The std of fan-based schemes comes from :func:`initlab.variance_scaling_std`;
    a uniform law's bound is $\sqrt 3$ times its std.

    Parameters
    ----------
    scheme
        A name in :data:`initlab.SCHEMES` or a :class:`initlab.Scheme` from it.
    shape
        The weight's shape ``(fan_out, fan_in, *kernel)``.

    Returns
    -------
    (distribution, std)
        ``distribution`` as in :data:`DENSITY_LAWS`; for ``"constant"`` the
        second item is the constant value instead of a std.

    Examples
    --------
    >>> scheme_law("he_normal", (256, 784))
    ('normal', 0.050507627227610534)
    """
    distribution, value, mode = DENSITY_LAWS[_scheme_name(scheme)]
    if mode is not None:
        value = variance_scaling_std(shape, value, mode)
    return distribution, value


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
    law, std = scheme_law(name, shape)
    if distribution is not None:
        distribution = check_choice("distribution", distribution, DISTRIBUTIONS)
        if law not in DISTRIBUTIONS:
            raise ValueError(f"distribution can only be overridden for normal or uniform schemes, got scheme {name!r}")
        law = distribution
    style = scheme_style(name)

    fig = _figure(6.4, 3.2)
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
