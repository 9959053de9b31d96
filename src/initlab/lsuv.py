r"""LSUV: layer-sequential unit-variance initialization (Mishkin & Matas, 2016).

A data-dependent initialization: start from orthogonal weights, then, layer
by layer from the input up, feed a batch through the net and divide the
layer's weights by the standard deviation of its output until that variance
is 1 within a tolerance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validation import as_generator, check_int, check_positive
from .initializers import orthogonal
from .nn import MLP

__all__ = ["LSUVResult", "lsuv"]


@dataclass(frozen=True)
class LSUVResult:
    r"""What [`lsuv`][initlab.lsuv.lsuv] did, layer by layer.

    Attributes
    ----------
    net
        The initialized network (a new [`MLP`][initlab.nn.MLP]; the one
        passed in is left untouched).
    iterations
        ``(L,)`` int: how many times each layer's weights were rescaled
        (0 when the variance was already within the tolerance).
    initial_variances
        ``(L,)``: $\operatorname{Var}(Z^{[l]})$ before layer $l$ was rescaled
        (with the layers below it already done).
    variances
        ``(L,)``: $\operatorname{Var}(Z^{[l]})$ at the last check, within
        ``tol`` of 1 unless ``converged`` is False for that layer.
    converged
        ``(L,)`` bool: the layer reached $|\operatorname{Var} - 1| <$ ``tol``
        within ``max_iter`` rescalings.
    """

    net: MLP
    iterations: np.ndarray
    initial_variances: np.ndarray
    variances: np.ndarray
    converged: np.ndarray


def lsuv(
    net: MLP,
    X: object,
    *,
    tol: float = 0.1,
    max_iter: int = 10,
    batch_size: int | None = None,
    orthogonal_start: bool = True,
    rng: object = 0,
) -> LSUVResult:
    r"""Layer-sequential unit-variance initialization of ``net`` on the data ``X``.

    Mishkin & Matas, *All you need is a good init*, ICLR 2016 (Algorithm 1):

    1. Replace every weight by an orthogonal matrix
       ([`orthogonal`][initlab.initializers.laws.orthogonal], gain 1).
    2. For each layer $l = 1, \dots, L$ in turn (the read-out included):
       feed a batch, measure the variance $v$ of the layer's output
       $Z^{[l]} = A^{[l-1]} W^{[l]\top} + b^{[l]}$ over all samples and
       units, and while $|v - 1| \ge \text{tol}$ and fewer than
       `max_iter` rescalings were done, set
       $W^{[l]} \leftarrow W^{[l]} / \sqrt{v}$.

    With zero biases and one fixed batch a single rescaling lands on 1
    exactly ($Z^{[l]}$ is linear in $W^{[l]}$); the loop matters when each
    check draws a new mini-batch (``batch_size``), as in the paper, or when
    biases are not zero. Biases are left as they are.

    No framework ships LSUV; the loop is a few lines around a forward pass
    in any of them.

    Parameters
    ----------
    net
        The network (from [`mlp`][initlab.nn.mlp]). It is copied, not changed.
    X
        Data, shape ``(m, n_0)``: real inputs of the task.
    tol
        Stop when $|\operatorname{Var}(Z^{[l]}) - 1| <$ ``tol``; in $(0, 1)$.
        The paper uses 0.1.
    max_iter
        At most this many rescalings per layer (the paper's $T_{\max}$), >= 1.
    batch_size
        ``None`` measures on all of ``X`` every time; an integer
        ``2 <= batch_size <= m`` draws a new mini-batch for every check.
    orthogonal_start
        Replace the weights by orthogonal ones first (step 1): the
        weights `net` was built with are then discarded (only its sizes,
        activation and biases are kept). ``False`` starts from ``net``'s own
        weights.
    rng
        Generator or seed for the orthogonal draws and the mini-batches.

    Returns
    -------
    LSUVResult
        The new net and, per layer, the rescalings done and the variances.

    Raises
    ------
    ValueError
        For a non-positive ``tol`` or one >= 1, a bad ``batch_size``, or a
        layer whose output has zero or non-finite variance (nothing to rescale).

    Examples
    --------
    >>> from initlab import mlp
    >>> net = mlp([16, 64, 64, 64, 2], "he_normal", "tanh", "softmax", rng=0)
    >>> X = np.random.default_rng(1).normal(0.0, 3.0, (512, 16))
    >>> out = lsuv(net, X)
    >>> out.iterations.tolist()
    [1, 1, 1, 1]
    >>> bool(np.all(np.abs(out.variances - 1) < 0.1))
    True
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an initlab MLP (see initlab.mlp), got {type(net).__name__}")
    X = net.check_X(X)
    tol = check_positive("tol", tol)
    if tol >= 1:
        raise ValueError(f"tol must be in (0, 1), got {tol!r}")
    max_iter = check_int("max_iter", max_iter)
    m = X.shape[0]
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size, minimum=2)
        if batch_size > m:
            raise ValueError(f"batch_size must be at most the {m} rows of X, got {batch_size}")
    if not isinstance(orthogonal_start, (bool, np.bool_)):
        raise TypeError(f"orthogonal_start must be True or False, got {orthogonal_start!r}")
    gen = as_generator(rng)

    net = net.copy()
    if orthogonal_start:
        net.weights = [orthogonal(W.shape, rng=gen, dtype=W.dtype) for W in net.weights]
    L = len(net.weights)
    iterations = np.zeros(L, dtype=np.int64)
    first, last = np.empty(L), np.empty(L)
    converged = np.zeros(L, dtype=bool)
    a_full = X  # the input of layer l on all of X, kept when no mini-batches are drawn
    with np.errstate(over="ignore", invalid="ignore"):
        for l in range(L):
            W, b = net.weights[l], net.biases[l]
            for it in range(max_iter + 1):
                if batch_size is None:
                    a = a_full
                else:
                    a = net.layer_input(X[gen.choice(m, batch_size, replace=False)], l + 1)
                v = float(np.var((a @ W.T + b).astype(np.float64)))
                if not (math.isfinite(v) and v > 0):
                    raise ValueError(f"layer {l + 1}'s output has variance {v!r}: there is nothing to rescale")
                if it == 0:
                    first[l] = v
                last[l] = v
                if abs(v - 1.0) < tol:
                    converged[l] = True
                    break
                if it == max_iter:
                    break
                W /= np.sqrt(v).astype(W.dtype)
                iterations[l] += 1
            if batch_size is None and l < L - 1:
                a_full = net.layer_input(X, l + 2)
    return LSUVResult(net, iterations, first, last, converged)
