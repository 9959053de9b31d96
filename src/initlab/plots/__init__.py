"""Figures from study data: one function per kind of figure, and the one SVG helper.

Each plot function takes data a study already computed (the frozen
dataclasses of [`initlab.studies`][initlab.studies]) and returns a
`matplotlib.figure.Figure`; none of them runs a study. Pass the figure to
[`svg`][initlab.plots.svg.svg] to put it on a page. Schemes are drawn in their
site-wide style ([`SCHEME_STYLES`][initlab.plots.style.SCHEME_STYLES]).

Needs matplotlib (the `plots` extra: `pip install "initlab[plots]"`).
"""

from .densities import init_densities, init_density
from .depth import deep_signal, layer_histograms, self_normalization, std_vs_depth
from .diagrams import network_diagram
from .explorer import explorer_html
from .style import SCHEME_STYLES, SeriesStyle, scheme_style
from .svg import svg
from .theory import jacobian_singular_values, mean_field_map
from .training import decision_boundaries, grid_loss_curves, loss_curves, symmetry

__all__ = [
    "SCHEME_STYLES",
    "SeriesStyle",
    "decision_boundaries",
    "deep_signal",
    "explorer_html",
    "grid_loss_curves",
    "init_densities",
    "init_density",
    "jacobian_singular_values",
    "layer_histograms",
    "loss_curves",
    "mean_field_map",
    "network_diagram",
    "scheme_style",
    "self_normalization",
    "std_vs_depth",
    "svg",
    "symmetry",
]
