r"""The fixed laws: zeros, a constant, uniform, normal, truncated normal and orthogonal.

Each samples a weight whose law does not depend on the layer's fans (the
orthogonal one only through its shape). Every sampler has the signature
``name(shape, <parameters>, *, rng=None, dtype=numpy.float64) -> numpy.ndarray``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from .._validation import (
    as_generator,
    check_dtype,
    check_fits,
    check_positive,
    check_real,
    check_shape,
)

__all__ = [
    "TRUNCATED_MASS",
    "TRUNCATED_STD",
    "TRUNCATION",
    "constant",
    "normal",
    "orthogonal",
    "truncated_normal",
    "uniform",
    "uniform_bound",
    "zeros",
]

TRUNCATION = 2.0
"""Where [`truncated_normal`][initlab.initializers.laws.truncated_normal] cuts, in standard deviations of the
underlying normal (the convention of Keras, JAX and TensorFlow)."""

TRUNCATED_MASS = math.erf(TRUNCATION / math.sqrt(2))
r"""Probability mass of a standard normal inside `[-2, 2]`: $\operatorname{erf}(\sqrt 2) \approx 0.9545$."""

TRUNCATED_STD = math.sqrt(
    1.0 - 2.0 * TRUNCATION * math.exp(-(TRUNCATION**2) / 2) / math.sqrt(2 * math.pi) / TRUNCATED_MASS
)
r"""Standard deviation of a standard normal cut to `[-2, 2]`:
$\sqrt{1 - 4\phi(2) / \operatorname{erf}(\sqrt 2)} \approx 0.8796$, with $\phi$ the standard
normal density. Keras and JAX divide by it so that a truncated draw has the std asked for."""

#: Bound on |z| for the draws of ``Generator.standard_normal``, used only to
#: refuse a std so large that the weight would overflow to inf. numpy's
#: ziggurat never returns |z| above about 14; 40 leaves a wide margin.
_MAX_Z = 40.0

# uniform and truncated_normal fill their output a block of this many
# elements at a time (see _blocks); 65536 float64 values are 512 KiB.
_BLOCK = 1 << 16


def _blocks(x: np.ndarray) -> Iterator[np.ndarray]:
    """Views of the contiguous array ``x``, ``_BLOCK`` elements each, in order.

    Drawing into a block and then scaling it touches memory that is still in
    cache. That matters where the draw is cheap: on a (4096, 4096) weight,
    drawing the whole uniform array and then scaling it takes about 8%
    (float32) to 14% (float64) longer than filling blocks, and the truncated
    normal's rejection step about 10% longer. A normal draw is slow enough
    that the whole-array scale costs nothing measurable in float32 (about 3%
    in float64), so [`normal`][initlab.initializers.laws.normal] draws the whole
    array at once.
    """
    flat = x.reshape(-1)
    for start in range(0, flat.size, _BLOCK):
        yield flat[start : start + _BLOCK]


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
    for a symmetric $\mathcal U[-c, c)$ that is $c^2/3$.

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

    # w = low + (high - low) u with u ~ U[0, 1), block by block (see _blocks).
    w = np.empty(shape, dtype=dtype)
    for block in _blocks(w):
        gen.random(out=block, dtype=dtype)
        block *= width
        block += low
    return w


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

    # w = mean + std z with z ~ N(0, 1)
    w = gen.standard_normal(shape, dtype=dtype)
    w *= std
    if mean:
        w += mean
    return w


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

    Draws $\mathcal N(\text{mean}, s^2)$ and redraws every value outside
    $[\text{mean} - 2s, \text{mean} + 2s]$. Cutting the tails
    shrinks the standard deviation to $0.8796\,s$
    ([`TRUNCATED_STD`][initlab.initializers.laws.TRUNCATED_STD]). With ``correct_std=False`` $s$ is ``std``,
    like Keras ``TruncatedNormal`` and JAX ``truncated_normal`` (final std
    about ``0.88 * std``). With ``correct_std=True``,
    $s = \text{std} / 0.8796$ so the final std *is* ``std``: what
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

    # w = mean + sigma z with z ~ N(0, 1) redrawn until |z| <= 2. The redraws
    # are made block by block (see _blocks), and that fixes which of the
    # generator's numbers land where: keep it, or a seed's weights change.
    w = np.empty(shape, dtype=dtype)
    for z in _blocks(w):
        gen.standard_normal(out=z, dtype=dtype)
        outside = np.flatnonzero(np.abs(z) > TRUNCATION)
        while outside.size:
            z[outside] = gen.standard_normal(outside.size, dtype=dtype)
            outside = outside[np.abs(z[outside]) > TRUNCATION]
        z *= sigma
        if mean:
            z += mean
    return w


def uniform_bound(std: float) -> float:
    r"""The bound $c = \sqrt 3\,s$ of the symmetric uniform law $\mathcal U[-c, c)$ with std $s$.

    $\operatorname{Var}\,\mathcal U[-c, c] = c^2/3$, so $c = \sqrt 3\,s$.

    Examples
    --------
    >>> round(uniform_bound(0.1), 6)
    0.173205
    """
    return math.sqrt(3.0) * std


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
