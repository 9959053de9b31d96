"""Fuzzing with hypothesis: any call either returns a valid weight or names what is wrong.

For every call to :func:`variance_scaling`, the named schemes and the entries
of ``SCHEMES``, over valid and invalid shapes, dtypes, modes, distributions
and scales: the result is an array of exactly the requested shape and dtype
with only finite values, or a ValueError/TypeError whose message names an
argument that this test (independently of the library) judges invalid.

Only one exception to "valid arguments give a weight": a valid but huge
scale/gain whose draws would overflow the dtype may raise, naming it.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initlab import (
    SCHEMES,
    Scheme,
    get_scheme,
    glorot_normal,
    glorot_uniform,
    he_normal,
    he_uniform,
    lecun_normal,
    lecun_uniform,
    orthogonal,
    variance_scaling,
)

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

good_size = st.integers(1, 8)  # up to 4 axes of <= 8: at most 4096 elements
bad_size = st.one_of(
    st.integers(-3, 0), st.floats(allow_nan=True), st.booleans(), st.just("3"), st.none(), st.just(2.0)
)
shapes = st.one_of(
    st.lists(good_size, min_size=0, max_size=4).map(tuple),
    st.lists(st.one_of(good_size, bad_size), min_size=0, max_size=4).map(tuple),
    good_size,  # a bare int is a 1-D shape
)
GOOD_DTYPES = [np.float32, np.float64, "float32", "float64", "f4", "<f8", np.dtype("float32")]
dtypes = st.sampled_from(GOOD_DTYPES + [np.int32, "int64", np.float16, "foo", np.complex64, object, bool, ">f8"])
modes = st.sampled_from(["fan_in", "fan_out", "fan_avg", "fan_geo_avg", "FAN_IN", "", None, 1])
distributions = st.sampled_from(["normal", "truncated_normal", "uniform", "gaussian", "Normal", None, 0])
reals = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 0.0, -0.0, 1, 2, -1.5, 1e300, 1e-300, 5e-324, 1e38, math.inf, -math.inf, math.nan]),
    st.integers(-5, 5),
    st.just("1.0"),
    st.none(),
    st.booleans(),
)
rngs = st.one_of(st.integers(0, 2**63), st.integers(0, 100).map(np.random.default_rng))


def shape_ok(shape, min_ndim=2):
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    return (
        all(isinstance(s, numbers.Integral) and not isinstance(s, bool) and s >= 1 for s in shape)
        and len(shape) >= min_ndim
    )


def as_tuple(shape):
    return (shape,) if isinstance(shape, int) else tuple(shape)


def dtype_ok(dtype):
    return any(dtype is d or (isinstance(dtype, (str, np.dtype)) and dtype == d) for d in GOOD_DTYPES)


def positive_ok(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def nonnegative_ok(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def check(call, offending, may_overflow=()):
    """``call()`` returns a valid weight, or raises naming one of the offending arguments.

    ``offending`` maps argument name -> is it invalid. ``may_overflow`` names
    arguments that are valid but may still be refused as too large or too small
    for the dtype (the message then names one of them).
    """
    bad = [name for name, is_bad in offending.items() if is_bad]
    try:
        w = call()
    except (ValueError, TypeError) as exc:
        allowed = bad + list(may_overflow)
        assert allowed, f"valid arguments raised {exc!r}"
        assert any(name in str(exc) for name in allowed), f"{exc!r} names none of {allowed}"
        return None
    assert not bad, f"invalid {bad} accepted"
    assert isinstance(w, np.ndarray)
    assert np.all(np.isfinite(w))
    return w


def check_weight(w, shape, dtype):
    if w is not None:
        assert w.shape == as_tuple(shape)
        assert w.dtype == np.dtype(dtype)


@SETTINGS
@given(shape=shapes, scale=reals, mode=modes, distribution=distributions, dtype=dtypes, rng=rngs)
def test_variance_scaling(shape, scale, mode, distribution, dtype, rng):
    offending = {
        "shape": not shape_ok(shape),
        "scale": not positive_ok(scale),
        "mode": mode not in ("fan_in", "fan_out", "fan_avg"),
        "distribution": distribution not in ("normal", "truncated_normal", "uniform"),
        "dtype": not dtype_ok(dtype),
    }
    w = check(lambda: variance_scaling(shape, scale, mode, distribution, rng=rng, dtype=dtype), offending, ["scale"])
    check_weight(w, shape, dtype)


VALID = {
    "shape": st.lists(good_size, min_size=2, max_size=4).map(tuple),
    "scale": st.one_of(st.floats(1e-6, 1e6), st.integers(1, 5), st.sampled_from([1e-300, 1e300])),
    "mode": st.sampled_from(["fan_in", "fan_out", "fan_avg"]),
    "distribution": st.sampled_from(["normal", "truncated_normal", "uniform"]),
    "dtype": st.sampled_from(GOOD_DTYPES),
}
INVALID = {
    "shape": st.one_of(
        st.lists(good_size, max_size=1).map(tuple),
        st.tuples(good_size, bad_size),
        st.tuples(bad_size, good_size, good_size),
        st.sampled_from([None, "34", 3.0]),
    ),
    "scale": st.one_of(st.floats(max_value=0.0), st.sampled_from([math.inf, math.nan, "1", None, True])),
    "mode": st.sampled_from(["fan_geo_avg", "FAN_IN", "", None, 1]),
    "distribution": st.sampled_from(["gaussian", "Normal", None, 0]),
    "dtype": st.sampled_from([np.int32, "int64", np.float16, "foo", np.complex64, object, bool, ">f8"]),
}


@pytest.mark.parametrize("broken", [None, *VALID])
@settings(SETTINGS, max_examples=100)  # x 6 parametrizations
@given(data=st.data(), rng=rngs)
def test_variance_scaling_one_bad_argument(broken, data, rng):
    """All arguments valid but at most one, which the error must name.

    Parametrized over the broken argument so each small invalid set (every bad
    dtype, mode, distribution) is reached within the example budget.
    """
    args = {name: data.draw(INVALID[name] if name == broken else VALID[name], label=name) for name in VALID}
    shape, dtype = args["shape"], args["dtype"]
    call = lambda: variance_scaling(shape, args["scale"], args["mode"], args["distribution"], rng=rng, dtype=dtype)  # noqa: E731
    w = check(call, {name: name == broken for name in VALID}, ["scale"])
    check_weight(w, shape, dtype)
    if broken is None and args["scale"] <= 1e6:
        assert w is not None  # only an extreme scale (1e300 here) may be refused


NAMED = {
    "glorot_uniform": (glorot_uniform, "gain"),
    "glorot_normal": (glorot_normal, "gain"),
    "he_uniform": (he_uniform, "negative_slope"),
    "he_normal": (he_normal, "negative_slope"),
    "orthogonal": (orthogonal, "gain"),
}


@pytest.mark.parametrize("name", list(NAMED))
@SETTINGS
@given(shape=shapes, param=reals, dtype=dtypes, rng=rngs)
def test_named_schemes_with_a_parameter(name, shape, param, dtype, rng):
    fn, param_name = NAMED[name]
    ok = nonnegative_ok if param_name == "negative_slope" else positive_ok
    offending = {"shape": not shape_ok(shape), param_name: not ok(param), "dtype": not dtype_ok(dtype)}
    # glorot and he pass their parameter on as variance_scaling's scale (gain**2, 2/(1+a**2)):
    # a valid but extreme value may be refused under either name
    w = check(lambda: fn(shape, param, rng=rng, dtype=dtype), offending, [param_name, "scale"])
    check_weight(w, shape, dtype)


@pytest.mark.parametrize("fn", [lecun_uniform, lecun_normal, glorot_normal, he_normal], ids=lambda f: f.__name__)
@SETTINGS
@given(shape=shapes, dtype=dtypes, rng=rngs, truncated=st.sampled_from([True, False, np.True_, 1, "yes", None]))
def test_normal_flavours(fn, shape, dtype, rng, truncated):
    if fn is lecun_uniform:
        call, offending = lambda: fn(shape, rng=rng, dtype=dtype), {}
    else:
        call = lambda: fn(shape, truncated=truncated, rng=rng, dtype=dtype)  # noqa: E731
        offending = {"truncated": not isinstance(truncated, (bool, np.bool_))}
    offending |= {"shape": not shape_ok(shape), "dtype": not dtype_ok(dtype)}
    check_weight(check(call, offending), shape, dtype)


ONE_D_OK = {"zeros", "constant", "small_uniform", "small_normal", "large_normal"}


@SETTINGS
@given(name=st.sampled_from([*SCHEMES, "kaiming", "Glorot_uniform", ""]), shape=shapes, dtype=dtypes, rng=rngs)
def test_schemes(name, shape, dtype, rng):
    if name not in SCHEMES:
        with pytest.raises(ValueError, match="scheme"):
            get_scheme(name)
        return
    offending = {
        "shape": not shape_ok(shape, min_ndim=1 if name in ONE_D_OK else 2),
        "dtype": not dtype_ok(dtype),
    }
    w = check(lambda: get_scheme(name)(shape, rng=rng, dtype=dtype), offending)
    check_weight(w, shape, dtype)
    if w is not None:
        # deterministic: the same seed gives the same weight
        seed = 12345
        np.testing.assert_array_equal(
            get_scheme(name)(shape, rng=seed, dtype=dtype), get_scheme(name)(shape, rng=seed, dtype=dtype)
        )


#: What each scheme distribution takes, written out here: exactly one of these sets of parameters.
SCHEME_SETS = {
    "constant": [{"constant"}],
    "normal": [{"stddev"}, {"scale", "mode"}],
    "truncated_normal": [{"stddev"}, {"scale", "mode"}],
    "uniform": [{"stddev"}, {"scale", "mode"}],
    "orthogonal": [{"gain"}],
}
PARAMETERS = ("constant", "stddev", "scale", "mode", "gain")
any_parameters = st.sets(st.sampled_from(PARAMETERS), max_size=3)
# half valid values, half anything (reals and modes hold bad ones too)
SCHEME_VALUES = {
    "constant": st.one_of(st.floats(-1e3, 1e3), reals),
    "stddev": st.one_of(st.floats(1e-3, 1e3), reals),
    "scale": st.one_of(st.floats(1e-3, 1e3), reals),
    "mode": st.one_of(st.sampled_from(["fan_in", "fan_out", "fan_avg"]), modes),
    "gain": st.one_of(st.floats(1e-3, 1e3), reals),
}
#: Names a valid scheme's draw may be refused under when a value is too large for the dtype:
#: the scheme passes its parameter on as the initializer's (constant -> value, stddev -> std or low/high).
OVERFLOW_NAMES = {"constant": ["value"], "stddev": ["std", "low", "high"], "scale": ["scale"], "gain": ["gain"]}


def real_ok(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


@SETTINGS
@given(
    data=st.data(),
    distribution=st.sampled_from([*SCHEME_SETS, "gaussian", None]),
    shape=st.lists(good_size, min_size=2, max_size=4).map(tuple),
    dtype=st.sampled_from(GOOD_DTYPES),
    rng=rngs,
)
def test_scheme_construction(data, distribution, shape, dtype, rng):
    """A Scheme is built from exactly the parameters its distribution takes, valid ones, or the error names one."""
    # half the time a set the distribution takes, so that valid schemes are drawn from too
    takes = st.sampled_from(SCHEME_SETS[distribution]) if distribution in SCHEME_SETS else any_parameters
    fields = data.draw(st.one_of(takes, any_parameters), label="fields")
    parameters = {field: data.draw(SCHEME_VALUES[field], label=field) for field in sorted(fields)}
    parameters = {field: value for field, value in parameters.items() if value is not None}  # None means "not given"
    set_ok = distribution in SCHEME_SETS and set(parameters) in SCHEME_SETS[distribution]
    offending = {"distribution": distribution not in SCHEME_SETS}
    for field, value in parameters.items():
        valid = (
            value in ("fan_in", "fan_out", "fan_avg")
            if field == "mode"
            else (real_ok(value) if field == "constant" else positive_ok(value))
        )
        # a parameter the distribution does not take (or one without its partner) is itself offending
        offending[field] = not valid or not set_ok
    if not set_ok and distribution in SCHEME_SETS and not parameters:
        offending |= {field: True for fields in SCHEME_SETS[distribution] for field in fields}  # named as missing
    try:
        scheme = Scheme("mine", "my scheme", distribution, **parameters)
    except (ValueError, TypeError) as exc:
        bad = [name for name, is_bad in offending.items() if is_bad]
        assert bad, f"valid scheme refused: {exc!r}"
        assert any(name in str(exc) for name in bad), f"{exc!r} names none of {bad}"
        return
    assert not any(offending.values()), f"invalid {offending} accepted"
    may_overflow = [name for field in parameters for name in OVERFLOW_NAMES.get(field, [])]
    check_weight(check(lambda: scheme(shape, rng=rng, dtype=dtype), {}, may_overflow), shape, dtype)
