r"""Klambauer et al. (2017): SELU self-normalization with LeCun normal weights."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import as_generator, check_int, check_positive
from ..activations import get_activation
from ..meanfield import gaussian_expectation, variance_map
from ..nn import mlp
from ._specs import forward_layers

# ----------------------------------------------------------------------------- SELU (Klambauer et al. 2017)


@dataclass(frozen=True)
class SeluNormalization:
    r"""A SELU net with LeCun normal weights, fed inputs of several variances.

    Attributes
    ----------
    input_var
        ``(K,)``: variance of the zero-mean normal inputs.
    layers
        ``(depth,)``: $1..\text{depth}$.
    act_mean, act_var
        ``(K, depth)``: mean and variance of each hidden layer's activations.
    mean_field_mean, mean_field_var
        ``(K, depth)``: the infinite-width prediction: with
        $z^{[l]} \sim \mathcal N(0, q_l)$, $q_1 = $ the input variance and
        $q_{l+1} = \mathbb E[\operatorname{selu}(z^{[l]})^2]$, the
        activation has mean $\mathbb E[\operatorname{selu}(z)]$ and variance
        $q_{l+1}$ minus that mean squared.
    width, n_samples
        The net's width and the number of inputs.
    """

    input_var: np.ndarray
    layers: np.ndarray
    act_mean: np.ndarray
    act_var: np.ndarray
    mean_field_mean: np.ndarray
    mean_field_var: np.ndarray
    width: int
    n_samples: int


def _selu_moments(q: float) -> tuple[float, float]:
    """Mean and second moment of selu(z), z ~ N(0, q)."""
    return gaussian_expectation(get_activation("selu").f, q), variance_map("selu", q)


def selu_self_normalization(
    input_vars: Sequence[float] = (0.25, 4.0),
    depth: int = 20,
    width: int = 256,
    *,
    n_samples: int = 200,
    rng: object = 0,
) -> SeluNormalization:
    r"""Klambauer et al.'s self-normalization: mean and variance pulled to $(0, 1)$.

    One SELU net of ``depth`` hidden layers of ``width`` units, LeCun normal
    weights ($\operatorname{Var}(w) = 1/n_\text{in}$), zero biases, fed
    zero-mean normal inputs of each variance in ``input_vars``.

    The paper proves that the fixed point $(0, 1)$ attracts means and
    variances near it (its Theorem 1, for weights whose sum is near 0 and
    whose squares sum to near 1 per unit, which LeCun normal weights give in
    expectation); further out it proves bounds only. A return from input
    variances such as $1/4$ or $4$ is what this study shows numerically.

    Paper: Klambauer, Unterthiner, Mayr & Hochreiter, *Self-Normalizing
    Neural Networks*, NeurIPS 2017.

    Examples
    --------
    >>> s = selu_self_normalization(depth=10, width=64, n_samples=100)
    >>> bool(abs(s.act_var[:, -1] - 1).max() < 0.3)
    True
    """
    depth, width, n_samples = check_int("depth", depth), check_int("width", width), check_int("n_samples", n_samples)
    input_vars = np.array([check_positive("input_vars", v) for v in input_vars])
    gen = as_generator(rng)
    net = mlp([width] * (depth + 1) + [2], "lecun_normal", "selu", "softmax", rng=gen)
    Z = gen.standard_normal((n_samples, width))
    K = len(input_vars)
    mean, var, mf_mean, mf_var = (np.empty((K, depth)) for _ in range(4))
    for k, v in enumerate(input_vars):
        hidden = forward_layers(net.weights[:-1], net.biases[:-1], net.activation.f, math.sqrt(v) * Z)
        for l, (_, a) in enumerate(hidden):
            mean[k, l], var[k, l] = a.mean(), a.var()
        q = float(v)
        for l in range(depth):
            m, m2 = _selu_moments(q)
            mf_mean[k, l], mf_var[k, l] = m, m2 - m * m
            q = m2
    return SeluNormalization(
        input_var=input_vars,
        layers=np.arange(1, depth + 1),
        act_mean=mean,
        act_var=var,
        mean_field_mean=mf_mean,
        mean_field_var=mf_var,
        width=width,
        n_samples=n_samples,
    )
