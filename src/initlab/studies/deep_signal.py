r"""100 stacked 512x512 layers in float32 (fast.ai course-v3 notebook 02b)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import as_generator, check_int
from ..initializers import normal, variance_scaling_std
from ..meanfield import variance_map

# ----------------------------------------------------------------------------- 100 layers of 512 x 512


@dataclass(frozen=True)
class DeepSignal:
    r"""A signal pushed through many square layers in float32, one row per setting.

    Attributes
    ----------
    schemes, labels, activations
        ``(S,)``: the scheme whose line style a row is drawn in (the
        $\mathcal N(0, 1)$ row borrows ``large_normal``'s), a human label,
        and the activation after every layer (``"linear"`` or ``"tanh"``).
    weight_std
        ``(S,)``: the std of every weight in that row.
    width, batch
        Layers are ``width x width``; the input is ``batch`` standard-normal vectors.
    layers
        ``(depth,)``: $1..\text{depth}$.
    act_std
        ``(S, depth)``: std of the signal after each layer (accumulated in
        float64); NaN once it has overflowed.
    first_nonfinite
        ``(S,)`` int: first layer with an inf or NaN value, 0 if none.
    first_zero
        ``(S,)`` int: first layer whose values are all exactly 0, 0 if none.
    tanh_mean_field_std
        ``(depth,)``: the infinite-width prediction for the tanh row,
        $q_{l} = \mathbb E[\tanh(z)^2]$, $z \sim \mathcal N(0, q_{l-1})$, $q_0 = 1$; its square root.
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    activations: tuple[str, ...]
    weight_std: np.ndarray
    width: int
    batch: int
    layers: np.ndarray
    act_std: np.ndarray
    first_nonfinite: np.ndarray
    first_zero: np.ndarray
    tanh_mean_field_std: np.ndarray


def deep_linear_signal(depth: int = 100, width: int = 512, *, batch: int = 8, rng: object = 0) -> DeepSignal:
    r"""100 stacked $512 \times 512$ layers in float32: the fast.ai course's experiment.

    The experiment is from the fast.ai course (course-v3, notebook 02b),
    retold in James Dellinger's 2019 article *Weight Initialization in
    Neural Networks: A Journey From the Basics to Kaiming*.

    ``batch`` standard-normal input vectors (that experiment used one) go
    through four stacks that share their float32 random numbers: linear layers (no
    activation) with $\mathcal N(0, 1)$, $\mathcal N(0, 0.01^2)$ and
    $\mathcal N(0, 1/n)$ weights, and tanh layers with Glorot normal
    weights (on a square layer also $\mathcal N(0, 1/n)$). Each layer's
    weight is drawn once with [`normal`][initlab.initializers.laws.normal] at std 1 and multiplied
    by each row's std, which gives the same float32 bits as drawing it with
    that std from the same generator.

    Examples
    --------
    >>> d = deep_linear_signal(depth=40, width=128)
    >>> d.labels[0], int(d.first_nonfinite[0]) > 0
    ('N(0, 1)', True)
    """
    depth = check_int("depth", depth)
    width = check_int("width", width, minimum=2)
    batch = check_int("batch", batch)
    gen = as_generator(rng)
    shape = (width, width)
    schemes = ("large_normal", "small_normal", "lecun_normal", "glorot_normal")  # for the line styles
    labels = ("N(0, 1)", "N(0, 0.01²)", "N(0, 1/n)", "Glorot normal, tanh")
    acts = ("linear", "linear", "linear", "tanh")
    stds = (1.0, 0.01, variance_scaling_std(shape, 1.0, "fan_in"), variance_scaling_std(shape, 1.0, "fan_avg"))
    x = gen.standard_normal((batch, width), dtype=np.float32)
    signals = [x.copy() for _ in schemes]
    S = len(schemes)
    act_std = np.empty((S, depth))
    first_bad, first_zero = np.zeros(S, dtype=np.int64), np.zeros(S, dtype=np.int64)
    with np.errstate(all="ignore"):
        for l in range(depth):
            W = normal(shape, std=1.0, rng=gen, dtype=np.float32)
            scaled = {s: (W if s == 1.0 else W * s) for s in set(stds)}
            for i, (s, act) in enumerate(zip(stds, acts)):
                if first_bad[i] or first_zero[i]:  # nothing left to learn from this row
                    act_std[i, l] = np.nan if first_bad[i] else 0.0
                    continue
                # one matrix-vector product per input: far cheaper than a small
                # matrix-matrix product when BLAS threads compete for the CPU
                h = np.stack([scaled[s] @ v for v in signals[i]])
                signals[i] = np.tanh(h) if act == "tanh" else h
                finite = bool(np.isfinite(signals[i]).all())
                act_std[i, l] = float(signals[i].astype(np.float64).std()) if finite else np.nan
                if not finite:
                    first_bad[i] = l + 1
                elif not signals[i].any():
                    first_zero[i] = l + 1
    q, mf = 1.0, np.empty(depth)
    for l in range(depth):
        q = variance_map("tanh", q)
        mf[l] = math.sqrt(q)
    return DeepSignal(
        schemes=schemes,
        labels=labels,
        activations=acts,
        weight_std=np.array(stds),
        width=width,
        batch=batch,
        layers=np.arange(1, depth + 1),
        act_std=act_std,
        first_nonfinite=first_bad,
        first_zero=first_zero,
        tanh_mean_field_std=mf,
    )
