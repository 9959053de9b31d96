r"""The output heads' costs and their gradient at the logits.

A sigmoid output with binary cross-entropy (labels 0/1) or a softmax with
cross-entropy (labels $0..k-1$); the cost is the mean over the batch. The
stable forms are computed from the logits $Z^{[L]}$, so they stay finite
when the output saturates; [`naive_cross_entropy`][initlab.losses.naive_cross_entropy]
is the textbook formula from probabilities, which returns ``inf`` when the
probability of a sample's true class rounds to exactly 0.
"""

from __future__ import annotations

import numpy as np


def _head(z: np.ndarray, output: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (log-probabilities, probabilities) of the output head from logits ``(..., m, n_L)``."""
    if output == "sigmoid":
        logp = np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))  # log sigma(z), no overflow
    else:
        s = z - z.max(axis=-1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    return logp, np.exp(logp)


def logit_gradient(p: np.ndarray, Y: np.ndarray) -> np.ndarray:
    r"""$\partial J/\partial Z^{[L]} = (A^{[L]} - Y)/m$ for both heads, $m$ = the number of rows (the batch).

    The same for a sigmoid with binary cross-entropy and a softmax with
    cross-entropy. ``p`` may hold several nets stacked on a leading axis.
    Computed as $(A - Y) \cdot (1/m)$, the arithmetic training uses, so a
    hand-written loop over [`MLP.backward`][initlab.nn.MLP.backward] follows
    [`train`][initlab.training.train] to the last bit.

    Examples
    --------
    >>> logit_gradient(np.array([[0.75], [0.25]]), np.array([[1.0], [0.0]])).ravel().tolist()
    [-0.125, 0.125]
    """
    dz = p - Y
    dz *= 1.0 / p.shape[-2]
    return dz


def bce_with_logits(z: np.ndarray, y: np.ndarray) -> float:
    r"""Binary cross-entropy from logits, finite for any finite $z$.

    $J = \frac1m \sum_i \big[\operatorname{softplus}(z_i) - y_i z_i\big]$,
    which equals $-\frac1m\sum_i [y_i \log\sigma(z_i) + (1-y_i)\log(1-\sigma(z_i))]$
    without ever forming $\log 0$.

    Examples
    --------
    >>> bce_with_logits(np.array([0.0, 0.0]), np.array([0, 1]))      # ln 2
    0.6931471805599453
    >>> bce_with_logits(np.array([800.0]), np.array([0]))            # naive: inf
    800.0
    """
    z = np.asarray(z, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=z.dtype).reshape(-1)
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def softmax_cross_entropy(z: np.ndarray, y: np.ndarray) -> float:
    r"""Cross-entropy of a softmax from logits $z$ of shape $(m, k)$ and labels $y \in \{0..k-1\}$.

    $J = \frac1m\sum_i \big[\log\sum_j e^{z_{ij}} - z_{i,y_i}\big]$, with the
    max subtracted first so no exponential overflows.

    Examples
    --------
    >>> round(softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 2])), 6)   # ln 3
    1.098612
    """
    z = np.asarray(z, dtype=float)
    logp, _ = _head(z, "softmax")
    return float(-np.mean(logp[np.arange(len(z)), np.asarray(y)]))


def naive_cross_entropy(p: np.ndarray, y: np.ndarray) -> float:
    r"""The textbook cross-entropy from probabilities, $\log 0$ and all.

    For a sigmoid output ($p$ of shape $(m,)$ or $(m, 1)$, the probability of
    class 1): $J = -\frac1m\sum_i [y_i\log p_i + (1-y_i)\log(1-p_i)]$, evaluated
    as $\log p_i$ where $y_i = 1$ and $\log(1 - p_i)$ where $y_i = 0$ (so that
    $0 \cdot \log 0$ is 0, as in the formula's intent). For a softmax output
    ($p$ of shape $(m, k)$, $k \ge 2$): $J = -\frac1m\sum_i \log p_{i,y_i}$.

    Returns ``inf`` -- without a warning -- when a probability of the true
    class rounded to exactly 0, which is what happens with large weights.

    Examples
    --------
    >>> naive_cross_entropy(np.array([0.5, 0.5]), np.array([0, 1]))
    0.6931471805599453
    >>> naive_cross_entropy(np.array([1.0, 0.5]), np.array([0, 1]))   # log(1 - 1)
    inf
    """
    p = np.asarray(p, dtype=float)
    y = np.asarray(y).reshape(-1)
    with np.errstate(divide="ignore"):
        if p.ndim == 2 and p.shape[1] >= 2:
            logs = np.log(p[np.arange(len(p)), y])
        else:
            p = p.reshape(-1)
            logs = np.where(y == 1, np.log(p), np.log(1.0 - p))
    return float(-np.mean(logs))


def _stable_loss(z: np.ndarray, logp: np.ndarray, Y: np.ndarray, output: str) -> float:
    """Mean cost from logits, their log-probabilities and targets shaped like the output: finite for finite $z$."""
    m = z.shape[0]
    if output == "sigmoid":
        # -[y log s(z) + (1-y) log s(-z)] with log s(-z) = log s(z) - z
        return float(((1.0 - Y) * z - logp).sum() / m)
    return float(-(Y * logp).sum() / m)
