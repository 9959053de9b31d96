r"""Gains: how much to scale a weight's std for the activation that follows.

Two answers live here. [`gain`][initlab.gains.gain] is the conventional
table PyTorch's `calculate_gain` returns (only some of its entries are
derived). [`variance_preserving_gain`][initlab.gains.variance_preserving_gain]
computes, for any elementwise activation, the gain that keeps the second
moment of the signal at 1 from layer to layer.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np

from ._validation import check_choice, check_int, check_real
from .activations import Activation, get_activation

# Names gain() knows, as in PyTorch's calculate_gain.
GAIN_NONLINEARITIES: tuple[str, ...] = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "selu",
)


def gain(nonlinearity: str, param: float | None = None) -> float:
    r"""The conventional gain for ``nonlinearity`` (PyTorch's ``calculate_gain``).

    | nonlinearity | gain |
    |---|---|
    | `linear`, `conv*`, `conv_transpose*`, `sigmoid` | $1$ |
    | `tanh` | $5/3$ |
    | `relu` | $\sqrt 2$ |
    | `leaky_relu` | $\sqrt{2/(1 + a^2)}$, $a$ = `param` (default 0.01) |
    | `selu` | $3/4$ |

    $\sqrt 2$ for ReLU is derived (He et al., 2015). $5/3$ for tanh comes
    with no derivation in PyTorch's documentation; with it a deep tanh net
    with zero biases sits on the chaotic side of the edge of chaos
    ([`mean_field_chi`][initlab.meanfield.mean_field_chi] $\approx 1.21$ at
    its fixed point). $1$ for the sigmoid is a convention: the sigmoid is not
    zero-centred and its slope at 0 is $1/4$. $3/4$ for SELU, PyTorch's docs
    say, gives up self-normalization for more stable gradient flow in
    rectangular layers, and they tell SELU users to pass
    `nonlinearity="linear"` instead, i.e. LeCun normal. For a gain derived
    from the activation itself, see
    [`variance_preserving_gain`][initlab.gains.variance_preserving_gain].

    Framework equivalent: ``torch.nn.init.calculate_gain(nonlinearity, param)``.

    Raises
    ------
    ValueError
        For a name not in the table (PyTorch raises for ``gelu`` too), or a
        ``param`` given to a nonlinearity that takes none.

    Examples
    --------
    >>> gain("relu")
    1.4142135623730951
    >>> gain("leaky_relu", 0.2)
    1.386750490563073
    >>> from initlab.meanfield import mean_field_chi, variance_fixed_point
    >>> w2 = gain("tanh") ** 2
    >>> round(mean_field_chi("tanh", variance_fixed_point("tanh", w2), w2), 2)   # > 1: chaotic
    1.21
    """
    nonlinearity = check_choice("nonlinearity", nonlinearity, GAIN_NONLINEARITIES)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else check_real("param", param)
        return math.sqrt(2.0 / (1.0 + slope**2))
    if param is not None:
        raise ValueError(f"param is only used by 'leaky_relu', got param={param!r} for {nonlinearity!r}")
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "selu":
        return 3.0 / 4.0
    return 1.0


@functools.lru_cache(maxsize=8)
def _hermite_rule(n_points: int) -> tuple[np.ndarray, np.ndarray]:
    """Probabilists' Gauss-Hermite nodes and weights, computed once per size (read-only)."""
    with np.errstate(all="ignore"):
        nodes, weights = np.polynomial.hermite_e.hermegauss(n_points)
    if not (np.all(np.isfinite(nodes)) and np.all(weights > 0)):  # numpy's rule breaks down past 370 points
        raise ValueError(f"n_points is too large for numpy's Gauss-Hermite rule, got {n_points}")
    nodes.flags.writeable = weights.flags.writeable = False
    return nodes, weights


def second_moment(
    activation: str | Activation | Callable[[np.ndarray], np.ndarray], q: float = 1.0, n_points: int = 201
) -> float:
    r"""$\mathbb E[\varphi(z)^2]$ for $z \sim \mathcal N(0, q)$, by Gauss–Hermite quadrature.

    With the probabilists' Hermite nodes $x_i$ and weights $w_i$
    ($\sum_i w_i = \sqrt{2\pi}$),
    $\mathbb E[\varphi(z)^2] \approx \sum_i w_i\, \varphi(\sqrt q\, x_i)^2 / \sqrt{2\pi}$.
    The nodes are symmetric about 0 and the rule is exact for polynomials, so
    activations that are $a z$ below 0 and $b z$ above (ReLU, leaky ReLU)
    come out exact to rounding.

    Examples
    --------
    >>> round(second_moment("relu"), 12)
    0.5
    """
    phi = get_activation(activation) if not callable(activation) or isinstance(activation, Activation) else activation
    q = check_real("q", q)
    if q <= 0:
        raise ValueError(f"q must be a finite number > 0, got {q!r}")
    nodes, weights = _hermite_rule(check_int("n_points", n_points, minimum=2))
    values = np.asarray(phi(math.sqrt(q) * nodes), dtype=np.float64)
    if values.shape != nodes.shape or not np.all(np.isfinite(values)):
        raise ValueError("activation must map an array to a finite array of the same shape")
    return float(weights @ values**2 / math.sqrt(2.0 * math.pi))


def variance_preserving_gain(
    activation: str | Activation | Callable[[np.ndarray], np.ndarray], n_points: int = 201
) -> float:
    r"""The gain $1/\sqrt{\mathbb E[\varphi(z)^2]}$, $z \sim \mathcal N(0, 1)$.

    With weights of variance $g^2/\text{fan\_in}$, a unit's pre-activation
    has variance $g^2\, \mathbb E[\varphi(z)^2]$ when the previous
    pre-activations have variance 1. This $g$ makes that 1 again. For ReLU
    $\mathbb E[\varphi^2] = 1/2$, so $g = \sqrt 2$: He's gain, recovered.
    For SELU it is 1 (LeCun normal), not the table's 3/4.

    `activation` is a name from [`ACTIVATIONS`][initlab.activations.ACTIVATIONS],
    an [`Activation`][initlab.activations.Activation], or any function of an array.

    Examples
    --------
    >>> round(variance_preserving_gain("relu"), 12)
    1.414213562373
    >>> round(variance_preserving_gain("selu"), 3)
    1.0
    >>> round(variance_preserving_gain(np.sin), 4)       # any function: 1/sqrt((1 - e^-2)/2)
    1.5209
    """
    m2 = second_moment(activation, 1.0, n_points)
    if m2 <= 0:
        raise ValueError("activation is zero everywhere: no gain can preserve the variance")
    return 1.0 / math.sqrt(m2)
