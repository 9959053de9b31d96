r"""Schemes: named initialization laws that experiments and figures loop over.

A [`Scheme`][initlab.schemes.Scheme] is data -- a distribution and the
parameters that set its spread -- and [`SCHEMES`][initlab.schemes.SCHEMES]
holds every scheme the site compares, so each scheme's law is written once.
[`scheme_law`][initlab.schemes.scheme_law] and
[`density`][initlab.schemes.density] give a scheme's distribution and exact
probability density for a weight shape.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass

import numpy as np

from ._validation import check_choice, check_positive, check_real, check_shape
from .initializers import (
    MODES,
    TRUNCATED_MASS,
    TRUNCATED_STD,
    TRUNCATION,
    constant,
    normal,
    orthogonal,
    truncated_normal,
    uniform,
    uniform_bound,
    variance_scaling,
    variance_scaling_std,
)

SCHEME_DISTRIBUTIONS: tuple[str, ...] = ("constant", "normal", "truncated_normal", "uniform", "orthogonal")

#: The parameter fields of a [`Scheme`][initlab.schemes.Scheme], in signature order.
SCHEME_PARAMETERS: tuple[str, ...] = ("constant", "stddev", "scale", "mode", "gain")

# For each distribution, the sets of parameters it may be given: exactly one set, complete.
_PARAMETER_SETS: dict[str, tuple[tuple[str, ...], ...]] = {
    "constant": (("constant",),),
    "orthogonal": (("gain",),),
    **{d: (("stddev",), ("scale", "mode")) for d in ("normal", "truncated_normal", "uniform")},
}
_TAKES: dict[str, str] = {
    "constant": "constant= (the value of every weight)",
    "orthogonal": "gain= (every singular value)",
    **{
        d: "either stddev= (a fixed law) or scale= with mode= (variance scaling, std sqrt(scale/fan))"
        for d in ("normal", "truncated_normal", "uniform")
    },
}


@dataclass(frozen=True, repr=False)
class Scheme:
    r"""A named initialization law, for experiments and figures that loop over schemes.

    A scheme is data: a distribution and the parameters that set it, given
    by keyword. Each distribution takes exactly these, and no others:

    | distribution | parameters | weights |
    |---|---|---|
    | `"constant"` | `constant` | all equal to `constant` |
    | `"normal"`, `"truncated_normal"`, `"uniform"` | `stddev` | a fixed law with that std |
    | the same three | `scale` and `mode` | std $\sqrt{\text{scale}/n}$, $n$ the fan `mode` picks |
    | `"orthogonal"` | `gain` | orthogonal, every singular value `gain` |

    The `scale` and `mode` row is
    [`variance_scaling`][initlab.initializers.fan_scaling.variance_scaling], the one
    formula behind the Glorot, He and LeCun schemes.

    Calling a scheme, `scheme(shape, rng=..., dtype=...)`, draws a weight
    through the initializer its law names;
    [`std`][initlab.schemes.Scheme.std] gives the standard deviation it
    targets for a shape. Figures read the law from here, so each scheme's
    parameters are written once.

    Attributes
    ----------
    name
        Registry key, e.g. `"he_normal"`.
    label
        Short human label for legends and tables.
    distribution
        `"constant"`, `"normal"`, `"truncated_normal"`, `"uniform"`
        (zero-mean, symmetric: bound $\sqrt 3$ times the std) or
        `"orthogonal"`.
    constant
        The value of every weight (`"constant"` only).
    stddev
        The standard deviation of a fixed normal, truncated normal or
        uniform law, the same for every shape.
    scale
        The `scale` of [`variance_scaling`][initlab.initializers.fan_scaling.variance_scaling]:
        $\operatorname{Var}(w) = \text{scale}/n$. Goes with `mode`.
    mode
        The fan $n$ that `scale` is divided by: `"fan_in"`, `"fan_out"` or
        `"fan_avg"`. Goes with `scale`.
    gain
        The singular value of an `"orthogonal"` weight.

    Raises
    ------
    ValueError
        If `distribution` or `mode` is not one of the allowed names, or a
        parameter is out of range (`stddev`, `scale` and `gain` must be
        finite and > 0, `constant` finite).
    TypeError
        If `name` or `label` is not a string, a parameter is not a real
        number, or the parameters given are not exactly a set the
        distribution takes.

    Examples
    --------
    >>> normal_01 = Scheme("normal_0.1", "N(0, 0.1²)", "normal", stddev=0.1)
    >>> round(float(normal_01((256, 784), rng=0).std()), 3)
    0.1
    >>> SCHEMES["he_normal"]
    Scheme('he_normal', 'He normal', 'normal', scale=2.0, mode='fan_in')
    >>> SCHEMES["he_normal"].std((256, 784))
    0.050507627227610534
    """

    name: str
    label: str
    distribution: str
    _: KW_ONLY
    constant: float | None = None
    stddev: float | None = None
    scale: float | None = None
    mode: str | None = None
    gain: float | None = None

    def __post_init__(self) -> None:
        for field in ("name", "label"):
            value = getattr(self, field)
            if not isinstance(value, str):
                raise TypeError(f"{field} must be a string, got {value!r} of type {type(value).__name__}")
        distribution = check_choice("distribution", self.distribution, SCHEME_DISTRIBUTIONS)
        given = {field: getattr(self, field) for field in SCHEME_PARAMETERS if getattr(self, field) is not None}
        sets = _PARAMETER_SETS[distribution]
        if not any(set(given) == set(fields) for fields in sets):
            got = ", ".join(f"{field}={value!r}" for field, value in given.items()) or "none of them"
            takes = f"a {distribution!r} scheme takes {_TAKES[distribution]}"
            foreign = [field for field in given if not any(field in fields for fields in sets)]
            if foreign:
                raise TypeError(f"{foreign[0]}={given[foreign[0]]!r} does not apply here: {takes}; got {got}")
            partial = [fields for fields in sets if given and set(given) < set(fields)]
            if partial:
                missing = " and ".join(field for field in partial[0] if field not in given)
                raise TypeError(f"{got} needs {missing} too: {takes}")
            raise TypeError(f"{takes}; got {got}")
        for field, value in given.items():
            if field == "constant":
                check_real("constant", value)
            elif field == "mode":
                check_choice("mode", value, MODES)
            else:
                check_positive(field, value)

    def __repr__(self) -> str:
        parameters = "".join(
            f", {field}={getattr(self, field)!r}" for field in SCHEME_PARAMETERS if getattr(self, field) is not None
        )
        return f"Scheme({self.name!r}, {self.label!r}, {self.distribution!r}{parameters})"

    def std(self, shape: tuple[int, ...]) -> float:
        r"""The standard deviation of the weights this scheme draws for ``shape``.

        Zero for a constant, `stddev` for a fixed law,
        [`variance_scaling_std`][initlab.initializers.fan_scaling.variance_scaling_std]
        for `scale` and `mode`. An orthogonal matrix with all singular values
        $g$ has entries of variance $g^2 / \max(\text{rows}, \text{cols})$.
        """
        if self.distribution == "constant":
            return 0.0
        if self.distribution == "orthogonal":
            shape = check_shape(shape, min_ndim=2)
            return self.gain / math.sqrt(max(shape[0], math.prod(shape[1:])))
        if self.stddev is not None:
            return self.stddev
        return variance_scaling_std(shape, self.scale, self.mode)

    def __call__(self, shape: tuple[int, ...], *, rng: object = None, dtype: object = np.float64) -> np.ndarray:
        if self.distribution == "constant":
            return constant(shape, self.constant, rng=rng, dtype=dtype)
        if self.distribution == "orthogonal":
            return orthogonal(shape, self.gain, rng=rng, dtype=dtype)
        if self.scale is not None:
            return variance_scaling(shape, self.scale, self.mode, self.distribution, rng=rng, dtype=dtype)
        if self.distribution == "uniform":
            bound = uniform_bound(self.stddev)
            return uniform(shape, -bound, bound, rng=rng, dtype=dtype)
        if self.distribution == "truncated_normal":
            return truncated_normal(shape, 0.0, self.stddev, correct_std=True, rng=rng, dtype=dtype)
        return normal(shape, 0.0, self.stddev, rng=rng, dtype=dtype)


SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme("zeros", "zeros", "constant", constant=0.0),
        Scheme("constant", "constant 0.5", "constant", constant=0.5),
        # std 0.1/√3 is the uniform law with bound √3·std = 0.1 (exactly, in floats too)
        Scheme("small_uniform", "small U(±0.1)", "uniform", stddev=0.1 / math.sqrt(3.0)),
        Scheme("small_normal", "small N(0, 0.01²)", "normal", stddev=0.01),
        Scheme("large_normal", "large N(0, 10²)", "normal", stddev=10.0),
        Scheme("standard_uniform", "U(±1/√fan_in)", "uniform", scale=1.0 / 3.0, mode="fan_in"),
        Scheme("lecun_normal", "LeCun normal", "normal", scale=1.0, mode="fan_in"),
        Scheme("lecun_uniform", "LeCun uniform", "uniform", scale=1.0, mode="fan_in"),
        Scheme("glorot_normal", "Glorot normal", "normal", scale=1.0, mode="fan_avg"),
        Scheme("glorot_uniform", "Glorot uniform", "uniform", scale=1.0, mode="fan_avg"),
        Scheme("he_normal", "He normal", "normal", scale=2.0, mode="fan_in"),
        Scheme("he_uniform", "He uniform", "uniform", scale=2.0, mode="fan_in"),
        Scheme("orthogonal", "orthogonal", "orthogonal", gain=1.0),
    )
}
"""Every scheme the site compares, by name, in the order the pages teach them."""


def get_scheme(name: object) -> Scheme:
    r"""Look up a [`Scheme`][initlab.schemes.Scheme] in [`SCHEMES`][initlab.schemes.SCHEMES] by name.

    `"standard_uniform"` is $\mathcal U[\pm 1/\sqrt{\text{fan\_in}}]$:
    Glorot & Bengio's "standard" initialization and PyTorch's default for the
    weights of `nn.Linear`/`nn.Conv*` (`kaiming_uniform_(w, a=sqrt(5))`).

    Examples
    --------
    >>> get_scheme("he_normal").label
    'He normal'
    """
    return SCHEMES[check_choice("scheme", name, SCHEMES)]


def as_initializer(spec: object) -> Callable[..., np.ndarray]:
    """Turn a scheme name or a callable ``(shape, *, rng, dtype)`` into an initializer."""
    if isinstance(spec, str):
        return get_scheme(spec)
    if callable(spec):
        return spec
    raise TypeError(f"initializer must be a scheme name ({', '.join(SCHEMES)}) or a callable, got {spec!r}")


def scheme_law(scheme: str | Scheme, shape: tuple[int, ...]) -> tuple[str, float]:
    r"""The distribution a scheme draws a weight of ``shape`` from, and its standard deviation.

    Both come from the [`Scheme`][initlab.schemes.Scheme] itself (its
    `distribution` and [`std`][initlab.schemes.Scheme.std]); a uniform law's
    bound is $\sqrt 3$ times its std.

    Returns
    -------
    (distribution, std)
        For ``"constant"`` the second item is the constant value instead of a std.

    Examples
    --------
    >>> scheme_law("he_normal", (256, 784))
    ('normal', 0.050507627227610534)
    """
    s = scheme if isinstance(scheme, Scheme) else get_scheme(scheme)
    return s.distribution, (s.constant if s.distribution == "constant" else s.std(shape))


def density(distribution: str, std: float, x: np.ndarray) -> np.ndarray:
    r"""The exact probability density of a zero-mean ``distribution`` with final std ``std``, at ``x``.

    `"normal"`, `"truncated_normal"` (cut at
    [`TRUNCATION`][initlab.initializers.laws.TRUNCATION] times the underlying
    normal's std, which is `std / TRUNCATED_STD`) or `"uniform"` (bound
    $\sqrt 3$ times `std`).
    """
    if distribution == "normal":
        return np.exp(-0.5 * (x / std) ** 2) / (std * math.sqrt(2.0 * math.pi))
    if distribution == "truncated_normal":
        # The underlying normal is wider by 1/TRUNCATED_STD; cut at TRUNCATION of its std.
        sigma = std / TRUNCATED_STD
        inside = np.abs(x) <= TRUNCATION * sigma
        return np.where(
            inside, np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi) * TRUNCATED_MASS), 0.0
        )
    bound = uniform_bound(std)
    return np.where(np.abs(x) <= bound, 1.0 / (2.0 * bound), 0.0)
