r"""Mean-field signal propagation: Gaussian expectations, the variance map, its fixed point and $\chi_1$.

In a wide layer whose weights have variance $\sigma_w^2/\text{fan\_in}$, a
pre-activation of variance $q$ gives the next layer pre-activations of
variance $\sigma_w^2\,\mathbb E[\varphi(\sqrt q\, z)^2] + \sigma_b^2$
(Poole et al., 2016). This module computes that map accurately for any $q$.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ._validation import check_int, check_nonnegative, check_positive, check_real
from .activations import Activation, get_activation

# Gauss-Hermite nodes sit where the Gaussian lives, not where the activation
# bends: for large q the bend of phi(sqrt(q) z) near 0 falls between nodes
# (at q = 16, 201 nodes miss E[tanh^2] by 1.7e-4). The rule below integrates
# in the activation's own variable u = sqrt(q) z on panels that resolve both
# scales: the activation's (powers of 2 around 0) and the Gaussian's (its std).
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(32)
_GAUSS_REACH = 13.0  # beyond 13 std the Gaussian weight is below 1e-36
_PANEL_SCALES = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, _GAUSS_REACH)
_BENDS = (0.0, *(2.0**k for k in range(-4, 7)))  # 0 and the powers of 2 where activations bend


def _as_function(activation: object) -> Callable[[np.ndarray], np.ndarray]:
    if isinstance(activation, Activation) or not callable(activation):
        return get_activation(activation).f
    return activation


def _derivative(activation: object) -> Callable[[np.ndarray], np.ndarray]:
    if isinstance(activation, (str, Activation)):
        return get_activation(activation).df
    raise TypeError(
        "activation must be a name or an initlab Activation (which carries its derivative), "
        f"got {activation!r}; wrap a plain function as Activation(name, f, df)"
    )


def _check_q(q: object) -> float:
    q = check_real("q", q)
    if q < 0:
        raise ValueError(f"q must be a finite variance >= 0, got {q!r}")
    return q


def gaussian_expectation(f: Callable[[np.ndarray], np.ndarray], q: float) -> float:
    r"""$\mathbb E[f(u)]$ for $u \sim \mathcal N(0, q)$, accurate for any variance $q \ge 0$.

    The integral $\int f(u)\, e^{-u^2/2q} / \sqrt{2\pi q}\, du$ is taken in
    $u$ itself over $|u| \le 13\sqrt q$, split at 0, at $\pm 2^k$
    ($k = -4..6$, where activations bend) and at multiples of $\sqrt q$
    (where the Gaussian bends), with 32-point Gauss--Legendre on each panel.
    For the activations of [`ACTIVATIONS`][initlab.activations.ACTIVATIONS] and
    $10^{-6} \le q \le 10^6$ this agrees with ``scipy.integrate.quad`` to a
    relative $10^{-14}$; Gauss--Hermite in $z = u/\sqrt q$
    ([`second_moment`][initlab.gains.second_moment]) drifts as $q$ grows.

    Examples
    --------
    >>> round(gaussian_expectation(np.square, 4.0), 12)     # E[u^2] = q
    4.0
    >>> round(gaussian_expectation(lambda u: np.tanh(u) ** 2, 16.0), 6)
    0.805399
    """
    if not callable(f):
        raise TypeError(f"f must be a function of an array, got {f!r}")
    q = _check_q(q)
    if q == 0:
        value = np.asarray(f(np.zeros(1)), dtype=np.float64)
        if value.shape != (1,) or not np.isfinite(value[0]):
            raise ValueError("f must map an array to a finite array of the same shape")
        return float(value[0])
    s = math.sqrt(q)
    reach = _GAUSS_REACH * s
    cuts = sorted({c for c in (*_BENDS, *(s * c for c in _PANEL_SCALES)) if c <= reach})
    cuts = np.array([-c for c in reversed(cuts)] + cuts[1:])
    a, b = cuts[:-1, None], cuts[1:, None]
    half = (b - a) / 2
    u = (a + b) / 2 + half * _GL_NODES
    w = half * _GL_WEIGHTS * np.exp(-(u * u) / (2 * q)) / math.sqrt(2 * math.pi * q)
    with np.errstate(over="ignore", invalid="ignore"):
        values = np.asarray(f(u), dtype=np.float64)
    if values.shape != u.shape or not np.isfinite(values).all():
        raise ValueError("f must map an array to a finite array of the same shape")
    return float((w * values).sum())


def variance_map(activation: object, q: float, weight_var: float = 1.0, bias_var: float = 0.0) -> float:
    r"""One layer of the mean-field variance map: $q \mapsto \sigma_w^2 \mathbb E[\varphi(\sqrt q z)^2] + \sigma_b^2$.

    In a wide layer with weights of variance $\sigma_w^2/\text{fan\_in}$ and
    biases of variance $\sigma_b^2$, a pre-activation of variance $q$ gives
    the next layer pre-activations of this variance (Poole et al., 2016,
    *Exponential expressivity in deep neural networks through transient
    chaos*). $\sigma_w$ is the gain. Computed with
    [`gaussian_expectation`][initlab.meanfield.gaussian_expectation].

    Parameters
    ----------
    activation
        A name, an [`Activation`][initlab.activations.Activation] or any function of an array.
    q
        Variance of this layer's pre-activations, $\ge 0$.
    weight_var, bias_var
        $\sigma_w^2 > 0$ and $\sigma_b^2 \ge 0$.

    Examples
    --------
    >>> round(variance_map("relu", 1.0, weight_var=2.0), 12)      # He: variance kept
    1.0
    >>> round(variance_map("tanh", 25 / 9, weight_var=25 / 9), 4)  # gain 5/3
    1.6018
    """
    phi = _as_function(activation)
    weight_var = check_positive("weight_var", weight_var)
    bias_var = check_nonnegative("bias_var", bias_var)
    return weight_var * gaussian_expectation(lambda u: phi(u) ** 2, q) + bias_var


def variance_fixed_point(
    activation: object,
    weight_var: float,
    bias_var: float = 0.0,
    *,
    q0: float = 1.0,
    tol: float = 1e-12,
    max_iter: int = 10_000,
) -> float:
    r"""The variance $q^*$ deep layers settle at: iterate [`variance_map`][initlab.meanfield.variance_map] from ``q0``.

    $q^* = \sigma_w^2\, \mathbb E[\varphi(\sqrt{q^*} z)^2] + \sigma_b^2$. For
    zero-bias tanh, $q^* = 0$ when $\sigma_w^2 \le 1$ and $q^* > 0$ above.
    At $\sigma_w^2 = 1$ exactly (the critical point) $q$ creeps to 0 like
    $1/(2l)$, never within ``tol`` in ``max_iter`` steps: that raises.

    Raises
    ------
    ValueError
        If the iterates change by more than ``tol`` after ``max_iter`` steps.

    Examples
    --------
    >>> round(variance_fixed_point("tanh", 25 / 9), 4)
    1.1785
    """
    q = _check_q(q0)
    tol = check_positive("tol", tol)
    max_iter = check_int("max_iter", max_iter)
    step = math.inf
    for _ in range(max_iter):
        q_next = variance_map(activation, q, weight_var, bias_var)
        step, q = abs(q_next - q), q_next
        if step <= tol:
            return q
    raise ValueError(
        f"the variance map did not settle within max_iter={max_iter} steps (q = {q:.3g}, last step {step:.3g}); "
        "near the critical point it approaches its fixed point only polynomially"
    )


def mean_field_chi(activation: str | Activation, q: float, weight_var: float = 1.0) -> float:
    r"""$\chi_1 = \sigma_w^2\, \mathbb E[\varphi'(\sqrt q\, z)^2]$: how a layer stretches small input differences.

    Evaluated at the fixed point $q^*$, $\chi_1 < 1$ is the ordered phase
    (nearby inputs converge, gradients vanish), $\chi_1 > 1$ the chaotic one
    (they diverge, gradients explode), $\chi_1 = 1$ the edge of chaos
    (Poole et al., 2016; Schoenholz et al., 2017, *Deep information propagation*).
    It is also the factor by which a layer scales the gradient's variance.

    Examples
    --------
    >>> round(mean_field_chi("tanh", 0.0, weight_var=1.0), 12)   # critical: tanh'(0) = 1
    1.0
    """
    dphi = _derivative(activation)
    weight_var = check_positive("weight_var", weight_var)
    return weight_var * gaussian_expectation(lambda u: dphi(u) ** 2, q)
