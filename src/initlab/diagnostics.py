r"""Per-layer diagnostics of a network: saturation, dead units and the statistics training records.

These are the checks of Karpathy's *makemore* part 3: the share of tanh or
sigmoid units in their flat tails, the share of ReLUs that are dead for a
whole batch, and per-layer means and stds of activations, gradients and the
update:data ratio.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from .nn import MLP, Gradients, Trace

# |tanh| > 0.97 counts as saturated (as in makemore); for a sigmoid, within 0.03
# of 0 or 1: the same distance from the asymptotes, which on tanh's scale
# (sigma(z) = (1 + tanh(z/2))/2) is |tanh(z/2)| > 0.94, a wider band.
TANH_SATURATION = 0.97
SIGMOID_SATURATION = 0.03
# The pre-activation beyond which tanh is saturated: |z| > artanh(0.97).
TANH_SATURATION_Z = math.atanh(TANH_SATURATION)


def saturation(a: np.ndarray, activation: str) -> float:
    r"""Fraction of activations in the flat tails: $|a| > 0.97$ (tanh), $\min(a, 1-a) < 0.03$ (sigmoid); NaN otherwise.

    Examples
    --------
    >>> saturation(np.tanh(np.array([0.0, 3.0, -3.0, 1.0])), "tanh")
    0.5
    """
    if activation == "tanh":
        return float(np.mean(np.abs(a) > TANH_SATURATION))
    if activation == "sigmoid":
        return float(np.mean(np.abs(a - 0.5) > 0.5 - SIGMOID_SATURATION))
    return math.nan


def dead_fraction(a: np.ndarray) -> float:
    """Fraction of units (columns of ``a``) that are exactly 0 for every sample (row).

    Examples
    --------
    >>> dead_fraction(np.array([[0.0, 1.0], [0.0, 0.0]]))
    0.5
    """
    return float(np.mean(~a.any(axis=0)))


def layer_stats(net: MLP, trace: Trace, grads: Gradients, lr: float) -> dict[str, np.ndarray]:
    """Per-layer statistics of one forward/backward pass (the rows [`History`][initlab.training.History] records)."""
    hidden = trace.a[1:-1]
    name = net.activation.name
    with np.errstate(invalid="ignore", divide="ignore"):
        w_std = np.array([W.std() for W in net.weights], dtype=np.float64)
        g_std = np.array([g.std() for g in grads.dW], dtype=np.float64)
        return {
            "act_mean": np.array([a.mean() for a in hidden], dtype=np.float64),
            "act_std": np.array([a.std() for a in hidden], dtype=np.float64),
            "grad_mean": np.array([g.mean() for g in grads.da], dtype=np.float64),
            "grad_std": np.array([g.std() for g in grads.da], dtype=np.float64),
            "saturated": np.array([saturation(a, name) for a in hidden], dtype=np.float64),
            "dead": np.array([dead_fraction(a) for a in hidden], dtype=np.float64),
            "weight_std": w_std,
            "weight_grad_std": g_std,
            "update_ratio": np.where(w_std > 0, lr * g_std / np.where(w_std > 0, w_std, 1.0), np.nan),
        }


def per_layer_factor(series: ArrayLike, *, first: int = 0, last: int = -1, axis: int = -1) -> np.ndarray | np.floating:
    r"""Mean factor per layer of a series of stds or variances, from entry ``first`` to entry ``last``.

    $$(v_\text{last} / v_\text{first})^{1/|\text{last} - \text{first}|}$$
    is the geometric mean of the layer-to-layer ratios
    $v_{l+1} / v_l$ between entries ``first`` and ``last``: only the two
    end points enter, so what happens between them does not matter. The
    factor has the kind of the series the caller passes: a **std factor**
    for a series of stds (such as ``act_std`` or ``grad_std`` of a
    [`DepthSweep`][initlab.studies.depth.DepthSweep]), a **variance
    factor** for a series of variances; the variance factor is the std
    factor squared. Say which when quoting it: "std × r per layer" or
    "variance × r per layer".

    Parameters
    ----------
    series
        Values layer by layer along ``axis``, at least two of them.
    first, last
        Indices along ``axis`` (negative ones count from the end, as in
        numpy) of where the signal starts and where it ends; they must
        differ. The defaults go from the first layer to the last, as the
        activations travel; ``first=-1, last=0`` goes from the last layer
        to the first, as the gradient travels.
    axis
        The layer axis; the result has the other axes of ``series``.

    Returns
    -------
    np.ndarray | np.floating
        The factor, ``(v[last] / v[first]) ** (1.0 / abs(last - first))``
        in this order of operations and in the dtype of ``series`` (a
        numpy scalar for a 1-D series). No warning is raised: 0 at
        ``first`` gives inf (or NaN if ``last`` is 0 too), 0 at ``last``
        gives 0, and NaN or inf at either end gives NaN or inf as IEEE
        arithmetic does, so a caller that wants a meaningful factor passes
        a stretch of finite, positive values.

    Raises
    ------
    ValueError
        If ``series`` has fewer than two entries along ``axis``, ``axis``
        is not an axis of it, or ``first`` and ``last`` are out of range
        or name the same entry.
    TypeError
        If ``first``, ``last`` or ``axis`` is not an integer.

    Examples
    --------
    >>> std = 2.0 * 0.5 ** np.arange(5)                 # halves at every layer
    >>> float(per_layer_factor(std))                    # std factor
    0.5
    >>> float(per_layer_factor(std**2))                 # variance factor
    0.25
    >>> float(per_layer_factor(std, first=-1, last=0))  # going down: doubles
    2.0
    >>> per_layer_factor(np.array([[1.0, 2.0, 4.0], [1.0, 3.0, 9.0]]))
    array([2., 3.])
    """
    v = np.asarray(series)
    for name, value in (("first", first), ("last", last), ("axis", axis)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise TypeError(f"{name} must be an int, got {value!r} ({type(value).__name__})")
    if not -v.ndim <= axis < v.ndim:
        raise ValueError(f"axis must name an axis of series, which has {v.ndim} dimension(s), got {axis}")
    n = v.shape[axis]
    if n < 2:
        raise ValueError(f"series must have at least two entries along axis {axis}, got {n}")
    for name, value in (("first", first), ("last", last)):
        if not -n <= value < n:
            raise ValueError(f"{name} must be an index in [{-n}, {n - 1}] of the {n} entries, got {value}")
    start, stop = int(first) % n, int(last) % n
    if start == stop:
        raise ValueError(f"first and last must name different entries, got first={first}, last={last} (of {n})")
    with np.errstate(all="ignore"):
        return (np.take(v, stop, axis=axis) / np.take(v, start, axis=axis)) ** (1.0 / abs(stop - start))
