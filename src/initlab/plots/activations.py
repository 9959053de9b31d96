r"""The sigmoid and tanh next to their slopes.

The curves come from the library's own activations
([`get_activation`][initlab.activations.get_activation]).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from matplotlib.figure import Figure

from .._validation import check_positive
from ..activations import get_activation
from .style import WIDTH, _figure, _setup, _sig
from .svg import Caption

# The two activations of the figure, with their names for the axes (math) and the description (plain text).
_PANELS = (("sigmoid", r"\sigma", "sigmoid"), ("tanh", r"\tanh", "tanh"))
_POINTS = 1201  # odd, so the grid is symmetric about 0


def _check_z_max(z_max: object) -> float:
    z_max = check_positive("z_max", z_max)
    if z_max > 50:
        raise ValueError(f"z_max must be a finite number > 0 and <= 50, got {z_max!r}")
    return z_max


def _exact(value: float) -> str:
    """``value`` as a small fraction (1/4, 1/2, 1, 0) when it is one, else to 3 significant digits."""
    frac = Fraction(float(value)).limit_denominator(8)
    return str(frac) if abs(float(frac) - value) < 1e-12 else f"{value:.3g}"


def _curves(z_max: float) -> list[dict]:
    """Per activation: the grid, φ and φ′ on it (from the library), φ(0), φ′(0) and where φ′ peaks on the grid."""
    z = np.linspace(-z_max, z_max, _POINTS)
    zero = np.zeros(1)
    out = []
    for name, tex, text in _PANELS:
        act = get_activation(name)
        f, df = act.f(z), act.df(z)
        peak = int(np.argmax(df))
        out.append(
            {
                "tex": tex,
                "text": text,
                "z": z,
                "f": f,
                "df": df,
                "f0": float(act.f(zero)[0]),
                "df0": float(act.df(zero)[0]),
                "peak_z": float(z[peak]),
                "peak": float(df[peak]),
                "ends": (float(f[0]), float(f[-1])),
                "df_end": float(df[-1]),
            }
        )
    return out


def activation_slopes(z_max: float = 6.0) -> Figure:
    r"""The sigmoid $\sigma$ and tanh (solid), each with its derivative (dashed), over $[-z_\text{max}, z_\text{max}]$.

    Both functions and both derivatives come from
    [`get_activation`][initlab.activations.get_activation]; a dot marks each
    curve at $z = 0$, where both slopes peak: $\sigma(0) = 1/2$,
    $\sigma'(0) = 1/4$, $\tanh(0) = 0$, $\tanh'(0) = 1$.

    Parameters
    ----------
    z_max
        Half-width of the range of $z$ drawn, a number in $(0, 50]$.

    Returns
    -------
    matplotlib.figure.Figure

    See also
    --------
    [`describe_activation_slopes`][initlab.plots.activations.describe_activation_slopes]:
    the figure's text description, from the same values.
    """
    z_max = _check_z_max(z_max)
    fig = _figure(WIDTH, 3.1)
    axes = fig.subplots(1, 2, sharex=True)
    f_color = df_color = "black"  # f and f' are told apart by solid and dashed lines, not by a scheme's colour
    for ax, c in zip(axes, _curves(z_max)):
        _setup(ax, "$z$", "")
        ax.plot(c["z"], c["f"], color=f_color, linewidth=1.8, label=f"${c['tex']}(z)$")
        ax.plot(c["z"], c["df"], color=df_color, linewidth=1.8, linestyle="--", label=f"${c['tex']}'(z)$")
        ax.plot([0, 0], [c["f0"], c["df0"]], linestyle="none", marker="o", color="black", markersize=4, zorder=3)
        ax.annotate(
            f"${c['tex']}(0) = {_exact(c['f0'])}$",
            (0, c["f0"]),
            # above left of a dot over the slope's peak (sigmoid), else below right: the
            # rising curve leaves both sides free
            xytext=(-7, 4) if c["f0"] > c["df0"] else (7, -13),
            ha="right" if c["f0"] > c["df0"] else "left",
            textcoords="offset points",
        )
        ax.annotate(
            f"max ${c['tex']}'(0) = {_exact(c['df0'])}$",
            (0, c["df0"]),
            xytext=(7, 4),  # above right: the slope falls away from its peak
            textcoords="offset points",
        )
        ax.axhline(0, color="black", linewidth=0.6, alpha=0.5)
        ax.set_xlim(-z_max, z_max)
        lo = min(c["f"].min(), 0.0)
        ax.set_ylim(lo - 0.12, 1.22)
        ax.set_title(f"{c['text']} and its slope", loc="left")
        ax.legend(loc="upper left", frameon=False)
    return fig


def _minus(x: float, spec: str) -> str:
    """``x`` formatted with ``spec``, led by a real minus sign if negative (−6, not -6)."""
    text = format(x, spec)
    return "−" + text[1:] if text.startswith("-") else text


def describe_activation_slopes(z_max: float = 6.0) -> Caption:
    """The caption of [`activation_slopes`][initlab.plots.activations.activation_slopes]`(z_max)`.

    Built from the values the figure draws.

    Examples
    --------
    >>> print(describe_activation_slopes().details)
    Two panels over z from −6 to 6. Left: the sigmoid (solid) rises from
    0.00247 to 0.998 and is 1/2 at z = 0; its slope (dashed) peaks at z = 0
    at 1/4 and falls to 0.00247 at z = 6. Right: the tanh (solid) rises from
    −1 to 1 and is 0 at z = 0; its slope (dashed) peaks at z = 0 at 1 and
    falls to 2.46 × 10⁻⁵ at z = 6. Dots mark both curves at z = 0.
    """
    z_max = _check_z_max(z_max)
    parts = [f"Two panels over z from {_minus(-z_max, 'g')} to {z_max:g}."]
    for side, c in zip(("Left", "Right"), _curves(z_max)):
        lo, hi = c["ends"]
        parts.append(
            f"{side}: the {c['text']} (solid) rises from {_minus(lo, '.3g')} to {_minus(hi, '.3g')} "
            f"and is {_exact(c['f0'])} at z = 0; "
            f"its slope (dashed) peaks at z = {c['peak_z'] + 0.0:g} at {_exact(c['peak'])} and falls to "
            f"{_sig(c['df_end'])} at z = {z_max:g}."
        )
    parts.append("Dots mark both curves at z = 0.")
    curves = _curves(z_max)
    peaks = sorted({float(c["peak_z"]) + 0.0 for c in curves})
    where = f"z = {peaks[0]:g}" if len(peaks) == 1 else "z = " + ", ".join(f"{p:g}" for p in peaks)
    takeaway = (
        f"Each slope peaks at {where}: "
        + ", ".join(f"the {c['text']}'s at {_exact(c['peak'])}" for c in curves)
        + f"; by z = {z_max:g} they are down to "
        + " and ".join(_sig(c["df_end"]) for c in curves)
        + "."
    )
    setup = f"The sigmoid and tanh (solid) and their slopes (dashed), z from {_minus(-z_max, 'g')} to {z_max:g}."
    return Caption(takeaway, setup, " ".join(parts))
