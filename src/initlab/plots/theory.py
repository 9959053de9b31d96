r"""Mean-field and Jacobian-spectrum figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..studies import JacobianSpectrum, TanhMeanField
from ..studies.theory import VarianceCobweb
from .palette import ordered_colors
from .style import (
    WIDTH,
    _check_data,
    _figure,
    _legend_below,
    _log_axis,
    _setup,
    _sig,
    _style,
)
from .svg import Caption

_MARKERS = ("o", "s", "D", "^", "v", "P")

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
        The result of [`tanh_mean_field`][initlab.studies.theory.tanh_mean_field].
    """

    _check_data("study", study, TanhMeanField)
    fig = _figure(WIDTH, 3.3)
    left, right = fig.subplots(1, 2)
    _setup(left, "variance $q$ of a layer's pre-activations", "variance at the next layer")
    _setup(right, "layer $l$", r"pre-activation std $\sqrt{q^{[l]}}$")
    left.plot(study.q, study.q, color="black", alpha=0.5, linewidth=1.0, linestyle=":", label="identity")
    colors = ordered_colors(len(study.gains))
    for i, g in enumerate(study.gains):
        color = colors[i]
        label = f"gain {_gain_label(g)}"
        # neighbouring ordered colours are close: a marker per gain too, and a label at each line's end
        marker = {"marker": _MARKERS[1 + i % (len(_MARKERS) - 1)], "markersize": 5.0, "markevery": 0.12}  # no dot
        left.plot(study.q, study.q_next[i], color=color, linewidth=1.6, label=label, **marker)
        left.plot(  # a ring in the text colour, above the lines and their markers
            [study.fixed_point[i]], [study.fixed_point[i]], "o", markersize=8, markerfacecolor="none",
            markeredgecolor="black", markeredgewidth=1.4, zorder=5,
        )  # fmt: skip
        std = np.sqrt(study.trajectory[i])
        right.plot(study.layers, std, color=color, linewidth=1.6, label=label, **marker)
        right.annotate(
            _gain_label(g),
            (study.layers[-1], std[-1]),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            color=color,
        )
    right.plot(
        study.layers,
        1 / np.sqrt(2 * study.layers),
        color="black",
        alpha=0.6,
        linewidth=1.0,
        linestyle=":",
        label=r"$1/\sqrt{2l}$",
    )
    right.set_xscale("log")
    right.set_yscale("log")
    _log_axis(right.xaxis)
    _log_axis(right.yaxis)
    left.set_xlim(0, study.q[-1])
    left.set_ylim(0, study.q[-1])
    left.set_title("the map; rings: fixed points", loc="left")
    right.set_title("iterated from unit-variance inputs", loc="left")
    _legend_below(fig, right, set())
    return fig


def jacobian_singular_values(spectrum: object) -> Figure:
    r"""A deep linear net's input-output Jacobian: its singular values, and their spread by depth.

    Left: the singular values of the Jacobian $W^{[L]} \cdots W^{[1]}$ in decreasing
    order, log scale (the first draw). Right: the variance of the squared
    singular values of the first $l$ layers' product against $l$, with the
    line $y = l$; with several draws, their median and the band from the
    10th to the 90th percentile.

    Parameters
    ----------
    spectrum
        The result of [`jacobian_spectrum`][initlab.studies.theory.jacobian_spectrum].
    """

    _check_data("spectrum", spectrum, JacobianSpectrum)
    fig = _figure(WIDTH, 3.3)
    left, right = fig.subplots(1, 2)
    _setup(left, "rank (largest first)", "singular value of the Jacobian")
    _setup(right, "depth $l$", "variance of squared singular values")
    rank = np.arange(1, spectrum.width + 1)
    every = max(1, spectrum.width // 12)
    for i, label in enumerate(spectrum.labels):
        style = _style(spectrum, i)
        left.plot(
            rank, spectrum.singular_values[i], label=label, linewidth=1.6, markersize=4.5, markevery=every, **style
        )
        several = spectrum.draws > 1
        spread = np.median(spectrum.sq_var_draws[i], axis=0) if several else spectrum.sq_var[i]
        right.plot(
            spectrum.layers,
            spread,
            label=label,
            linewidth=1.6,
            markersize=4.5,
            markevery=max(1, spectrum.depth // 12),
            **style,
        )
        if several:
            lo, hi = np.percentile(spectrum.sq_var_draws[i], [10, 90], axis=0)
            right.fill_between(spectrum.layers, lo, hi, color=style.get("color"), alpha=0.15, linewidth=0)
    right.plot(
        spectrum.layers, spectrum.layers, color="black", alpha=0.6, linewidth=1.0, linestyle=":", label="$y = l$"
    )
    left.set_yscale("log")
    _log_axis(left.yaxis)
    left.set_title("singular values", loc="left")
    title = "spread of the spectrum"
    if spectrum.draws > 1:
        title = f"{spectrum.draws} draws: median and 10–90% band"
    right.set_title(title, loc="left")
    _legend_below(fig, right, set())
    return fig


def describe_mean_field_map(study: TanhMeanField) -> Caption:
    """The caption of [`mean_field_map`][initlab.plots.theory.mean_field_map]'s figure, from its data.

    The takeaway contrasts a gain whose std settles at a nonzero fixed point
    (gain 5/3 if drawn, else the largest) with the gains whose only fixed
    point is 0, beside $1/\\sqrt{2l}$; the details give every gain's fixed
    point and its std at the last layer.
    """
    _check_data("study", study, TanhMeanField)
    labels = [_gain_label(g) for g in study.gains]
    depth = int(study.layers[-1])
    ends = [float(np.sqrt(q[-1])) for q in study.trajectory]
    crossings = "; ".join(
        f"gain {label}: fixed point {q:.3g}, std {e:.3g} at layer {depth}"
        for label, q, e in zip(labels, study.fixed_point, ends)
    )
    reference = 1 / np.sqrt(2 * depth)
    settled = [i for i, q in enumerate(study.fixed_point) if q > 1e-6]
    vanishing = [i for i, q in enumerate(study.fixed_point) if q <= 1e-6]
    sentences = []
    if settled:
        k = next((i for i in settled if labels[i] == "5/3"), settled[-1])
        sentences.append(
            f"Above gain 1 the std settles where the map meets the identity (gain {labels[k]}: fixed point "
            f"q* = {study.fixed_point[k]:.3g}; std {ends[k]:.3g} at layer {depth})."
        )
    if vanishing:
        names = " and ".join(f"gain {labels[i]}" for i in vanishing)
        sentences.append(
            f"At {names} the only fixed point is 0: the std decays like 1/√(2l), "
            f"to {ends[vanishing[0]]:.3g} at layer {depth} ({reference:.3g} for 1/√(2l))."
        )
    details = (
        f"Left: tanh's variance map for gains {', '.join(labels)} against the identity line, on variances "
        f"from 0 to {study.q[-1]:.3g}; a ring marks where each curve meets the identity. "
        "Right: the pre-activation std by layer on log-log axes, from unit-variance inputs, with the reference "
        "line one over the square root of twice the layer, dotted; each gain has its own colour and marker, "
        f"and its line is labelled at its right end. Per gain: {crossings}."
    )
    return Caption(" ".join(sentences), "Zero-bias tanh layers in the wide limit (mean-field theory).", details)


def _gain_label(g: float) -> str:
    return f"{g:.4g}" if abs(g - 5 / 3) > 1e-12 else "5/3"


def describe_jacobian_singular_values(spectrum: JacobianSpectrum) -> Caption:
    """The caption of the [`jacobian_singular_values`][initlab.plots.theory.jacobian_singular_values] figure.

    Built from the data it draws.
    """
    _check_data("spectrum", spectrum, JacobianSpectrum)
    left = "; ".join(
        f"with {label} all equal {sv[0]:.3g} to rounding"
        if np.allclose(sv, sv[0], rtol=1e-9)
        else f"with {label} they run from {sv.max():.3g} down to {sv.min():.2g}"
        for label, sv in zip(spectrum.labels, spectrum.singular_values)
    )
    if spectrum.draws == 1:
        right = "; ".join(f"{label}: {v[-1]:.3g}" for label, v in zip(spectrum.labels, spectrum.sq_var))
        how = "one weight draw"
    else:
        parts = []
        for label, v in zip(spectrum.labels, spectrum.sq_var_draws[:, :, -1]):
            lo, med, hi = np.percentile(v, [10, 50, 90])
            if np.all(np.abs(v) < 1e-9):  # a variance of 0 computed in floating point, e.g. -2.2e-16: say 0
                parts.append(f"{label}: 0 to rounding in every draw (|value| below {np.abs(v).max():.0e})")
            else:
                parts.append(f"{label}: median {med:.3g}, 10th to 90th percentile {lo:.3g} to {hi:.3g}")
        right = "; ".join(parts)
        how = f"{spectrum.draws} weight draws, median line and a band from the 10th to the 90th percentile"
    gist = []
    for i, (label, sv) in enumerate(zip(spectrum.labels, spectrum.singular_values)):
        if np.allclose(sv, sv[0], rtol=1e-9):
            gist.append(f"with {label} every singular value is {sv[0]:.3g}")
            continue
        by_depth = spectrum.sq_var[i] if spectrum.draws == 1 else np.median(spectrum.sq_var_draws[i], axis=0)
        spread, trend = by_depth[-1], "grows" if by_depth[-1] > by_depth[0] else "does not grow"
        gist.append(
            f"with {label} the singular values of the first draw spread from {_sig(sv.max())} "
            f"down to {_sig(sv.min(), 2)}, "
            f"and the variance of their squares {trend} with depth ({spread:.3g} at depth {spectrum.depth}"
            + (f", median of {spectrum.draws} draws)" if spectrum.draws > 1 else ")")
        )
    takeaway = "; ".join(gist)
    return Caption(
        takeaway[0].upper() + takeaway[1:] + ".",
        f"Input-output Jacobian of a {spectrum.depth}-layer linear net, width {spectrum.width}.",
        f"Left: the {spectrum.width} singular values in decreasing order (the first weight draw), log scale. "
        f"Right: the variance of the squared singular values against depth ({how}), with the line y = depth. "
        f"Singular values: {left}. Their squares' variance at depth {spectrum.depth}: {right}.",
    )


# ============================================================================
# The LeCun page: a cobweb of the variance map, one panel per activation
# ============================================================================

_ACT_LABELS = {"tanh": "tanh", "relu": "ReLU", "selu": "SELU", "linear": "linear", "sigmoid": "sigmoid"}


def _act_label(name: str) -> str:
    return _ACT_LABELS.get(name, name)


def _sqrt(q: np.ndarray) -> np.ndarray:
    return np.sqrt(np.maximum(q, 0.0))


def _fixed_kind(slope: float) -> str:
    if abs(slope - 1.0) <= 1e-9:
        return "neutral"
    return "attracts" if abs(slope) < 1.0 else "repels"


_FIXED_FILL = {"attracts": "full", "repels": "none", "neutral": "left"}
_FIXED_TEXT = {"attracts": "attracts (slope < 1)", "repels": "repels (slope > 1)", "neutral": "slope exactly 1"}


def cobweb(study: object) -> Figure:
    r"""Cobweb of the variance map, one panel per activation.

    The map is $q^{[l]} = \sigma_w^2\,\mathbb E[\varphi(\sqrt{q^{[l-1]}}\, z)^2]$.

    Each panel: the map, the diagonal $q^{[l]} = q^{[l-1]}$, and for each
    start the staircase of iterates (up to the map, across to the
    diagonal, and again). Fixed points are marked: filled where the slope is
    below 1 (it attracts), open above 1 (it repels), half-filled at exactly 1.

    Parameters
    ----------
    study
        The result of [`variance_map_cobweb`][initlab.studies.theory.variance_map_cobweb].
    """
    _check_data("study", study, VarianceCobweb)
    A = len(study.activations)
    fig = _figure(WIDTH, 3.9)
    axes = np.atleast_1d(fig.subplots(1, A, sharex=True, sharey=True))
    top = float(study.q[-1])
    ticks = [t for t in (0.0, 0.25, 1.0, 2.0, 4.0, 9.0, 16.0) if t <= top]
    kinds: set[str] = set()
    colors = ordered_colors(study.starts.size)
    for a, ax in enumerate(axes):
        _setup(ax, "$q^{[l-1]}$", "$q^{[l]}$" if a == 0 else "")
        for axis in ("x", "y"):  # spaced like the std sqrt(q): small variances stay visible
            getattr(ax, f"set_{axis}scale")("function", functions=(_sqrt, np.square))
        ax.plot(study.q, study.q, color="black", alpha=0.5, linewidth=1.0, linestyle=":")
        ax.plot(study.q, study.q_next[a], color="black", linewidth=1.6)
        for s in range(study.starts.size):
            it = study.iterates[a, s]
            xs, ys = np.repeat(it, 2)[:-1], np.concatenate([[it[0]], np.repeat(it[1:], 2)])
            color = colors[s]
            ax.plot(xs, ys, color=color, linewidth=1.0, alpha=0.9)
            ax.plot([it[0]], [it[0]], _MARKERS[s % len(_MARKERS)], color=color, markersize=4.5)
        for q_star, slope in zip(study.fixed_points[a], study.slopes[a]):
            kind = _fixed_kind(float(slope))
            kinds.add(kind)
            ax.plot(
                [q_star],
                [q_star],
                "o",
                color="black",
                fillstyle=_FIXED_FILL[kind],
                markersize=7,
                zorder=5,
                clip_on=False,
            )
        slopes = ", ".join(f"{s:.2g} at {q:.3g}" for q, s in zip(study.fixed_points[a], study.slopes[a]))
        ax.set_title(f"{_act_label(study.activations[a])}\nslope {slopes}", loc="left")
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
        ax.set_aspect("equal")
    lines = [
        Line2D([], [], color="black", linewidth=1.6, label="the map"),
        Line2D([], [], color="black", alpha=0.5, linewidth=1.0, linestyle=":", label="diagonal"),
    ]
    starts = [
        Line2D([], [], color=colors[s], marker=_MARKERS[s % len(_MARKERS)], markersize=4.5, label=f"start {v:g}")
        for s, v in enumerate(study.starts)
    ]
    fixed: list[Line2D] = []
    for kind in ("attracts", "neutral", "repels"):
        if kind in kinds:
            fixed.append(
                Line2D(
                    [],
                    [],
                    color="black",
                    marker="o",
                    linestyle="",
                    fillstyle=_FIXED_FILL[kind],
                    markersize=7,
                    label=f"fixed point, {_FIXED_TEXT[kind]}",
                )
            )
    # one column per kind of entry (lines, starts, fixed points), padded with blanks: four columns of
    # these labels are wider than the figure and lose the first entry's sample off its left edge
    groups = [g for g in (lines, starts, fixed) if g]
    rows = max(len(g) for g in groups)
    blank = Line2D([], [], linestyle="none", label=" ")
    handles = [h for g in groups for h in g + [blank] * (rows - len(g))]
    _legend_below(fig, None, set(), handles=handles, ncols=len(groups))
    return fig


def describe_cobweb(study: VarianceCobweb) -> Caption:
    """The caption of [`cobweb`][initlab.plots.theory.cobweb]'s figure, from its data.

    The takeaway gives, per activation, its fixed points and where each
    start ends after the iterated layers.
    """
    _check_data("study", study, VarianceCobweb)
    starts = " and ".join(f"{v:g}" for v in study.starts)
    panels = []
    for a, name in enumerate(study.activations):
        fixed = (
            "; ".join(
                f"fixed point {q:.3g} with slope {s:.3g} ({_fixed_kind(float(s))})"
                for q, s in zip(study.fixed_points[a], study.slopes[a])
            )
            or "no fixed point in range"
        )
        ends = ", ".join(
            f"from {v:g} to {it[-1]:.3g} (last step variance × {it[-1] / it[-2]:.3g})"
            if it[-2] > 0
            else f"from {v:g} to {it[-1]:.3g}"
            for v, it in zip(study.starts, study.iterates[a])
        )
        panels.append(f"{_act_label(name)}: {fixed}; after {study.steps} layers {ends}")
    outcomes = []
    for a, name in enumerate(study.activations):
        ends = study.iterates[a, :, -1]
        lo, hi = float(ends.min()), float(ends.max())
        if hi < 0.5 * float(np.min(study.starts)):  # every start lost most of its variance
            outcomes.append(f"at most {_sig(hi)} with {_act_label(name)}")
        elif f"{lo:.3g}" == f"{hi:.3g}":
            outcomes.append(f"at {lo:.3g} with {_act_label(name)}")
        else:
            outcomes.append(f"between {lo:.3g} and {hi:.3g} with {_act_label(name)}")
    both = "both starting variances" if study.starts.size == 2 else "the starting variances"
    takeaway = (
        f"After {study.steps} layers {both} ({starts}) end "
        + (", ".join(outcomes[:-1]) + " and " + outcomes[-1] if len(outcomes) > 1 else outcomes[0])
        + "."
    )
    return Caption(
        takeaway,
        f"The variance map with Var(w) = {study.weight_var:g}/fan-in, iterated for {study.steps} layers.",
        f"{len(study.activations)} panels, one per activation: each draws the variance map from 0 to "
        f"{study.q[-1]:.3g} against the diagonal, with the cobweb staircase of iterates from starting variances "
        f"{starts}; fixed points filled where they attract, open where they repel. " + ". ".join(panels) + ".",
    )
