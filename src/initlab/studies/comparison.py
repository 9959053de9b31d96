r"""One net and data set trained from several schemes; the deeplearning.ai course run."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import as_generator, check_int, check_nonnegative
from ..data import make_dataset
from ..nn import MLP, mlp
from ..training import History, accuracy, train, train_many
from ._specs import SchemeSpec, scheme_list, seed_from

# ----------------------------------------------------------------------------- training comparison


@dataclass(frozen=True)
class TrainingComparison:
    r"""The same net and data trained from several schemes, one row per scheme.

    Attributes
    ----------
    schemes, labels
        Scheme names and human labels, ``(S,)``.
    dataset, sizes, activation, output, lr, steps, batch_size
        The setup.
    loss
        ``(S, steps)``: stable cost before each update (NaN after a divergence).
    first_naive_loss
        ``(S,)``: the textbook cost at step 0, ``inf`` where a probability rounded to 0 or 1.
    final_loss
        ``(S,)``: cost at the last step.
    train_accuracy, test_accuracy
        ``(S,)``: after training.
    diverged_at
        ``(S,)`` int: first step with a NaN/inf cost, ``-1`` if none.
    grid_x, grid_y
        ``(nx,)`` and ``(ny,)``: coordinates of the evaluation grid.
    grid_proba
        ``(S, ny, nx)``: the trained net's probability of class 1 (two
        classes) or of its predicted class (more) at each grid point.
    grid_class
        ``(S, ny, nx)`` int: the predicted class at each grid point.
    X_train, y_train, X_test, y_test
        The data.
    histories
        One :class:`~initlab.train.History` per scheme, with the per-layer
        statistics at the recorded steps.
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    dataset: str
    sizes: tuple[int, ...]
    activation: str
    output: str
    lr: float
    steps: int
    batch_size: int | None
    loss: np.ndarray
    first_naive_loss: np.ndarray
    final_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    diverged_at: np.ndarray
    grid_x: np.ndarray
    grid_y: np.ndarray
    grid_proba: np.ndarray
    grid_class: np.ndarray
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    histories: tuple[History, ...]


# Trained networks by everything that determines them. Training is deterministic,
# so a page that trains the same scheme on the same data as another page (the
# course's He run appears on several) reuses the result instead of repeating
# 15000 steps; the whole site builds in one process.
_TRAINED: dict[tuple, tuple[MLP, History]] = {}


def _trained(
    init, sizes, activation, output, bias_init, X, y, *, weight_seed, batch_seed, **settings
) -> tuple[MLP, History]:
    """Train a fresh net (or return the identical one trained before): a copy of the net and a read-only History."""
    data = hashlib.sha256(X.tobytes() + y.tobytes()).hexdigest()
    key = (init, sizes, activation, output, bias_init, data, weight_seed, batch_seed, tuple(sorted(settings.items())))
    try:
        hash(key)
    except TypeError:  # an unhashable custom initializer: train without caching
        key = None
    if key is None or key not in _TRAINED:
        net = mlp(sizes, init, activation, output, bias_init, rng=np.random.default_rng(weight_seed))
        h = train(net, X, y, rng=np.random.default_rng(batch_seed), **settings)
        for value in vars(h).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        if key is None:
            return net, h
        _TRAINED[key] = (net, h)
    net, h = _TRAINED[key]
    return net.copy(), h


def compare_training(
    schemes: Sequence[SchemeSpec] = ("zeros", "large_normal", "he_normal"),
    *,
    dataset: str = "circles",
    n_train: int = 300,
    n_test: int = 100,
    noise: float = 0.05,
    hidden: Sequence[int] = (10, 5),
    activation: str = "relu",
    output: str = "sigmoid",
    bias_init: SchemeSpec = "zeros",
    lr: float = 0.01,
    steps: int = 15_000,
    batch_size: int | None = None,
    record_every: int | None = None,
    grid_size: int = 120,
    grid_pad: float = 0.5,
    allow_divergence: bool = True,
    rng: object = 0,
) -> TrainingComparison:
    r"""Train the same network on the same data from each scheme.

    The training and test sets are drawn separately from ``dataset`` (as in
    the course notebook, so two balanced classes stay exactly balanced);
    each scheme's weights come from an identically seeded generator.
    ``record_every`` defaults to ``steps // 50``. A diverging run keeps NaN
    costs (``allow_divergence``) so a page can show it.

    With two classes the net has one sigmoid output unless
    ``output="softmax"``; with more (``spirals`` with ``classes=k``) pass
    ``output="softmax"``.
    """
    names, labels, inits = scheme_list(schemes)
    n_train, n_test = check_int("n_train", n_train, minimum=2), check_int("n_test", n_test, minimum=1)
    steps = check_int("steps", steps)
    grid_size = check_int("grid_size", grid_size, minimum=2)
    grid_pad = check_nonnegative("grid_pad", grid_pad)
    gen = as_generator(rng)
    X_train, y_train = make_dataset(dataset, n_train, noise=noise, rng=gen)
    X_test, y_test = make_dataset(dataset, n_test, noise=noise, rng=gen)
    k = int(max(y_train.max(), y_test.max())) + 1
    n_out = 1 if output == "sigmoid" else k
    sizes = (X_train.shape[1], *hidden, n_out)
    weight_seed, batch_seed = seed_from(gen), seed_from(gen)
    if record_every is None:
        record_every = max(1, steps // 50)

    lo = np.minimum(X_train.min(0), X_test.min(0)) - grid_pad
    hi = np.maximum(X_train.max(0), X_test.max(0)) + grid_pad
    gx, gy = np.linspace(lo[0], hi[0], grid_size), np.linspace(lo[1], hi[1], grid_size)
    grid = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)

    S = len(names)
    histories, losses, proba, cls = [], np.empty((S, steps)), np.empty((S, grid_size, grid_size)), []
    acc_train, acc_test, diverged = np.empty(S), np.empty(S), np.full(S, -1, dtype=np.int64)
    # Train every scheme not trained before in one batched run (train_many); the loop below then reads the cache.
    _train_jobs(
        [(init, weight_seed) for init in inits],
        sizes,
        activation,
        output,
        bias_init,
        X_train,
        y_train,
        lr=lr,
        steps=steps,
        batch_size=batch_size,
        record_every=record_every,
        allow_divergence=allow_divergence,
        batch_seed=batch_seed,
    )
    for i, init in enumerate(inits):
        net, h = _trained(
            init,
            sizes,
            activation,
            output,
            bias_init,
            X_train,
            y_train,
            lr=lr,
            steps=steps,
            batch_size=batch_size,
            record_every=record_every,
            allow_divergence=allow_divergence,
            weight_seed=weight_seed,
            batch_seed=batch_seed,
        )
        histories.append(h)
        losses[i] = h.loss
        if h.diverged_at is not None:
            diverged[i] = h.diverged_at
        with np.errstate(all="ignore"):
            acc_train[i], acc_test[i] = accuracy(net, X_train, y_train), accuracy(net, X_test, y_test)
            p = net.predict_proba(grid) if np.all(np.isfinite(net.weights[0])) else np.full(len(grid), np.nan)
        if net.output == "sigmoid" or k == 2:
            p1 = p if p.ndim == 1 else p[:, 1]
            proba[i] = p1.reshape(grid_size, grid_size)
            cls.append((p1 > 0.5).astype(np.int64).reshape(grid_size, grid_size))
        else:
            proba[i] = p.max(axis=1).reshape(grid_size, grid_size)
            cls.append(p.argmax(axis=1).reshape(grid_size, grid_size))
    last = np.array([h.loss[-1] for h in histories])
    return TrainingComparison(
        schemes=names,
        labels=labels,
        dataset=dataset,
        sizes=sizes,
        activation=activation,
        output=output,
        lr=float(lr),
        steps=steps,
        batch_size=batch_size,
        loss=losses,
        first_naive_loss=np.array([h.first_naive_loss for h in histories]),
        final_loss=last,
        train_accuracy=acc_train,
        test_accuracy=acc_test,
        diverged_at=diverged,
        grid_x=gx,
        grid_y=gy,
        grid_proba=proba,
        grid_class=np.array(cls),
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        histories=tuple(histories),
    )


#: The seed of :func:`course_experiment` (data and weights), fixed once.
COURSE_SEED = 6


def course_experiment(rng: object = COURSE_SEED, *, steps: int = 15_000) -> TrainingComparison:
    r"""The deeplearning.ai initialization notebook, reproduced.

    Circles with 300 training and 100 test points (noise 0.05), the net
    $[2, 10, 5, 1]$ with ReLU and a sigmoid output, learning rate 0.01,
    15000 full-batch steps, from three schemes: zeros, random $\mathcal N(0,
    10^2)$ (the notebook's ``randn * 10``) and He normal. Biases start at zero.

    What it shows: zeros never moves (cost exactly $\ln 2$, 50% accuracy);
    random x10 starts with an infinite textbook cost, because some
    $\sigma(z)$ round to exactly 0 or 1; He trains (cost 0.855 -> 0.046,
    99.3% train / 97% test with :data:`COURSE_SEED`; the notebook: 0.883 ->
    0.074, 99.3% / 96%). Random x10 ends at 57% / 61% here (the notebook:
    83% / 86%): with weights that large the outcome depends on the draw.
    The notebook used numpy's legacy global RNG, so exact numbers differ.
    """
    return compare_training(
        ("zeros", "large_normal", "he_normal"),
        dataset="circles",
        n_train=300,
        n_test=100,
        noise=0.05,
        hidden=(10, 5),
        activation="relu",
        output="sigmoid",
        lr=0.01,
        steps=steps,
        rng=rng,
    )


# ============================================================================= side by side: the scheme grid
# (the "Side by side" page; batched training through train_many, cached in _TRAINED like _trained)


def _train_key(init, sizes, activation, output, bias_init, X, y, weight_seed, batch_seed, settings) -> tuple | None:
    """The :data:`_TRAINED` key of :func:`_trained` (``None`` for an unhashable initializer)."""
    data = hashlib.sha256(X.tobytes() + y.tobytes()).hexdigest()
    key = (init, sizes, activation, output, bias_init, data, weight_seed, batch_seed, tuple(sorted(settings.items())))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _train_jobs(jobs, sizes, activation, output, bias_init, X, y, *, batch_seed, **settings) -> None:
    """Train every ``(init, weight_seed)`` job not yet in :data:`_TRAINED`, all at once with :func:`train_many`.

    The nets and histories are exactly those :func:`_trained` would produce one
    by one (train_many matches train), so :func:`_trained` then finds them.
    """

    todo, keys = [], []
    for init, weight_seed in jobs:
        key = _train_key(init, sizes, activation, output, bias_init, X, y, weight_seed, batch_seed, settings)
        if key is not None and key not in _TRAINED and key not in keys:
            todo.append(mlp(sizes, init, activation, output, bias_init, rng=np.random.default_rng(weight_seed)))
            keys.append(key)
    if not todo:
        return
    histories = train_many(todo, X, y, rng=np.random.default_rng(batch_seed), **settings)
    for key, net, h in zip(keys, todo, histories):
        for value in vars(h).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        _TRAINED[key] = (net, h)
