r"""Gradient descent that records what the pages plot.

:func:`train` runs full-batch or mini-batch gradient descent with a fixed
learning rate $\eta$, $\theta \leftarrow \theta - \eta\,\partial J/\partial\theta$,
and returns a :class:`History`: the cost at every step and, at the steps you
ask for, per-layer statistics (the diagnostics of Karpathy's *makemore*
part 3): activation and gradient mean/std, the fraction of saturated units,
the fraction of dead ReLUs, and the update:data ratio.

The network is trained in place.

Examples
--------
>>> from initlab.nn import mlp
>>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
>>> net = mlp([2, 8, 1], init="he_normal", activation="tanh", rng=0)
>>> h = train(net, X, [0, 1, 1, 0], lr=0.5, steps=2000, record_every=500)
>>> h.loss.shape, h.record_steps.tolist()
((2000,), [0, 500, 1000, 1500])
>>> accuracy(net, X, [0, 1, 1, 0])
1.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._validation import as_generator, check_int, check_positive
from .activations import ACTIVATIONS
from .diagnostics import layer_stats
from .nn import MLP, Gradients, Trace, naive_cross_entropy

_sum = np.add.reduce  # ndarray.sum without its Python wrapper: the loss is summed at every step


class DivergenceError(FloatingPointError):
    """Training produced a NaN or infinite cost."""


@dataclass
class History:
    r"""What :func:`train` recorded.

    ``L`` is the number of weight layers, ``H = L - 1`` the number of hidden
    layers, ``k`` the number of recorded steps. Statistics are taken on the
    batch of the recorded step, before that step's update.

    Attributes
    ----------
    loss
        ``(steps,)``: the stable cost of the batch at each step, before its update.
        NaN after a divergence when ``allow_divergence=True``.
    first_naive_loss
        The textbook cost :func:`~initlab.nn.naive_cross_entropy` at step 0
        (``inf`` when a probability rounded to 0 or 1).
    record_steps
        ``(k,)`` int: the steps with statistics. Step ``steps`` means the
        state after the last update.
    act_mean, act_std
        ``(k, H)``: mean and std of each hidden layer's activations $A^{[l]}$.
    grad_mean, grad_std
        ``(k, H)``: mean and std of $\partial J/\partial A^{[l]}$, the gradient at each hidden layer's output.
    saturated
        ``(k, H)``: fraction of hidden activations in the flat tails
        ($|\tanh| > 0.97$; sigmoid within 0.03 of 0 or 1); NaN for
        activations without such tails (ReLU, leaky ReLU, SELU, GELU, linear).
    dead
        ``(k, H)``: fraction of hidden units whose activation is exactly 0
        for every sample of the batch (dead ReLUs).
    weight_std, weight_grad_std
        ``(k, L)``: std of $W^{[l]}$ and of $\partial J/\partial W^{[l]}$.
    update_ratio
        ``(k, L)``: $\operatorname{std}(\eta\,\partial J/\partial W^{[l]}) / \operatorname{std}(W^{[l]})$,
        the update:data ratio (NaN where the weights have zero spread).
    diverged_at
        The first step whose cost was NaN or inf, or ``None``.
    lr, batch_size
        The settings used (``batch_size`` is ``None`` for full batch).
    """

    loss: np.ndarray
    first_naive_loss: float
    record_steps: np.ndarray
    act_mean: np.ndarray
    act_std: np.ndarray
    grad_mean: np.ndarray
    grad_std: np.ndarray
    saturated: np.ndarray
    dead: np.ndarray
    weight_std: np.ndarray
    weight_grad_std: np.ndarray
    update_ratio: np.ndarray
    diverged_at: int | None
    lr: float
    batch_size: int | None


_STAT_KEYS = (
    "act_mean",
    "act_std",
    "grad_mean",
    "grad_std",
    "saturated",
    "dead",
    "weight_std",
    "weight_grad_std",
    "update_ratio",
)


def _record_steps(steps: int, record_every: object, record_steps: object) -> np.ndarray:
    chosen: set[int] = set()
    if record_every is not None:
        every = check_int("record_every", record_every, minimum=1)
        chosen.update(range(0, steps, every))
    if record_steps is not None:
        if isinstance(record_steps, (str, bytes)) or not isinstance(record_steps, (Sequence, np.ndarray)):
            raise TypeError(f"record_steps must be a sequence of step numbers, got {record_steps!r}")
        for s in record_steps:
            s = check_int("record_steps", s, minimum=0)
            if s > steps:
                raise ValueError(f"record_steps must hold steps in 0..{steps} (steps={steps}), got {s}")
            chosen.add(s)
    return np.array(sorted(chosen), dtype=np.int64)


def _check_training(
    net: MLP,
    X: object,
    y: object,
    lr: object,
    steps: object,
    batch_size: object,
    allow_divergence: object,
    record_every: object,
    record_steps: object,
) -> tuple:
    """Validate the arguments :func:`train` and :func:`train_many` share; ``batch_size == m`` means full batch."""
    X = net.check_X(X)
    y = net.check_y(y, X.shape[0])
    lr = check_positive("lr", lr)
    steps = check_int("steps", steps, minimum=1)
    m = X.shape[0]
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size, minimum=1)
        if batch_size > m:
            raise ValueError(f"batch_size must be at most the number of samples ({m}), got {batch_size}")
        if batch_size == m:
            batch_size = None
    if not isinstance(allow_divergence, (bool, np.bool_)):
        raise TypeError(f"allow_divergence must be True or False, got {allow_divergence!r}")
    return X, y, lr, steps, batch_size, _record_steps(steps, record_every, record_steps)


def train(
    net: MLP,
    X: object,
    y: object,
    *,
    lr: float = 0.01,
    steps: int = 1000,
    batch_size: int | None = None,
    record_every: int | None = None,
    record_steps: Sequence[int] | None = None,
    allow_divergence: bool = False,
    rng: object = 0,
) -> History:
    r"""Train ``net`` in place by gradient descent with a fixed learning rate.

    Parameters
    ----------
    net
        The network (modified in place).
    X, y
        Data: ``X`` of shape $(m, n_0)$, finite; ``y`` of shape $(m,)$ with labels $0..k-1$.
    lr
        Learning rate $\eta > 0$.
    steps
        Number of updates ($\ge 1$).
    batch_size
        ``None`` for full-batch gradient descent; otherwise each step uses the
        next ``batch_size`` rows of a fresh random permutation per epoch
        (the last, short batch of an epoch is dropped unless it is the only one).
    record_every, record_steps
        Record per-layer statistics at steps ``0, record_every, 2*record_every, ...``
        and/or at the listed steps (``steps`` itself means after the last update).
        Nothing is recorded by default.
    allow_divergence
        If the cost becomes NaN or infinite, stop and return the history with
        the remaining costs NaN instead of raising :class:`DivergenceError`.
    rng
        Generator or int seed for mini-batch shuffling (unused for full batch).

    Raises
    ------
    DivergenceError
        When the cost becomes NaN/inf and ``allow_divergence`` is false; the
        message gives the step.
    """
    X, y, lr, steps, batch_size, rec = _check_training(
        net, X, y, lr, steps, batch_size, allow_divergence, record_every, record_steps
    )
    m = X.shape[0]
    stats = {k: [] for k in _STAT_KEYS}
    rec_set = set(rec.tolist())

    Y = net.targets(y)
    losses = np.full(steps, np.nan)
    output = net.output
    # All parameters live in one flat vector theta while training (net.weights/biases are views of it),
    # and the gradients in another, so an update is one vectorized theta -= lr * grad.
    originals = (net.weights, net.biases)
    theta = np.concatenate([q.reshape(-1) for pair in zip(*originals) for q in pair])
    grad = np.empty_like(theta)
    weights, biases, gW, gb = [], [], [], []
    offset = 0
    for W, b in zip(*originals):
        for q, views, gviews in ((W, weights, gW), (b, biases, gb)):
            views.append(theta[offset : offset + q.size].reshape(q.shape))
            gviews.append(grad[offset : offset + q.size].reshape(q.shape))
            offset += q.size
    net.weights, net.biases = weights, biases
    out = Gradients(gW, gb, [], [])
    full = batch_size is None
    gen = as_generator(rng)
    scale = 1.0 / (m if full else batch_size)
    sigmoid = output == "sigmoid"
    Ybar = 1.0 - Y  # sigmoid cost from logits: mean((1 - y) z - log sigma(z))
    Xb, Yb, Yb_bar, order = X, Y, Ybar, None
    first_naive = math.nan
    diverged_at = None

    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for t in range(steps + 1):
                if t == steps and steps not in rec_set:
                    break
                if not full:
                    pos = (t % (m // batch_size)) * batch_size
                    if pos == 0:
                        order = gen.permutation(m)
                    idx = order[pos : pos + batch_size]
                    Xb, Yb, Yb_bar = X[idx], Y[idx], Ybar[idx]
                _, tr, logp = net._forward(Xb)
                z, p = tr.z[-1], tr.a[-1]
                if t == 0:
                    first_naive = naive_cross_entropy(p, Yb[:, 0] if sigmoid else Yb.argmax(axis=1))
                dz = p - Yb
                dz *= scale
                grads = net._backward(tr, dz, True, out)
                if t in rec_set:
                    for k, v in layer_stats(net, tr, grads, lr).items():
                        stats[k].append(v)
                if t == steps:
                    break
                loss = float(_sum(Yb_bar * z - logp, None) if sigmoid else -_sum(Yb * logp, None)) * scale
                losses[t] = loss
                if not math.isfinite(loss):
                    diverged_at = t
                    losses[t] = np.nan if math.isnan(loss) else loss
                    if not allow_divergence:
                        raise DivergenceError(
                            f"training diverged at step {t}: the cost is {loss}. Lower lr (got {lr}) or the "
                            "weight scale, or pass allow_divergence=True to get the history with NaNs"
                        )
                    break
                theta -= lr * grad
    finally:  # hand the trained values back to the network's own arrays
        for original, trained in zip((*originals[0], *originals[1]), (*weights, *biases)):
            original[...] = trained
        net.weights, net.biases = originals

    if diverged_at is not None:
        rec = rec[: len(stats["act_mean"])]
    L = len(weights)
    shapes = {k: (L - 1 if k[:6] not in ("weight", "update") else L) for k in _STAT_KEYS}
    arrays = {k: np.array(v, dtype=np.float64).reshape(len(v), shapes[k]) for k, v in stats.items()}
    return History(
        loss=losses,
        first_naive_loss=first_naive,
        record_steps=rec,
        diverged_at=diverged_at,
        lr=lr,
        batch_size=batch_size,
        **arrays,
    )


def accuracy(net: MLP, X: object, y: object) -> float:
    """Fraction of samples whose predicted class equals the label.

    Examples
    --------
    >>> from initlab.nn import mlp
    >>> accuracy(mlp([2, 1], init="zeros"), np.ones((4, 2)), [0, 0, 1, 1])   # p = 0.5 -> class 0
    0.5
    """
    X = net.check_X(X)
    y = net.check_y(y, X.shape[0])
    return float(np.mean(net.predict(X) == y))


# ----------------------------------------------------------------------------- batched training


def _batched_head(z: np.ndarray, output: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`initlab.nn._head` for logits stacked as ``(S, m, n_L)``: the same numbers, net by net."""
    if output == "sigmoid":
        logp = np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))
    else:
        s = z - z.max(axis=-1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    return logp, np.exp(logp)


_DERIVATIVE_FROM_OUTPUT = {
    "relu": lambda a: a > 0,
    "tanh": lambda a: 1.0 - a**2,
    "sigmoid": lambda a: a * (1.0 - a),
}


def train_many(
    nets: Sequence[MLP],
    X: object,
    y: object,
    *,
    lr: float = 0.01,
    steps: int = 1000,
    batch_size: int | None = None,
    record_every: int | None = None,
    record_steps: Sequence[int] | None = None,
    allow_divergence: bool = True,
    rng: object = 0,
) -> list[History]:
    r"""Train ``S`` independent networks on the same data at once; the same result as :func:`train` on each.

    The nets must share layer sizes, hidden activation, output head and
    dtype. Their parameters are stacked, $W^{[l]}$ into an array of shape
    $(S, n_l, n_{l-1})$, and every step runs one batched matrix product per
    layer (:func:`numpy.matmul` over the leading axis) instead of ``S``
    small ones. For nets this small a step costs numpy's per-call overhead,
    not arithmetic, so ``S`` nets train in little more than the time of one.

    Each net follows exactly the arithmetic of :func:`train` (same
    operations in the same order, elementwise or per net), so its losses,
    statistics and final weights match a separate :func:`train` call with
    the same arguments to rounding (the tests check $10^{-12}$).

    A net whose cost turns NaN or infinite is frozen at that step, as
    :func:`train` would stop it: its later costs are NaN, its weights stay
    where they were, and the other nets carry on untouched (each net's
    numbers only ever meet its own). With ``allow_divergence=False`` the
    first divergence raises :class:`DivergenceError` instead.

    Parameters
    ----------
    nets
        The networks, trained in place.
    X, y, lr, steps, batch_size, record_every, record_steps, rng
        As for :func:`train`. With mini-batches every net sees the same
        batches (one permutation per epoch from ``rng``), as ``S`` calls of
        :func:`train` with the same seed would.
    allow_divergence
        Freeze diverging nets (default) or raise.

    Returns
    -------
    list of History
        One per net, in order, as :func:`train` returns it.

    Examples
    --------
    >>> from initlab.nn import mlp
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> nets = [mlp([2, 8, 1], init=s, activation="tanh", rng=0) for s in ("zeros", "he_normal")]
    >>> hs = train_many(nets, X, [0, 1, 1, 0], lr=0.5, steps=2000)
    >>> [round(float(h.loss[-1]), 4) for h in hs]          # zeros cannot learn XOR
    [0.6931, 0.0011]
    >>> alone = mlp([2, 8, 1], init="he_normal", activation="tanh", rng=0)
    >>> bool(np.allclose(train(alone, X, [0, 1, 1, 0], lr=0.5, steps=2000).loss, hs[1].loss, rtol=0, atol=1e-12))
    True
    """
    if isinstance(nets, MLP) or not isinstance(nets, Sequence) or len(nets) == 0:
        raise TypeError(f"nets must be a non-empty sequence of initlab MLPs, got {nets!r}")
    for i, n in enumerate(nets):
        if not isinstance(n, MLP):
            raise TypeError(f"nets[{i}] must be an initlab MLP, got {type(n).__name__}")
    net0 = nets[0]
    for i, n in enumerate(nets):
        same = (n.sizes, n.activation, n.output, n.weights[0].dtype) == (
            net0.sizes,
            net0.activation,
            net0.output,
            net0.weights[0].dtype,
        )
        if not same:
            raise ValueError(
                f"nets must share sizes, activation, output and dtype; nets[{i}] has {n.sizes}, "
                f"{n.activation.name}, {n.output}, {n.weights[0].dtype} but nets[0] has {net0.sizes}, "
                f"{net0.activation.name}, {net0.output}, {net0.weights[0].dtype}"
            )
    X, y, lr, steps, batch_size, rec = _check_training(
        net0, X, y, lr, steps, batch_size, allow_divergence, record_every, record_steps
    )
    m = X.shape[0]
    rec_set = set(rec.tolist())

    S, L = len(nets), len(net0.weights)
    dtype = net0.weights[0].dtype
    # One (S, P) block holds every net's parameters, one row per net, and the
    # per-layer stacks are views into it, so an update is one theta -= lr * grad.
    shapes = [q.shape for pair in zip(net0.weights, net0.biases) for q in pair]
    P = sum(math.prod(s) for s in shapes)
    theta = np.empty((S, P), dtype=dtype)
    grad = np.zeros_like(theta)
    views, gviews, offset = [], [], 0
    for k, shape in enumerate(shapes):
        size = math.prod(shape)
        for s, n in enumerate(nets):
            theta[s, offset : offset + size] = (n.weights if k % 2 == 0 else n.biases)[k // 2].reshape(-1)
        views.append(theta[:, offset : offset + size].reshape(S, *shape))
        gviews.append(grad[:, offset : offset + size].reshape(S, *shape))
        offset += size
    Ws, bs, gW, gb = views[0::2], views[1::2], gviews[0::2], gviews[1::2]
    WTs = [W.transpose(0, 2, 1) for W in Ws]

    Y = net0.targets(y)
    Ybar = 1.0 - Y
    sigmoid = net0.output == "sigmoid"
    f = net0.activation.f
    # phi'(Z) from A = phi(Z) where that is the same expression, so no transcendental is evaluated twice
    # (1 - tanh(z)^2 and s(1 - s) as in initlab.activations; ReLU's mask as in MLP._backward).
    builtin = ACTIVATIONS.get(net0.activation.name) is net0.activation
    df_of_a = _DERIVATIVE_FROM_OUTPUT.get(net0.activation.name) if builtin else None
    df = net0.activation.df
    full = batch_size is None
    gen = as_generator(rng)
    scale = 1.0 / (m if full else batch_size)
    ones = np.ones(m if full else batch_size, dtype=dtype)
    losses = np.full((S, steps), np.nan)
    first_naive = np.full(S, np.nan)
    diverged = np.zeros(S, dtype=bool)
    diverged_at: list[int | None] = [None] * S
    stats = [{k: [] for k in _STAT_KEYS} for _ in range(S)]
    Xb, Yb, Yb_bar, order = X, Y, Ybar, None
    sum_axes = (1, 2)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for t in range(steps + 1):
            if t == steps and steps not in rec_set:
                break
            if not full:
                pos = (t % (m // batch_size)) * batch_size
                if pos == 0:
                    order = gen.permutation(m)
                idx = order[pos : pos + batch_size]
                Xb, Yb, Yb_bar = X[idx], Y[idx], Ybar[idx]
            # forward: Z = A W^T + b, net by net along the leading axis
            a, zs, acts = Xb, [], [Xb]
            for l in range(L):
                z = np.matmul(a, WTs[l])
                z += bs[l][:, None, :]
                zs.append(z)
                if l < L - 1:
                    a = f(z)
                    acts.append(a)
            logp, p = _batched_head(z, net0.output)
            acts.append(p)
            if t == 0:
                for s in range(S):
                    first_naive[s] = naive_cross_entropy(p[s], Yb[:, 0] if sigmoid else Yb.argmax(axis=1))
            # backward, writing dW and db straight into grad
            dz = p - Yb
            dz *= scale
            dzs, das = [None] * L, [None] * (L - 1)
            for l in range(L - 1, -1, -1):
                dzs[l] = dz
                if l:
                    np.matmul(dz.transpose(0, 2, 1), acts[l], out=gW[l])
                else:
                    np.matmul(dz.transpose(0, 2, 1), Xb, out=gW[l])
                np.matmul(ones, dz, out=gb[l])
                if l:
                    da = np.matmul(dz, Ws[l])
                    das[l - 1] = da
                    dz = da * (df_of_a(acts[l]) if df_of_a is not None else df(zs[l - 1]))
            if t in rec_set:
                for s in np.flatnonzero(~diverged):
                    one = MLP([W[s] for W in Ws], [b[s] for b in bs], net0.activation, net0.output)
                    tr = Trace([z[s] for z in zs], [Xb] + [q[s] for q in acts[1:]])
                    g = Gradients([q[s] for q in gW], [q[s] for q in gb], [q[s] for q in dzs], [q[s] for q in das])
                    for k, v in layer_stats(one, tr, g, lr).items():
                        stats[s][k].append(v)
            if t == steps:
                break
            loss = (_sum(Yb_bar * z - logp, sum_axes) if sigmoid else -_sum(Yb * logp, sum_axes)).reshape(S) * scale
            bad = ~np.isfinite(loss)
            if diverged.any():
                loss[diverged] = np.nan
                bad &= ~diverged
            losses[:, t] = loss
            if bad.any():
                for s in np.flatnonzero(bad):
                    diverged_at[s] = t
                    if not allow_divergence:
                        for n, row in zip(nets, theta):  # hand back the state before the failing step
                            _unstack(n, row, shapes)
                        raise DivergenceError(
                            f"training diverged at step {t} in nets[{s}]: the cost is {loss[s]}. Lower lr "
                            f"(got {lr}) or the weight scale, or pass allow_divergence=True to freeze it"
                        )
                diverged |= bad
                if diverged.all():
                    break
            if diverged.any():
                grad[diverged] = 0.0  # a frozen net's update is exactly zero, whatever its gradient holds
            theta -= lr * grad

    for n, row in zip(nets, theta):
        _unstack(n, row, shapes)
    out = []
    for s in range(S):
        r = rec if diverged_at[s] is None else rec[: len(stats[s]["act_mean"])]
        dims = {k: (L - 1 if k[:6] not in ("weight", "update") else L) for k in _STAT_KEYS}
        arrays = {k: np.array(v, dtype=np.float64).reshape(len(v), dims[k]) for k, v in stats[s].items()}
        out.append(
            History(
                loss=losses[s],
                first_naive_loss=float(first_naive[s]),
                record_steps=r,
                diverged_at=diverged_at[s],
                lr=lr,
                batch_size=batch_size,
                **arrays,
            )
        )
    return out


def _unstack(net: MLP, row: np.ndarray, shapes: list[tuple[int, ...]]) -> None:
    """Copy one net's row of the stacked parameters back into its own arrays."""
    offset = 0
    for k, shape in enumerate(shapes):
        size = math.prod(shape)
        (net.weights if k % 2 == 0 else net.biases)[k // 2][...] = row[offset : offset + size].reshape(shape)
        offset += size
