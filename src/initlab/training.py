r"""Gradient descent that records what the pages plot.

[`train`][initlab.training.train] runs full-batch or mini-batch gradient descent with a fixed
learning rate $\eta$, $\theta \leftarrow \theta - \eta\,\partial J/\partial\theta$,
and returns a [`History`][initlab.training.History]: the cost at every step and, at the steps you
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
from .diagnostics import layer_stats
from .losses import logit_gradient, naive_cross_entropy
from .nn import MLP, Gradients, Trace, _backward_pass, _forward_pass

_sum = np.add.reduce  # ndarray.sum without its Python wrapper: the loss is summed at every step


class DivergenceError(FloatingPointError):
    """Training produced a NaN or infinite cost."""


@dataclass
class History:
    r"""What [`train`][initlab.training.train] recorded.

    ``L`` is the number of weight layers, ``H = L - 1`` the number of hidden
    layers, ``k`` the number of recorded steps. Statistics are taken on the
    batch of the recorded step, before that step's update.

    Attributes
    ----------
    loss
        ``(steps,)``: the stable cost of the batch at each step, before its update.
        NaN after a divergence when ``allow_divergence=True``.
    first_naive_loss
        The textbook cost [`naive_cross_entropy`][initlab.losses.naive_cross_entropy] at step 0
        (``inf`` when the probability of a sample's true class rounded to 0).
    record_steps
        ``(k,)`` int: the steps with statistics. Step ``steps`` means the
        state after the last update.
    act_mean, act_std
        ``(k, H)``: mean and std of each hidden layer's activations $A^{[l]}$.
    grad_mean, grad_std
        ``(k, H)``: mean and std of $\partial J/\partial A^{[l]}$, the gradient at each hidden layer's output.
    saturated
        ``(k, H)``: fraction of hidden activations in the flat tails
        ($|\tanh| > 0.97$; sigmoid within 0.03 of 0 or 1); NaN for the
        other activations (ReLU, leaky ReLU, SELU, GELU, linear), for which
        no such band is defined.
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
    """Validate the arguments `train` and `train_many` share; ``batch_size == m`` means full batch."""
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


# The DivergenceError messages of train and train_many (fields: step t, net index s, cost, lr).
_DIVERGED_ONE = (
    "training diverged at step {t}: the cost is {cost}. Lower lr (got {lr}) or the "
    "weight scale, or pass allow_divergence=True to get the history with NaNs"
)
_DIVERGED_MANY = (
    "training diverged at step {t} in nets[{s}]: the cost is {cost}. Lower lr "
    "(got {lr}) or the weight scale, or pass allow_divergence=True to freeze it"
)


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
        next ``batch_size`` rows of a fresh random permutation per epoch; an
        epoch is ``m // batch_size`` full batches, and the rows left over are
        not used in that epoch.
    record_every, record_steps
        Record per-layer statistics at steps ``0, record_every, 2*record_every, ...``
        and/or at the listed steps (``steps`` itself means after the last update).
        Nothing is recorded by default.
    allow_divergence
        If the cost becomes NaN or infinite, stop and return the history with
        the remaining costs NaN instead of raising
        [`DivergenceError`][initlab.training.DivergenceError].
    rng
        Generator or int seed for mini-batch shuffling (unused for full batch).

    Raises
    ------
    DivergenceError
        When the cost becomes NaN/inf and ``allow_divergence`` is false; the
        message gives the step, and ``net`` holds the parameters from before it.

    Notes
    -----
    This is [`train_many`][initlab.training.train_many] with the one net
    ``[net]``: both run the same engine, so the numbers are the same to the bit.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an initlab MLP, got {type(net).__name__}")
    X, y, lr, steps, batch_size, rec = _check_training(
        net, X, y, lr, steps, batch_size, allow_divergence, record_every, record_steps
    )
    return _run([net], X, y, lr, steps, batch_size, rec, allow_divergence, rng, _DIVERGED_ONE)[0]


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
    r"""Train ``S`` independent networks on the same data at once; the same result as `train` on each.

    The nets must share layer sizes, hidden activation, output head and
    dtype. Their parameters are stacked, $W^{[l]}$ into an array of shape
    $(S, n_l, n_{l-1})$, and every step runs one batched matrix product per
    layer (`numpy.matmul` over the leading axis) instead of ``S``
    small ones. What that saves is numpy's per-call overhead, not
    arithmetic, so the gain over ``S`` separate runs is largest for small
    nets and batches and depends on the machine
    (`benchmarks/bench_train_many.py` measures it).

    It is the engine of [`train`][initlab.training.train] too (``train(net)``
    is ``train_many([net])[0]``), and every operation acts net by net, so a
    net's losses, statistics and final weights are bit for bit those of a
    separate [`train`][initlab.training.train] call with the same arguments.

    A net whose cost turns NaN or infinite is frozen at that step, as
    [`train`][initlab.training.train] would stop it: its later costs are NaN, its weights stay
    where they were, and the other nets carry on untouched (each net's
    numbers only ever meet its own). With ``allow_divergence=False`` the
    first divergence raises [`DivergenceError`][initlab.training.DivergenceError] instead.

    Parameters
    ----------
    nets
        The networks, trained in place.
    X, y, lr, steps, batch_size, record_every, record_steps, rng
        As for [`train`][initlab.training.train]. With mini-batches every net sees the same
        batches (one permutation per epoch from ``rng``), as ``S`` calls of
        `train` with the same seed would.
    allow_divergence
        Freeze diverging nets (default) or raise.

    Returns
    -------
    list of History
        One per net, in order, as [`train`][initlab.training.train] returns it.

    Examples
    --------
    >>> from initlab.nn import mlp
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> nets = [mlp([2, 8, 1], init=s, activation="tanh", rng=0) for s in ("zeros", "he_normal")]
    >>> hs = train_many(nets, X, [0, 1, 1, 0], lr=0.5, steps=2000)
    >>> [round(float(h.loss[-1]), 4) for h in hs]          # zeros cannot learn XOR
    [0.6931, 0.0011]
    >>> alone = mlp([2, 8, 1], init="he_normal", activation="tanh", rng=0)
    >>> bool(np.array_equal(train(alone, X, [0, 1, 1, 0], lr=0.5, steps=2000).loss, hs[1].loss))   # to the bit
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
    return _run(nets, X, y, lr, steps, batch_size, rec, allow_divergence, rng, _DIVERGED_MANY)


def _run(
    nets: Sequence[MLP],
    X: np.ndarray,
    y: np.ndarray,
    lr: float,
    steps: int,
    batch_size: int | None,
    rec: np.ndarray,
    allow_divergence: bool,
    rng: object,
    message: str,
) -> list[History]:
    """The training engine behind [`train`][initlab.training.train] and [`train_many`][initlab.training.train_many].

    Takes checked arguments (as `_check_training` returns them) and nets that share sizes, activation,
    output and dtype; ``message`` is the DivergenceError text, formatted with the step, net index, cost and lr.
    """
    net0 = nets[0]
    S, L = len(nets), len(net0.weights)
    m = X.shape[0]
    rec_set = set(rec.tolist())
    # One (S, P) block holds every net's parameters, one row per net, and the per-layer stacks
    # W: (S, n_l, n_{l-1}) and b: (S, 1, n_l) are views into it, so an update is one theta -= lr * grad.
    shapes = [q.shape for pair in zip(net0.weights, net0.biases) for q in pair]
    theta = np.empty((S, sum(math.prod(s) for s in shapes)), dtype=net0.weights[0].dtype)
    grad = np.zeros_like(theta)
    views, gviews, offset = [], [], 0
    for k, shape in enumerate(shapes):
        size = math.prod(shape)
        for s, n in enumerate(nets):
            theta[s, offset : offset + size] = (n.weights if k % 2 == 0 else n.biases)[k // 2].reshape(-1)
        stacked = (S, *shape) if k % 2 == 0 else (S, 1, *shape)
        views.append(theta[:, offset : offset + size].reshape(stacked))
        gviews.append(grad[:, offset : offset + size].reshape(stacked))
        offset += size
    Ws, bs = views[0::2], views[1::2]
    out = Gradients(gviews[0::2], gviews[1::2], [], [])
    activation, output = net0.activation, net0.output

    Y = net0.targets(y)[None]  # (1, m, n_L): shaped like the stacked outputs, so one net needs no broadcasting
    Ybar = 1.0 - Y  # sigmoid cost from logits: mean((1 - y) z - log sigma(z))
    sigmoid = output == "sigmoid"
    full = batch_size is None
    gen = as_generator(rng)
    batch = m if full else batch_size
    scale = 1.0 / batch
    # each net's cost is its sum times this float64 scalar, so in float64 whatever the dtype (as float(sum) * scale);
    # -scale for the softmax cost -sum(Y log p) / m
    cost_scale = np.float64(scale if sigmoid else -scale)
    ones = np.ones((1, batch), dtype=theta.dtype)  # for the bias gradients, see nn._backward_pass
    losses = np.full((S, steps), np.nan)
    first_naive = [math.nan] * S
    diverged, frozen = np.zeros(S, dtype=bool), False
    diverged_at: list[int | None] = [None] * S
    stats = [{k: [] for k in _STAT_KEYS} for _ in range(S)]
    Xb, Yb, Yb_bar, order = X, Y, Ybar, None

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
                    Xb, Yb, Yb_bar = X[idx], Y[:, idx], Ybar[:, idx]
                p, tr, logp = _forward_pass(Ws, bs, activation, output, Xb)
                z = tr.z[-1]
                if t == 0:
                    labels = Yb[0, :, 0] if sigmoid else Yb[0].argmax(axis=1)
                    first_naive = [naive_cross_entropy(q, labels) for q in p]
                dz = logit_gradient(p, Yb)
                grads = _backward_pass(Ws, activation, tr, dz, True, out, ones)
                if t in rec_set:
                    for s in np.flatnonzero(~diverged):
                        one = MLP([W[s] for W in Ws], [b[s, 0] for b in bs], activation, output)
                        tr_s = Trace([q[s] for q in tr.z], [Xb] + [q[s] for q in tr.a[1:]])
                        g_s = Gradients(*([q[s] for q in qs] for qs in (out.dW, out.db, grads.dz, grads.da)))
                        for k, v in layer_stats(one, tr_s, g_s, lr).items():
                            stats[s][k].append(v)
                if t == steps:
                    break
                loss = losses[:, t]
                np.multiply(_sum(Yb_bar * z - logp if sigmoid else Yb * logp, (1, 2)), cost_scale, out=loss)
                if frozen or not all(map(math.isfinite, loss.tolist())):
                    bad = ~np.isfinite(loss) & ~diverged
                    loss[diverged | np.isnan(loss)] = np.nan  # a frozen net has no cost
                    for s in np.flatnonzero(bad):
                        diverged_at[s] = t
                        if not allow_divergence:
                            raise DivergenceError(message.format(t=t, s=s, cost=loss[s].item(), lr=lr))
                    diverged |= bad
                    if diverged.all():
                        break
                    frozen = True
                    grad[diverged] = 0.0  # a frozen net's update is exactly zero, whatever its gradient holds
                theta -= lr * grad
    finally:  # hand the trained values back to the networks' own arrays
        for n, row in zip(nets, theta):
            _unstack(n, row, shapes)

    dims = {k: L if k.startswith(("weight", "update")) else L - 1 for k in _STAT_KEYS}
    return [
        History(
            loss=losses[s],
            first_naive_loss=first_naive[s],
            record_steps=rec if diverged_at[s] is None else rec[: len(stats[s]["act_mean"])],
            diverged_at=diverged_at[s],
            lr=lr,
            batch_size=batch_size,
            **{k: np.array(v, dtype=np.float64).reshape(len(v), dims[k]) for k, v in stats[s].items()},
        )
        for s in range(S)
    ]


def _unstack(net: MLP, row: np.ndarray, shapes: list[tuple[int, ...]]) -> None:
    """Copy one net's row of the stacked parameters back into its own arrays."""
    offset = 0
    for k, shape in enumerate(shapes):
        size = math.prod(shape)
        (net.weights if k % 2 == 0 else net.biases)[k // 2][...] = row[offset : offset + size].reshape(shape)
        offset += size
