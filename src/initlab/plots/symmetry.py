r"""Unit symmetry over training: how alike a hidden layer's units stay, and its caption."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from .._validation import check_choice
from ..studies import SymmetryStudy
from .style import WIDTH, _check_data, _edge_legend, _figure, _legend_below, _setup, _style
from .svg import Caption

__all__ = ["describe_symmetry", "symmetry"]

# The largest pair's line, drawn behind the mean when stat="mean".
_FAINT = {"linewidth": 1.0, "alpha": 0.4}


def symmetry(study: SymmetryStudy, *, stat: str = "mean") -> Figure:
    r"""How alike the hidden units are, step by step: one line per scheme.

    Left: similarity of the units' incoming weight vectors; right: of their
    activations over the training set. Similarity is $|\cos|$ between two
    units: 1 means the units are clones. With ``stat="mean"`` the solid line
    is the average over all pairs of units and a faint line of the same
    colour the most similar pair, so a scheme whose units mostly differ does
    not look symmetric because two of them happen to be alike; with
    ``"max"`` only the most similar pair is drawn. Where it is undefined (a
    unit's vector is all zero, e.g. zero init or a dead ReLU) the first such
    step is marked at the top edge.

    Parameters
    ----------
    study
        The result of [`symmetry_study`][initlab.studies.symmetry.symmetry_study].
    stat
        ``"mean"`` (with the most similar pair as a faint line) or ``"max"``.
        With 2-D inputs any two random weight vectors of the first layer are
        often nearly parallel, so ``"max"`` is near 1 for every scheme there;
        ``"mean"`` separates them.

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
    for ax, what in zip(axes, ("weight", "act")):
        values = np.asarray(getattr(study, f"{what}_cos_{stat}"), dtype=np.float64)
        largest = np.asarray(getattr(study, f"{what}_cos_max"), dtype=np.float64)
        _setup(ax, "training step", f"{stat} |cos| over unit pairs" if what == "weight" else "")
        at_top = blended_transform_factory(ax.transData, ax.transAxes)
        for i, label in enumerate(study.labels):
            style = {**_style(study, i), "marker": "none"}
            if stat == "mean":
                ax.plot(steps, largest[i], **_FAINT, **{k: v for k, v in style.items() if k != "linestyle"})
            y = values[i]
            ax.plot(steps, y, label=label, linewidth=1.8, **style)
            bad = np.flatnonzero(~np.isfinite(y))
            if bad.size:  # mark the first undefined step once, not a row of circles
                undefined = True
                ax.plot(steps[bad[0]], 0.975, "o", color=style["color"], markerfacecolor="none", markersize=6,
                        transform=at_top, clip_on=False)  # fmt: skip
        ax.set_title("incoming weights" if what == "weight" else "activations", loc="left")
        ax.set_ylim(0, 1.12)
    handles = [Line2D([], [], color="black", **_FAINT, label="faint: most alike pair")] if stat == "mean" else []
    for mark in _edge_legend({"undefined"} if undefined else set()):
        mark.set_label(mark.get_label().replace("undefined", "first undefined step"))
        mark.set_markerfacecolor("none")  # as drawn on the panel: an open circle
        handles.append(mark)
    entries = len(axes[0].get_legend_handles_labels()[1]) + len(handles)
    _legend_below(fig, axes[0], set(), handles=handles, ncols=min(entries, 3))
    return fig


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _value(v: float, spec: str) -> str:
    """``v`` formatted with ``spec``, or "undefined" where it is NaN/inf."""
    return format(float(v), spec) if np.isfinite(v) else "undefined"


def _still(y: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(y))) and np.ptp(y) <= 1e-6


def describe_symmetry(study: SymmetryStudy, *, stat: str = "mean") -> Caption:
    """The caption of [`symmetry`][initlab.plots.symmetry.symmetry], built from ``study``.

    The takeaway names the schemes whose units stay clones and where the
    others' weight similarity ends (with ``stat="mean"``, also how alike
    their most similar pair gets); the details tell every line's start and
    end and the marks of undefined steps.

    Examples
    --------
    >>> from initlab.studies import symmetry_study
    >>> s = symmetry_study(("constant", "he_normal"), n_train=40, steps=20, n_records=3, layer=2)
    >>> describe_symmetry(s).takeaway.startswith("With constant")
    True
    """
    _check_data("study", study, SymmetryStudy)
    stat = check_choice("stat", stat, ("mean", "max"))
    weight = np.asarray(getattr(study, f"weight_cos_{stat}"), dtype=np.float64)
    act = np.asarray(getattr(study, f"act_cos_{stat}"), dtype=np.float64)
    largest = np.asarray(study.weight_cos_max, dtype=np.float64)
    what = f"{stat} |cos| between two units' weight vectors"
    clones = [i for i in range(len(study.labels)) if _still(weight[i]) and abs(weight[i, 0] - 1) < 1e-6]
    others = [i for i in range(len(study.labels)) if i not in clones]
    takeaway = []
    if clones:
        names = _join([study.labels[i] for i in clones])
        takeaway.append(f"With {names} the units stay clones: the {what} is {weight[clones[0], 0]:.6f} throughout.")
    if others:
        ends = [f"with {study.labels[i]} at {_value(weight[i, -1], '.2f')}" for i in others]
        ends[0] = ends[0].replace(" at ", " it ends at " if clones else f" the {what} ends at ", 1)
        text = _join(ends)
        if stat == "mean":
            top = max(others, key=lambda i: largest[i, -1] if np.isfinite(largest[i, -1]) else -1.0)
            apart = all(np.isfinite(weight[i, -1]) and weight[i, -1] < 0.5 for i in others)
            text += (": most pairs of units differ, though " if apart else "; ") + (
                f"{study.labels[top]}'s most alike pair (faint line) ends at {_value(largest[top, -1], '.2f')}"
            )
        takeaway.append(text[:1].upper() + text[1:] + ".")
    setup = (
        f"Hidden layer {study.layer} of net {list(study.sizes)}, {study.activation}, {study.dataset}, "
        f"learning rate {study.lr:g}, {study.steps[-1]} steps."
    )
    how = "the average cosine over pairs of units" if stat == "mean" else "the largest cosine between two units"
    faint = ", the largest one as a faint line of the same colour" if stat == "mean" else ""
    parts = [
        f"Similarity of the units of hidden layer {study.layer} over {study.steps[-1]} training steps, as {how}"
        f"{faint}: of their incoming weights on the left, of their activations over the training set on the right."
    ]

    def story(name: str, y: np.ndarray) -> str:
        if _still(y):
            return f"the {name} cosine stays at {y.mean():.6f} throughout"
        end = f"ends at {y[-1]:.2f}" if np.isfinite(y[-1]) else "is undefined at the end"
        return f"the {name} cosine starts at {_value(y[0], '.2f')} and {end}"

    for i, label in enumerate(study.labels):
        w, a = weight[i], act[i]
        both = np.r_[w, a]
        if _still(both):
            parts.append(f"With {label} weights both stay at {both.mean():.6f} throughout.")
        else:
            parts.append(f"With {label} weights {story('weight', w)}; {story('activation', a)}.")
    for name, values, why in (
        ("left", weight, "some unit's incoming weights are all zero"),
        ("right", act, "some unit is zero on every training point"),
    ):
        bad = [(label, int(study.steps[np.flatnonzero(np.isnan(values[i]))[0]]))
               for i, label in enumerate(study.labels) if np.isnan(values[i]).any()]  # fmt: skip
        if bad:
            firsts = _join([f"{label} from step {step}" for label, step in bad])
            parts.append(
                f"An open circle at the top of the {name} panel marks the first step where {why} ({firsts}), "
                "so that its cosine is undefined."
            )
    return Caption(" ".join(takeaway), setup, " ".join(parts))
