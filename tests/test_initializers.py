"""Initializers: a table of initializer x shape x dtype, statistics at fixed seeds, errors.

Statistical tolerances come from the sample size, never from a guess. For n
independent draws with std sigma and kurtosis kappa:

* the sample mean has standard error sigma / sqrt(n);
* mean(w**2) (the variance estimate when the mean is known to be 0) has
  standard error sigma**2 * sqrt((kappa - 1) / n).

We assert within 5 standard errors of each scheme's formula (Glorot & Bengio
2010, He et al. 2015, LeCun et al. 1998), written out here independently of
the library. All seeds are fixed, so every test is
deterministic: a 5-sigma test that passes today passes forever, and would have
been expected to fail by chance with probability < 1e-6 for a fresh seed.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy import stats

import initlab
from initlab import (
    SCHEMES,
    TRUNCATED_STD,
    constant,
    get_scheme,
    glorot_normal,
    glorot_uniform,
    he_normal,
    he_uniform,
    lecun_normal,
    lecun_uniform,
    normal,
    orthogonal,
    truncated_normal,
    uniform,
    variance_scaling,
    zeros,
)

SHAPES = {
    "dense": (256, 784),
    "tall": (64, 8),
    "wide": (8, 64),
    "conv1d": (16, 8, 5),
    "conv2d": (32, 16, 3, 3),
    "conv3d": (8, 4, 3, 3, 3),
}
DTYPES = [np.float32, np.float64]
MODES = ["fan_in", "fan_out", "fan_avg"]
DISTRIBUTIONS = ["normal", "truncated_normal", "uniform"]


def _case(fn, *args, **kwargs):
    return lambda shape, *, rng=None, dtype=np.float64: fn(shape, *args, rng=rng, dtype=dtype, **kwargs)


#: Every public initializer with its interesting parameter settings.
INITIALIZERS = {
    "zeros": zeros,
    "constant": _case(constant, -0.25),
    "uniform": uniform,
    "uniform(0,1)": _case(uniform, 0.0, 1.0),
    "normal": normal,
    "normal(1,0.1)": _case(normal, 1.0, 0.1),
    "truncated_normal": truncated_normal,
    "truncated_normal(correct)": _case(truncated_normal, 0.5, 2.0, correct_std=True),
    **{
        f"variance_scaling({mode},{dist})": _case(variance_scaling, 0.7, mode, dist)
        for mode in MODES
        for dist in DISTRIBUTIONS
    },
    "glorot_uniform": glorot_uniform,
    "glorot_uniform(gain)": _case(glorot_uniform, 5 / 3),
    "glorot_normal": glorot_normal,
    "glorot_normal(truncated)": _case(glorot_normal, 2.0, truncated=True),
    **{f"he_uniform({mode})": _case(he_uniform, 0.0, mode) for mode in ("fan_in", "fan_out")},
    **{f"he_normal({mode})": _case(he_normal, 0.0, mode) for mode in ("fan_in", "fan_out")},
    "he_uniform(leaky)": _case(he_uniform, 0.2),
    "he_normal(leaky,truncated)": _case(he_normal, 0.2, "fan_out", truncated=True),
    "lecun_uniform": lecun_uniform,
    "lecun_normal": lecun_normal,
    "lecun_normal(truncated)": _case(lecun_normal, truncated=True),
    "orthogonal": orthogonal,
    "orthogonal(gain)": _case(orthogonal, 1.5),
    **{f"scheme:{name}": scheme for name, scheme in SCHEMES.items()},
}
CONSTANT = {"zeros", "constant", "scheme:zeros", "scheme:constant"}


def test_table_covers_every_scheme_and_public_initializer():
    assert {f"scheme:{name}" for name in SCHEMES} <= set(INITIALIZERS)
    for name in [
        "zeros",
        "constant",
        "uniform",
        "normal",
        "truncated_normal",
        "glorot_uniform",
        "glorot_normal",
        "he_uniform(fan_in)",
        "he_normal(fan_in)",
        "lecun_uniform",
        "lecun_normal",
        "orthogonal",
    ]:
        assert name in INITIALIZERS


table = pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
table_shape = pytest.mark.parametrize("shape", list(SHAPES.values()), ids=list(SHAPES))
table_init = pytest.mark.parametrize("name", list(INITIALIZERS))


@table_init
@table_shape
@table
def test_shape_dtype_finite_and_deterministic(name, shape, dtype):
    init = INITIALIZERS[name]
    np.random.seed(1234)  # noqa: NPY002 -- the legacy global state is what must stay untouched
    before = np.random.get_state()  # noqa: NPY002

    w = init(shape, rng=7, dtype=dtype)
    assert isinstance(w, np.ndarray)
    assert w.shape == shape
    assert w.dtype == np.dtype(dtype)
    assert np.all(np.isfinite(w))
    # same int seed -> identical; a Generator seeded the same -> identical
    np.testing.assert_array_equal(init(shape, rng=7, dtype=dtype), w)
    np.testing.assert_array_equal(init(shape, rng=np.random.default_rng(7), dtype=dtype), w)
    other = init(shape, rng=8, dtype=dtype)
    if name in CONSTANT:
        np.testing.assert_array_equal(other, w)
    else:
        assert not np.array_equal(other, w)
    init(shape, rng=None, dtype=dtype)  # fresh entropy: must not touch the global state either

    after = np.random.get_state()  # noqa: NPY002
    assert before[0] == after[0]
    np.testing.assert_array_equal(before[1], after[1])
    assert before[2:] == after[2:]


def test_a_generator_is_advanced_not_copied():
    gen = np.random.default_rng(3)
    a, b = he_normal((16, 16), rng=gen), he_normal((16, 16), rng=gen)
    assert not np.array_equal(a, b)
    gen = np.random.default_rng(3)
    np.testing.assert_array_equal(he_normal((16, 16), rng=gen), a)


@pytest.mark.parametrize("fn", [zeros, _case(constant, 2.0), uniform, normal, truncated_normal])
@table
def test_one_dimensional_shapes_allowed_for_biases(fn, dtype):
    assert fn((7,), rng=0, dtype=dtype).shape == (7,)
    assert fn(7, rng=0, dtype=dtype).shape == (7,)


def test_constant_values():
    np.testing.assert_array_equal(zeros((3, 2)), np.zeros((3, 2)))
    w = constant((3, 2), -0.25, dtype=np.float32)
    assert w.dtype == np.float32 and np.all(w == np.float32(-0.25))
    assert np.all(SCHEMES["constant"]((4, 4)) == 0.5)


def test_aliases_are_the_same_objects():
    assert initlab.xavier_uniform is glorot_uniform
    assert initlab.xavier_normal is glorot_normal
    assert initlab.kaiming_uniform is he_uniform
    assert initlab.kaiming_normal is he_normal


def test_get_scheme_and_as_initializer():
    for name, scheme in SCHEMES.items():
        assert get_scheme(name) is scheme
        assert initlab.as_initializer(name) is scheme
        assert scheme.name == name and scheme.label
    assert initlab.as_initializer(he_normal) is he_normal


#: The initializer call each entry of SCHEMES stands for, written out by hand.
SCHEME_AS_CALL = {
    "zeros": zeros,
    "constant": _case(constant, 0.5),
    "small_uniform": _case(uniform, -0.1, 0.1),
    "small_normal": _case(normal, 0.0, 0.01),
    "large_normal": _case(normal, 0.0, 10.0),
    "standard_uniform": _case(variance_scaling, 1 / 3, "fan_in", "uniform"),
    "lecun_normal": lecun_normal,
    "lecun_uniform": lecun_uniform,
    "glorot_normal": glorot_normal,
    "glorot_uniform": glorot_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
    "orthogonal": orthogonal,
}


def test_schemes_are_the_thirteen_of_the_site_in_order():
    assert list(SCHEMES) == list(SCHEME_AS_CALL)
    assert [s.distribution for s in SCHEMES.values()] == [
        "constant",
        "constant",
        "uniform",
        "normal",
        "normal",
        "uniform",
        "normal",
        "uniform",
        "normal",
        "uniform",
        "normal",
        "uniform",
        "orthogonal",
    ]


@pytest.mark.parametrize("name", list(SCHEME_AS_CALL))
@pytest.mark.parametrize("shape", [(256, 784), (300, 301), (64, 32, 3, 3)], ids=["dense", "multiblock", "conv"])
@table
def test_each_scheme_draws_what_its_initializer_draws(name, shape, dtype):
    np.testing.assert_array_equal(
        SCHEMES[name](shape, rng=5, dtype=dtype), SCHEME_AS_CALL[name](shape, rng=5, dtype=dtype), strict=True
    )


def test_standard_uniform_is_pytorch_default_and_small_uniform_has_bound_one_tenth():
    # PyTorch's nn.Linear default, kaiming_uniform_(w, a=sqrt(5)): 2 / (1 + 5) = 1/3 up to rounding,
    # so the two differ by a few ulps of the bound 1/sqrt(32)
    np.testing.assert_allclose(
        SCHEMES["standard_uniform"]((64, 32), rng=1), he_uniform((64, 32), math.sqrt(5), rng=1), rtol=0, atol=1e-15
    )
    assert initlab.initializers.uniform_bound(SCHEMES["small_uniform"].stddev) == 0.1


def test_scheme_std_and_repr():
    shape = (256, 784)
    assert [s.std(shape) for s in SCHEMES.values()] == pytest.approx(
        [
            0.0,
            0.0,
            0.1 / math.sqrt(3),
            0.01,
            10.0,
            math.sqrt(1 / (3 * 784)),
            math.sqrt(1 / 784),
            math.sqrt(1 / 784),
            math.sqrt(2 / 1040),
            math.sqrt(2 / 1040),
            math.sqrt(2 / 784),
            math.sqrt(2 / 784),
            1 / math.sqrt(784),
        ],
        rel=1e-15,
    )
    assert repr(SCHEMES["he_normal"]) == "Scheme('he_normal', 'He normal', 'normal', scale=2.0, mode='fan_in')"
    for scheme in SCHEMES.values():
        assert eval(repr(scheme), {"Scheme": initlab.Scheme}) == scheme


@pytest.mark.parametrize(
    "distribution, parameters",
    [
        ("constant", {"constant": -3}),
        ("constant", {"constant": np.float32(0.25)}),
        ("normal", {"stddev": np.float64(0.1)}),
        ("truncated_normal", {"stddev": 1}),
        ("uniform", {"scale": 6, "mode": "fan_out"}),
        ("truncated_normal", {"scale": 0.5, "mode": "fan_avg"}),
        ("orthogonal", {"gain": 2}),
    ],
)
def test_new_schemes_draw(distribution, parameters):
    scheme = initlab.Scheme("mine", "my scheme", distribution, **parameters)
    w = scheme((32, 16), rng=0)
    assert w.shape == (32, 16) and np.all(np.isfinite(w))
    assert initlab.as_initializer(scheme) is scheme


# --------------------------------------------------------------------------- statistics

#: (shape, fan_in, fan_out), the fans written out by hand.
FANS = [
    ((256, 784), 784, 256),
    ((64, 8), 8, 64),
    ((8, 64), 64, 8),
    ((256, 32, 5), 160, 1280),
    ((64, 32, 3, 3), 288, 576),
    ((32, 16, 3, 3, 3), 432, 864),
]
fan_cases = pytest.mark.parametrize("shape, fi, fo", FANS, ids=[str(s) for s, _, _ in FANS])

KURTOSIS_NORMAL = 3.0
KURTOSIS_UNIFORM = 9 / 5
KURTOSIS_TRUNCATED = 3.0 + float(stats.truncnorm(-2, 2).stats(moments="k"))  # scipy gives the excess


def assert_moments(w, mean, std, kurtosis, k=5.0):
    """Sample mean and second central moment about ``mean`` within ``k`` standard errors."""
    x = np.asarray(w, dtype=np.float64).ravel() - mean
    n = x.size
    se_mean = std / math.sqrt(n)
    se_var = std**2 * math.sqrt((kurtosis - 1) / n)
    assert abs(x.mean()) < k * se_mean, (x.mean(), se_mean)
    assert abs(np.mean(x**2) - std**2) < k * se_var, (math.sqrt(np.mean(x**2)), std, se_var)


def assert_uniform_bound(w, bound):
    """Inside [-bound, bound] and both ends nearly reached.

    For n draws of U(-b, b), P(no draw in [b(1 - t), b]) = (1 - t/2)^n <= exp(-t n / 2);
    t = 40/n makes that e^-20 per end.
    """
    x = np.asarray(w, dtype=np.float64).ravel()
    slack = bound * (np.finfo(w.dtype).eps if w.dtype == np.float32 else 0.0)
    assert np.max(np.abs(x)) <= bound + slack
    t = 40 / x.size
    assert x.max() > bound * (1 - t) and x.min() < -bound * (1 - t)


def normal_std_cases(fi, fo, a=0.2):
    """(initializer, expected std) for the normal-family fan schemes, formulas written out by hand."""
    return [
        (glorot_normal, math.sqrt(2 / (fi + fo))),
        (_case(glorot_normal, 1.5), 1.5 * math.sqrt(2 / (fi + fo))),
        (he_normal, math.sqrt(2 / fi)),
        (_case(he_normal, 0.0, "fan_out"), math.sqrt(2 / fo)),
        (_case(he_normal, a), math.sqrt(2 / ((1 + a**2) * fi))),
        (lecun_normal, math.sqrt(1 / fi)),
        (_case(variance_scaling, 0.7, "fan_in", "normal"), math.sqrt(0.7 / fi)),
        (_case(variance_scaling, 0.7, "fan_out", "normal"), math.sqrt(0.7 / fo)),
        (_case(variance_scaling, 0.7, "fan_avg", "normal"), math.sqrt(0.7 / ((fi + fo) / 2))),
    ]


def truncated_std_cases(fi, fo, a=0.2):
    return [
        (_case(glorot_normal, truncated=True), math.sqrt(2 / (fi + fo))),
        (_case(he_normal, a, "fan_out", truncated=True), math.sqrt(2 / ((1 + a**2) * fo))),
        (_case(lecun_normal, truncated=True), math.sqrt(1 / fi)),
        (_case(variance_scaling, 3.0, "fan_avg", "truncated_normal"), math.sqrt(3.0 / ((fi + fo) / 2))),
    ]


def uniform_bound_cases(fi, fo, a=0.2):
    return [
        (glorot_uniform, math.sqrt(6 / (fi + fo))),
        (_case(glorot_uniform, 5 / 3), 5 / 3 * math.sqrt(6 / (fi + fo))),
        (he_uniform, math.sqrt(6 / fi)),
        (_case(he_uniform, 0.0, "fan_out"), math.sqrt(6 / fo)),
        (_case(he_uniform, a), math.sqrt(6 / ((1 + a**2) * fi))),
        (lecun_uniform, math.sqrt(3 / fi)),
        (SCHEMES["standard_uniform"], 1 / math.sqrt(fi)),
        (_case(variance_scaling, 0.7, "fan_out", "uniform"), math.sqrt(3 * 0.7 / fo)),
        (_case(variance_scaling, 0.7, "fan_avg", "uniform"), math.sqrt(3 * 0.7 / ((fi + fo) / 2))),
    ]


@fan_cases
def test_normal_schemes_hit_the_formula_std(shape, fi, fo):
    for i, (init, std) in enumerate(normal_std_cases(fi, fo)):
        assert_moments(init(shape, rng=100 + i), 0.0, std, KURTOSIS_NORMAL)


@fan_cases
def test_truncated_schemes_hit_the_formula_std_and_stay_inside(shape, fi, fo):
    for i, (init, std) in enumerate(truncated_std_cases(fi, fo)):
        w = init(shape, rng=200 + i)
        assert_moments(w, 0.0, std, KURTOSIS_TRUNCATED)
        assert np.max(np.abs(w)) <= 2 * std / TRUNCATED_STD


@fan_cases
def test_uniform_schemes_hit_the_formula_bound(shape, fi, fo):
    for i, (init, bound) in enumerate(uniform_bound_cases(fi, fo)):
        w = init(shape, rng=300 + i)
        assert_uniform_bound(w, bound)
        assert_moments(w, 0.0, bound / math.sqrt(3), KURTOSIS_UNIFORM)


@table
def test_float32_statistics(dtype):
    fi, fo = 784, 256
    w = he_normal((256, 784), rng=1, dtype=dtype)
    assert_moments(w, 0.0, math.sqrt(2 / fi), KURTOSIS_NORMAL)
    w = glorot_uniform((256, 784), rng=2, dtype=dtype)
    assert_uniform_bound(w, math.sqrt(6 / (fi + fo)))


def test_plain_distributions_moments():
    assert_moments(normal((300, 300), 1.5, 0.3, rng=1), 1.5, 0.3, KURTOSIS_NORMAL)
    w = uniform((300, 300), 2.0, 5.0, rng=2)
    assert w.min() >= 2.0 and w.max() < 5.0
    assert_moments(w, 3.5, 3.0 / math.sqrt(12), KURTOSIS_UNIFORM)


def test_truncated_normal_uncorrected_and_corrected():
    sigma, mean = 0.3, -1.0
    w = truncated_normal((300, 300), mean, sigma, rng=3)
    assert np.all(np.abs(w - mean) <= 2 * sigma)
    assert_moments(w, mean, 0.8796256610342398 * sigma, KURTOSIS_TRUNCATED)
    w = truncated_normal((300, 300), mean, sigma, correct_std=True, rng=4)
    assert np.all(np.abs(w - mean) <= 2 * sigma / 0.8796256610342398)
    assert_moments(w, mean, sigma, KURTOSIS_TRUNCATED)


STREAM_SHAPES = [(7,), (300, 301), (3 * 65536 + 5,)]  # one partial block, several, several plus a tail


@pytest.mark.parametrize("shape", STREAM_SHAPES, ids=str)
@table
def test_normal_and_uniform_are_one_generator_call_scaled(shape, dtype):
    """The draws are those of one Generator call over the whole array, then scaled and shifted."""
    z = np.random.default_rng(9).standard_normal(shape, dtype=dtype)
    z *= 0.7
    z += 0.3
    np.testing.assert_array_equal(normal(shape, 0.3, 0.7, rng=9, dtype=dtype), z, strict=True)
    u = np.random.default_rng(9).random(shape, dtype=dtype)
    u *= 0.75
    u += -0.25
    np.testing.assert_array_equal(uniform(shape, -0.25, 0.5, rng=9, dtype=dtype), u, strict=True)


@pytest.mark.parametrize("shape", STREAM_SHAPES, ids=str)
@table
def test_truncated_normal_redraws_block_by_block(shape, dtype):
    """Pins the random stream: 65536 values at a time are drawn, then their |z| > 2 redrawn until none is left.

    Redrawing over the whole array instead would give other weights for the
    same seed once an array holds more than one block.
    """
    gen = np.random.default_rng(9)
    z = np.empty(shape, dtype=dtype)
    flat = z.reshape(-1)
    for start in range(0, flat.size, 65536):
        block = flat[start : start + 65536]
        gen.standard_normal(out=block, dtype=dtype)
        while np.any(outside := np.abs(block) > 2.0):
            block[outside] = gen.standard_normal(np.count_nonzero(outside), dtype=dtype)
    z *= 0.1
    np.testing.assert_array_equal(truncated_normal(shape, 0.0, 0.1, rng=9, dtype=dtype), z, strict=True)


def test_truncated_std_constant():
    assert abs(TRUNCATED_STD - 0.87962566103423978) < 1e-15
    assert abs(TRUNCATED_STD - float(stats.truncnorm(-2, 2).std())) < 1e-15


# KS tests. The seeds are fixed, so each p-value is one fixed number: the test
# checks that the library's draws are a typical sample of the exact law. Under
# the null, p ~ U(0, 1), so a correct sampler lands below 1e-3 for only 1 seed
# in 1000; a wrong scale (even 1% off at n = 200k) gives p ~ 0.
KS_N_SHAPE = (256, 784)


def ks_cases():
    fi, fo = 784, 256
    s_glorot = math.sqrt(2 / (fi + fo))
    s_he = math.sqrt(2 / fi)
    s_lecun = math.sqrt(1 / fi)
    b_glorot = math.sqrt(6 / (fi + fo))
    return {
        "glorot_normal": (glorot_normal, stats.norm(0, s_glorot)),
        "he_normal": (he_normal, stats.norm(0, s_he)),
        "lecun_normal(truncated)": (
            _case(lecun_normal, truncated=True),
            stats.truncnorm(-2, 2, scale=s_lecun / TRUNCATED_STD),
        ),
        "truncated_normal": (_case(truncated_normal, 0.0, 0.1), stats.truncnorm(-2, 2, scale=0.1)),
        "glorot_uniform": (glorot_uniform, stats.uniform(-b_glorot, 2 * b_glorot)),
        "he_uniform(leaky)": (
            _case(he_uniform, 0.2),
            stats.uniform(-math.sqrt(6 / (1.04 * fi)), 2 * math.sqrt(6 / (1.04 * fi))),
        ),
        "uniform": (_case(uniform, -1.0, 3.0), stats.uniform(-1.0, 4.0)),
    }


@pytest.mark.parametrize("name", list(ks_cases()))
@table
def test_ks_against_exact_distribution(name, dtype):
    init, dist = ks_cases()[name]
    w = init(KS_N_SHAPE, rng=2024, dtype=dtype)
    result = stats.kstest(w.astype(np.float64).ravel(), dist.cdf)
    assert result.pvalue > 1e-3, result


def test_ks_detects_a_wrong_std():
    """The KS test above can fail: a std 3% off is rejected at this sample size."""
    w = he_normal(KS_N_SHAPE, rng=2024)
    assert stats.kstest(w.ravel(), stats.norm(0, 1.03 * math.sqrt(2 / 784)).cdf).pvalue < 1e-3


ORTHO_SHAPES = {
    "square": (64, 64),
    "tall": (64, 8),
    "wide": (8, 64),
    "conv_wide": (16, 8, 3, 3),
    "conv_tall": (128, 4, 3, 3),
    "conv3d": (40, 2, 2, 2, 2),
}


@pytest.mark.parametrize("shape", list(ORTHO_SHAPES.values()), ids=list(ORTHO_SHAPES))
@pytest.mark.parametrize("gain", [1.0, 2.5])
@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-10), (np.float32, 1e-5)], ids=["f64", "f32"])
def test_orthogonal(shape, gain, dtype, tol):
    w = orthogonal(shape, gain, rng=11, dtype=dtype)
    assert w.shape == shape and w.dtype == dtype
    m = w.reshape(shape[0], -1).astype(np.float64)
    gram = m.T @ m if m.shape[0] >= m.shape[1] else m @ m.T
    np.testing.assert_allclose(gram, gain**2 * np.eye(gram.shape[0]), rtol=0, atol=tol * gain**2)


def test_orthogonal_is_not_a_fixed_matrix():
    """Sign correction makes Q Haar: its diagonal is not all positive (unlike raw QR with R > 0)."""
    q = orthogonal((200, 200), rng=5)
    assert 0.3 < np.mean(np.diag(q) > 0) < 0.7


# --------------------------------------------------------------------------- errors

FAN_BASED = {
    "variance_scaling": variance_scaling,
    "glorot_uniform": glorot_uniform,
    "glorot_normal": glorot_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
    "lecun_uniform": lecun_uniform,
    "lecun_normal": lecun_normal,
    "orthogonal": orthogonal,
    **{
        f"scheme:{n}": s
        for n, s in SCHEMES.items()
        if n not in {"zeros", "constant", "small_uniform", "small_normal", "large_normal"}
    },
}
ANY_SHAPE = {
    "zeros": zeros,
    "constant": _case(constant, 1.0),
    "uniform": uniform,
    "normal": normal,
    "truncated_normal": truncated_normal,
}
EVERY = {**FAN_BASED, **ANY_SHAPE}


def raises(exc, *parts):
    """pytest.raises matching every literal part, in order."""
    return pytest.raises(exc, match=".*".join(re.escape(p) for p in parts))


@pytest.mark.parametrize("name", list(FAN_BASED))
@pytest.mark.parametrize("shape", [(5,), 5], ids=["1d", "int"])
def test_fan_based_reject_one_dimension(name, shape):
    with raises(ValueError, "shape", "at least 2 dimensions", "got (5,)"):
        FAN_BASED[name](shape)


BAD_SHAPES = [
    ((), ValueError, ["shape", "()"]),
    ((0, 3), ValueError, ["shape", "(0, 3)"]),
    ((3, -2), ValueError, ["shape", "(3, -2)"]),
    ((3, 2.0), TypeError, ["shape", "(3, 2.0)", "2.0"]),
    ((3, True), TypeError, ["shape", "(3, True)", "True"]),
    ((3, "4"), TypeError, ["shape", "'4'"]),
    ("34", TypeError, ["shape", "'34'"]),
    (None, TypeError, ["shape", "None"]),
    (3.0, TypeError, ["shape", "3.0"]),
]


@pytest.mark.parametrize("name", list(EVERY))
@pytest.mark.parametrize("shape, exc, parts", BAD_SHAPES, ids=[repr(s[0]) for s in BAD_SHAPES])
def test_bad_shapes(name, shape, exc, parts):
    with raises(exc, *parts):
        EVERY[name](shape)


@pytest.mark.parametrize("name", list(EVERY))
@pytest.mark.parametrize("dtype", [np.int32, "int32", np.float16, "foo", np.complex128, object, ">f8"])
def test_bad_dtype(name, dtype):
    with raises(TypeError, "dtype", repr(dtype)):
        EVERY[name]((4, 4), dtype=dtype)


@pytest.mark.parametrize(
    "name", [n for n in EVERY if n not in {"zeros", "constant", "scheme:zeros", "scheme:constant"}]
)
@pytest.mark.parametrize("rng", ["seed", 1.5, -1, True, np.random.RandomState(0), [1, 2]], ids=repr)
def test_bad_rng(name, rng):
    with raises(TypeError, "rng", repr(rng)):
        EVERY[name]((4, 4), rng=rng)


BAD_CALLS = [
    # (call, exception, literal parts of the message)
    (lambda: variance_scaling((4, 4), mode="fan_geo_avg"), ValueError, ["mode", "'fan_geo_avg'"]),
    (lambda: variance_scaling((4, 4), mode=None), ValueError, ["mode", "None"]),
    (lambda: variance_scaling((4, 4), distribution="gaussian"), ValueError, ["distribution", "'gaussian'"]),
    (lambda: he_normal((4, 4), mode="fan_avg2"), ValueError, ["mode", "'fan_avg2'"]),
    (lambda: he_uniform((4, 4), mode="FAN_IN"), ValueError, ["mode", "'FAN_IN'"]),
    (lambda: get_scheme("kaiming"), ValueError, ["scheme", "'kaiming'"]),
    (lambda: get_scheme(None), ValueError, ["scheme", "None"]),
    (lambda: initlab.as_initializer(3), TypeError, ["initializer", "3"]),
    (lambda: variance_scaling((4, 4), 0.0), ValueError, ["scale", "0.0"]),
    (lambda: variance_scaling((4, 4), -2), ValueError, ["scale", "-2"]),
    (lambda: variance_scaling((4, 4), math.inf), ValueError, ["scale", "inf"]),
    (lambda: variance_scaling((4, 4), math.nan), ValueError, ["scale", "nan"]),
    (lambda: variance_scaling((4, 4), "1"), TypeError, ["scale", "'1'"]),
    (lambda: variance_scaling((4, 4), True), TypeError, ["scale", "True"]),
    (lambda: variance_scaling((4, 4), 1e300, dtype=np.float32), ValueError, ["scale", "1e+300"]),
    (lambda: variance_scaling((784, 784), 5e-324), ValueError, ["scale", "5e-324"]),
    (lambda: normal((4, 4), std=0.0), ValueError, ["std", "0.0"]),
    (lambda: normal((4, 4), std=-1.0), ValueError, ["std", "-1.0"]),
    (lambda: normal((4, 4), std=math.inf), ValueError, ["std", "inf"]),
    (lambda: normal((4, 4), std=math.nan), ValueError, ["std", "nan"]),
    (lambda: normal((4, 4), mean=math.nan), ValueError, ["mean", "nan"]),
    (lambda: normal((4, 4), std=1e307), ValueError, ["std", "1e+307"]),
    (lambda: normal((4, 4), std=1e37, dtype=np.float32), ValueError, ["std", "1e+37"]),
    (lambda: truncated_normal((4, 4), std=-0.1), ValueError, ["std", "-0.1"]),
    (lambda: truncated_normal((4, 4), std=1e38, dtype=np.float32), ValueError, ["std", "1e+38"]),
    (lambda: truncated_normal((4, 4), correct_std=1), TypeError, ["correct_std", "1"]),
    (lambda: uniform((4, 4), 1.0, 1.0), ValueError, ["low", "high", "1.0"]),
    (lambda: uniform((4, 4), 2.0, -1.0), ValueError, ["low", "2.0", "high", "-1.0"]),
    (lambda: uniform((4, 4), -math.inf, 0.0), ValueError, ["low", "-inf"]),
    (lambda: uniform((4, 4), -1e308, 1e308), ValueError, ["low", "high"]),
    (lambda: uniform((4, 4), -1e39, 0.0, dtype=np.float32), ValueError, ["low", "-1e+39"]),
    (lambda: uniform((4, 4), "0", 1.0), TypeError, ["low", "'0'"]),
    (lambda: constant((4, 4), math.nan), ValueError, ["value", "nan"]),
    (lambda: constant((4, 4), 1e39, dtype=np.float32), ValueError, ["value", "1e+39"]),
    (lambda: constant((4, 4), None), TypeError, ["value", "None"]),
    (lambda: glorot_uniform((4, 4), 0.0), ValueError, ["gain", "0.0"]),
    (lambda: glorot_normal((4, 4), -1.0), ValueError, ["gain", "-1.0"]),
    (lambda: glorot_normal((4, 4), math.inf), ValueError, ["gain", "inf"]),
    (lambda: glorot_uniform((4, 4), 1e200), ValueError, ["gain", "1e+200"]),
    (lambda: glorot_normal((4, 4), truncated="yes"), TypeError, ["truncated", "'yes'"]),
    (lambda: he_normal((4, 4), -0.1), ValueError, ["negative_slope", "-0.1"]),
    (lambda: he_uniform((4, 4), math.nan), ValueError, ["negative_slope", "nan"]),
    (lambda: he_uniform((4, 4), 1e200), ValueError, ["negative_slope", "1e+200"]),
    (lambda: lecun_normal((4, 4), truncated=None), TypeError, ["truncated", "None"]),
    (lambda: orthogonal((4, 4), 0.0), ValueError, ["gain", "0.0"]),
    (lambda: orthogonal((4, 4), math.nan), ValueError, ["gain", "nan"]),
    (lambda: orthogonal((4, 4), 1e300, dtype=np.float32), ValueError, ["gain", "1e+300"]),
]


@pytest.mark.parametrize("call, exc, parts", BAD_CALLS, ids=[" ".join(c[2]) for c in BAD_CALLS])
def test_bad_arguments_are_named_in_the_message(call, exc, parts):
    with raises(exc, *parts):
        call()


BAD_SCHEMES = [
    # (positional arguments, keyword parameters, exception, literal parts of the message)
    (("x", "x", "gaussian"), {"stddev": 0.1}, ValueError, ["distribution", "'normal'", "'gaussian'"]),
    (("x", "x", None), {"stddev": 0.1}, ValueError, ["distribution", "None"]),
    ((3, "x", "normal"), {"stddev": 0.1}, TypeError, ["name", "string", "3"]),
    (("x", None, "normal"), {"stddev": 0.1}, TypeError, ["label", "string", "None"]),
    # the parameters given must be exactly a set the distribution takes
    (("x", "x", "constant"), {}, TypeError, ["'constant' scheme takes constant=", "none of them"]),
    (
        ("x", "x", "constant"),
        {"constant": 0.5, "stddev": 0.1},
        TypeError,
        ["stddev=0.1", "does not apply", "'constant' scheme takes constant="],
    ),
    (("x", "x", "constant"), {"constant": 0.5, "mode": "fan_in"}, TypeError, ["mode='fan_in'", "does not apply"]),
    (("x", "x", "normal"), {}, TypeError, ["'normal' scheme takes either stddev=", "scale=", "mode=", "none of them"]),
    (
        ("x", "x", "normal"),
        {"stddev": 0.1, "scale": 2.0, "mode": "fan_in"},
        TypeError,
        ["'normal' scheme takes either stddev=", "got stddev=0.1, scale=2.0, mode='fan_in'"],
    ),
    (
        ("x", "x", "uniform"),
        {"stddev": 0.1, "mode": "fan_in"},
        TypeError,
        ["'uniform' scheme takes either stddev=", "got stddev=0.1, mode='fan_in'"],
    ),
    (("x", "x", "normal"), {"scale": 2.0}, TypeError, ["scale=2.0", "needs mode"]),
    (("x", "x", "truncated_normal"), {"mode": "fan_in"}, TypeError, ["mode='fan_in'", "needs scale"]),
    (("x", "x", "normal"), {"gain": 1.0}, TypeError, ["gain=1.0", "does not apply", "'normal'"]),
    (("x", "x", "uniform"), {"constant": 0.5}, TypeError, ["constant=0.5", "does not apply", "'uniform'"]),
    (("x", "x", "orthogonal"), {}, TypeError, ["'orthogonal' scheme takes gain=", "none of them"]),
    (("x", "x", "orthogonal"), {"gain": 1.0, "mode": "fan_in"}, TypeError, ["mode='fan_in'", "does not apply"]),
    (("x", "x", "orthogonal"), {"scale": 2.0, "mode": "fan_in"}, TypeError, ["scale=2.0", "does not apply"]),
    # then each value must be valid
    (("x", "x", "constant"), {"constant": math.nan}, ValueError, ["constant", "nan"]),
    (("x", "x", "constant"), {"constant": "0"}, TypeError, ["constant", "'0'"]),
    (("x", "x", "constant"), {"constant": True}, TypeError, ["constant", "True"]),
    (("x", "x", "normal"), {"stddev": 0.0}, ValueError, ["stddev", "> 0", "0.0"]),
    (("x", "x", "uniform"), {"stddev": -1}, ValueError, ["stddev", "> 0", "-1"]),
    (("x", "x", "normal"), {"stddev": math.inf}, ValueError, ["stddev", "inf"]),
    (("x", "x", "truncated_normal"), {"stddev": "0.1"}, TypeError, ["stddev", "'0.1'"]),
    (("x", "x", "normal"), {"scale": -2.0, "mode": "fan_in"}, ValueError, ["scale", "> 0", "-2.0"]),
    (("x", "x", "normal"), {"scale": math.nan, "mode": "fan_in"}, ValueError, ["scale", "nan"]),
    (
        ("x", "x", "uniform"),
        {"scale": 1.0, "mode": "fan_geo_avg"},
        ValueError,
        ["mode", "'fan_in', 'fan_out', 'fan_avg'", "'fan_geo_avg'"],
    ),
    (("x", "x", "uniform"), {"scale": 1.0, "mode": 1}, ValueError, ["mode", "1"]),
    (("x", "x", "orthogonal"), {"gain": 0}, ValueError, ["gain", "> 0", "0"]),
    (("x", "x", "orthogonal"), {"gain": None, "scale": 1.0}, TypeError, ["scale=1.0", "does not apply"]),
]


@pytest.mark.parametrize("args, parameters, exc, parts", BAD_SCHEMES, ids=[" ".join(c[3]) for c in BAD_SCHEMES])
def test_bad_schemes_are_named_in_the_message(args, parameters, exc, parts):
    with raises(exc, *parts):
        initlab.Scheme(*args, **parameters)


def test_scheme_parameters_are_keyword_only():
    with pytest.raises(TypeError, match="positional"):
        initlab.Scheme("x", "x", "normal", 0.1)
