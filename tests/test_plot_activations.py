"""The sigmoid/tanh slope figure of docs/small-random.md and its description."""

from __future__ import annotations

import numpy as np
import pytest

import initlab
from initlab.plots import svg
from initlab.plots.activations import activation_slopes, describe_activation_slopes
from initlab.plots.style import _sig


def test_figure_draws_the_library_curves() -> None:
    fig = activation_slopes()
    assert len(fig.axes) == 2
    for ax, name in zip(fig.axes, ("sigmoid", "tanh")):
        act = initlab.get_activation(name)
        f_line, df_line = ax.lines[:2]
        z = f_line.get_xdata()
        assert z[0] == -6 and z[-1] == 6 and len(z) % 2 == 1
        np.testing.assert_array_equal(f_line.get_ydata(), act.f(z))
        np.testing.assert_array_equal(df_line.get_ydata(), act.df(z))
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    for label in (r"$\sigma(0) = 1/2$", r"max $\sigma'(0) = 1/4$", r"$\tanh(0) = 0$", r"max $\tanh'(0) = 1$"):
        assert label in texts
    assert "<svg" in svg(fig, describe_activation_slopes())


@pytest.mark.parametrize("z_max", [6.0, 3])
def test_describe_activation_slopes_from_computed_values(z_max: float) -> None:
    z = np.linspace(-z_max, z_max, 1201)
    sig, tanh = initlab.get_activation("sigmoid"), initlab.get_activation("tanh")
    caption = describe_activation_slopes(z_max)
    text = str(caption)
    assert caption.details.startswith(f"Two panels over z from −{z_max:g} to {z_max:g}.")  # a real minus sign
    assert caption.setup.endswith(f"z from −{z_max:g} to {z_max:g}.")
    assert (
        f"the sigmoid (solid) rises from {sig.f(z[0]):.3g} to {sig.f(z[-1]):.3g} and is 1/2 at z = 0; "
        f"its slope (dashed) peaks at z = 0 at 1/4 and falls to {_sig(sig.df(z[-1]))} at z = {z_max:g}."
    ) in text
    assert (
        f"the tanh (solid) rises from −{-np.tanh(z[0]):.3g} to {np.tanh(z[-1]):.3g} and is 0 at z = 0; "
        f"its slope (dashed) peaks at z = 0 at 1 and falls to {_sig(tanh.df(z[-1]))} at z = {z_max:g}."
    ) in text
    assert "-" not in text  # no e-notation (2.46 × 10⁻⁵), and real minus signs
    assert sig.df(np.zeros(1))[0] == 0.25 and tanh.df(np.zeros(1))[0] == 1.0


@pytest.mark.parametrize("function", [activation_slopes, describe_activation_slopes])
def test_bad_z_max_raises(function) -> None:
    with pytest.raises(ValueError, match=r"z_max must be a finite number > 0, got -1.0"):
        function(-1)
    with pytest.raises(ValueError, match=r"z_max must be a finite number > 0 and <= 50, got 100.0"):
        function(100)
    with pytest.raises(TypeError, match="z_max must be a real number"):
        function("6")
