"""Figures from data: one function per kind of figure, and the one SVG helper.

Each plot function draws data it is given and returns a
`matplotlib.figure.Figure`; none of them runs a study. Most take the frozen
dataclass a study returned (from `initlab.studies`);
[`init_density`][initlab.plots.densities.init_density] takes drawn weights,
[`network_diagram`][initlab.plots.diagrams.network_diagram] layer sizes, and
[`explorer_html`][initlab.plots.explorer.explorer_html] returns HTML instead
of a figure. A `describe_*` function beside a plot function builds that
figure's text description from the same data. Pass the figure to
[`svg`][initlab.plots.svg.svg] to put it on a page, with its description.
Schemes are drawn in their site-wide style
([`SCHEME_STYLES`][initlab.plots.style.SCHEME_STYLES]).

Needs matplotlib (the `plots` extra: `pip install "initlab[plots]"`).
"""

from .activations import activation_slopes, describe_activation_slopes
from .densities import describe_init_densities, init_densities, init_density
from .depth import describe_std_vs_depth, std_vs_depth
from .depth_grid import describe_std_vs_depth_grid, std_vs_depth_grid
from .diagrams import describe_network_diagram, network_diagram
from .explorer import explorer_html
from .fans import describe_fan_mode_funnel, fan_mode_funnel
from .grid import describe_settle_dots, describe_trial_curves, median_steps, settle_dots, trial_curves
from .grid_curves import describe_trial_loss_curves, grid_loss_curves, trial_loss_curves
from .histograms import describe_layer_histograms, layer_histograms
from .oscillation import cost_oscillation, describe_cost_oscillation
from .palette import CLASS_STYLES, ClassStyle, ordered_colors
from .papers import (
    deep_signal,
    describe_deep_signal,
    describe_self_normalization,
    describe_weight_gradients,
    self_normalization,
    weight_gradients,
)
from .style import SCHEME_STYLES, SeriesStyle, scheme_style
from .svg import Caption, svg
from .symmetry import describe_symmetry, symmetry
from .theory import (
    cobweb,
    describe_cobweb,
    describe_jacobian_singular_values,
    describe_mean_field_map,
    jacobian_singular_values,
    mean_field_map,
)
from .training import decision_boundaries, describe_decision_boundaries, describe_loss_curves, loss_curves

__all__ = [
    "CLASS_STYLES",
    "Caption",
    "ClassStyle",
    "SCHEME_STYLES",
    "SeriesStyle",
    "activation_slopes",
    "cobweb",
    "cost_oscillation",
    "decision_boundaries",
    "deep_signal",
    "describe_activation_slopes",
    "describe_cobweb",
    "describe_cost_oscillation",
    "describe_decision_boundaries",
    "describe_deep_signal",
    "describe_fan_mode_funnel",
    "describe_init_densities",
    "describe_jacobian_singular_values",
    "describe_layer_histograms",
    "describe_loss_curves",
    "describe_mean_field_map",
    "describe_network_diagram",
    "describe_self_normalization",
    "describe_settle_dots",
    "describe_std_vs_depth",
    "describe_std_vs_depth_grid",
    "describe_symmetry",
    "describe_trial_curves",
    "describe_trial_loss_curves",
    "describe_weight_gradients",
    "explorer_html",
    "fan_mode_funnel",
    "grid_loss_curves",
    "init_densities",
    "init_density",
    "jacobian_singular_values",
    "layer_histograms",
    "loss_curves",
    "mean_field_map",
    "median_steps",
    "network_diagram",
    "ordered_colors",
    "scheme_style",
    "self_normalization",
    "settle_dots",
    "std_vs_depth",
    "std_vs_depth_grid",
    "svg",
    "symmetry",
    "trial_curves",
    "trial_loss_curves",
    "weight_gradients",
]
