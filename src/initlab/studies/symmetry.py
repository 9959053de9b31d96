r"""The symmetry problem: how alike a layer's hidden units stay while training."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import as_generator, check_int, check_positive
from ..data import make_dataset
from ..nn import mlp
from ..training import accuracy, train
from ._specs import SchemeSpec, scheme_list, seed_from

# ----------------------------------------------------------------------------- symmetry


@dataclass(frozen=True)
class SymmetryStudy:
    r"""How alike one hidden layer's units are while training, one row per scheme.

    For unit vectors $u_i = w_i/\lVert w_i\rVert$ of the incoming weight rows
    of the layer (and likewise for the units' activation columns over the
    training set) the pairwise similarity is $|u_i^\top u_j|$, $i \ne j$:
    1 for clones. It is NaN where a vector is zero (zero init); the
    ``*_spread`` fields then still tell: they are 0 exactly when all units
    are clones.

    Attributes
    ----------
    schemes, labels
        Scheme names and human labels, ``(S,)``.
    layer
        Hidden layer studied (1 = first).
    steps
        ``(k,)`` int: the recorded steps (0 = initialization).
    weight_cos_max, weight_cos_mean
        ``(S, k)``: max and mean pairwise $|\cos|$ of incoming weight vectors.
    act_cos_max, act_cos_mean
        ``(S, k)``: the same for the units' activations over the training set.
    weight_spread
        ``(S, k)``: std across units of the incoming weights, averaged over inputs.
    act_spread
        ``(S, k)``: std across units of the activations, averaged over samples.
    weight_gap
        ``(S, k)``: the largest difference between two units' incoming
        weights, $\max_{i,k,j} |W_{ij} - W_{kj}|$: exactly 0 for clones.
    weight_gap_ulp
        ``(S, k)``: ``weight_gap`` in units in the last place (ulp) of the
        layer's largest weight, ``np.spacing(max |W|)``: how many rounding
        steps apart the most different units are (NaN where every weight is 0).
    loss
        ``(S, total_steps)``: the training cost.
    train_accuracy
        ``(S,)``: after training.
    dataset, sizes, activation, lr
        The training set's name, the layer sizes (input first), the hidden
        activation and the learning rate the nets were trained with.
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    layer: int
    steps: np.ndarray
    weight_cos_max: np.ndarray
    weight_cos_mean: np.ndarray
    act_cos_max: np.ndarray
    act_cos_mean: np.ndarray
    weight_spread: np.ndarray
    act_spread: np.ndarray
    loss: np.ndarray
    train_accuracy: np.ndarray
    weight_gap: np.ndarray
    weight_gap_ulp: np.ndarray
    dataset: str
    sizes: tuple[int, ...]
    activation: str
    lr: float


def _pairwise_abs_cos(V: np.ndarray) -> tuple[float, float]:
    """Max and mean $|\\cos|$ between distinct rows of ``V`` (NaN if a row is zero)."""
    with np.errstate(all="ignore"):
        U = V / np.linalg.norm(V, axis=1, keepdims=True)
        C = np.abs(U @ U.T)[~np.eye(len(V), dtype=bool)]
    return float(C.max()), float(C.mean())


def symmetry_study(
    schemes: Sequence[SchemeSpec] = ("constant", "small_normal", "he_normal"),
    *,
    dataset: str = "circles",
    n_train: int = 300,
    noise: float = 0.05,
    hidden: Sequence[int] = (10, 5),
    activation: str = "relu",
    lr: float = 0.1,
    steps: int = 2000,
    n_records: int = 21,
    layer: int = 1,
    rng: object = 0,
) -> SymmetryStudy:
    r"""Track the similarity of hidden units in layer ``layer`` over ``steps`` of full-batch training.

    Similarity is recorded at ``n_records`` evenly spaced steps from 0 to
    ``steps`` inclusive. The defaults train the deeplearning.ai course's net
    ($[2, 10, 5, 1]$, ReLU, sigmoid output, 300 points of the circles) but
    at learning rate 0.1, ten times the course's 0.01
    ([`course_experiment`][initlab.studies.comparison.course_experiment]),
    so that the units move visibly within a few thousand steps.

    Examples
    --------
    >>> s = symmetry_study(["constant", "he_normal"], steps=200, n_records=3)
    >>> s.steps.tolist(), s.weight_cos_max[0].round(12).tolist()     # constant: clones forever
    ([0, 100, 200], [1.0, 1.0, 1.0])
    >>> bool(s.weight_cos_max[1, 0] < 1)
    True
    """
    names, labels, inits = scheme_list(schemes)
    steps = check_int("steps", steps)
    n_records = check_int("n_records", n_records, minimum=2)
    hidden = tuple(hidden)
    layer = check_int("layer", layer)
    if layer > len(hidden):
        raise ValueError(f"layer must be a hidden layer in 1..{len(hidden)}, got {layer}")
    if hidden[layer - 1] < 2:
        raise ValueError(f"hidden layer {layer} must have at least 2 units to compare, got {hidden[layer - 1]}")
    check_positive("lr", lr)
    gen = as_generator(rng)
    X, y = make_dataset(dataset, n_train, noise=noise, rng=gen)
    k = int(y.max()) + 1
    output = "sigmoid" if k == 2 else "softmax"
    sizes = (X.shape[1], *hidden, 1 if k == 2 else k)
    weight_seed = seed_from(gen)
    marks = np.unique(np.linspace(0, steps, n_records).round().astype(np.int64))

    S, K = len(names), len(marks)
    fields = {
        f: np.empty((S, K))
        for f in (
            "weight_cos_max",
            "weight_cos_mean",
            "act_cos_max",
            "act_cos_mean",
            "weight_spread",
            "act_spread",
            "weight_gap",
            "weight_gap_ulp",
        )
    }
    losses, acc = np.full((S, steps), np.nan), np.empty(S)
    for i, init in enumerate(inits):
        net = mlp(sizes, init, activation, output, rng=np.random.default_rng(weight_seed))
        done = 0
        for j, mark in enumerate(marks):
            if mark > done:
                h = train(net, X, y, lr=lr, steps=int(mark - done), allow_divergence=True)
                losses[i, done:mark] = h.loss
                done = int(mark)
            W = net.weights[layer - 1]
            with np.errstate(all="ignore"):
                A = net.forward(X, trace=True)[1].a[layer]
            fields["weight_cos_max"][i, j], fields["weight_cos_mean"][i, j] = _pairwise_abs_cos(W)
            fields["act_cos_max"][i, j], fields["act_cos_mean"][i, j] = _pairwise_abs_cos(A.T)
            fields["weight_spread"][i, j] = float(W.std(axis=0).mean())
            fields["act_spread"][i, j] = float(A.std(axis=1).mean())
            gap, top = float(np.ptp(W, axis=0).max()), float(np.abs(W).max())
            fields["weight_gap"][i, j] = gap
            fields["weight_gap_ulp"][i, j] = gap / np.spacing(top) if top > 0 else np.nan
        acc[i] = accuracy(net, X, y)
    return SymmetryStudy(
        schemes=names,
        labels=labels,
        layer=layer,
        steps=marks,
        loss=losses,
        train_accuracy=acc,
        dataset=dataset,
        sizes=sizes,
        activation=activation,
        lr=float(lr),
        **fields,
    )
