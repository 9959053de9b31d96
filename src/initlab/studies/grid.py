r"""Every scheme with every activation on one setup: the *Side by side* grids.

[`scheme_trials`][initlab.studies.grid.scheme_trials] is the grid the page
draws its conclusions from: every scheme from several weight draws, at
several learning rates. [`scheme_grid`][initlab.studies.grid.scheme_grid] is
the single-draw grid (one run per scheme and activation, with loss curves and
decision functions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import check_int, check_positive
from ..diagnostics import dead_fraction
from ..nn import mlp
from ..schemes import SCHEMES
from ..training import train_many
from ._specs import SchemeSpec, scheme_list, seed_from
from .comparison import COURSE_SEED, TrainingComparison, _accuracies, _comparison, _train_runs, training_setup


@dataclass(frozen=True)
class SchemeGrid:
    r"""Every scheme trained with every activation on one setup, from one weight draw each.

    ``A`` activations, ``S`` schemes, ``K`` weight draws for the spread.

    Attributes
    ----------
    schemes, labels
        Scheme names and human labels, ``(S,)``.
    activations
        Hidden activations, ``(A,)``.
    comparisons
        One [`TrainingComparison`][initlab.studies.comparison.TrainingComparison]
        per activation (loss curves, decision functions, data), in the order
        of ``activations``.
    dataset, sizes, lr, steps
        The setup, shared by every run.
    threshold
        The cost a run must fall below to count as having learned.
    first_loss, first_naive_loss, final_loss
        ``(A, S)``: stable cost at step 0, textbook cost at step 0 (``inf``
        when a probability rounded to 0 or 1), cost at the last step.
    train_accuracy, test_accuracy
        ``(A, S)``: after training.
    steps_to_threshold
        ``(A, S)`` int: first step whose cost is below ``threshold``; ``-1`` if none.
    diverged_at
        ``(A, S)`` int: first step with a NaN/inf cost, ``-1`` if none.
    spread_schemes
        Schemes retrained from ``K`` different weight draws (same data, same
        steps) with the first activation, ``(R,)``.
    spread_test_accuracy, spread_train_accuracy
        ``(R, K)``: their accuracies. Column 0 is the draw every scheme gets
        (the run in ``comparisons[0]`` when the scheme is in the grid).
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    activations: tuple[str, ...]
    comparisons: tuple[TrainingComparison, ...]
    dataset: str
    sizes: tuple[int, ...]
    lr: float
    steps: int
    threshold: float
    first_loss: np.ndarray
    first_naive_loss: np.ndarray
    final_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    steps_to_threshold: np.ndarray
    diverged_at: np.ndarray
    spread_schemes: tuple[str, ...]
    spread_train_accuracy: np.ndarray
    spread_test_accuracy: np.ndarray


def steps_to_threshold(loss: np.ndarray, threshold: float) -> np.ndarray:
    """First step (last axis) whose cost is below ``threshold``, ``-1`` where none is.

    Examples
    --------
    >>> steps_to_threshold(np.array([[0.9, 0.5, 0.05, 0.01], [0.7, 0.7, 0.7, np.nan]]), 0.1).tolist()
    [2, -1]
    """
    with np.errstate(invalid="ignore"):
        below = np.asarray(loss) < threshold
    return np.where(below.any(axis=-1), below.argmax(axis=-1), -1).astype(np.int64)


def steps_to_stay(loss: np.ndarray, threshold: float) -> np.ndarray:
    """First step (last axis) from which the cost stays below ``threshold`` to the end; ``-1`` if it ends above.

    A run that dips below the threshold and comes back above it counts from
    its last crossing; one that ends above it (or NaN) counts as ``-1``.

    Examples
    --------
    >>> loss = np.array([[0.9, 0.05, 0.6, 0.05, 0.01], [0.9, 0.05, 0.04, 0.6, 0.7]])
    >>> steps_to_threshold(loss, 0.1).tolist(), steps_to_stay(loss, 0.1).tolist()
    ([1, 1], [3, -1])
    """
    with np.errstate(invalid="ignore"):
        above = ~(np.asarray(loss) < threshold)
    n = above.shape[-1]
    last_above = n - 1 - above[..., ::-1].argmax(axis=-1)
    stay = np.where(above.any(axis=-1), last_above + 1, 0)
    return np.where(above[..., -1], -1, stay).astype(np.int64)


ALL_SCHEMES: tuple[str, ...] = tuple(SCHEMES)
"""Every scheme of ``initlab.SCHEMES``, in teaching order."""


def scheme_grid(
    schemes: Sequence[SchemeSpec] = ALL_SCHEMES,
    activations: Sequence[str] = ("relu", "tanh", "sigmoid"),
    *,
    dataset: str = "circles",
    n_train: int = 300,
    n_test: int = 100,
    noise: float = 0.05,
    hidden: Sequence[int] = (10, 5),
    lr: float = 0.5,
    steps: int = 600,
    threshold: float = 0.2,
    spread: Sequence[SchemeSpec] = ("large_normal", "he_normal"),
    n_draws: int = 4,
    grid_size: int = 80,
    rng: object = COURSE_SEED,
) -> SchemeGrid:
    r"""Train every scheme with every activation on the same data: one weight draw each (more for ``spread``).

    One [`training_setup`][initlab.studies.comparison.training_setup]
    (data and seeds, drawn from ``rng``) serves every activation, so each
    entry of ``comparisons`` equals
    [`compare_training`][initlab.studies.comparison.compare_training] with
    the same arguments. Each activation's schemes train as one batch
    ([`train_many`][initlab.training.train_many]). The schemes in
    ``spread`` are also retrained from ``n_draws - 1`` further weight draws
    with the first activation -- in the same batch -- to show how much a
    result depends on the draw. ``rng`` is drawn from once, for the setup (a
    generator passed in moves on past those draws).

    The defaults are the course's data and net (circles, 300/100 points,
    noise 0.05, $[2, 10, 5, 1]$) with a 25 times shorter run at a 50 times
    larger learning rate than the course's 15000 steps at 0.01, so that
    39 runs fit in a site build. One draw at one learning rate cannot carry
    a ranking of the schemes:
    [`scheme_trials`][initlab.studies.grid.scheme_trials] repeats every run
    over weight draws and learning rates.

    Examples
    --------
    >>> g = scheme_grid(["zeros", "he_normal"], ["relu"], steps=300, n_draws=2, spread=["he_normal"])
    >>> g.test_accuracy.shape, g.spread_test_accuracy.shape
    ((1, 2), (1, 2))
    >>> float(g.first_loss[0, 0]) == float(np.log(2))                # zeros: exactly ln 2
    True
    """
    names, labels, inits = scheme_list(schemes)
    activations = tuple(activations)
    if not activations:
        raise ValueError("activations must name at least one hidden activation, got an empty sequence")
    n_draws = check_int("n_draws", n_draws)
    threshold = check_positive("threshold", threshold)
    spread_names, _, spread_inits = scheme_list(spread) if len(spread) else ((), (), [])
    steps = check_int("steps", steps)
    grid_size = check_int("grid_size", grid_size, minimum=2)
    setup = training_setup(dataset, n_train, n_test, noise=noise, rng=rng)
    sizes = setup.sizes(hidden)
    settings = dict(lr=lr, steps=steps, batch_size=None, record_every=max(1, steps // 50), allow_divergence=True)

    # The runs of the first activation: one per scheme (as compare_training draws them), then
    # the spread's further draws; a spread scheme's draw 0 is its own run when it is in the grid.
    seed = setup.weight_seed
    draw_seeds = [seed] + [seed_from(np.random.default_rng([seed, k])) for k in range(1, n_draws)]
    runs = [(init, seed) for init in inits]
    spread_at = np.empty((len(spread_names), n_draws), dtype=np.int64)
    for r, init in enumerate(spread_inits):
        for k, run in enumerate((init, s) for s in draw_seeds):
            if run not in runs:
                runs.append(run)
            spread_at[r, k] = runs.index(run)

    S = len(names)
    comparisons, spread_train, spread_test = [], np.empty(spread_at.shape), np.empty(spread_at.shape)
    for a, activation in enumerate(activations):
        nets, histories = _train_runs(setup, runs if a == 0 else runs[:S], sizes, activation, **settings)
        comparisons.append(
            _comparison(
                names, labels, setup, nets[:S], histories[:S], lr=lr, batch_size=None, grid_size=grid_size, grid_pad=0.5
            )
        )
        if a == 0:
            for (r, k), i in np.ndenumerate(spread_at):
                spread_train[r, k], spread_test[r, k] = _accuracies(nets[i], setup)

    def stack(field: str) -> np.ndarray:
        return np.stack([getattr(c, field) for c in comparisons])

    loss = stack("loss")
    return SchemeGrid(
        schemes=names,
        labels=labels,
        activations=activations,
        comparisons=tuple(comparisons),
        dataset=dataset,
        sizes=sizes,
        lr=float(lr),
        steps=steps,
        threshold=threshold,
        first_loss=loss[:, :, 0],
        first_naive_loss=stack("first_naive_loss"),
        final_loss=stack("final_loss"),
        train_accuracy=stack("train_accuracy"),
        test_accuracy=stack("test_accuracy"),
        steps_to_threshold=steps_to_threshold(loss, threshold),
        diverged_at=stack("diverged_at"),
        spread_schemes=spread_names,
        spread_train_accuracy=spread_train,
        spread_test_accuracy=spread_test,
    )


# ----------------------------------------------------------------------------- every draw, several learning rates


@dataclass(frozen=True)
class SchemeTrials:
    r"""Every scheme with every activation, from several weight draws, at several learning rates.

    ``R`` learning rates, ``A`` activations, ``S`` schemes, ``K`` weight
    draws; each run is ``steps`` full-batch steps on the same data.

    Attributes
    ----------
    schemes, labels
        Scheme names and human labels, ``(S,)``.
    activations
        Hidden activations, ``(A,)``.
    lrs
        Learning rates, ``(R,)``.
    dataset, sizes, steps, standardize, dtype
        The setup, shared by every run (``standardize``: the inputs were
        scaled to mean 0 and variance 1 by the training set's statistics).
    n_draws
        ``K``: weight draws per scheme. Draw ``k`` of every scheme comes from
        the same seed, and every activation and learning rate starts from the
        same draws.
    threshold
        The cost a run must fall below, and stay below, to count as trained.
    loss
        ``(R, A, S, K, steps)``: the stable cost before each update (NaN after a divergence).
    first_loss, first_naive_loss
        ``(A, S, K)``: stable and textbook cost at step 0 (the same at every
        learning rate); the textbook cost is ``inf`` when a probability rounded
        to 0 or 1.
    final_loss
        ``(R, A, S, K)``: cost at the last step.
    train_accuracy, test_accuracy
        ``(R, A, S, K)``: after training.
    first_below
        ``(R, A, S, K)`` int: first step whose cost is below ``threshold``, ``-1`` if none
        ([`steps_to_threshold`][initlab.studies.grid.steps_to_threshold]).
    settled_at
        ``(R, A, S, K)`` int: first step from which the cost stays below
        ``threshold`` to the end, ``-1`` if the run does not end below it
        ([`steps_to_stay`][initlab.studies.grid.steps_to_stay]).
    diverged_at
        ``(R, A, S, K)`` int: first step with a NaN/inf cost, ``-1`` if none.
    final_dead
        ``(R, A, S, K, H)``: after training, the fraction of each hidden
        layer's units that are 0 on every training example
        ([`dead_fraction`][initlab.diagnostics.dead_fraction]): dead ReLU
        units, or units whose weights are all zero (zero initialization).
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    activations: tuple[str, ...]
    lrs: tuple[float, ...]
    dataset: str
    sizes: tuple[int, ...]
    steps: int
    standardize: bool
    dtype: str
    n_draws: int
    threshold: float
    loss: np.ndarray
    first_loss: np.ndarray
    first_naive_loss: np.ndarray
    final_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    first_below: np.ndarray
    settled_at: np.ndarray
    diverged_at: np.ndarray
    final_dead: np.ndarray

    @property
    def settled(self) -> np.ndarray:
        """``(R, A, S)`` int: how many of the ``K`` draws reached the threshold and stayed below it."""
        return (self.settled_at >= 0).sum(axis=-1)

    @property
    def median_settled_at(self) -> np.ndarray:
        """``(R, A, S)``: median of ``settled_at`` over the draws that settled; NaN where none did."""
        steps = np.where(self.settled_at >= 0, self.settled_at, np.nan).astype(np.float64)
        out = np.full(steps.shape[:-1], np.nan)
        done = self.settled > 0
        out[done] = np.nanmedian(steps[done], axis=-1)
        return out

    @property
    def median_final_loss(self) -> np.ndarray:
        """``(R, A, S)``: median over the draws of the cost at the last step (a diverged run counts as ``inf``)."""
        return np.median(np.where(np.isnan(self.final_loss), np.inf, self.final_loss), axis=-1)


def scheme_trials(
    schemes: Sequence[SchemeSpec] = ALL_SCHEMES,
    activations: Sequence[str] = ("relu", "tanh", "sigmoid"),
    lrs: Sequence[float] = (0.5, 2.0),
    *,
    dataset: str = "circles",
    n_train: int = 300,
    n_test: int = 100,
    noise: float = 0.05,
    standardize: bool = True,
    hidden: Sequence[int] = (10, 5),
    steps: int = 1000,
    threshold: float = 0.2,
    n_draws: int = 5,
    dtype: object = np.float32,
    rng: object = COURSE_SEED,
) -> SchemeTrials:
    r"""Train every scheme with every activation from ``n_draws`` weight draws at each learning rate in ``lrs``.

    One [`training_setup`][initlab.studies.comparison.training_setup]
    (data and seeds, drawn from ``rng``) serves every run. Draw 0 of every
    scheme comes from a generator seeded with the setup's weight seed, as in
    [`compare_training`][initlab.studies.comparison.compare_training]; draw
    ``k`` seeds one from ``[weight_seed, k]``. Runs whose initial weights
    are identical (every draw of ``zeros`` or ``constant``) train once. Each
    pair of activation and learning rate is one
    [`train_many`][initlab.training.train_many] batch, and each run is
    what [`train`][initlab.training.train] gives that net alone.

    The defaults are the course's data and net (circles, 300/100 points,
    noise 0.05, $[2, 10, 5, 1]$, sigmoid output) with the inputs scaled to
    unit variance, 5 draws, two learning rates a factor of 4 apart and 1000
    full-batch steps, in float32 (as a framework trains; two to three times
    faster than float64 here). A run counts as trained when its cost falls
    below ``threshold`` and stays there
    ([`steps_to_stay`][initlab.studies.grid.steps_to_stay]). Every call
    trains afresh; nothing is cached.

    Examples
    --------
    >>> t = scheme_trials(["zeros", "he_normal"], ["relu"], [0.5, 2.0], steps=400, n_draws=3)
    >>> t.loss.shape, t.settled.shape
    ((2, 1, 2, 3, 400), (2, 1, 2))
    >>> t.settled[:, 0, 0].tolist()                       # zeros: symmetric, never trains
    [0, 0]
    """
    names, labels, inits = scheme_list(schemes)
    activations = tuple(activations)
    if not activations:
        raise ValueError("activations must name at least one hidden activation, got an empty sequence")
    if isinstance(lrs, (str, bytes)) or not isinstance(lrs, Sequence) or not lrs:
        raise ValueError(f"lrs must be a non-empty sequence of learning rates, got {lrs!r}")
    lrs = tuple(check_positive("lrs", lr) for lr in lrs)
    steps = check_int("steps", steps)
    n_draws = check_int("n_draws", n_draws)
    threshold = check_positive("threshold", threshold)
    setup = training_setup(dataset, n_train, n_test, noise=noise, standardize=standardize, rng=rng)
    sizes = setup.sizes(hidden)
    seed = setup.weight_seed
    seeds = [seed] + [seed_from(np.random.default_rng([seed, k])) for k in range(1, n_draws)]

    R, A, S, K = len(lrs), len(activations), len(names), n_draws
    loss = np.empty((R, A, S, K, steps))
    first_loss, first_naive = np.empty((A, S, K)), np.empty((A, S, K))
    train_acc, test_acc = np.empty((R, A, S, K)), np.empty((R, A, S, K))
    diverged = np.empty((R, A, S, K), dtype=np.int64)
    dead = np.empty((R, A, S, K, len(sizes) - 2))
    for a, activation in enumerate(activations):
        # one net per distinct initial weights; run[i, k] is the index of scheme i's draw k among them
        unique, keys, run = [], {}, np.empty((S, K), dtype=np.int64)
        for i, init in enumerate(inits):
            for k, s in enumerate(seeds):
                net = mlp(sizes, init, activation, rng=np.random.default_rng(s), dtype=dtype)
                key = b"".join(q.tobytes() for q in net.weights + net.biases)
                run[i, k] = keys.setdefault(key, len(unique))
                if run[i, k] == len(unique):
                    unique.append(net)
        for r, lr in enumerate(lrs):
            nets = [n.copy() for n in unique]
            histories = train_many(nets, setup.X_train, setup.y_train, lr=lr, steps=steps, allow_divergence=True)
            acc = np.array([_accuracies(n, setup) for n in nets])
            with np.errstate(all="ignore"):
                traces = [n.forward(setup.X_train, trace=True)[1] for n in nets]
            dead[r, a] = np.array([[dead_fraction(h) for h in tr.a[1:-1]] for tr in traces])[run]
            loss[r, a] = np.stack([h.loss for h in histories])[run]
            train_acc[r, a], test_acc[r, a] = acc[run, 0], acc[run, 1]
            diverged[r, a] = np.array([-1 if h.diverged_at is None else h.diverged_at for h in histories])[run]
            if r == 0:
                first_naive[a] = np.array([h.first_naive_loss for h in histories])[run]
        first_loss[a] = loss[0, a, ..., 0]

    return SchemeTrials(
        schemes=names,
        labels=labels,
        activations=activations,
        lrs=lrs,
        dataset=dataset,
        sizes=sizes,
        steps=steps,
        standardize=bool(standardize),
        dtype=np.dtype(dtype).name,
        n_draws=n_draws,
        threshold=threshold,
        loss=loss,
        first_loss=first_loss,
        first_naive_loss=first_naive,
        final_loss=loss[..., -1].copy(),
        train_accuracy=train_acc,
        test_accuracy=test_acc,
        first_below=steps_to_threshold(loss, threshold),
        settled_at=steps_to_stay(loss, threshold),
        diverged_at=diverged,
        final_dead=dead,
    )
