"""Unit tests of initlab.plots.oscillation: the figure draws, the description reports the data."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from matplotlib.figure import Figure

from initlab import studies
from initlab.plots.oscillation import cost_oscillation, describe_cost_oscillation


@pytest.fixture(scope="module")
def run() -> studies.TrainingComparison:
    """A small run whose costs are then replaced by a known zigzag and a known decline."""
    base = studies.compare_training(("large_normal", "he_normal"), n_train=20, n_test=10, steps=12, grid_size=5)
    zigzag = np.array([9.0, 4.0, 2.0, 3.0, 1.0, 2.5, 1.0, 1.05, 0.9, 0.95, 0.8, 0.79])
    steady = np.linspace(0.8, 0.5, 12)
    return dataclasses.replace(base, loss=np.stack([zigzag, steady]))


def test_default_window_is_first_rise_to_last_big_rise(run) -> None:
    fig = cost_oscillation(run, zoom=3)
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    left, middle, right = fig.axes
    assert left.get_xlim() == (3, 5) and middle.get_xlim() == (3, 5) and right.get_xlim() == (3, 5)
    np.testing.assert_array_equal(left.lines[0].get_ydata(), [3.0, 1.0, 2.5])
    assert left.get_yscale() == "log"


def test_describe_formats_the_counts_from_the_data(run) -> None:
    y = run.loss[0]
    text = str(describe_cost_oscillation(run, window=(2, 11), zoom=4))
    # rises at steps 3, 5, 7, 9: the ones by more than a tenth are 3 (x1.5) and 5 (x2.5)
    assert f"from step {2} to step {11}" in text and f"from step {2} to step {6} with every step" in text
    assert f"lies between {y[2:].min():.3g} and {y[2:].max():.3g} here" in text
    assert f"it rises on {4} of the {9} steps in this range, {2} of them by more than a tenth" in text
    assert f"multiplies it by {y[5] / y[4]:.3g} (from {y[4]:.3g} to {y[5]:.3g} at step {5})" in text
    assert f"Over all {12} steps it rises {4} times, {2} of them" in text
    assert f"never rises from one step to the next in this range, nor in any of its {12} steps" in text


def test_bad_arguments_name_the_argument(run) -> None:
    with pytest.raises(ValueError, match="window"):
        cost_oscillation(run, window=(5, 3))
    with pytest.raises(ValueError, match="window"):
        describe_cost_oscillation(run, window=(0, 12))
    with pytest.raises(ValueError, match="zoom"):
        cost_oscillation(run, zoom=1)
    with pytest.raises(ValueError, match="scheme"):
        cost_oscillation(run, "zeros")
    with pytest.raises(ValueError, match="reference"):
        cost_oscillation(run, "large_normal", "large_normal")
    with pytest.raises(TypeError, match="comparison"):
        describe_cost_oscillation("run")
