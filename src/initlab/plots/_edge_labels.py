"""Where a line leaves a zoomed log axis: one mark on the edge and a short label, kept clear of other text."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from .style import _apply_type, _num


def leave_mark(
    ax: Axes, layers: np.ndarray, values: np.ndarray, *, down: bool, end: int, color: str
) -> Annotation | None:
    """Mark the first layer (in travel order) where ``values`` leave ``ax``'s y range, and label the end value.

    A ▼ (below) or ▲ (above) on the edge at that layer, in the line's colour, and
    ``"→ 2.8 × 10⁻²⁹ at layer 30"``: the value at index ``end`` (the last layer the line reaches).
    Returns the label, or None if the line never leaves the axis.
    """
    low, high = ax.get_ylim()
    order = np.arange(len(values))[::-1] if down else np.arange(len(values))
    inside = (low < values[order]) & (values[order] < high)
    if inside.all():
        return None
    k = order[int(np.argmax(~inside))]
    below = not values[k] >= high
    edge = 0.0 if below else 1.0
    ax.plot([layers[k]], [edge], "v" if below else "^", color=color, transform=ax.get_xaxis_transform(), clip_on=False)
    return ax.annotate(
        f"→ {_num(float(values[end]))} at layer {layers[end]}",
        (layers[k], edge),
        xycoords=ax.get_xaxis_transform(),
        xytext=(-6 if down else 6, 4 if below else -4),
        textcoords="offset points",
        ha="right" if down else "left",
        va="bottom" if below else "top",
        color=color,
    )


def lift_clear(fig: Figure, labels: list[Annotation]) -> None:
    """Move each of ``labels`` away from its edge, a line at a time, until it overlaps no other text of its axes."""
    if not labels:
        return
    _apply_type(fig)  # the sizes svg() draws with, so the extents below are final
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    for label in labels:
        others = [t for t in label.axes.texts if t is not label]
        dx, dy = label.xyann
        step = np.sign(dy) * 1.25 * label.get_fontsize()
        for _ in range(6):
            box = label.get_window_extent(renderer)
            if not any(box.overlaps(t.get_window_extent(renderer)) for t in others):
                break
            dy += step
            label.xyann = (dx, dy)
