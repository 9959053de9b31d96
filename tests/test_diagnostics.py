"""per_layer_factor: the geometric-mean factor per layer that plots and pages quote."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from initlab.diagnostics import per_layer_factor


def test_geometric_series_gives_its_ratio_both_ways() -> None:
    std = 3.0 * 0.8 ** np.arange(10)
    assert per_layer_factor(std) == pytest.approx(0.8, rel=1e-14)
    assert per_layer_factor(std, first=-1, last=0) == pytest.approx(1.25, rel=1e-14)
    assert per_layer_factor(std, first=2, last=5) == pytest.approx(0.8, rel=1e-14)


def test_only_the_end_points_count_and_the_order_of_operations_is_fixed() -> None:
    v = np.array([2.0, 100.0, 1e-3, 7.0, 0.5])
    assert per_layer_factor(v) == (v[-1] / v[0]) ** (1.0 / 4)
    assert per_layer_factor(v, first=3, last=1) == (v[1] / v[3]) ** (1.0 / 2)


def test_variance_factor_is_the_std_factor_squared() -> None:
    std = np.random.default_rng(0).uniform(0.1, 10.0, 12)
    assert per_layer_factor(std**2) == pytest.approx(per_layer_factor(std) ** 2, rel=1e-13)


def test_dtype_is_kept() -> None:
    v = np.array([1.0, 0.5, 0.25], dtype=np.float32)
    factor = per_layer_factor(v)
    assert factor.dtype == np.float32 and factor == (v[2] / v[0]) ** (1.0 / 2)


def test_axis_of_a_2d_array() -> None:
    rows = np.array([[1.0, 2.0, 4.0, 8.0], [1.0, 3.0, 9.0, 27.0]])  # one series per row
    np.testing.assert_allclose(per_layer_factor(rows), [2.0, 3.0], rtol=1e-14)
    np.testing.assert_allclose(per_layer_factor(rows.T, axis=0), [2.0, 3.0], rtol=1e-14)
    np.testing.assert_allclose(per_layer_factor(rows, first=-1, last=0, axis=1), [0.5, 1 / 3], rtol=1e-14)
    # along axis 0 each column is a two-entry series: row 1 over row 0, over one step
    np.testing.assert_allclose(per_layer_factor(rows, axis=0), [1.0, 1.5, 2.25, 3.375], rtol=1e-14)


def test_zeros_and_non_finite_values_follow_ieee_without_warnings() -> None:
    v = np.array([[0.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 4.0], [np.inf, 1.0, 4.0], [np.nan, 1.0, 4.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = per_layer_factor(v)
    expected = [np.nan, 0.0, np.inf, 0.0, np.nan]  # 0/0, 0/1, 4/0, 4/inf, 4/nan
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    ("series", "kwargs", "words"),
    [
        ([1.0], {}, "series must have at least two entries along axis -1, got 1"),
        (5.0, {}, "axis must name an axis of series, which has 0 dimension(s), got -1"),
        ([[1.0, 2.0]], {"axis": 2}, "axis must name an axis of series, which has 2 dimension(s), got 2"),
        ([1.0, 2.0, 3.0], {"first": 3}, "first must be an index in [-3, 2] of the 3 entries, got 3"),
        ([1.0, 2.0, 3.0], {"last": -4}, "last must be an index in [-3, 2] of the 3 entries, got -4"),
        ([1.0, 2.0, 3.0], {"first": 2}, "first and last must name different entries, got first=2, last=-1 (of 3)"),
    ],
)
def test_bad_input_raises_value_error(series: object, kwargs: dict, words: str) -> None:
    with pytest.raises(ValueError) as error:
        per_layer_factor(series, **kwargs)
    assert str(error.value) == words


@pytest.mark.parametrize("kwargs", [{"first": 1.0}, {"last": True}, {"axis": "0"}])
def test_non_integer_indices_raise_type_error(kwargs: dict) -> None:
    name, value = next(iter(kwargs.items()))
    with pytest.raises(TypeError, match=f"^{name} must be an int, got {value!r}"):
        per_layer_factor([1.0, 2.0], **kwargs)
