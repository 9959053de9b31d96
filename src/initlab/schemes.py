r"""Schemes: named initialization laws that experiments and figures loop over.

A :class:`Scheme` is data -- a distribution and the number that sets its
spread -- and :data:`SCHEMES` holds every scheme the site compares, so each
scheme's law is written once. :func:`scheme_law` and :func:`density` give a
scheme's distribution and exact probability density for a weight shape.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Scheme:
    r"""A named initialization law, for experiments and figures that loop over schemes.

    A scheme is data: a distribution, a number and, for the fan-based
    schemes, a fan mode. Calling it draws a weight,
    ``scheme(shape, rng=..., dtype=...)``, through the initializer that law
    names; :meth:`std` gives the standard deviation it targets. Figures read
    the law from here, so each scheme's parameters are written once.

    Attributes
    ----------
    name
        Registry key, e.g. ``"he_normal"``.
    label
        Short human label for legends and tables.
    distribution
        ``"constant"``, ``"normal"``, ``"truncated_normal"``, ``"uniform"``
        (zero-mean, symmetric) or ``"orthogonal"``.
    value
        With ``mode=None``: the constant, or the std of a normal/uniform law,
        or the gain of an orthogonal one. With a ``mode``: the ``scale`` of
        :func:`variance_scaling`, so that $\operatorname{Var}(w) = 	ext{value}/n$.
    mode
        ``None`` for a fixed law, or the fan ``"fan_in"``, ``"fan_out"``, ``"fan_avg"``.

    Examples
    --------
    >>> normal_01 = Scheme("normal_0.1", "N(0, 0.1²)", "normal", 0.1)
    >>> round(float(normal_01((256, 784), rng=0).std()), 3)
    0.1
    >>> SCHEMES["he_normal"].std((256, 784))
    0.050507627227610534
    """

    name: str
    label: str
    distribution: str
    value: float
    mode: str | None = None

    def __post_init__(self) -> None:
        check_choice("distribution", self.distribution, SCHEME_DISTRIBUTIONS)
        if self.mode is not None:
            check_choice("mode", self.mode, MODES)
            check_positive("value", self.value)
        elif self.distribution == "constant":
            check_real("value", self.value)
        else:
            check_positive("value", self.value)

    def std(self, shape: tuple[int, ...]) -> float:
        r"""The standard deviation of the weights this scheme draws for ``shape``.

        An orthogonal matrix with all singular values $g$ has entries of
        variance $g^2 / \max(\text{rows}, \text{cols})$.
        """
        if self.distribution == "constant":
            return 0.0
        if self.distribution == "orthogonal":
            shape = check_shape(shape, min_ndim=2)
            return self.value / math.sqrt(max(shape[0], math.prod(shape[1:])))
        if self.mode is None:
            return self.value
        return variance_scaling_std(shape, self.value, self.mode)

    def __call__(self, shape: tuple[int, ...], *, rng: object = None, dtype: object = np.float64) -> np.ndarray:
        if self.distribution == "constant":
            return constant(shape, self.value, rng=rng, dtype=dtype)
        if self.distribution == "orthogonal":
            return orthogonal(shape, self.value, rng=rng, dtype=dtype)
        if self.mode is not None:
            return variance_scaling(shape, self.value, self.mode, self.distribution, rng=rng, dtype=dtype)
        if self.distribution == "uniform":
            bound = uniform_bound(self.value)
            return uniform(shape, -bound, bound, rng=rng, dtype=dtype)
        if self.distribution == "truncated_normal":
            return truncated_normal(shape, 0.0, self.value, correct_std=True, rng=rng, dtype=dtype)
        return normal(shape, 0.0, self.value, rng=rng, dtype=dtype)


#: Every scheme the site compares, in the order the pages teach them.
SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme("zeros", "zeros", "constant", 0.0),
        Scheme("constant", "constant 0.5", "constant", 0.5),
        Scheme("small_uniform", "small U(±0.1)", "uniform", 0.1 / math.sqrt(3.0)),
        Scheme("small_normal", "small N(0, 0.01²)", "normal", 0.01),
        Scheme("large_normal", "large N(0, 10²)", "normal", 10.0),
        Scheme("standard_uniform", "U(±1/√fan_in)", "uniform", 1.0 / 3.0, "fan_in"),
        Scheme("lecun_normal", "LeCun normal", "normal", 1.0, "fan_in"),
        Scheme("lecun_uniform", "LeCun uniform", "uniform", 1.0, "fan_in"),
        Scheme("glorot_normal", "Glorot normal", "normal", 1.0, "fan_avg"),
        Scheme("glorot_uniform", "Glorot uniform", "uniform", 1.0, "fan_avg"),
        Scheme("he_normal", "He normal", "normal", 2.0, "fan_in"),
        Scheme("he_uniform", "He uniform", "uniform", 2.0, "fan_in"),
        Scheme("orthogonal", "orthogonal", "orthogonal", 1.0),
    )
}


def get_scheme(name: object) -> Scheme:
    """Look up a :class:`Scheme` in :data:`SCHEMES` by name.

    ``"standard_uniform"`` is $\\mathcal U[\\pm 1/\\sqrt{\\text{fan\\_in}}]$:
    Glorot & Bengio's "standard" initialization and PyTorch's default for
    ``nn.Linear``/``nn.Conv*`` (``kaiming_uniform_(w, a=sqrt(5))``).

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

    Both come from the :class:`initlab.Scheme` itself (its ``distribution``
    and :meth:`~initlab.Scheme.std`); a uniform law's bound is $\sqrt 3$
    times its std.

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
    return s.distribution, (s.value if s.distribution == "constant" else s.std(shape))


def density(distribution: str, std: float, x: np.ndarray) -> np.ndarray:
    r"""The exact probability density of a zero-mean ``distribution`` with final std ``std``, at ``x``.

    ``"normal"``, ``"truncated_normal"`` (cut at :data:`~initlab.initializers.TRUNCATION` of the
    underlying normal's std, which is ``std / TRUNCATED_STD``) or ``"uniform"`` (bound $\sqrt 3\,$``std``).
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
