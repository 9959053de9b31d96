r"""Mean-field theory and the input-output Jacobian: the *Beyond the basics* studies."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import as_generator, check_choice, check_int, check_positive
from ..activations import ACTIVATIONS, get_activation
from ..diagnostics import TANH_SATURATION_Z
from ..meanfield import gaussian_expectation, mean_field_chi, variance_fixed_point, variance_map
from ._specs import SchemeSpec, scheme_list, seed_from

# ============================================================================= beyond the basics
# Studies of the "Beyond the basics" page: tanh's mean-field map, the
# input-output Jacobian of a deep linear net, and the grid behind the
# interactive figure. (Section kept together; append other studies below it.)


@dataclass(frozen=True)
class TanhMeanField:
    r"""The mean-field variance map of zero-bias tanh layers, for a few gains.

    Attributes
    ----------
    gains
        ``(G,)``: gains $g$; weights have variance $g^2/\text{fan\_in}$.
    q
        ``(Q,)``: pre-activation variances where the map is evaluated.
    q_next
        ``(G, Q)``: $g^2\, \mathbb E[\tanh^2(\sqrt q\, z)]$.
    layers
        ``(depth,)``: layer numbers $1..\text{depth}$.
    trajectory
        ``(G, depth)``: $q^{[l]}$ from $q^{[1]} = g^2 \cdot$ ``input_var``.
    saturated
        ``(G, depth)``: the share of units with $|\tanh| > 0.97$ that
        $q^{[l]}$ predicts, $\operatorname{erfc}\big(\operatorname{artanh}(0.97)/\sqrt{2 q^{[l]}}\big)$.
    fixed_point
        ``(G,)``: $q^*$; 0 when $g \le 1$ (where $q^{[l]} \to 0$).
    chi
        ``(G,)``: $\chi_1 = g^2\, \mathbb E[\tanh'(\sqrt{q^*} z)^2]$ at the fixed point.
    input_var
        Variance of the inputs.
    """

    gains: np.ndarray
    q: np.ndarray
    q_next: np.ndarray
    layers: np.ndarray
    trajectory: np.ndarray
    saturated: np.ndarray
    fixed_point: np.ndarray
    chi: np.ndarray
    input_var: float


def tanh_mean_field(
    gains: Sequence[float] = (1.0, 1.3, 5.0 / 3.0, 2.0),
    *,
    depth: int = 100,
    q_max: float = 4.0,
    n_q: int = 161,
    input_var: float = 1.0,
) -> TanhMeanField:
    r"""Iterate $q \mapsto g^2\, \mathbb E[\tanh^2(\sqrt q\, z)]$ for each gain (wide-layer limit).

    Uses [`variance_map`][initlab.meanfield.variance_map],
    [`variance_fixed_point`][initlab.meanfield.variance_fixed_point] and
    [`mean_field_chi`][initlab.meanfield.mean_field_chi]. For $g \le 1$ the map's only
    fixed point is $q^* = 0$ and $\chi_1$ is taken there ($g^2$).

    Examples
    --------
    >>> mf = tanh_mean_field((1.0, 5 / 3), depth=100)
    >>> round(float(np.sqrt(mf.trajectory[0, -1] * 2 * 100)), 2)   # q ~ 1/(2l) at g = 1
    1.01
    >>> round(float(mf.saturated[1, 0]), 3), round(float(mf.chi[1]), 3)
    (0.209, 1.21)
    """
    gains = np.array([check_positive("gains", g) for g in gains], dtype=np.float64)
    if gains.size == 0:
        raise ValueError("gains must hold at least one gain")
    depth = check_int("depth", depth)
    q_max = check_positive("q_max", q_max)
    n_q = check_int("n_q", n_q, minimum=2)
    input_var = check_positive("input_var", input_var)
    q = np.linspace(0.0, q_max, n_q)
    G = gains.size
    q_next, trajectory = np.empty((G, n_q)), np.empty((G, depth))
    fixed, chi = np.empty(G), np.empty(G)
    for i, g in enumerate(gains):
        w2 = g * g
        q_next[i] = [variance_map("tanh", v, w2) for v in q]
        v = w2 * input_var
        for l in range(depth):
            trajectory[i, l] = v
            v = variance_map("tanh", v, w2)
        fixed[i] = 0.0 if g <= 1.0 else variance_fixed_point("tanh", w2)
        chi[i] = mean_field_chi("tanh", fixed[i], w2)
    cut = TANH_SATURATION_Z
    saturated = np.vectorize(lambda v: math.erfc(cut / math.sqrt(2.0 * v)) if v > 0 else 0.0)(trajectory)
    return TanhMeanField(
        gains=gains,
        q=q,
        q_next=q_next,
        layers=np.arange(1, depth + 1),
        trajectory=trajectory,
        saturated=saturated,
        fixed_point=fixed,
        chi=chi,
        input_var=input_var,
    )


@dataclass(frozen=True)
class JacobianSpectrum:
    r"""Singular values of the input-output Jacobian $J = W^{[L]} \cdots W^{[1]}$ of a deep linear net.

    Attributes
    ----------
    schemes, labels
        ``(S,)`` scheme names and labels.
    depth, width
        ``depth`` square layers of ``width`` units.
    singular_values
        ``(S, width)``: the singular values of $J$ at full depth, descending.
    layers
        ``(depth,)``: $1..\text{depth}$.
    sq_mean, sq_var
        ``(S, depth)``: mean and variance of the squared singular values of
        $W^{[l]} \cdots W^{[1]}$, from $\operatorname{tr}(J^\top J)/n$ and
        $\operatorname{tr}\big((J^\top J)^2\big)/n$ (the first draw).
    draws
        Number of independent weight draws.
    sq_var_draws
        ``(S, draws, depth)``: ``sq_var`` for every draw; draw 0 is the
        one above, so ``sq_var_draws[:, 0]`` equals ``sq_var``.
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    depth: int
    width: int
    singular_values: np.ndarray
    layers: np.ndarray
    sq_mean: np.ndarray
    sq_var: np.ndarray
    draws: int = 1
    sq_var_draws: np.ndarray | None = None


def jacobian_spectrum(
    schemes: Sequence[SchemeSpec] = ("lecun_normal", "orthogonal"),
    depth: int = 32,
    width: int = 128,
    rng: object = 0,
    *,
    draws: int = 1,
) -> JacobianSpectrum:
    r"""The input-output Jacobian of a ``depth``-layer linear net, one per scheme.

    A linear net's Jacobian is the product of its weights, the same for
    every input. Each scheme draws from an identically seeded generator.
    Saxe et al. (2014) and Pennington et al. (2017): with Gaussian weights of
    variance $1/n$ the squared singular values keep mean 1 but spread with
    variance about the depth (the wide-net prediction); orthogonal weights
    keep all of them at 1.

    One draw of a finite net scatters around that prediction, so
    ``draws`` repeats the spread (``sq_var_draws``) over independent weight
    draws; the first draw is the same whatever ``draws`` is, and it alone
    gives ``singular_values``, ``sq_mean`` and ``sq_var``.

    Examples
    --------
    >>> s = jacobian_spectrum(depth=8, width=64, draws=3)
    >>> bool(np.allclose(s.singular_values[1], 1.0)), s.sq_var_draws.shape
    (True, (2, 3, 8))
    """
    names, labels, inits = scheme_list(schemes)
    depth = check_int("depth", depth)
    width = check_int("width", width)
    draws = check_int("draws", draws)
    gen = as_generator(rng)
    seeds = [seed_from(gen) for _ in range(draws)]
    S = len(names)
    sv, mean = np.empty((S, width)), np.empty((S, depth))
    var = np.empty((S, draws, depth))
    for i, init in enumerate(inits):
        for d, seed in enumerate(seeds):
            w_gen = np.random.default_rng(seed)
            J = np.eye(width)
            for l in range(depth):
                J = np.asarray(init((width, width), rng=w_gen, dtype=np.float64)) @ J
                JtJ = J.T @ J
                m = np.trace(JtJ) / width
                var[i, d, l] = np.sum(JtJ * JtJ) / width - m**2
                if d == 0:
                    mean[i, l] = m
            if d == 0:
                sv[i] = np.linalg.svd(J, compute_uv=False)
    return JacobianSpectrum(
        schemes=names,
        labels=labels,
        depth=depth,
        width=width,
        singular_values=sv,
        layers=np.arange(1, depth + 1),
        sq_mean=mean,
        sq_var=var[:, 0].copy(),
        draws=draws,
        sq_var_draws=var,
    )


# ============================================================================= the variance map's cobweb
# The LeCun page's cobweb: the variance map of a few activations at one
# weight variance, iterated from a few starting variances.

_FIXED_TOL = 1e-12


def _map_slope(name: str, q: float, weight_var: float) -> float:
    r"""The slope of the variance map at $q$.

    $\frac{d}{dq}\,\sigma_w^2\,\mathbb E[\varphi(\sqrt q z)^2]
    = \sigma_w^2\,\mathbb E[\varphi(u)\varphi'(u)u]/q$ for $u \sim \mathcal N(0, q)$.

    At $q = 0$ (a fixed point only if $\varphi(0) = 0$) the limit
    $\sigma_w^2\,(\varphi'(0^+)^2 + \varphi'(0^-)^2)/2$.
    """
    act = get_activation(name)
    if q == 0.0:
        tiny = np.array([1e-12, -1e-12])
        return float(weight_var * np.mean(act.df(tiny) ** 2))
    return weight_var * gaussian_expectation(lambda u: act.f(u) * act.df(u) * u, q) / q


@dataclass(frozen=True)
class VarianceCobweb:
    r"""The variance map and its iterates, one row per activation.

    $q^{[l]} = \sigma_w^2\,\mathbb E[\varphi(\sqrt{q^{[l-1]}}\, z)^2]$: zero biases,
    wide layers, $z \sim \mathcal N(0, 1)$.

    Attributes
    ----------
    activations
        ``(A,)`` activation names.
    weight_var
        $\sigma_w^2 = n_\text{in} \operatorname{Var}(w)$ (1 for LeCun).
    q
        ``(Q,)``: variances $q^{[l-1]}$ from 0 to ``q_max`` where the map is sampled.
    q_next
        ``(A, Q)``: the map at ``q``.
    starts
        ``(S,)``: starting variances $q^{[0]}$.
    iterates
        ``(A, S, steps + 1)``: $q^{[0]}, q^{[1]}, \ldots, q^{[\text{steps}]}$
        by repeated [`variance_map`][initlab.meanfield.variance_map].
    fixed_points
        ``A`` arrays: the isolated fixed points $q^* = $ map$(q^*)$ in
        $[0, q_\text{max}]$, ascending (0 when the map sends 0 to 0).
    slopes
        ``A`` arrays: the map's slope $d q^{[l]}/d q^{[l-1]}$ at each fixed
        point; below 1 the fixed point attracts, above 1 it repels.
    """

    activations: tuple[str, ...]
    weight_var: float
    q: np.ndarray
    q_next: np.ndarray
    starts: np.ndarray
    iterates: np.ndarray
    fixed_points: tuple[np.ndarray, ...]
    slopes: tuple[np.ndarray, ...]

    @property
    def steps(self) -> int:
        """Number of layers iterated."""
        return self.iterates.shape[-1] - 1


def _fixed_points(name: str, q: np.ndarray, q_next: np.ndarray, weight_var: float) -> np.ndarray:
    gap = q_next - q
    found = [0.0] if abs(gap[0]) <= _FIXED_TOL else []
    sign = np.where(np.abs(gap) <= _FIXED_TOL, 0.0, np.sign(gap))
    for i in range(1, q.size - 1):
        if sign[i] != 0 and sign[i + 1] != 0 and sign[i] != sign[i + 1]:
            lo, hi, s_lo = q[i], q[i + 1], sign[i]
            for _ in range(200):
                mid = 0.5 * (lo + hi)
                if hi - lo <= _FIXED_TOL * max(1.0, mid):
                    break
                if np.sign(variance_map(name, mid, weight_var) - mid) == s_lo:
                    lo = mid
                else:
                    hi = mid
            found.append(0.5 * (lo + hi))
    return np.array(found)


def variance_map_cobweb(
    activations: Sequence[str] = ("tanh", "relu", "selu"),
    *,
    weight_var: float = 1.0,
    starts: Sequence[float] = (0.25, 4.0),
    steps: int = 20,
    q_max: float | None = None,
    n_q: int = 401,
) -> VarianceCobweb:
    r"""Iterate the zero-bias variance map of each activation from each start (wide-layer limit).

    $q^{[l]} = \sigma_w^2\,\mathbb E[\varphi(\sqrt{q^{[l-1]}}\, z)^2]$ with
    [`variance_map`][initlab.meanfield.variance_map]; the fixed points are
    where the sampled map crosses the diagonal (refined by bisection), and
    the slope there is
    $\sigma_w^2\,\mathbb E[\varphi(u)\varphi'(u)\,u]/q$ for
    $u \sim \mathcal N(0, q)$ (its limit at $q = 0$).

    Parameters
    ----------
    activations
        Names from [`ACTIVATIONS`][initlab.activations.ACTIVATIONS].
    weight_var
        $\sigma_w^2 > 0$: weights of variance $\sigma_w^2 / n_\text{in}$.
    starts
        Starting variances $q^{[0]} > 0$.
    steps
        Layers to iterate.
    q_max
        Right end of the sampled map; default $1.125 \times$ the largest start.
    n_q
        Number of samples of the map.

    Examples
    --------
    >>> cw = variance_map_cobweb(("relu", "selu"), starts=(4.0,), steps=3)
    >>> [round(float(v), 6) for v in cw.iterates[0, 0]]      # ReLU: variance x 1/2
    [4.0, 2.0, 1.0, 0.5]
    >>> round(float(cw.fixed_points[1][-1]), 4), bool(abs(cw.slopes[1][-1]) < 1)
    (1.0, True)
    """
    if isinstance(activations, str) or not isinstance(activations, Sequence):
        raise TypeError(
            f"activations must be a sequence of activation names, got {activations!r} "
            f"of type {type(activations).__name__}"
        )
    names = tuple(check_choice("activations", a, ACTIVATIONS) for a in activations)
    if not names:
        raise ValueError("activations must hold at least one name, got an empty sequence")
    weight_var = check_positive("weight_var", weight_var)
    if isinstance(starts, str) or not isinstance(starts, Sequence):
        raise TypeError(f"starts must be a sequence of variances > 0, got {starts!r} of type {type(starts).__name__}")
    start = np.array([check_positive("starts", s) for s in starts], dtype=np.float64)
    if start.size == 0:
        raise ValueError("starts must hold at least one variance > 0, got an empty sequence")
    steps = check_int("steps", steps)
    q_max = 1.125 * float(start.max()) if q_max is None else check_positive("q_max", q_max)
    n_q = check_int("n_q", n_q, minimum=3)
    q = np.linspace(0.0, q_max, n_q)
    A, S = len(names), start.size
    q_next, iterates = np.empty((A, n_q)), np.empty((A, S, steps + 1))
    fixed, slopes = [], []
    for a, name in enumerate(names):
        q_next[a] = [variance_map(name, v, weight_var) for v in q]
        for s, v in enumerate(start):
            iterates[a, s, 0] = v
            for k in range(steps):
                v = variance_map(name, v, weight_var)
                iterates[a, s, k + 1] = v
        fp = _fixed_points(name, q, q_next[a], weight_var)
        fixed.append(fp)
        slopes.append(np.array([_map_slope(name, float(v), weight_var) for v in fp]))
    return VarianceCobweb(
        activations=names,
        weight_var=weight_var,
        q=q,
        q_next=q_next,
        starts=start,
        iterates=iterates,
        fixed_points=tuple(fixed),
        slopes=tuple(slopes),
    )
