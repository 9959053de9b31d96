r"""Per-layer diagnostics of a network: saturation, dead units and the statistics training records.

These are the checks of Karpathy's *makemore* part 3: the share of tanh or
sigmoid units in their flat tails, the share of ReLUs that are dead for a
whole batch, and per-layer means and stds of activations, gradients and the
update:data ratio.
"""

from __future__ import annotations

import math

import numpy as np

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
