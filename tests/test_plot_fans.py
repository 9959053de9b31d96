"""The fan-mode funnel figure and its description (initlab.plots.fans)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from initlab.plots.fans import describe_fan_mode_funnel, fan_mode_funnel
from initlab.studies import fan_modes


@pytest.fixture(scope="module")
def fm():
    return fan_modes((64, 64, 32, 16, 8), n_samples=100)


def test_two_panels_one_line_per_mode_and_a_marked_end(fm) -> None:
    fig = fan_mode_funnel(fm)
    axes = fig.get_axes()
    assert len(axes) == 2
    for ax, values in zip(axes, (fm.act_std, fm.grad_std)):
        labelled = [line for line in ax.get_lines() if line.get_label() in fm.modes]
        assert [line.get_label() for line in labelled] == list(fm.modes)
        for line, row in zip(labelled, values):
            assert list(line.get_ydata()) == pytest.approx(list(row))
        assert len(ax.get_lines()) == 2 * len(fm.modes)  # plus one predicted-end marker per mode
        assert ax.get_yscale() == "log"
    assert [t.get_text() for t in axes[0].get_xticklabels()] == [
        f"{layer}\n{width}" for layer, width in enumerate(fm.widths[1:], start=1)
    ]


def test_predicted_ends_come_from_the_study(fm) -> None:
    fig = fan_mode_funnel(fm)
    left, right = fig.get_axes()
    marks = [line for line in left.get_lines() if line.get_label() not in fm.modes]
    ends = [line.get_ydata()[0] for line in marks]
    assert ends == pytest.approx(list(fm.act_std[:, 0] * fm.predicted_act_ratio))
    marks = [line for line in right.get_lines() if line.get_label() not in fm.modes]
    assert [line.get_xdata()[0] for line in marks] == [1, 1]  # the gradient arrives at layer 1
    texts = {t.get_text() for t in right.texts}
    assert texts == {f"×{r:.2f}" for r in fm.predicted_grad_ratio}


def test_description_formats_the_data(fm) -> None:
    text = str(describe_fan_mode_funnel(fm))
    top = len(fm.widths) - 1
    assert f"hidden layers 1 to {top}" in text and f"hidden widths {', '.join(str(n) for n in fm.widths[1:])}" in text
    for i, mode in enumerate(fm.modes):
        act, grad = fm.act_std[i], fm.grad_std[i]
        assert (
            f"{mode} {act[0]:.3g} at layer 1 to {act[-1]:.3g} at layer {top} "
            f"(std ×{act[-1] / act[0]:.2f}; predicted ×{fm.predicted_act_ratio[i]:.2f})"
        ) in text
        assert (
            f"{mode} {grad[-1]:.3g} at layer {top} to {grad[0]:.3g} at layer 1 "
            f"(std ×{grad[0] / grad[-1]:.2f}; predicted ×{fm.predicted_grad_ratio[i]:.2f})"
        ) in text


def test_takeaway_gives_one_ratio_per_mode_and_direction(fm) -> None:
    caption = describe_fan_mode_funnel(fm)
    forward = " and ".join(f"×{fm.act_std[i, -1] / fm.act_std[i, 0]:.2f}" for i in range(len(fm.modes)))
    backward = " and ".join(f"×{fm.grad_std[i, 0] / fm.grad_std[i, -1]:.2f}" for i in range(len(fm.modes)))
    assert caption.takeaway == (
        f"Going forward, the activations' std changes {forward} with {' and '.join(fm.modes)} "
        f"from layer 1 to layer {len(fm.widths) - 1}; "
        f"going back, the std of ∂𝓛/∂a changes {backward} from layer {len(fm.widths) - 1} to layer 1."
    )


@pytest.mark.parametrize("function", [fan_mode_funnel, describe_fan_mode_funnel])
def test_wrong_type_raises_type_error_naming_the_argument(function) -> None:
    with pytest.raises(TypeError, match=r"fm must be an initlab\.studies\.FanModes.*got dict"):
        function({"act_std": [1.0]})
