"""std_vs_depth's focus panels, band, direct labels, one edge mark per line, and its Caption."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.text import Annotation

from initlab import studies
from initlab.plots.depth import HEALTHY, describe_std_vs_depth, std_vs_depth
from initlab.plots.svg import Caption, svg

FOCUS = ["small_normal", "glorot_normal", "he_normal"]


@pytest.fixture(scope="module")
def sweep() -> studies.DepthSweep:
    names = ["zeros", "constant", "small_normal", "large_normal", "lecun_normal", "glorot_normal", "he_normal"]
    return studies.depth_sweep(names, "relu", depth=24, width=64, n_samples=60, max_samples=100)


def _lines(ax) -> list[str]:
    return [l.get_label() for l in ax.get_lines() if len(l.get_xdata()) > 1]


def test_focus_lines_on_top_the_rest_below(sweep) -> None:
    fig = std_vs_depth(sweep, focus=FOCUS, band=True, reference="he_normal")
    top_left, top_right, low_left, low_right = fig.axes
    assert _lines(top_left) == ["small N(0, 0.01²)", "LeCun normal = Glorot normal", "He normal"]
    assert _lines(low_left) == ["zeros", "constant 0.5", "large N(0, 10²)"]
    assert top_left.get_shared_y_axes().joined(top_left, top_right)
    assert low_left.get_shared_y_axes().joined(low_left, low_right)
    assert top_left.get_shared_x_axes().joined(top_left, low_right)
    assert not top_left.get_shared_y_axes().joined(top_left, low_left)
    low, high = top_left.get_ylim()
    assert low <= HEALTHY[0] and high >= HEALTHY[1]
    svg(fig, describe_std_vs_depth(sweep, focus=FOCUS, band=True, reference="he_normal"))


def test_direct_labels_come_from_the_data(sweep) -> None:
    fig = std_vs_depth(sweep, focus=FOCUS, reference="he_normal")
    texts = [" ".join(a.get_text() for a in fig.axes[0].findobj(Annotation))]  # one Text per line of a label
    glorot, he = sweep.act_std[sweep.schemes.index("glorot_normal")], sweep.act_std[sweep.schemes.index("he_normal")]
    ratio = glorot[-1] / he[-1]
    assert ratio == pytest.approx(2.0 ** (-sweep.depth / 2), rel=1e-3)  # the premise: same draws, scaled
    exponent = str(-sweep.depth // 2).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    assert any("×1/√2 per layer vs He normal" in t and f"2{exponent} of it at layer {sweep.depth}" in t for t in texts)


def test_one_edge_mark_per_bad_line(sweep) -> None:
    fig = std_vs_depth(sweep)
    (left, right) = fig.axes
    marks = [l for l in left.get_lines() if len(l.get_xdata()) == 1]
    act = sweep.act_std
    bad = sum(int((~np.isfinite(a)).any()) + int((np.isfinite(a) & (a <= 0)).any()) for a in act)
    assert len(marks) == bad >= 2  # one mark per line and kind, not one per bad layer
    large = sweep.act_std[sweep.schemes.index("large_normal")]
    first = sweep.layers[np.argmax(~np.isfinite(large))]
    assert first in [l.get_xdata()[0] for l in marks]
    back = [l.get_xdata()[0] for l in right.get_lines() if len(l.get_xdata()) == 1]
    assert back and set(back) == {sweep.depth}  # gradients travel down: marked at the top layer


def test_coinciding_edge_marks_sit_side_by_side() -> None:
    from matplotlib.figure import Figure

    from initlab.plots.style import _spread_marks

    fig = Figure(dpi=100)
    ax = fig.subplots()
    a, b = ax.plot([19], [0.97], "^"), ax.plot([19], [0.97], "^")  # two lines overflowing at one layer
    _spread_marks(ax)
    xs = [m[0].get_transform().transform((19, 0.97))[0] for m in (a, b)]
    assert xs[1] - xs[0] == pytest.approx(7 / 72 * fig.dpi)


def test_num_writes_powers_of_ten() -> None:
    from initlab.plots.depth import _num

    assert _num(1.1e-8) == "1.1 × 10⁻⁸" and _num(4.1e29) == "4.1 × 10²⁹" and _num(0.16) == "0.16"


def test_caption(sweep) -> None:
    c = describe_std_vs_depth(sweep, focus=FOCUS, band=True, reference="he_normal")
    assert isinstance(c, Caption)
    assert "LeCun normal and Glorot normal (one line)" in c.takeaway and "square layers" in c.details
    assert "2⁻¹²" in c.takeaway and c.takeaway.startswith("He normal stays level")
    assert c.takeaway.count(". ") <= 1  # two short sentences; the failures and the rest are in the details
    assert "zeros is exactly 0 at every layer" in c.details and "zeros" not in c.takeaway
    large = sweep.act_std[sweep.schemes.index("large_normal")]
    assert f"overflows (inf/NaN) from layer {sweep.layers[np.argmax(~np.isfinite(large))]}" in c.details
    assert "∂𝓛/∂a, the gradient reaching each layer's activations" in c.setup
    assert "standard-normal signal at the logits" in c.setup and "Shaded: std from 0.50 to 2.0" in c.setup
    assert f"{sweep.depth} hidden layers of {sweep.width} units" in c.setup


def test_bad_input(sweep) -> None:
    with pytest.raises(ValueError, match="focus must be one of"):
        std_vs_depth(sweep, focus=["orthogonal"])
    with pytest.raises(TypeError, match="focus must be a sequence"):
        std_vs_depth(sweep, focus="he_normal")
    with pytest.raises(TypeError, match="band must be True or False"):
        std_vs_depth(sweep, band="yes")
    with pytest.raises(ValueError, match="reference must be one of"):
        describe_std_vs_depth(sweep, reference="orthogonal")
    with pytest.raises(TypeError, match="sweep must be"):
        std_vs_depth({"act_std": [1.0]})


@pytest.fixture(scope="module")
def sweeps() -> dict[str, studies.DepthSweep]:
    names = ["zeros", "large_normal", "lecun_normal", "glorot_normal", "he_normal", "he_uniform"]
    return {
        a: studies.depth_sweep(names, a, depth=8, width=32, n_samples=40, max_samples=100) for a in ("relu", "tanh")
    }


def test_grid_emphasises_the_focus_and_mutes_the_rest(sweeps) -> None:
    from initlab.plots.depth_grid import std_vs_depth_grid
    from initlab.plots.style import MUTED

    fig = std_vs_depth_grid(sweeps, focus=["glorot_normal", "he_normal"])
    assert len(fig.axes) == 4
    for ax in fig.axes:
        lines = [l for l in ax.get_lines() if len(l.get_xdata()) > 1]
        shown = [l.get_label() for l in lines if not l.get_label().startswith("_")]
        assert shown == ["LeCun normal = Glorot normal", "He normal"]
        assert sum(l.get_color() == MUTED for l in lines) == 3  # zeros, large, He uniform
    a, b, c, d = fig.axes
    assert a.get_shared_y_axes().joined(a, b) and c.get_shared_y_axes().joined(c, d)
    assert not a.get_shared_y_axes().joined(a, c) and a.get_shared_x_axes().joined(a, d)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()][:3] == [
        "LeCun normal = Glorot normal",
        "He normal",
        "the other schemes",
    ]
    svg(fig, "closing")


def test_grid_caption_and_bad_input(sweeps) -> None:
    from initlab.plots.depth import _num
    from initlab.plots.depth_grid import describe_std_vs_depth_grid, std_vs_depth_grid

    c = describe_std_vs_depth_grid(sweeps, focus=["he_normal"])
    tanh = sweeps["tanh"]
    he = tanh.act_std[tanh.schemes.index("he_normal")], tanh.grad_std[tanh.schemes.index("he_normal")]
    if max(abs(np.log(he[0][-1] / he[0][0])), abs(np.log(he[1][0] / he[1][-1]))) <= np.log(2):
        assert "tanh: only He normal stays level both ways" in c.details
        assert "nly He normal stays level both ways with" in c.takeaway and "tanh" in c.takeaway
    else:  # the direction that changes most, per layer
        up, down = np.log(he[0][-1] / he[0][0]), np.log(he[1][0] / he[1][-1])
        assert f"He normal ×{_num(np.exp((up if abs(up) >= abs(down) else down) / 7))}" in c.details
    assert c.takeaway.count(". ") <= 1
    assert "Shaded: std from 0.50 to 2.0" in c.setup
    assert "Rows: relu, tanh" in c.setup and "Grey: the other 5 schemes" in c.setup
    with pytest.raises(ValueError, match="share their schemes and depth"):
        std_vs_depth_grid(
            [sweeps["relu"], studies.depth_sweep(["he_normal"], "relu", depth=8, width=32)], focus=["he_normal"]
        )
    with pytest.raises(ValueError, match="1 to 4"):
        std_vs_depth_grid([], focus=["he_normal"])
    with pytest.raises(TypeError, match="sweeps must be"):
        std_vs_depth_grid([{"act_std": 1}], focus=["he_normal"])
    with pytest.raises(ValueError, match="focus must be one of"):
        std_vs_depth_grid(sweeps, focus=["orthogonal"])


def test_grid_widens_a_line_another_covers(sweeps) -> None:
    from dataclasses import replace

    from initlab.plots.depth_grid import std_vs_depth_grid

    s = sweeps["relu"]
    he, uni = s.schemes.index("he_normal"), s.schemes.index("he_uniform")
    act, grad = s.act_std.copy(), s.grad_std.copy()
    act[uni], grad[uni] = act[he] * 1.1, grad[he] * 1.1  # He uniform 10% above He normal: they coincide
    near = replace(s, act_std=act, grad_std=grad)
    fig = std_vs_depth_grid([near], focus=["he_normal", "he_uniform"])
    lines = [l for l in fig.axes[0].get_lines() if len(l.get_xdata()) > 1 and not l.get_label().startswith("_")]
    assert [l.get_label() for l in lines] == ["He normal", "He uniform"]
    assert lines[0].get_linewidth() > 2 * lines[1].get_linewidth() and lines[1].get_marker() != ""
    assert lines[1].get_markerfacecolor() == "none"  # a dashed (uniform) line has hollow markers


def _legend_artists(legend) -> list[list]:
    """The artists each legend entry draws (a combined entry draws several)."""
    return [
        hp.get_children()[0].get_children()
        for box in legend._legend_handle_box.get_children()
        for hp in box.get_children()
    ]


def _look(artist) -> tuple:
    return (
        artist.get_color(), artist.get_linewidth(), artist.get_alpha(),
        artist.get_linestyle(), artist.get_marker() or "None",
    )  # fmt: skip


def test_grid_legend_entries_look_like_the_drawn_lines(sweeps) -> None:
    from dataclasses import replace

    from matplotlib.lines import Line2D

    from initlab.plots.depth_grid import std_vs_depth_grid

    s = sweeps["relu"]
    he, uni = s.schemes.index("he_normal"), s.schemes.index("he_uniform")
    rows = []
    for factor in (1.1, 3.0):  # He uniform covers He normal in the first row only
        act, grad = s.act_std.copy(), s.grad_std.copy()
        act[uni], grad[uni] = act[he] * factor, grad[he] * factor
        rows.append(replace(s, act_std=act, grad_std=grad))
    fig = std_vs_depth_grid(rows, focus=["he_normal", "he_uniform"])
    drawn = {(l.get_label(), _look(l)) for ax in fig.axes for l in ax.get_lines() if len(l.get_xdata()) > 1}
    looks = {}
    (legend,) = fig.legends
    for text, artists in zip(legend.get_texts(), _legend_artists(legend), strict=True):
        lines = [a for a in artists if isinstance(a, Line2D) and len(a.get_xdata()) > 1]
        looks[text.get_text()] = [_look(a) for a in lines]
        for a in lines:
            if text.get_text() in ("He normal", "He uniform"):
                assert (text.get_text(), _look(a)) in drawn, (text.get_text(), _look(a))
    assert len(looks["He normal"]) == 2  # band (row 1) and line (row 2), one entry
    assert looks["He normal"][0][1] > 2 * looks["He normal"][1][1]
    assert len(looks["He uniform"]) == 1 and looks["He uniform"][0][4] != "None"
    grey = {
        _look(l) for ax in fig.axes for l in ax.get_lines() if l.get_label().startswith("_") and len(l.get_xdata()) > 1
    }
    assert looks["the other schemes"][0][:3] in {g[:3] for g in grey}


def test_a_line_leaving_the_zoomed_axis_gets_one_edge_mark_and_its_end_value(sweep) -> None:
    from initlab.plots.depth import _num

    fig = std_vs_depth(sweep, focus=FOCUS, reference="he_normal")
    small = sweep.schemes.index("small_normal")
    for ax, values, end in ((fig.axes[0], sweep.act_std[small], -1), (fig.axes[1], sweep.grad_std[small], 0)):
        low = ax.get_ylim()[0]
        if values[end] >= low:
            continue  # stays on the axis: no mark
        labels = [t for t in ax.texts if t.get_text().startswith("→")]
        assert [t.get_text() for t in labels] == [f"→ {_num(float(values[end]))} at layer {sweep.layers[end]}"]
        marks = [l for l in ax.lines if len(l.get_xdata()) == 1 and l.get_marker() == "v"]
        order = values if end == -1 else values[::-1]
        first_out = (
            sweep.layers[int(np.argmax(order <= low))]
            if end == -1
            else sweep.layers[::-1][int(np.argmax(order <= low))]
        )
        assert len(marks) == 1 and marks[0].get_xdata()[0] == first_out
        others = [t for t in ax.texts if t not in labels]
        renderer = fig.canvas.get_renderer()
        assert not any(labels[0].get_window_extent(renderer).overlaps(t.get_window_extent(renderer)) for t in others)


def test_level_both_ways_only_when_the_gradient_factor_prints_as_one() -> None:
    from dataclasses import replace

    s = studies.depth_sweep(["he_normal"], "tanh", depth=10, width=16, n_samples=20, max_samples=40)
    act = np.linspace(0.75, 0.63, 10)[None]  # level on the way up (÷1.2)
    grows = replace(s, act_std=act, grad_std=np.geomspace(3.1, 1.6, 10)[None])  # ×1.9 down: ×1.08 per layer
    c = describe_std_vs_depth(grows)
    assert "both ways" not in str(c)
    assert (
        "He normal's activations stay level (std 0.75 at layer 1, 0.63 at layer 10); its gradient std grows "
        "×1.1 per layer on the way down (1.6 at layer 10, 3.1 at layer 1)"
    ) in c.takeaway
    assert "Level: within ×/÷ 2 from the first layer to the last." in c.setup
    steady = replace(s, act_std=act, grad_std=np.geomspace(1.2, 1.0, 10)[None])  # ×1.02 per layer
    c = describe_std_vs_depth(steady)
    assert "He normal stays level both ways (" in c.takeaway
    assert ": std ×1.0 per layer on the way down)" in c.takeaway  # a std factor, said as one
    moving = replace(s, act_std=np.geomspace(1.0, 0.01, 10)[None], grad_std=np.geomspace(1.0, 0.01, 10)[None])
    assert "Level:" not in describe_std_vs_depth(moving).setup  # no level line, no definition
