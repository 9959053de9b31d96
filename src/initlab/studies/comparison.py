r"""One net and data set trained from several schemes; the deeplearning.ai course run.

Nothing here remembers anything between calls: each call draws its
[`TrainingSetup`][initlab.studies.comparison.TrainingSetup] and trains its
nets, so two calls with the same arguments do the same work and return equal,
independent results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import as_generator, check_int, check_nonnegative
from ..data import make_dataset
from ..nn import MLP, mlp
from ..training import History, accuracy, train_many
from ._specs import SchemeSpec, scheme_list, seed_from

# ----------------------------------------------------------------------------- the setup


@dataclass(frozen=True, eq=False)
class TrainingSetup:
    r"""The data and seeds that every run of a training comparison shares, drawn once.

    [`compare_training`][initlab.studies.comparison.compare_training] and
    [`scheme_grid`][initlab.studies.grid.scheme_grid] both start from one
    (made by [`training_setup`][initlab.studies.comparison.training_setup]),
    so the grid's extra weight draws train on the same data, in the same
    batch, as its comparisons.

    Attributes
    ----------
    dataset
        Name of the data set.
    X_train, y_train, X_test, y_test
        The training and test sets, drawn separately (read-only arrays).
    n_classes
        Number of classes in the two sets together.
    weight_seed
        Seed of the weight generator: every scheme draws its net from an
        identically seeded generator.
    batch_seed
        Seed of the mini-batch order (unused by full-batch training).
    """

    dataset: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int
    weight_seed: int
    batch_seed: int

    def sizes(self, hidden: Sequence[int], output: str = "sigmoid") -> tuple[int, ...]:
        """Layer sizes of a net on this data: input width, ``hidden``, one sigmoid unit or a softmax unit per class."""
        return (self.X_train.shape[1], *hidden, 1 if output == "sigmoid" else self.n_classes)


def training_setup(
    dataset: str = "circles",
    n_train: int = 300,
    n_test: int = 100,
    *,
    noise: float = 0.05,
    standardize: bool = False,
    rng: object = 0,
) -> TrainingSetup:
    r"""Draw the training set, the test set and the two seeds of a comparison, in that order, from ``rng``.

    The two sets are drawn separately from ``dataset`` (as in the course
    notebook, so two balanced classes stay exactly balanced). With
    ``standardize`` both sets are shifted and scaled by the training set's
    per-feature mean and std, so the training inputs have mean 0 and
    variance 1 in every feature (the draws are the same either way).

    Examples
    --------
    >>> s = training_setup("circles", 300, 100, noise=0.05, rng=6)
    >>> s.X_train.shape, s.X_test.shape, s.n_classes, s.sizes((10, 5))
    ((300, 2), (100, 2), 2, (2, 10, 5, 1))
    >>> s.weight_seed == training_setup("circles", 300, 100, noise=0.05, rng=6).weight_seed
    True
    >>> z = training_setup("circles", 300, 100, noise=0.05, standardize=True, rng=6)
    >>> np.allclose(z.X_train.std(axis=0), 1.0), z.weight_seed == s.weight_seed
    (True, True)
    """
    n_train, n_test = check_int("n_train", n_train, minimum=2), check_int("n_test", n_test, minimum=1)
    if not isinstance(standardize, (bool, np.bool_)):
        raise TypeError(f"standardize must be True or False, got {standardize!r}")
    gen = as_generator(rng)
    X_train, y_train = make_dataset(dataset, n_train, noise=noise, rng=gen)
    X_test, y_test = make_dataset(dataset, n_test, noise=noise, rng=gen)
    if standardize:
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        if not np.all(std > 0):
            raise ValueError(f"standardize needs every feature of the training set to vary, got stds {std.tolist()}")
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    for a in (X_train, y_train, X_test, y_test):
        a.flags.writeable = False
    return TrainingSetup(
        dataset=dataset,
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        n_classes=int(max(y_train.max(), y_test.max())) + 1,
        weight_seed=seed_from(gen),
        batch_seed=seed_from(gen),
    )


def _train_runs(
    setup: TrainingSetup,
    runs: Sequence[tuple[Callable[..., np.ndarray], int]],
    sizes: Sequence[int],
    activation: str,
    output: str = "sigmoid",
    bias_init: SchemeSpec = "zeros",
    **settings: object,
) -> tuple[list[MLP], list[History]]:
    r"""Build one net per ``(initializer, weight seed)`` run and train them all on ``setup`` in one batch.

    Each net's weights come from ``numpy.random.default_rng(seed)``; the
    batch is one [`train_many`][initlab.training.train_many] call on the
    training set with ``setup.batch_seed`` and ``settings`` (``lr``,
    ``steps``, ``batch_size``, ``record_every``, ``allow_divergence``), so
    each net is trained exactly as it would be alone. Returns the trained
    nets and their histories, in the order of ``runs``.
    """
    nets = [mlp(sizes, init, activation, output, bias_init, rng=np.random.default_rng(seed)) for init, seed in runs]
    histories = train_many(nets, setup.X_train, setup.y_train, rng=np.random.default_rng(setup.batch_seed), **settings)
    return nets, histories


def _accuracies(net: MLP, setup: TrainingSetup) -> tuple[float, float]:
    """Training and test accuracy of ``net`` on ``setup`` (of a net that diverged too: no warnings)."""
    with np.errstate(all="ignore"):
        return accuracy(net, setup.X_train, setup.y_train), accuracy(net, setup.X_test, setup.y_test)


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
        The data (read-only: the arrays of the
        [`TrainingSetup`][initlab.studies.comparison.TrainingSetup]).
    histories
        One [`History`][initlab.training.History] per scheme, with the
        per-layer statistics at the recorded steps.
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


def _comparison(
    names: tuple[str, ...],
    labels: tuple[str, ...],
    setup: TrainingSetup,
    nets: Sequence[MLP],
    histories: Sequence[History],
    *,
    lr: float,
    batch_size: int | None,
    grid_size: int,
    grid_pad: float,
) -> TrainingComparison:
    """Evaluate trained ``nets`` (one per scheme) on ``setup`` and on a ``grid_size`` square grid around the data."""
    X_train, X_test = setup.X_train, setup.X_test
    lo = np.minimum(X_train.min(0), X_test.min(0)) - grid_pad
    hi = np.maximum(X_train.max(0), X_test.max(0)) + grid_pad
    gx, gy = np.linspace(lo[0], hi[0], grid_size), np.linspace(lo[1], hi[1], grid_size)
    grid = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)

    S, shape = len(nets), (grid_size, grid_size)
    acc_train, acc_test = np.empty(S), np.empty(S)
    proba, cls = np.empty((S, *shape)), np.empty((S, *shape), dtype=np.int64)
    for i, net in enumerate(nets):
        acc_train[i], acc_test[i] = _accuracies(net, setup)
        with np.errstate(all="ignore"):
            p = net.predict_proba(grid) if np.all(np.isfinite(net.weights[0])) else np.full(len(grid), np.nan)
        if net.output == "sigmoid" or setup.n_classes == 2:
            p1 = p if p.ndim == 1 else p[:, 1]
            proba[i], cls[i] = p1.reshape(shape), (p1 > 0.5).reshape(shape)
        else:
            proba[i], cls[i] = p.max(axis=1).reshape(shape), p.argmax(axis=1).reshape(shape)
    net = nets[0]
    return TrainingComparison(
        schemes=names,
        labels=labels,
        dataset=setup.dataset,
        sizes=net.sizes,
        activation=net.activation.name,
        output=net.output,
        lr=float(lr),
        steps=histories[0].loss.size,
        batch_size=batch_size,
        loss=np.stack([h.loss for h in histories]),
        first_naive_loss=np.array([h.first_naive_loss for h in histories]),
        final_loss=np.array([h.loss[-1] for h in histories]),
        train_accuracy=acc_train,
        test_accuracy=acc_test,
        diverged_at=np.array([-1 if h.diverged_at is None else h.diverged_at for h in histories], dtype=np.int64),
        grid_x=gx,
        grid_y=gy,
        grid_proba=proba,
        grid_class=cls,
        X_train=X_train,
        y_train=setup.y_train,
        X_test=X_test,
        y_test=setup.y_test,
        histories=tuple(histories),
    )


def compare_training(
    schemes: Sequence[SchemeSpec] = ("zeros", "large_normal", "he_normal"),
    *,
    dataset: str = "circles",
    n_train: int = 300,
    n_test: int = 100,
    noise: float = 0.05,
    standardize: bool = False,
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

    The data and seeds are one
    [`training_setup`][initlab.studies.comparison.training_setup]
    drawn from ``rng``: the training and test sets are drawn separately from
    ``dataset`` (as in the course notebook, so two balanced classes stay
    exactly balanced; ``standardize`` rescales both by the training set's
    mean and std), and each scheme's weights come from an identically
    seeded generator. All schemes train in one batch
    ([`train_many`][initlab.training.train_many]). ``record_every``
    defaults to ``steps // 50``. A diverging run keeps NaN costs
    (``allow_divergence``) so a page can show it.

    With two classes the net has one sigmoid output unless
    ``output="softmax"``; with more (``spirals`` with ``classes=k``) pass
    ``output="softmax"``.

    Every call trains afresh; nothing is cached.
    """
    names, labels, inits = scheme_list(schemes)
    steps = check_int("steps", steps)
    grid_size = check_int("grid_size", grid_size, minimum=2)
    grid_pad = check_nonnegative("grid_pad", grid_pad)
    setup = training_setup(dataset, n_train, n_test, noise=noise, standardize=standardize, rng=rng)
    if record_every is None:
        record_every = max(1, steps // 50)
    nets, histories = _train_runs(
        setup,
        [(init, setup.weight_seed) for init in inits],
        setup.sizes(hidden, output),
        activation,
        output,
        bias_init,
        lr=lr,
        steps=steps,
        batch_size=batch_size,
        record_every=record_every,
        allow_divergence=allow_divergence,
    )
    return _comparison(
        names, labels, setup, nets, histories, lr=lr, batch_size=batch_size, grid_size=grid_size, grid_pad=grid_pad
    )


COURSE_SEED = 6
"""The seed of [`course_experiment`][initlab.studies.comparison.course_experiment] (data and weights), fixed once."""


def course_experiment(rng: object = COURSE_SEED, *, steps: int = 15_000) -> TrainingComparison:
    r"""The deeplearning.ai initialization notebook, reproduced.

    Circles with 300 training and 100 test points (noise 0.05), the net
    $[2, 10, 5, 1]$ with ReLU and a sigmoid output, learning rate 0.01,
    15000 full-batch steps, from three schemes: zeros, random $\mathcal N(0,
    10^2)$ (the notebook's ``randn * 10``) and He normal. Biases start at zero.

    What it shows: zeros never moves (cost exactly $\ln 2$, 50% accuracy);
    random x10 starts with an infinite textbook cost, because some
    $\sigma(z)$ round to exactly 0 or 1; He trains (cost 0.855 -> 0.046,
    99.3% train / 97% test with
    [`COURSE_SEED`][initlab.studies.comparison.COURSE_SEED]; the notebook:
    0.883 -> 0.074, 99.3% / 96%). Random x10 ends at 57% / 61% here (the
    notebook: 83% / 86%): with weights that large the outcome depends on the
    draw. The notebook used numpy's legacy global RNG, so exact numbers differ.
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
