r"""Scheme colours that colour-blind readers can tell apart, in the light and the dark palette.

Eight scheme families get one colour each (a family's normal and uniform
flavours share it and differ by line style; zeros and constant are one
family, grey). Each palette has its own set:

| family | light (on #ffffff) | dark (on slate #1e2129) | rasterized (both) |
| --- | --- | --- | --- |
| grey (zeros, constant) | #414744 | #dbd2d1 | #7e7679 |
| small | #1a7bc3 | #63c8f9 | #419ad3 |
| large | #985883 | #b474a2 | #9b6298 |
| standard | #6d3300 | #f8b78e | #757134 |
| lecun | #0d8366 | #369877 | #3d9d6f |
| glorot | #164281 | #4b8aff | #1b76e0 |
| he | #974d3e | #fb5700 | #e10408 |
| orthogonal | #a16b03 | #ffdb00 | #d57e03 |

Measured (``python -m initlab.plots.palette`` prints these): the smallest
CIEDE2000 difference between two families, over normal vision, protanopia
and deuteranopia (Machado et al. 2009, severity 1.0, in linear RGB), is
12.6 (light) and 15.4 (dark); every light and dark colour has WCAG contrast
>= 4.5:1 on its background, so it also passes as text. The rasterized set
(pixels cannot follow the page's palette) has contrast >= 3:1 on both
backgrounds; its smallest difference is 9.8, just under 10: only 17 units
of lightness fit between the two backgrounds. Rasterized artists are dense
histograms and scatters, whose families also differ by panel and label.

The values were found by simulated annealing from Okabe & Ito's hues
(kept within about 20° of hue per family, chroma >= 35), maximising the
smallest difference under the contrast constraint.

Figures draw with the light colour; [`svg`][initlab.plots.svg.svg] then writes each
vector fill or stroke in a light colour as ``var(--initlab-<family>, <light>)``
([`css_colors`][initlab.plots.palette.css_colors]) and the site's stylesheet sets
the variables per palette ([`css_block`][initlab.plots.palette.css_block]);
rasterized artists get the rasterized colour before drawing
([`raster_color`][initlab.plots.palette.raster_color]).

Classes (data labels) and ordered parameters have their own encodings:
[`CLASS_STYLES`][initlab.plots.palette.CLASS_STYLES] and
[`ordered_colors`][initlab.plots.palette.ordered_colors].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

__all__ = [
    "CLASS_STYLES",
    "DARK",
    "DARK_BACKGROUND",
    "FAMILIES",
    "FAMILY",
    "LIGHT",
    "LIGHT_BACKGROUND",
    "RASTER",
    "PROTAN",
    "DEUTAN",
    "min_delta_e",
    "ClassStyle",
    "check",
    "ciede2000",
    "contrast",
    "css_block",
    "css_colors",
    "hex_to_srgb",
    "lab",
    "ordered_colors",
    "raster_color",
    "raster_colors",
    "relative_luminance",
    "simulate",
]

# ----------------------------------------------------------------------------
# Colour science: sRGB <-> linear <-> XYZ <-> CIELAB (D65), CIEDE2000, CVD, WCAG
# ----------------------------------------------------------------------------

# IEC 61966-2-1 (sRGB): linear RGB -> CIE XYZ, D65 white, Y of white = 1.
_RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_WHITE_XYZ = _RGB_TO_XYZ.sum(axis=1)

PROTAN = np.array(
    [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]
)
"""Machado, Oliveira & Fernandes (2009), Table 1, severity 1.0, for linear RGB."""
DEUTAN = np.array(
    [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]
)
"""Machado, Oliveira & Fernandes (2009), Table 1, severity 1.0, for linear RGB."""
_VISIONS = {"normal": None, "protan": PROTAN, "deutan": DEUTAN}


def hex_to_srgb(color: str) -> np.ndarray:
    """``"#rrggbb"`` as sRGB components in [0, 1].

    Raises
    ------
    ValueError
        If ``color`` is not a ``#rrggbb`` string.
    """
    text = color.lstrip("#") if isinstance(color, str) else ""
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"color must be a '#rrggbb' hex string, got {color!r}")
    return np.array([int(text[i : i + 2], 16) / 255 for i in (0, 2, 4)])


def _srgb_to_hex(rgb: np.ndarray) -> str:
    r, g, b = np.clip(np.round(np.asarray(rgb) * 255), 0, 255).astype(int)
    return f"#{r:02x}{g:02x}{b:02x}"


def _to_linear(srgb: np.ndarray) -> np.ndarray:
    r"""Undo the sRGB transfer curve: $c/12.92$ up to 0.04045, else $((c+0.055)/1.055)^{2.4}$."""
    c = np.asarray(srgb, dtype=np.float64)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _from_linear(linear: np.ndarray) -> np.ndarray:
    c = np.clip(np.asarray(linear, dtype=np.float64), 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def _lab_from_linear(linear: np.ndarray) -> np.ndarray:
    r"""CIELAB (D65) of linear RGB: $L^* = 116 f(Y) - 16$, $a^* = 500(f(X) - f(Y))$, $b^* = 200(f(Y) - f(Z))$.

    $f(t) = t^{1/3}$ above $(6/29)^3$, else $t / (3 (6/29)^2) + 4/29$ (CIE 15:2004).
    """
    xyz = np.asarray(linear, dtype=np.float64) @ _RGB_TO_XYZ.T / _WHITE_XYZ
    d = 6 / 29
    f = np.where(xyz > d**3, np.cbrt(xyz), xyz / (3 * d * d) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def _linear_from_lab(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    fy = (values[..., 0] + 16) / 116
    f = np.stack([fy + values[..., 1] / 500, fy, fy - values[..., 2] / 200], axis=-1)
    d = 6 / 29
    xyz = np.where(f > d, f**3, 3 * d * d * (f - 4 / 29)) * _WHITE_XYZ
    return xyz @ np.linalg.inv(_RGB_TO_XYZ).T


def simulate(colors: list[str] | tuple[str, ...], vision: str) -> np.ndarray:
    """Linear RGB of ``colors`` as seen with ``vision``.

    Machado, Oliveira & Fernandes (2009), "A physiologically-based model for
    simulation of color vision deficiency", IEEE TVCG 15(6): the severity-1.0
    matrix (protanopia or deuteranopia) is applied to linear RGB and the
    result clipped to [0, 1].

    Parameters
    ----------
    colors
        ``#rrggbb`` strings.
    vision
        ``"normal"``, ``"protan"`` or ``"deutan"``.
    """
    if vision not in _VISIONS:
        raise ValueError(f"vision must be one of {', '.join(_VISIONS)}, got {vision!r}")
    linear = _to_linear(np.array([hex_to_srgb(c) for c in colors]).reshape(-1, 3))
    matrix = _VISIONS[vision]
    return linear if matrix is None else np.clip(linear @ matrix.T, 0.0, 1.0)


def lab(colors: list[str] | tuple[str, ...], vision: str = "normal") -> np.ndarray:
    """CIELAB (D65) of ``colors``, shape ``(n, 3)``, as seen with ``vision`` (see `simulate`)."""
    return _lab_from_linear(simulate(colors, vision))


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour difference $\\Delta E_{00}$ of CIELAB colours (last axis L*, a*, b*), kL = kC = kH = 1.

    Follows Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference
    formula: implementation notes, supplementary test data, and mathematical
    observations", Color Res. Appl. 30(1), eqs. 1-22: a* is rescaled by
    $1 + G$ with $G = 0.5 (1 - \\sqrt{\\bar C^7 / (\\bar C^7 + 25^7)})$; lightness,
    chroma and hue differences are weighted by $S_L$, $S_C$, $S_H$, and the
    rotation term $R_T$ couples chroma and hue in the blue region.
    """
    lab1, lab2 = np.asarray(lab1, dtype=np.float64), np.asarray(lab2, dtype=np.float64)
    L1, a1, b1 = np.moveaxis(lab1, -1, 0)
    L2, a2, b2 = np.moveaxis(lab2, -1, 0)
    c_mean7 = ((np.hypot(a1, b1) + np.hypot(a2, b2)) / 2) ** 7
    g = 0.5 * (1 - np.sqrt(c_mean7 / (c_mean7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1p)) % 360, np.degrees(np.arctan2(b2, a2p)) % 360
    both = c1 * c2 != 0
    dh = h2 - h1
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(both, dh, 0.0)
    d_l, d_c = L2 - L1, c2 - c1
    d_h = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    l_bar, c_bar = (L1 + L2) / 2, (c1 + c2) / 2
    h_sum = h1 + h2
    h_bar = np.where(
        ~both, h_sum, np.where(np.abs(h1 - h2) <= 180, h_sum / 2, np.where(h_sum < 360, h_sum + 360, h_sum - 360) / 2)
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * c_bar
    s_h = 1 + 0.015 * c_bar * t
    r_c = 2 * np.sqrt(c_bar**7 / (c_bar**7 + 25.0**7))
    r_t = -np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2)))) * r_c
    return np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h))


def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance $0.2126 R + 0.7152 G + 0.0722 B$ of linear sRGB."""
    return float(_to_linear(hex_to_srgb(color)) @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(color: str, background: str) -> float:
    """WCAG 2.x contrast ratio $(L_1 + 0.05) / (L_2 + 0.05)$, lighter over darker, from 1 to 21."""
    a, b = relative_luminance(color), relative_luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def min_delta_e(colors: list[str] | tuple[str, ...], vision: str = "normal") -> float:
    """Smallest CIEDE2000 difference between any two of ``colors`` as seen with ``vision``."""
    values = lab(colors, vision)
    i, j = np.triu_indices(len(colors), 1)
    return float(ciede2000(values[i], values[j]).min())


# ----------------------------------------------------------------------------
# The palettes
# ----------------------------------------------------------------------------

LIGHT_BACKGROUND = "#ffffff"
"""Background of the light (default) palette."""
DARK_BACKGROUND = "#1e2129"
"""Background of Material's dark palette.

``--md-default-bg-color`` under ``[data-md-color-scheme=slate]`` is ``hsla(225deg, 15%, 14%, 1)``.
"""

FAMILIES: tuple[str, ...] = ("grey", "small", "large", "standard", "lecun", "glorot", "he", "orthogonal")
"""The scheme families, in legend order."""

FAMILY: dict[str, str] = {
    "zeros": "grey",
    "constant": "grey",
    "small_uniform": "small",
    "small_normal": "small",
    "large_normal": "large",
    "standard_uniform": "standard",
    "lecun_normal": "lecun",
    "lecun_uniform": "lecun",
    "glorot_normal": "glorot",
    "glorot_uniform": "glorot",
    "he_normal": "he",
    "he_uniform": "he",
    "orthogonal": "orthogonal",
}
"""The family of every scheme in [`SCHEMES`][initlab.schemes.SCHEMES]."""

LIGHT: dict[str, str] = dict(
    zip(FAMILIES, ("#414744", "#1a7bc3", "#985883", "#6d3300", "#0d8366", "#164281", "#974d3e", "#a16b03"))
)
"""Colour of each family on the light palette (and the colour figures are drawn with)."""
DARK: dict[str, str] = dict(
    zip(FAMILIES, ("#dbd2d1", "#63c8f9", "#b474a2", "#f8b78e", "#369877", "#4b8aff", "#fb5700", "#ffdb00"))
)
"""Colour of each family on the dark (slate) palette."""
RASTER: dict[str, str] = dict(
    zip(FAMILIES, ("#7e7679", "#419ad3", "#9b6298", "#757134", "#3d9d6f", "#1b76e0", "#e10408", "#d57e03"))
)
"""Colour of each family in rasterized artists, readable on both backgrounds."""

_BY_LIGHT = {LIGHT[f]: f for f in FAMILIES}


def css_colors(markup: str) -> str:
    """Write every vector fill/stroke in a light family colour as ``var(--initlab-<family>, <light>)``.

    Embedded raster images are base64 and untouched; so is any colour that
    is not a family's light colour.

    Examples
    --------
    >>> css_colors('style="fill: none; stroke: #974d3e"')
    'style="fill: none; stroke: var(--initlab-he, #974d3e)"'
    """

    def swap(match: re.Match) -> str:
        hex_ = match.group(2).lower()
        family = _BY_LIGHT.get(hex_)
        return match.group(0) if family is None else f"{match.group(1)}var(--initlab-{family}, {hex_})"

    return _CSS_COLOR.sub(swap, markup)


_CSS_COLOR = re.compile(r"((?:fill|stroke):\s*)(#[0-9a-fA-F]{6})\b")


def raster_color(color: object) -> object:
    """The rasterized colour for a family's light colour (any other colour unchanged), keeping alpha.

    ``color`` may be a hex string or an RGB(A) tuple of floats.
    """
    from matplotlib.colors import to_hex, to_rgba

    try:
        rgba = to_rgba(color)
    except (TypeError, ValueError):
        return color
    family = _BY_LIGHT.get(to_hex(rgba[:3]))
    if family is None:
        return color
    return (*hex_to_srgb(RASTER[family]), rgba[3])


def raster_colors(fig: object) -> None:
    """Give every rasterized patch and collection of ``fig`` the rasterized family colours (see `raster_color`).

    Pixels cannot follow the page's palette, so a rasterized artist drawn in a
    family's light colour gets that family's [`RASTER`][initlab.plots.palette.RASTER]
    colour, readable on both backgrounds. Called by [`svg`][initlab.plots.svg.svg].
    """
    from matplotlib.collections import Collection
    from matplotlib.patches import Patch

    from ._artists import artists

    for artist in [a for a in artists(fig, (Patch, Collection)) if a.get_rasterized()]:
        for get, set_ in ((artist.get_edgecolor, artist.set_edgecolor), (artist.get_facecolor, artist.set_facecolor)):
            colors = get()
            if isinstance(artist, Patch):
                set_(raster_color(tuple(colors)))
            elif len(colors):
                set_([raster_color(tuple(c)) for c in colors])


def css_block() -> str:
    """The stylesheet rules that define ``--initlab-<family>`` for both palettes (docs/stylesheets/initlab.css)."""
    light = "".join(f"  --initlab-{f}: {LIGHT[f]};\n" for f in FAMILIES)
    dark = "".join(f"  --initlab-{f}: {DARK[f]};\n" for f in FAMILIES)
    return (
        "/* Scheme colours, from initlab.plots.palette (tests/test_palette.py keeps them equal). */\n"
        f".initlab-figure {{\n{light}}}\n\n"
        f'[data-md-color-scheme="slate"] .initlab-figure {{\n{dark}}}\n'
    )


# ----------------------------------------------------------------------------
# Classes and ordered parameters
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassStyle:
    """How one data class is drawn: a colour that is no scheme colour and a marker of its own."""

    color: str
    marker: str


CLASS_STYLES: tuple[ClassStyle, ...] = (ClassStyle("#5a6fa8", "o"), ClassStyle("#b5862f", "^"))
"""Two data classes: a blue-grey circle and a sand triangle.

Readable on both backgrounds (contrast >= 3:1), apart under all three
visions, no scheme colour. Train/test can then be told by filled/hollow markers.
"""

# Ends of the ordered ramp in CIELAB: a blue at L* 47 to an ochre at L* 61,
# through grey (like cividis: lightness and the blue-yellow axis, which
# protanopes and deuteranopes keep). Every step passes 3:1 on both backgrounds.
_RAMP_START = np.array([47.0, 8.0, -42.0])
_RAMP_END = np.array([61.0, 12.0, 52.0])


def ordered_colors(n: int) -> list[str]:
    """``n`` colours for an ordered parameter (e.g. gains 1, 5/3, 2), darker blue to lighter ochre.

    Neighbours differ by CIEDE2000 >= 10 under normal vision, protanopia and
    deuteranopia for ``n`` up to 4; with more, add a second encoding
    (labels at the line ends or line styles).

    Raises
    ------
    TypeError
        If ``n`` is not an integer.
    ValueError
        If ``n`` is below 1 or above 12.

    Examples
    --------
    >>> ordered_colors(3)
    ['#456fb6', '#967b79', '#be8933']
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"n must be an integer number of colours, got {n!r}")
    if not 1 <= n <= 12:
        raise ValueError(f"n must be between 1 and 12 colours, got {n}")
    t = np.linspace(0.0, 1.0, n)[:, None] if n > 1 else np.zeros((1, 1))
    values = _RAMP_START + (_RAMP_END - _RAMP_START) * t
    return [_srgb_to_hex(c) for c in _from_linear(_linear_from_lab(values))]


def check() -> dict[str, float]:
    """The measured minima: ΔE between families per palette (worst vision) and contrast on each background."""
    out = {}
    for name, colors in (("light", LIGHT), ("dark", DARK), ("raster", RASTER)):
        values = list(colors.values())
        out[f"{name} min dE2000"] = min(min_delta_e(values, v) for v in _VISIONS)
    out["light min contrast on light"] = min(contrast(c, LIGHT_BACKGROUND) for c in LIGHT.values())
    out["dark min contrast on dark"] = min(contrast(c, DARK_BACKGROUND) for c in DARK.values())
    out["raster min contrast on either"] = min(
        contrast(c, bg) for c in RASTER.values() for bg in (LIGHT_BACKGROUND, DARK_BACKGROUND)
    )
    return out


if __name__ == "__main__":
    for family in FAMILIES:
        print(f"{family:11} light {LIGHT[family]}  dark {DARK[family]}  raster {RASTER[family]}")
    for key, value in check().items():
        print(f"{key}: {value:.2f}")
