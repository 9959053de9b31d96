"""The network diagram names its weights and biases as the text does (docs/setup.md).

Complements the smoke tests of ``network_diagram`` in ``test_plots.py``.
"""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from initlab.plots.diagrams import describe_network_diagram, network_diagram


def _texts(sizes: list[int]) -> list[str]:
    return [t.get_text() for t in network_diagram(sizes).axes[0].texts]


def test_setup_network_labels_units_weights_and_biases() -> None:
    texts = _texts([2, 2, 1])
    units = ["$x_{1}$", "$x_{2}$", "$a^{[1]}_{1}$", "$a^{[1]}_{2}$", r"$\hat y$"]
    weights = [f"$w^{{[1]}}_{{{i}{j}}}$" for i in (1, 2) for j in (1, 2)] + ["$w^{[2]}_{11}$", "$w^{[2]}_{12}$"]
    biases = [r"$+\,b^{[1]}_{1}$", r"$+\,b^{[1]}_{2}$", r"$+\,b^{[2]}_{1}$"]
    for label in units + weights + biases:
        assert texts.count(label) == 1, label
    assert not any("b^{[0]}" in t for t in texts)  # the input has no bias


def test_deeper_network_labels() -> None:
    sizes = [2, 3, 3, 1]
    texts = _texts(sizes)
    weights = [t for t in texts if t.startswith("$w^")]
    biases = [t for t in texts if "b^" in t]
    assert len(weights) == sum(a * b for a, b in zip(sizes, sizes[1:]))
    assert len(biases) == sum(sizes[1:])
    assert "$w^{[2]}_{31}$" in texts and r"$+\,b^{[2]}_{3}$" in texts and "$a^{[2]}_{3}$" in texts


def test_wide_network_draws_no_weight_or_bias_labels() -> None:
    texts = _texts([2, 10, 5, 1])
    assert not any(t.startswith("$w^") or "b^" in t for t in texts)
    assert "$a^{[1]}_{10}$" in texts


@pytest.mark.parametrize("sizes", [[2, 2, 1], [2, 3, 3, 1], [3, 1], [1, 1], [3, 3, 3, 3, 1]])
def test_labels_do_not_overlap(sizes: list[int]) -> None:
    fig = network_diagram(sizes)
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.axes[0].texts]
    clashes = [(a, b) for k, (a, ba) in enumerate(boxes) for b, bb in boxes[k + 1 :] if ba.overlaps(bb)]
    assert not clashes


def test_describe_network_diagram_names_weights_and_biases() -> None:
    text = str(describe_network_diagram([2, 2, 1]))
    expected = ", ".join(f"w[1]{i}{j}" for i in (1, 2) for j in (1, 2)) + ", plus the biases b[1]1, b[1]2"
    assert expected in text
    assert "w[2]11, w[2]12, plus the bias b[2]1" in text
    assert "Hidden layer 1: a[1]1, a[1]2" in text and "Output: y-hat" in text
    sizes = [2, 10, 5, 1]
    wide = str(describe_network_diagram(sizes))
    for l in (1, 2, 3):
        count = "bias" if sizes[l] == 1 else "biases"
        assert f"by {sizes[l] * sizes[l - 1]} weights, plus {sizes[l]} {count} (not drawn)" in wide


@pytest.mark.parametrize("function", [network_diagram, describe_network_diagram])
def test_bad_sizes_raise(function) -> None:
    with pytest.raises(ValueError, match=r"sizes must list at least 2 layers of 1 to 12 units each, got \[2\]"):
        function([2])
    with pytest.raises(ValueError, match="sizes must list at least 2 layers"):
        function([2, 13, 1])
    with pytest.raises(TypeError, match="sizes must be a sequence of layer sizes"):
        function("221")
    with pytest.raises(ValueError, match="sizes must be an integer >= 1, got 0"):
        function([2, 0, 1])
    with pytest.raises(TypeError, match="sizes must be an integer"):
        function([2, 1.5, 1])
