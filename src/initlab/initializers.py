r"""Weight initializers.

Every initializer has the signature ``name(shape, <parameters>, *, rng=None,
dtype=numpy.float64) -> numpy.ndarray``. ``rng`` is a
:class:`numpy.random.Generator` or an int seed; numpy's global random state
is never touched. ``dtype`` is float32 or float64 and is drawn directly (a
float32 weight never passes through a float64 temporary of its size).

The fan-based schemes -- Glorot/Xavier, He/Kaiming, LeCun -- are all
:func:`variance_scaling` with a different ``scale`` and ``mode``: the formula
lives there once, and the named functions only fix its arguments.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

import numpy as np

from ._validation import (
    as_generator,
    check_choice,
    check_dtype,
    check_fits,
    check_nonnegative,
    check_positive,
    check_real,
    check_shape,
)

Mode = Literal["fan_in", "fan_out", "fan_avg"]
Distribution = Literal["normal", "truncated_normal", "uniform"]
MODES: tuple[str, ...] = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS: tuple[str, ...] = ("normal", "truncated_normal", "uniform")

#: Where :func:`truncated_normal` cuts, in standard deviations of the
#: underlying normal (the convention of Keras, JAX and TensorFlow).
TRUNCATION = 2.0

#: Probability mass of a standard normal inside ``[-2, 2]``: $\operatorname{erf}(\sqrt 2) \approx 0.9545$.
TRUNCATED_MASS = math.erf(TRUNCATION / math.sqrt(2))

#: Standard deviation of a standard normal cut to ``[-2, 2]``:
#: $\sqrt{1 - 4\varphi(2) / \operatorname{erf}(\sqrt 2)} \approx 0.8796$.
#: Keras and JAX divide by it so that a truncated draw has the std asked for.
TRUNCATED_STD = math.sqrt(
    1.0 - 2.0 * TRUNCATION * math.exp(-(TRUNCATION**2) / 2) / math.sqrt(2 * math.pi) / TRUNCATED_MASS
)

#: Bound on |z| for the draws of ``Generator.standard_normal``, used only to
#: refuse a std so large that the weight would overflow to inf. numpy's
#: ziggurat never returns |z| above about 14; 40 leaves a wide margin.
_MAX_Z = 40.0

# Sampling fills the output in blocks that stay in cache, so the in-place
# scale and shift after each draw cost almost nothing next to the draw itself.
_BLOCK = 1 << 16


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


def _filled(shape: tuple[int, ...], dtype: np.dtype, fill: Callable[[np.ndarray], None]) -> np.ndarray:
    out = np.empty(shape, dtype=dtype)
    flat = out.reshape(-1)
    for start in range(0, flat.size, _BLOCK):
        fill(flat[start : start + _BLOCK])
    return out


def zeros(shape: tuple[int, ...], *, rng: object = None, dtype: object = np.float64) -> np.ndarray:
    r"""All weights zero: $W_{ij} = 0$.

    Every hidden unit then computes the same thing and receives the same
    gradient; with ReLU or tanh the hidden gradients are exactly zero. Fine
    for biases, fatal for weights (see the *Zero* page).

    ``rng`` is accepted for a uniform interface and ignored.
    Any shape with at least one axis is allowed, so biases can use it too.

    Framework equivalents: PyTorch ``nn.init.zeros_(t)``, Keras
    ``keras.initializers.Zeros()``, JAX ``jax.nn.initializers.zeros``.

    Examples
    --------
    >>> zeros((2, 3))
    array([[0., 0., 0.],
           [0., 0., 0.]])
    """
    return np.zeros(check_shape(shape, min_ndim=1), dtype=check_dtype(dtype))


def constant(shape: tuple[int, ...], value: float, *, rng: object = None, dtype: object = np.float64) -> np.ndarray:
    r"""All weights equal to ``value``: $W_{ij} = c$.

    Non-zero, but every unit in a layer is still a clone of the others: the
    symmetry problem of the *Constant* page. ``rng`` is ignored.

    Framework equivalents: PyTorch ``nn.init.constant_(t, c)``, Keras
    ``keras.initializers.Constant(c)``, JAX ``jax.nn.initializers.constant(c)``.

    Examples
    --------
    >>> constant((2, 2), 0.5)
    array([[0.5, 0.5],
           [0.5, 0.5]])
    """
    shape, value, dtype = check_shape(shape, min_ndim=1), check_real("value", value), check_dtype(dtype)
    check_fits("value", abs(value), dtype, f"value={value!r}")
    return np.full(shape, value, dtype=dtype)


def uniform(
    shape: tuple[int, ...], low: float = -0.05, high: float = 0.05, *, rng: object = None, dtype: object = np.float64
) -> np.ndarray:
    r"""Independent draws from $\mathcal U[\text{low}, \text{high})$.

    Mean $(\text{low}+\text{high})/2$, variance $(\text{high}-\text{low})^2/12$;
    for a symmetric $\mathcal U[-b, b)$ that is $b^2/3$.

    Framework equivalents: PyTorch ``nn.init.uniform_(t, a, b)`` (default
    U(0, 1)), Keras ``RandomUniform(minval, maxval)`` (default ±0.05). JAX's
    ``jax.nn.initializers.uniform(scale)`` draws from ``[0, scale)``, not a
    symmetric interval.

    Examples
    --------
    >>> w = uniform((100, 100), -0.1, 0.1, rng=0)
    >>> bool(w.min() >= -0.1 and w.max() < 0.1)
    True
    """
    shape = check_shape(shape, min_ndim=1)
    low, high = check_real("low", low), check_real("high", high)
    if not low < high:
        raise ValueError(f"low must be < high, got low={low!r}, high={high!r}")
    dtype, gen = check_dtype(dtype), as_generator(rng)
    width = high - low
    if not math.isfinite(width):
        raise ValueError(f"high - low must be finite, got low={low!r}, high={high!r}")
    check_fits("low and high", max(abs(low), abs(high), width), dtype, f"low={low!r}, high={high!r}")

    def fill(block: np.ndarray) -> None:
        gen.random(out=block, dtype=dtype)
        block *= width
        block += low

    return _filled(shape, dtype, fill)


def normal(
    shape: tuple[int, ...], mean: float = 0.0, std: float = 1.0, *, rng: object = None, dtype: object = np.float64
) -> np.ndarray:
    r"""Independent draws from $\mathcal N(\text{mean}, \text{std}^2)$.

    Framework equivalents: PyTorch ``nn.init.normal_(t, mean, std)`` (default
    std 1), Keras ``RandomNormal(mean, stddev)`` (default stddev 0.05), JAX
    ``jax.nn.initializers.normal(stddev)`` (default 0.01).

    Examples
    --------
    >>> w = normal((256, 784), std=0.01, rng=0)
    >>> round(float(w.std()), 4)
    0.01
    """
    shape = check_shape(shape, min_ndim=1)
    mean, std = check_real("mean", mean), check_positive("std", std)
    dtype, gen = check_dtype(dtype), as_generator(rng)
    check_fits("mean and std", abs(mean) + _MAX_Z * std, dtype, f"mean={mean!r}, std={std!r}")

    def fill(block: np.ndarray) -> None:
        gen.standard_normal(out=block, dtype=dtype)
        block *= std
        if mean:
            block += mean

    return _filled(shape, dtype, fill)


def truncated_normal(
    shape: tuple[int, ...],
    mean: float = 0.0,
    std: float = 1.0,
    *,
    correct_std: bool = False,
    rng: object = None,
    dtype: object = np.float64,
) -> np.ndarray:
    r"""A normal cut at two standard deviations, redrawn until inside.

    Draws $\mathcal N(\text{mean}, \sigma^2)$ and redraws every value outside
    $[\text{mean} - 2\sigma, \text{mean} + 2\sigma]$. Cutting the tails
    shrinks the standard deviation to $0.8796\,\sigma$
    (:data:`TRUNCATED_STD`). With ``correct_std=False`` $\sigma$ is ``std``,
    like Keras ``TruncatedNormal`` and JAX ``truncated_normal`` (final std
    about ``0.88 * std``). With ``correct_std=True``,
    $\sigma = \text{std} / 0.8796$ so the final std *is* ``std``: what
    Keras/JAX ``VarianceScaling`` does for its truncated normals.

    PyTorch's ``nn.init.trunc_normal_(t, mean, std, a, b)`` takes absolute
    bounds ``a, b`` (default ±2, not ±2 std) and applies no correction.

    Examples
    --------
    >>> w = truncated_normal((512, 512), std=0.1, rng=0)
    >>> bool(abs(w).max() <= 0.2)
    True
    >>> round(float(w.std()) / 0.1, 2)              # tails cut: std shrinks
    0.88
    >>> w = truncated_normal((512, 512), std=0.1, correct_std=True, rng=0)
    >>> round(float(w.std()), 3)
    0.1
    """
    shape = check_shape(shape, min_ndim=1)
    mean, std = check_real("mean", mean), check_positive("std", std)
    if not isinstance(correct_std, (bool, np.bool_)):
        raise TypeError(f"correct_std must be True or False, got {correct_std!r}")
    dtype, gen = check_dtype(dtype), as_generator(rng)
    sigma = std / TRUNCATED_STD if correct_std else std
    check_fits("mean and std", abs(mean) + TRUNCATION * sigma, dtype, f"mean={mean!r}, std={std!r}")

    def fill(block: np.ndarray) -> None:
        gen.standard_normal(out=block, dtype=dtype)
        outside = np.flatnonzero(np.abs(block) > TRUNCATION)
        while outside.size:
            block[outside] = gen.standard_normal(outside.size, dtype=dtype)
            outside = outside[np.abs(block[outside]) > TRUNCATION]
        block *= sigma
        if mean:
            block += mean

    return _filled(shape, dtype, fill)


def uniform_bound(std: float) -> float:
    r"""The bound $b = \sqrt 3\,\sigma$ of the symmetric uniform law $\mathcal U[-b, b)$ with std $\sigma$.

    $\operatorname{Var}\,\mathcal U[-b, b] = b^2/3$, so $b = \sqrt 3\,\sigma$.

    Examples
    --------
    >>> round(uniform_bound(0.1), 6)
    0.173205
    """
    return math.sqrt(3.0) * std


def variance_scaling_std(shape: tuple[int, ...], scale: float = 1.0, mode: Mode = "fan_in") -> float:
    r"""The standard deviation variance scaling targets: $\sqrt{\text{scale}/n}$.

    $n$ is the fan ``mode`` picks: ``fan_in``, ``fan_out``, or
    ``fan_avg`` $= (\text{fan\_in} + \text{fan\_out})/2$. This is the one
    place the fan-based formula lives; :func:`variance_scaling` samples it.

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

    With $n$ the fan ``mode`` picks (see :func:`variance_scaling_std`) and
    $\sigma = \sqrt{\text{scale}/n}$:

    * ``"normal"``: $\mathcal N(0, \sigma^2)$, untruncated (JAX's ``"normal"``,
      PyTorch's ``*_normal_``);
    * ``"truncated_normal"``: a normal cut at $\pm 2$ of its own std and
      rescaled by $1/0.8796$ so the final std is $\sigma$ (Keras's
      ``"truncated_normal"``/``"normal"``, JAX's ``"truncated_normal"``);
    * ``"uniform"``: $\mathcal U[-b, b)$ with $b = \sqrt 3\,\sigma$, since
      $\operatorname{Var}\,\mathcal U[-b, b] = b^2/3$.

    ============  ================  ==========
    scheme        scale             mode
    ============  ================  ==========
    LeCun         1                 fan_in
    Glorot        1 (gain²)         fan_avg
    He            2/(1 + a²)        fan_in
    ============  ================  ==========

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
    r"""Glorot/Xavier uniform: $\mathcal U[-b, b)$, $b = g\sqrt{6/(\text{fan\_in}+\text{fan\_out})}$.

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
    r"""He/Kaiming uniform: $\mathcal U[-b, b)$, $b = \sqrt{6 / ((1+a^2)\, n)}$.

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
    r"""LeCun uniform: $\mathcal U[-b, b)$, $b = \sqrt{3/\text{fan\_in}}$.

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


def orthogonal(
    shape: tuple[int, ...], gain: float = 1.0, *, rng: object = None, dtype: object = np.float64
) -> np.ndarray:
    r"""A (semi-)orthogonal matrix times ``gain``: all singular values equal ``gain``.

    The weight is viewed as a matrix $(\text{shape}[0], \prod \text{shape}[1:])$.
    Take the QR decomposition $A = QR$ of a Gaussian matrix of the taller
    orientation and multiply each column of $Q$ by the sign of $R$'s
    diagonal, which makes $Q$ uniformly (Haar) distributed. Then
    $W W^\top = g^2 I$ (wide) or $W^\top W = g^2 I$ (tall). The QR runs in
    float64 and the result is cast to ``dtype``.

    Paper: Saxe, McClelland & Ganguli, *Exact solutions to the nonlinear
    dynamics of learning in deep linear neural networks*, ICLR 2014.

    Framework equivalents: PyTorch ``nn.init.orthogonal_(t, gain)``, Keras
    ``Orthogonal(gain)``, JAX ``jax.nn.initializers.orthogonal(scale)``.

    Examples
    --------
    >>> w = orthogonal((3, 5), rng=0)
    >>> bool(np.allclose(w @ w.T, np.eye(3)))
    True
    """
    shape = check_shape(shape, min_ndim=2)
    gain = check_positive("gain", gain)
    dtype, gen = check_dtype(dtype), as_generator(rng)
    check_fits("gain", gain, dtype, f"gain={gain!r}")
    rows, cols = shape[0], math.prod(shape[1:])
    a = gen.standard_normal((max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(a)
    q *= np.where(np.diag(r) < 0, -1.0, 1.0)
    if rows < cols:
        q = q.T
    return (gain * q).reshape(shape).astype(dtype, copy=False)


# Aliases under the names PyTorch uses.
xavier_uniform = glorot_uniform
xavier_normal = glorot_normal
kaiming_uniform = he_uniform
kaiming_normal = he_normal
