"""Per-layer histograms (initlab.plots.histograms): the ridges, their notes, the x axes and the caption."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from initlab import studies
from initlab.plots import Caption, layer_histograms, svg
from initlab.plots.depth import _num
from initlab.plots.histograms import _histogram_layout, describe_layer_histograms
from initlab.plots.palette import DARK, DARK_BACKGROUND, LIGHT, LIGHT_BACKGROUND, contrast
from initlab.plots.style import _apply_type


@pytest.fixture(scope="module")
def sweep() -> studies.DepthSweep:
    # zeros (exactly 0) and large normal in float32 at depth 12 (saturated, wide) included on purpose.
    return studies.depth_sweep(
        ["standard_uniform", "glorot_uniform", "zeros", "large_normal"],
        "tanh",
        depth=12,
        width=32,
        n_samples=50,
        max_samples=500,
    )


@pytest.fixture(scope="module")
def compare() -> studies.DepthSweep:
    """The Side by side page's sweep (four schemes, four layers), smaller."""
    four = ["small_normal", "large_normal", "glorot_normal", "he_normal"]
    return studies.depth_sweep(four, "tanh", depth=10, width=64, n_samples=50, max_samples=2000)


def _drawn(fig: Figure) -> Figure:
    """``fig`` at the page's type sizes, drawn once (what svg() does), so text extents are final."""
    _apply_type(fig)
    FigureCanvasAgg(fig).draw()
    return fig


def _notes(fig: Figure) -> list[tuple[object, Text]]:
    return [(ax, t) for ax in fig.axes for t in ax.texts]


@pytest.mark.parametrize("kind", ["activations", "gradients"])
@pytest.mark.parametrize("sharex", [True, False])
def test_layer_histograms(sweep: studies.DepthSweep, kind: str, sharex: bool) -> None:
    fig = layer_histograms(sweep, kind, sharex=sharex)
    assert len(fig.axes) == len(sweep.schemes)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][-1] == "layer 1"  # layer 1 on top
    assert fig.get_suptitle() == ""  # the setup is the caption's
    ET.fromstring(svg(fig, describe_layer_histograms(sweep, kind, sharex=sharex)))


@pytest.mark.parametrize("layers", [None, [1, 4, 7, 10]])
def test_notes_stay_inside_their_panel(compare: studies.DepthSweep, layers: list[int] | None) -> None:
    fig = _drawn(layer_histograms(compare, "activations", layers=layers))
    renderer = fig.canvas.get_renderer()
    notes = _notes(fig)
    assert len(notes) == len(compare.schemes) * (len(layers) if layers else 10)
    for ax, note in notes:
        box, panel = note.get_window_extent(renderer), ax.get_window_extent(renderer)
        assert box.x1 <= panel.x1 + 0.5, note.get_text()  # never into the next panel
        assert box.x0 >= panel.x0 - 0.5, note.get_text()
        assert box.y1 <= panel.y1 + 0.5, note.get_text()


def test_notes_do_not_cover_the_ridges(compare: studies.DepthSweep) -> None:
    fig = _drawn(layer_histograms(compare, "activations", layers=[1, 4, 7, 10]))
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        ridges = [p for p in ax.patches if p.get_fill()]
        for note in ax.texts:
            box = note.get_window_extent(renderer)
            for ridge in ridges:
                top = ridge.get_window_extent(renderer)
                # the note's row starts where its ridge ends and stops below the next ridge's baseline
                assert not (box.y0 < top.y1 - 0.5 and box.y1 > top.y0 + 0.5 and box.overlaps(top)), note.get_text()


def test_notes_read_the_sweep(compare: studies.DepthSweep) -> None:
    fig = layer_histograms(compare, "activations", layers=[1, 10])
    notes = [t.get_text() for t in fig.axes[0].texts]
    i = 0
    expected = []
    for l in (1, 10):
        std, share = _num(float(compare.act_std[i, l - 1])).replace(" × ", "×"), compare.saturated[i, l - 1]
        assert "e-" not in std and "e+" not in std
        expected.append(f"std {std}" + (f", sat. {share:.0%}" if round(100 * share) > 0 else ""))
    assert notes == expected


def test_x_axes_say_whether_they_are_shared(sweep: studies.DepthSweep) -> None:
    shared = layer_histograms(sweep, "gradients")
    assert "one x axis for every panel" in shared.get_supxlabel()
    assert len({ax.get_xlim() for ax in shared.axes}) == 1
    own = layer_histograms(sweep, "gradients", sharex=False)
    assert "x axes differ" in own.get_supxlabel()
    assert len({ax.get_xlim() for ax in own.axes}) > 1
    one = layer_histograms(studies.depth_sweep(["he_normal"], "relu", depth=3, width=16, n_samples=20), "activations")
    assert one.axes[0].get_xlabel() == "activation value"


def test_panel_titles_are_scheme_coloured_text_with_contrast(sweep: studies.DepthSweep) -> None:
    fig = layer_histograms(sweep, "activations")
    light_to_dark = {LIGHT[f]: DARK[f] for f in LIGHT}
    markup = svg(fig, describe_layer_histograms(sweep))
    for ax in fig.axes:
        color = ax._left_title.get_color()
        assert color in light_to_dark, color
        assert contrast(color, LIGHT_BACKGROUND) >= 4.5
        assert contrast(light_to_dark[color], DARK_BACKGROUND) >= 4.5
    # drawn as <text>, in the CSS variable that switches with the palette
    assert markup.count("<text") >= len(fig.axes) and "fill: var(--initlab-" in markup


def test_layer_histograms_chosen_layers_and_errors(sweep: studies.DepthSweep) -> None:
    fig = layer_histograms(sweep, layers=[1, 6, 12])
    assert len(fig.axes[0].get_yticks()) == 3
    with pytest.raises(ValueError, match="kind must be one of"):
        layer_histograms(sweep, "weights")
    with pytest.raises(ValueError, match=r"layers must be a non-empty list of hidden layers in 1\.\.12"):
        layer_histograms(sweep, layers=[13])
    with pytest.raises(ValueError, match="layers"):
        layer_histograms(sweep, layers=[0])
    with pytest.raises(TypeError, match="sharex must be True or False"):
        layer_histograms(sweep, sharex="yes")


def test_caption_takeaway_from_the_data(compare: studies.DepthSweep) -> None:
    cap = describe_layer_histograms(compare, layers=[1, 4, 7, 10])
    assert isinstance(cap, Caption)
    assert cap.takeaway.startswith("From layer 1 to layer 10, ")
    for i, label in enumerate(compare.labels):
        first, last = compare.act_std[i, 0], compare.act_std[i, -1]
        verb = "narrows" if last < 0.9 * first else "widens" if last > 1.1 * first else "keeps its width"
        assert f"{label} {verb}" in cap.takeaway or f"{label} stays saturated" in cap.takeaway
        assert _num(first) in cap.takeaway and _num(last) in cap.takeaway
    large = compare.labels.index("Large normal") if "Large normal" in compare.labels else 1
    sat = compare.saturated[large]
    assert f"({sat[0]:.0%} of units at layer 1, {sat[-1]:.0%} at layer 10" in cap.takeaway
    assert cap.setup == (
        f"Activations of a tanh net, 10 hidden layers of 64 units, {compare.n_samples} random inputs; "
        "one x axis for every panel."
    )
    assert "layers 1, 4, 7 and 10" in cap.details


def test_caption_follows_the_axes(sweep: studies.DepthSweep) -> None:
    shared = str(describe_layer_histograms(sweep))
    assert "All panels share one x axis, from -1.0 to 1.0" in shared  # tanh activations: the whole range
    assert "(97% saturated)" in shared and "layers 1–3, 5–8 and 10–12" in shared
    own = describe_layer_histograms(sweep, "gradients", sharex=False, layers=[1, 6, 12])
    assert "Each panel has its own x axis" in own.details and "layers 1, 6 and 12" in own.details
    assert "x axes differ" in own.setup
    small = studies.depth_sweep(["small_normal"], "tanh", depth=6, width=64, n_samples=50, max_samples=2000)
    assert "layers 3–6 are spikes" in describe_layer_histograms(small).details
    with pytest.raises(ValueError, match="kind must be one of"):
        describe_layer_histograms(sweep, "weights")


def test_overflow_is_counted_not_drawn() -> None:
    blown = studies.depth_sweep(["large_normal"], "relu", depth=25, width=32, n_samples=20, max_samples=100)
    assert "hold inf/NaN values, left out" in describe_layer_histograms(blown).details
    fig = layer_histograms(blown, "activations", layers=[25])
    assert fig.axes[0].texts[0].get_text().endswith("inf/NaN")


def test_figure_and_caption_read_one_layout(sweep: studies.DepthSweep) -> None:
    _, layers, picked, edges = _histogram_layout(sweep, "activations", None, 61, True)
    assert layers == [1, 2, 3, 5, 6, 7, 8, 10, 11, 12] and picked.shape[:2] == (4, 10)
    assert all(e[0] == pytest.approx(-1.02) and e[-1] == pytest.approx(1.02) and len(e) == 62 for e in edges)
    fig = layer_histograms(sweep)
    assert fig.axes[0].get_xlim() == pytest.approx((-1.02, 1.02))


def test_svg_is_deterministic(compare: studies.DepthSweep) -> None:
    one = svg(layer_histograms(compare, layers=[1, 10]), describe_layer_histograms(compare, layers=[1, 10]))
    two = svg(layer_histograms(compare, layers=[1, 10]), describe_layer_histograms(compare, layers=[1, 10]))
    assert one == two and np.char.count(one, "<figcaption").item() == 1
