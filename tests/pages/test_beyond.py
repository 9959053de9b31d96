"""Sentences of docs/beyond.md that report a result, each checked on the study the page runs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate

import initlab
from claims import claim
from initlab.studies import depth_sweep, explorer_grid, jacobian_spectrum, tanh_mean_field

PAGE = "beyond.md"


def _elu(z):
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))


def _quad_second_moment(f) -> float:
    g = lambda z: float(f(np.array(z))) ** 2 * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    return sum(integrate.quad(g, a, b, epsabs=0, epsrel=1e-13, limit=500)[0] for a, b in ((-np.inf, 0), (0, np.inf)))


@pytest.fixture(scope="module")
def mf():
    return tanh_mean_field(gains=(1.0, 1.3, 5 / 3, 2.0), depth=100)  # as on beyond.md


@claim(PAGE, "**ReLU and leaky ReLU** agree to the last printed digit")
@pytest.mark.parametrize("name", ["relu", "leaky_relu"])
def test_table_gains_that_are_derived(name: str) -> None:
    assert f"{initlab.gain(name):.4f}" == f"{initlab.variance_preserving_gain(name):.4f}"


@claim(PAGE, "most of the sigmoid's second moment is its mean")
def test_sigmoid_second_moment_is_mostly_its_mean() -> None:
    m2 = initlab.second_moment("sigmoid")
    assert initlab.gaussian_expectation(initlab.get_activation("sigmoid").f, 1.0) == pytest.approx(0.5, abs=1e-14)
    assert 0.25 / m2 > 0.5


@claim(
    PAGE,
    "gets its gain wrong by about $10^{-5}$.",
    "agrees with `scipy.integrate.quad` to about $10^{-14}$",
    "so the first ELU number is the one to trust",
)
def test_elu_gain_gauss_hermite_vs_split_quadrature() -> None:
    exact = 1 / math.sqrt(_quad_second_moment(_elu))
    split = 1 / math.sqrt(initlab.gaussian_expectation(lambda u: _elu(u) ** 2, 1.0))
    hermite = initlab.variance_preserving_gain(_elu)
    assert split == pytest.approx(exact, rel=1e-13)
    assert f"{split:.6f}" == f"{exact:.6f}" and f"{hermite:.6f}" != f"{exact:.6f}"
    assert 1e-6 < abs(hermite - exact) < 1e-5  # the sixth significant digit
    assert 5e-6 < abs(hermite - split) < 1.5e-5  # "by about 10^-5"
    assert f"{hermite:.4f}" == f"{exact:.4f}"  # four digits are safe


@claim(PAGE, "SELU has a kink at 0 too; four decimals, as in the table above, are safe for both.")
def test_selu_gauss_hermite_is_good_to_four_decimals() -> None:
    assert initlab.variance_preserving_gain("selu") == pytest.approx(1.0, abs=5e-5)
    assert abs(initlab.variance_preserving_gain("selu") - 1.0) > 1e-6


@claim(PAGE, "Variance 1 is a fixed point, but an unstable one")
def test_gelu_unit_variance_is_unstable() -> None:
    g = initlab.variance_preserving_gain("gelu")
    ends = []
    for q in (0.9, 1.0, 1.1):
        for _ in range(30):
            q = initlab.variance_map("gelu", q, weight_var=g**2)
        ends.append(q)
    assert ends[0] < 0.01 and ends[1] == pytest.approx(1.0, abs=1e-6) and ends[2] > 5


@claim(PAGE, "Its fixed point is $q^* \\approx 1.18$ with $\\chi_1 \\approx 1.21$, not 1.")
def test_five_thirds_fixed_point_and_chi(mf) -> None:
    assert round(mf.fixed_point[2], 2) == 1.18 and round(mf.chi[2], 2) == 1.21
    assert mf.chi[2] > 1 and mf.gains[2] != pytest.approx(initlab.variance_preserving_gain("tanh"), abs=0.05)


@claim(PAGE, "is 21%; deeper layers settle near 5%. A real 256-wide net agrees:")
def test_saturation_with_gain_five_thirds(mf) -> None:
    assert round(mf.saturated[2, 0], 2) == 0.21
    assert np.all(np.abs(mf.saturated[2, 9:] - 0.05) < 0.01)
    gain_53 = initlab.Scheme("tanh_5/3", "gain 5/3", "normal", scale=(5 / 3) ** 2, mode="fan_in")
    sweep = depth_sweep([gain_53], "tanh", depth=10, width=256, n_samples=500)  # as on beyond.md
    assert np.all(np.abs(sweep.saturated[0, [0, 9]] - mf.saturated[2, [0, 9]]) < 0.01)


@pytest.fixture(scope="module")
def spec():
    return jacobian_spectrum(["lecun_normal", "orthogonal"], depth=32, width=128, draws=30)  # as on beyond.md


@claim(
    PAGE,
    "its median over the draws follows $y = l$",
    "while single draws scatter widely around it (the band)",
)
def test_spread_of_the_spectrum_follows_depth(spec) -> None:
    var = spec.sq_var_draws[0]
    median = np.median(var, axis=0)
    np.testing.assert_allclose(median[7:], spec.layers[7:], rtol=0.25)
    lo, hi = np.percentile(var[:, -1], [10, 90])
    assert hi / lo > 2.5
    assert np.array_equal(spec.sq_var_draws[:, 0], spec.sq_var)
    assert np.all(np.abs(spec.sq_var_draws[1]) < 1e-12)


@claim(
    PAGE,
    "(83% of the singular values are below 0.1, the smallest below float64's rounding level",
    "while a few are stretched up to about 7-fold",
    "With orthogonal weights all 128 singular values are 1 to rounding",
    "(the variance of $s_i^2$ printed for it is rounding error too)",
)
def test_first_draw_spectrum(spec) -> None:
    sv = spec.singular_values[0]
    assert round(np.mean(sv < 0.1), 2) == 0.83
    assert sv.min() < np.finfo(np.float64).eps * sv.max()
    assert 6.5 < sv.max() < 7.5 and np.sum(sv > 2) <= 10
    assert spec.width == 128 and np.allclose(spec.singular_values[1], 1.0, rtol=0, atol=1e-12)
    assert abs(spec.sq_var[1, -1]) < 1e-12


@pytest.fixture(scope="module")
def lsuv_net():
    X = np.random.default_rng(1).standard_normal((500, 128))
    net = initlab.mlp([128] + [128] * 20 + [10], "he_normal", "gelu", "softmax", rng=0)  # as on beyond.md
    return net, X


@claim(
    PAGE,
    "so the He normal weights the net was built with are discarded",
    "Layer 1 needs no rescaling (orthogonal weights keep the unit variance of $X$); every other layer arrives at "
    "about $\\mathbb E[\\mathrm{GELU}(z)^2]$ and is fixed by one division.",
    "dividing by the measured std lands on 1 exactly",
)
def test_lsuv_from_orthogonal(lsuv_net) -> None:
    net, X = lsuv_net
    out = initlab.lsuv(net, X, tol=0.1, max_iter=10)
    twin = initlab.lsuv(initlab.mlp(net.sizes, "lecun_normal", "gelu", "softmax", rng=5), X, tol=0.1, max_iter=10)
    assert all(np.array_equal(a, b) for a, b in zip(out.net.weights, twin.net.weights))  # the init is discarded
    assert out.iterations[0] == 0 and np.all(out.iterations[1:] == 1)
    assert np.all(np.abs(out.initial_variances[1:] - initlab.second_moment("gelu")) < 0.1)
    np.testing.assert_allclose(out.variances[1:], 1.0, rtol=1e-12)


@claim(PAGE, "The loop earns its keep as the paper runs it, with a fresh mini-batch at every check")
def test_lsuv_with_mini_batches(lsuv_net) -> None:
    net, X = lsuv_net
    out = initlab.lsuv(net, X, batch_size=64, rng=1)
    assert out.converged.all() and out.iterations.max() > 1


@pytest.fixture(scope="module")
def grid():
    return explorer_grid(  # as on beyond.md
        ["small_normal", "large_normal", "glorot_normal", "he_normal", "orthogonal"],
        ["tanh", "relu", "sigmoid", "selu"],
        depth=20,
        n_samples=300,
    )


@claim(
    PAGE,
    "ReLU with Glorot against He (a std factor $\\sqrt 2$ lost per layer, then kept)",
    "tanh with the large normal (every ridge split into two spikes at $\\pm 1$)",
    "ReLU with the large normal (the std runs off the top of the plot as float32 overflows)",
)
def test_things_to_try(grid) -> None:
    relu, tanh = grid.activations.index("relu"), grid.activations.index("tanh")
    glorot, he, large = (grid.schemes.index(s) for s in ("glorot_normal", "he_normal", "large_normal"))
    layers = np.arange(1, grid.depth + 1)
    np.testing.assert_allclose(grid.act_std[relu, glorot] / grid.act_std[relu, he], 2.0 ** (-layers / 2), rtol=1e-5)
    assert np.all((grid.act_std[relu, he] > 0.5) & (grid.act_std[relu, he] < 2))
    assert np.all(grid.saturated[tanh, large] > 0.95)
    assert not np.all(np.isfinite(grid.act_std[relu, large]))


@claim(PAGE, "LeCun normal is missing because on these square layers it equals Glorot normal")
def test_lecun_equals_glorot_on_square_layers() -> None:
    a = initlab.lecun_normal((128, 128), rng=0)
    b = initlab.glorot_normal((128, 128), rng=0)
    np.testing.assert_allclose(a, b, rtol=1e-15)
