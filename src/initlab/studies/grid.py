r"""Every scheme with every activation on one setup: the *Side by side* grid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import check_int, check_positive
from ..schemes import SCHEMES
from ._specs import SchemeSpec, scheme_list, seed_from
from .comparison import COURSE_SEED, TrainingComparison, _accuracies, _comparison, _train_runs, training_setup


@dataclass(frozen=True)
class SchemeGrid:
    r"""Every scheme trained with every activation on one setup: the results table of *Side by side*.

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
    r"""Train every scheme with every activation on the same data: the *Side by side* grid.

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
    39 runs fit in a site build.

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
