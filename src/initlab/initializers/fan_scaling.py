r"""Fan-based initialization: ``fans()``, ``variance_scaling`` (the one formula) and Glorot, He and LeCun.

The fan-based schemes -- Glorot/Xavier, He/Kaiming, LeCun -- are all
``variance_scaling`` with a different ``scale`` and ``mode``: the formula
lives there once, and the named functions only fix its arguments.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from .._validation import (
    check_choice,
    check_dtype,
    check_fits,
    check_nonnegative,
    check_positive,
    check_shape,
)
from .laws import _MAX_Z, normal, truncated_normal, uniform, uniform_bound

__all__ = [
    "DISTRIBUTIONS",
    "Distribution",
    "MODES",
    "Mode",
    "fans",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "kaiming_normal",
    "kaiming_uniform",
    "lecun_normal",
    "lecun_uniform",
    "variance_scaling",
    "variance_scaling_std",
    "xavier_normal",
    "xavier_uniform",
]

Mode = Literal["fan_in", "fan_out", "fan_avg"]
Distribution = Literal["normal", "truncated_normal", "uniform"]
MODES: tuple[str, ...] = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS: tuple[str, ...] = ("normal", "truncated_normal", "uniform")


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    r"""Return ``(fan_in, fan_out)`` of a weight of the given shape.

    For a shape $(n_\text{out}, n_\text{in}, k_1, \dots, k_d)$ the receptive
    field is $r = \prod_i k_i$ and

    $$\text{fan\_in} = n_\text{in}\, r, \qquad \text{fan\_out} = n_\text{out}\, r.$$

    This is PyTorch's ``torch.nn.init._calculate_fan_in_and_fan_out``.
    Keras and JAX store kernels as ``(*kernel, in, out)``: the same
    ``(512, 256)`` array has fan_in 256 here and in PyTorch, but 512 in
    Keras/JAX. Transpose a Keras/JAX kernel's shape before asking.

    Parameters
    ----------
    shape
        At least two positive integers, ``(fan_out, fan_in, *kernel)``.

    Returns
    -------
    tuple of int
        ``(fan_in, fan_out)``.

    Raises
    ------
    ValueError
        If ``shape`` has fewer than two dimensions or a size below 1.
    TypeError
        If a size is not an integer.

    Examples
    --------
    >>> fans((256, 784))            # dense: 784 inputs -> 256 outputs
    (784, 256)
    >>> fans((128, 64, 3, 3))       # conv: 64 -> 128 channels, 3x3 kernel
    (576, 1152)
    """
    shape = check_shape(shape, min_ndim=2)
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] * receptive_field


def variance_scaling_std(shape: tuple[int, ...], scale: float = 1.0, mode: Mode = "fan_in") -> float:
    r"""The standard deviation variance scaling targets: $\sqrt{\text{scale}/n}$.

    $n$ is the fan ``mode`` picks: ``fan_in``, ``fan_out``, or
    ``fan_avg`` $= (\text{fan\_in} + \text{fan\_out})/2$. This is the one
    place the fan-based formula lives;
    [`variance_scaling`][initlab.initializers.fan_scaling.variance_scaling] samples it.

    Examples
    --------
    >>> variance_scaling_std((256, 784), scale=2.0)         # He, fan_in = 784
    0.050507627227610534
    >>> variance_scaling_std((256, 784), mode="fan_avg")    # Glorot: 2/(784+256)
    0.04385290096535146
    """
    fan_in, fan_out = fans(shape)
    scale = check_positive("scale", scale)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[check_choice("mode", mode, MODES)]
    std = math.sqrt(scale / n)
    if not std > 0:  # scale / n underflowed to 0
        raise ValueError(f"scale must be large enough that scale/n > 0, got scale={scale!r} with n={n!r}")
    return std


def variance_scaling(
    shape: tuple[int, ...],
    scale: float = 1.0,
    mode: Mode = "fan_in",
    distribution: Distribution = "truncated_normal",
    *,
    rng: object = None,
    dtype: object = np.float64,
) -> np.ndarray:
    r"""Zero-mean weights with variance $\text{scale}/n$: the one core.

    With $n$ the fan ``mode`` picks (see
    [`variance_scaling_std`][initlab.initializers.fan_scaling.variance_scaling_std]) and
    $s = \sqrt{\text{scale}/n}$:

    * ``"normal"``: $\mathcal N(0, s^2)$, untruncated (JAX's ``"normal"``,
      PyTorch's ``*_normal_``);
    * ``"truncated_normal"``: a normal cut at $\pm 2$ of its own std and
      rescaled by $1/0.8796$ so the final std is $s$ (Keras's
      ``"truncated_normal"``/``"normal"``, JAX's ``"truncated_normal"``);
    * ``"uniform"``: $\mathcal U[-c, c)$ with $c = \sqrt 3\,s$, since
      $\operatorname{Var}\,\mathcal U[-c, c] = c^2/3$.

    | scheme | `scale` | `mode` |
    |---|---|---|
    | LeCun | $1$ | `"fan_in"` |
    | Glorot | $1$ (with a gain $g$: $g^2$) | `"fan_avg"` |
    | He | $2/(1 + a^2)$, $a$ the leaky-ReLU slope (0 for ReLU) | `"fan_in"` (or `"fan_out"`) |

    Framework equivalents: Keras ``keras.initializers.VarianceScaling(scale,
    mode, distribution)``, JAX ``jax.nn.initializers.variance_scaling(scale,
    mode, distribution)`` (which also has ``fan_geo_avg``). PyTorch has no
    single function; its ``xavier_*``/``kaiming_*`` compute the same std.
    Note that Keras/JAX kernels are ``(fan_in, fan_out)``: pass the
    transposed shape here.

    References
    ----------
    LeCun et al., *Efficient BackProp* (1998); Glorot & Bengio (2010);
    He et al. (2015).

    Examples
    --------
    >>> w = variance_scaling((256, 784), 2.0, "fan_in", "normal", rng=0)
    >>> round(float(w.std()), 4)
    0.0505
    """
    std = variance_scaling_std(shape, scale, mode)
    distribution = check_choice("distribution", distribution, DISTRIBUTIONS)
    check_fits("scale", _MAX_Z * std, check_dtype(dtype), f"scale={scale!r} (std {std:.3g} for this shape and mode)")
    if distribution == "normal":
        return normal(shape, 0.0, std, rng=rng, dtype=dtype)
    if distribution == "truncated_normal":
        return truncated_normal(shape, 0.0, std, correct_std=True, rng=rng, dtype=dtype)
    bound = uniform_bound(std)
    return uniform(shape, -bound, bound, rng=rng, dtype=dtype)


def _normal_flavour(truncated: object) -> Distribution:
    if not isinstance(truncated, (bool, np.bool_)):
        raise TypeError(f"truncated must be True or False, got {truncated!r}")
    return "truncated_normal" if truncated else "normal"


def _he_scale(negative_slope: object) -> float:
    a = check_nonnegative("negative_slope", negative_slope)
    scale = 2.0 / (1.0 + a * a)  # a * a, not a ** 2: a float ** that overflows raises OverflowError
    if not scale > 0:
        raise ValueError(f"negative_slope must be small enough that 2/(1 + a^2) > 0, got {negative_slope!r}")
    return scale


def _glorot_scale(gain: object) -> float:
    g = check_positive("gain", gain)
    scale = g * g  # not g ** 2, which raises OverflowError for a huge gain
    if not 0 < scale < math.inf:
        raise ValueError(f"gain must be a number whose square is finite and > 0, got {gain!r}")
    return scale


def glorot_uniform(
    shape: tuple[int, ...], gain: float = 1.0, *, rng: object = None, dtype: object = np.float64
) -> np.ndarray:
    r"""Glorot/Xavier uniform: $\mathcal U[-c, c)$, $c = g\sqrt{6/(\text{fan\_in}+\text{fan\_out})}$.

    ``variance_scaling(scale=gain**2, mode="fan_avg", distribution="uniform")``:
    the compromise between the forward condition $n_\text{in}\operatorname{Var}(w)=1$
    and the backward one $n_\text{out}\operatorname{Var}(w)=1$.

    Paper: Glorot & Bengio, *Understanding the difficulty of training deep
    feedforward neural networks*, AISTATS 2010 (their "normalized
    initialization").

    Framework equivalents: PyTorch ``nn.init.xavier_uniform_(t, gain=1)``,
    Keras ``GlorotUniform()`` (the default of ``Dense``), JAX
    ``jax.nn.initializers.glorot_uniform()``.

    Examples
    --------
    >>> w = glorot_uniform((256, 784), rng=0)
    >>> round(float(abs(w).max()), 4)         # sqrt(6 / (784 + 256)) = 0.0760
    0.076
    """
    scale = _glorot_scale(gain)
    return variance_scaling(shape, scale, "fan_avg", "uniform", rng=rng, dtype=dtype)


def glorot_normal(
    shape: tuple[int, ...],
    gain: float = 1.0,
    *,
    truncated: bool = False,
    rng: object = None,
    dtype: object = np.float64,
) -> np.ndarray:
    r"""Glorot/Xavier normal: std $g\sqrt{2/(\text{fan\_in}+\text{fan\_out})}$.

    ``variance_scaling(scale=gain**2, mode="fan_avg", distribution="normal")``,
    or ``"truncated_normal"`` with ``truncated=True``. Either way the std is
    the formula's.

    Paper: Glorot & Bengio, AISTATS 2010.

    Framework equivalents: PyTorch ``nn.init.xavier_normal_(t)``
    (untruncated, ``truncated=False``); Keras ``GlorotNormal()`` and JAX
    ``glorot_normal()`` (truncated, ``truncated=True``).

    Examples
    --------
    >>> w = glorot_normal((256, 784), rng=0)
    >>> round(float(w.std()), 4)              # sqrt(2 / (784 + 256)) = 0.0439
    0.0439
    """
    scale = _glorot_scale(gain)
    return variance_scaling(shape, scale, "fan_avg", _normal_flavour(truncated), rng=rng, dtype=dtype)


def he_uniform(
    shape: tuple[int, ...],
    negative_slope: float = 0.0,
    mode: Mode = "fan_in",
    *,
    rng: object = None,
    dtype: object = np.float64,
) -> np.ndarray:
    r"""He/Kaiming uniform: $\mathcal U[-c, c)$, $c = \sqrt{6 / ((1+a^2)\, n)}$.

    ``variance_scaling(scale=2/(1+a**2), mode=mode, distribution="uniform")``
    with $a$ the leaky-ReLU ``negative_slope`` (0 for ReLU) and $n$ the fan
    ``mode`` picks (``fan_in`` keeps the forward signal, ``fan_out`` the
    backward one).

    Paper: He, Zhang, Ren & Sun, *Delving Deep into Rectifiers*, ICCV 2015.

    Framework equivalents: PyTorch ``nn.init.kaiming_uniform_(t, a=0,
    mode="fan_in", nonlinearity="relu")`` (its default ``nonlinearity`` is
    ``"leaky_relu"`` with ``a=0``, the same gain), Keras ``HeUniform()``,
    JAX ``he_uniform()``.

    Examples
    --------
    >>> w = he_uniform((256, 784), rng=0)
    >>> round(float(abs(w).max()), 4)        # sqrt(6 / 784) = 0.0875
    0.0875
    """
    return variance_scaling(shape, _he_scale(negative_slope), mode, "uniform", rng=rng, dtype=dtype)


def he_normal(
    shape: tuple[int, ...],
    negative_slope: float = 0.0,
    mode: Mode = "fan_in",
    *,
    truncated: bool = False,
    rng: object = None,
    dtype: object = np.float64,
) -> np.ndarray:
    r"""He/Kaiming normal: std $\sqrt{2 / ((1+a^2)\, n)}$.

    ``variance_scaling(scale=2/(1+a**2), mode=mode, distribution="normal")``
    (``"truncated_normal"`` with ``truncated=True``). ReLU zeroes half its
    inputs, halving the second moment; the factor 2 gives it back.

    Paper: He, Zhang, Ren & Sun, *Delving Deep into Rectifiers*, ICCV 2015.

    Framework equivalents: PyTorch ``nn.init.kaiming_normal_(t,
    nonlinearity="relu")`` (untruncated), Keras ``HeNormal()`` and JAX
    ``he_normal()`` (truncated: ``truncated=True``).

    Examples
    --------
    >>> w = he_normal((256, 784), rng=0)
    >>> round(float(w.std()), 4)             # sqrt(2 / 784) = 0.0505
    0.0505
    """
    return variance_scaling(shape, _he_scale(negative_slope), mode, _normal_flavour(truncated), rng=rng, dtype=dtype)


def lecun_uniform(shape: tuple[int, ...], *, rng: object = None, dtype: object = np.float64) -> np.ndarray:
    r"""LeCun uniform: $\mathcal U[-c, c)$, $c = \sqrt{3/\text{fan\_in}}$.

    ``variance_scaling(scale=1, mode="fan_in", distribution="uniform")``.

    Paper: LeCun, Bottou, Orr & Müller, *Efficient BackProp*, 1998.

    Framework equivalents: PyTorch ``nn.init.kaiming_uniform_(t,
    nonlinearity="linear")``, Keras ``LecunUniform()``, JAX ``lecun_uniform()``.

    Examples
    --------
    >>> w = lecun_uniform((256, 784), rng=0)
    >>> round(float(abs(w).max()), 4)        # sqrt(3 / 784) = 0.0619
    0.0619
    """
    return variance_scaling(shape, 1.0, "fan_in", "uniform", rng=rng, dtype=dtype)


def lecun_normal(
    shape: tuple[int, ...], *, truncated: bool = False, rng: object = None, dtype: object = np.float64
) -> np.ndarray:
    r"""LeCun normal: std $\sqrt{1/\text{fan\_in}}$.

    ``variance_scaling(scale=1, mode="fan_in", distribution="normal")``
    (``"truncated_normal"`` with ``truncated=True``). The initialization
    SELU's self-normalization needs. Some courses call $\sqrt{1/n}$
    "Xavier"; it is LeCun's.

    Papers: LeCun et al., *Efficient BackProp*, 1998; Klambauer et al.,
    *Self-Normalizing Neural Networks*, 2017.

    Framework equivalents: PyTorch has no named function:
    ``nn.init.kaiming_normal_(t, nonlinearity="linear")`` (untruncated);
    Keras ``LecunNormal()`` and JAX ``lecun_normal()`` are truncated
    (``truncated=True``), and the latter is Flax ``Dense``'s default.

    Examples
    --------
    >>> w = lecun_normal((256, 784), rng=0)
    >>> round(float(w.std()), 4)             # sqrt(1 / 784) = 0.0357
    0.0357
    """
    return variance_scaling(shape, 1.0, "fan_in", _normal_flavour(truncated), rng=rng, dtype=dtype)


# Aliases under the names PyTorch uses.
xavier_uniform = glorot_uniform
xavier_normal = glorot_normal
kaiming_uniform = he_uniform
kaiming_normal = he_normal
