r"""Activation functions, each with its derivative.

An [`Activation`][initlab.activations.Activation] holds $\varphi$ and $\varphi'$, both taking the
pre-activation $z$. The network, the numeric gain and the pages all use
these, so a formula for an activation exists once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._validation import check_choice, check_nonnegative

# SELU's constants lambda and alpha (Klambauer et al., 2017).
SELU_LAMBDA = 1.0507009873554805
SELU_ALPHA = 1.6732632423543772
_GELU_C = math.sqrt(2.0 / math.pi)
_GELU_K = 0.044715

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """An elementwise activation $\\varphi$ with its derivative $\\varphi'$.

    Attributes
    ----------
    name
        Registry name, e.g. ``"tanh"``.
    f
        $z \\mapsto \\varphi(z)$.
    df
        $z \\mapsto \\varphi'(z)$ (a subgradient at kinks: 0 for ReLU at 0).
    df_from_output
        Optional $a \\mapsto \\varphi'(z)$ for $a = \\varphi(z)$, where the
        derivative is cheaper from the output: $1 - a^2$ for tanh, $a(1 - a)$
        for the sigmoid, the boolean mask $a > 0$ for ReLU. Multiplied into a
        gradient it gives the bits of ``df(z)`` (the same operations on the
        same values), so back-propagation uses it and does not evaluate
        $\\varphi$ again. ``None`` when there is no such form. Being a field,
        it survives [`MLP.copy`][initlab.nn.MLP.copy].
    """

    name: str
    f: Callable[[Array], Array]
    df: Callable[[Array], Array]
    df_from_output: Callable[[Array], Array] | None = None

    def __call__(self, z: Array) -> Array:
        return self.f(z)


_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def sigmoid(z: Array) -> Array:
    r"""$\sigma(z) = 1/(1+e^{-z})$, computed without overflow for any $z$.

    With $e = e^{-|z|}$: $1/(1+e)$ where $z \ge 0$ and $e/(1+e)$ where $z < 0$. For float32 and
    float64 arrays the numerator is $\max(e, [z \ge 0])$, which is exactly 1 where $z \ge 0$
    (as $e \le 1$) and $e$ elsewhere, NaN included: one division then gives the bits of
    `numpy.where` on the two quotients, in place and at about two thirds of the cost (a sigmoid
    net spends most of its forward pass here). Anything else (and a 0-d array) uses `numpy.where`.
    """
    if not (isinstance(z, np.ndarray) and z.dtype in _FLOATS and z.ndim):
        e = np.exp(-np.abs(z))
        d = 1.0 + e
        return np.where(z >= 0, 1.0 / d, e / d)
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = 1.0 + e
    np.maximum(e, np.greater_equal(z, 0), out=e)
    return np.divide(e, d, out=e)


def _dsigmoid(z: Array) -> Array:
    s = sigmoid(z)
    return s * (1.0 - s)


def _dtanh(z: Array) -> Array:
    return 1.0 - np.tanh(z) ** 2


def softplus(z: Array) -> Array:
    r"""$\log(1+e^z)$, computed without overflow."""
    return np.logaddexp(0.0, z)


def leaky_relu(negative_slope: float = 0.01) -> Activation:
    r"""Leaky ReLU $\varphi(z) = \max(z, a z)$ with slope ``negative_slope`` $= a \ge 0$.

    Examples
    --------
    >>> leaky_relu(0.1)(np.array([-2.0, 3.0]))
    array([-0.2,  3. ])
    """
    a = check_nonnegative("negative_slope", negative_slope)
    return Activation(
        "leaky_relu",
        lambda z: np.where(z > 0, z, a * z),
        lambda z: np.where(z > 0, 1.0, a).astype(np.result_type(z, 1.0)),
    )


def _selu(z: Array) -> Array:
    return SELU_LAMBDA * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0.0)))


def _dselu(z: Array) -> Array:
    return SELU_LAMBDA * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(z, 0.0)))


def _gelu(z: Array) -> Array:
    return 0.5 * z * (1.0 + np.tanh(_GELU_C * (z + _GELU_K * z * z * z)))


def _dgelu(z: Array) -> Array:
    t = np.tanh(_GELU_C * (z + _GELU_K * z * z * z))
    return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t**2) * _GELU_C * (1.0 + 3.0 * _GELU_K * z**2)


def _dsilu(z: Array) -> Array:
    s = sigmoid(z)
    return s * (1.0 + z * (1.0 - s))


def _mish(z: Array) -> Array:
    return z * np.tanh(softplus(z))


def _dmish(z: Array) -> Array:
    t = np.tanh(softplus(z))
    return t + z * (1.0 - t**2) * sigmoid(z)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("linear", lambda z: z, np.ones_like),
        Activation("sigmoid", sigmoid, _dsigmoid, lambda a: a * (1.0 - a)),
        Activation("tanh", np.tanh, _dtanh, lambda a: 1.0 - a**2),
        Activation(
            "relu", lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(np.result_type(z, 1.0)), lambda a: a > 0
        ),
        leaky_relu(0.01),
        Activation("selu", _selu, _dselu),
        Activation("gelu", _gelu, _dgelu),
        Activation("silu", lambda z: z * sigmoid(z), _dsilu),
        Activation("softplus", softplus, sigmoid),
        Activation("mish", _mish, _dmish),
    )
}
"""Every activation by name: `linear`, `sigmoid`, `tanh`, `relu`, `leaky_relu`
(slope 0.01), `selu`, `gelu`, `silu`, `softplus` and `mish`. `gelu` is the
tanh approximation (the default of `jax.nn.gelu`; PyTorch
`nn.GELU(approximate="tanh")`)."""


def get_activation(spec: object) -> Activation:
    """Return the [`Activation`][initlab.activations.Activation] named ``spec`` (or ``spec`` itself if it is one).

    Examples
    --------
    >>> get_activation("relu")(np.array([-1.0, 2.0]))
    array([0., 2.])
    """
    if isinstance(spec, Activation):
        return spec
    return ACTIVATIONS[check_choice("activation", spec, ACTIVATIONS)]
