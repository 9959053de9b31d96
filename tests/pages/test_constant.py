"""Sentences of docs/constant.md that report a result.

The fixtures run the page's two studies with the page's arguments.
"""

from __future__ import annotations

import numpy as np
import pytest

from claims import claim
from initlab import studies

SCHEMES = ["constant", "small_normal", "he_normal"]


@pytest.fixture(scope="module")
def study() -> studies.SymmetryStudy:
    """The page's symmetry study."""
    return studies.symmetry_study(SCHEMES, layer=2, lr=0.1, steps=3000, n_records=31)


@pytest.fixture(scope="module")
def run() -> studies.TrainingComparison:
    """The page's constant-vs-He training run."""
    return studies.compare_training(
        ["constant", "he_normal"], dataset="circles", hidden=(10, 5), activation="relu", lr=0.01, steps=15_000, rng=0
    )


@claim("constant.md", "trains the course's $[2, 10, 5, 1]$ ReLU network on the circles, at learning rate 0.1")
def test_symmetry_study_setup(study, course) -> None:
    assert study.sizes == course.sizes == (2, 10, 5, 1)
    assert study.activation == course.activation == "relu" and study.dataset == course.dataset == "circles"
    assert study.lr == 0.1 == 10 * course.lr
    assert study.steps[-1] == 3000


@claim(
    "constant.md",
    "among ten random 2-D vectors two nearly parallel ones are the rule",
)
def test_first_layer_cosine_says_little() -> None:
    first = studies.symmetry_study(SCHEMES[1:], layer=1, lr=0.1, steps=3000, n_records=2)
    assert np.all(first.weight_cos_max > 0.99)


@claim(
    "constant.md",
    "the constant line sits at 1",
    "it differs from 1 only by the rounding of the cosine itself",
)
def test_constant_cosine_is_one(study) -> None:
    assert np.abs(study.weight_cos_max[0] - 1).max() < 1e-15
    assert np.abs(study.act_cos_max[0] - 1).max() < 1e-15
    assert np.abs(study.weight_cos_mean[0] - 1).max() < 1e-15  # the figure's solid line
    assert np.abs(study.act_cos_mean[0] - 1).max() < 1e-15


@claim(
    "constant.md",
    "The units start bitwise equal.",
    "Over this run the gap stays within a few ulp,",
    "more than ten orders of magnitude below the std across units of the random starts",
    "in this run it never gets past the last bits",
)
def test_constant_units_stay_clones_to_the_last_bits(study) -> None:
    gap, ulps = study.weight_gap[0], study.weight_gap_ulp[0]
    assert gap[0] == 0 and study.weight_spread[0, 0] == 0
    assert ulps.max() <= 4
    random_spread = min(study.weight_spread[1:, -1].min(), study.weight_spread[1:, 0].min())
    assert gap.max() < 1e-10 * random_spread and study.weight_spread[0].max() < 1e-10 * random_spread


@claim(
    "constant.md",
    "computing a std rounds too (the mean of five equal",
    "doubles need not come out as that double), so even bitwise-equal units can",
)
def test_spread_of_bitwise_equal_units_can_be_nonzero(study) -> None:
    equal = study.weight_gap[0] == 0  # the units are bitwise clones at these records ...
    assert np.any(equal & (study.weight_spread[0] > 0))  # ... and still the printed spread is not 0


@claim(
    "constant.md",
    "They begin well below 1 and wander as their units specialize",
    "the average pair of weight vectors stays far from 1, while the faint line shows that two He",
    "units may end up fairly alike",
    "an open circle marks the first step where some unit is zero on every point",
    "the line stops where its cosine is undefined",
)
def test_random_starts(study) -> None:
    assert np.all(study.weight_cos_mean[1:] < 0.5)  # the figure's solid lines
    assert np.all(study.weight_cos_max[1:, 0] < 0.8)
    assert np.all(np.ptp(study.weight_cos_max[1:], axis=1) > 0.05)  # they move
    assert study.weight_cos_max[2, -1] > 0.9 and study.weight_gap_ulp[2, -1] > 1e6
    assert np.isnan(study.act_cos_max).any()  # the figure has open circles to explain


def boundary_cells(grid_class: np.ndarray) -> np.ndarray:
    """Grid cells (row, column) where the predicted class changes to the right or below."""
    right = np.argwhere(np.diff(grid_class, axis=1) != 0) + [0, 0.5]
    below = np.argwhere(np.diff(grid_class, axis=0) != 0) + [0.5, 0]
    return np.vstack([right, below])


@claim(
    "constant.md",
    "As derived, the constant network's boundary is one straight line.",
    "so its accuracy stays close to the 50% of always answering the same class",
    "(here within ten points)",
)
def test_constant_boundary_is_a_line(run) -> None:
    cells = boundary_cells(run.grid_class[0])
    assert len(cells) > 20  # the line crosses the plotted region (through the data)
    centred = cells - cells.mean(axis=0)
    thickness = np.linalg.svd(centred, compute_uv=False)[-1] / np.sqrt(len(cells))
    assert thickness < 1.0  # collinear to within a grid cell
    assert run.y_train.mean() == 0.5 and run.y_test.mean() == 0.5
    assert abs(run.train_accuracy[0] - 0.5) <= 0.10 and abs(run.test_accuracy[0] - 0.5) <= 0.10


@claim(
    "constant.md",
    "bends its boundary into a closed curve around the inner circle",
)
def test_he_boundary_is_a_closed_curve(run) -> None:
    g = run.grid_class[1]
    border = np.r_[g[0], g[-1], g[:, 0], g[:, -1]]
    assert np.all(border == 0)  # class 1 (the inner circle) is enclosed
    radius = np.linalg.norm(run.X_train, axis=1)
    assert np.median(radius[run.y_train == 1]) < np.median(radius[run.y_train == 0])  # class 1 is the inner circle
    assert run.train_accuracy[1] > 0.95 and run.test_accuracy[1] > 0.95


@claim("constant.md", "One per layer.")
def test_exercise_one_distinct_unit_per_layer() -> None:
    import initlab

    X, y = initlab.circles(200, noise=0.05, rng=0)
    net = initlab.mlp([2, 10, 5, 1], init="constant", activation="tanh")
    initlab.train(net, X, y, lr=0.5, steps=2000)
    for W in net.weights[:-1]:
        assert len(np.unique(W.round(6), axis=0)) == 1


@claim(
    "constant.md",
    "A std of $10^{-6}$ already gives ten distinct units",
    "$10^{-2}$ the network learns the circle",
)
def test_exercise_noise_breaks_the_symmetry() -> None:
    import initlab

    X, y = initlab.circles(200, noise=0.05, rng=0)
    acc = {}
    for eps in (1e-6, 1e-2):

        def nudged(shape, rng, dtype, eps=eps):
            return 0.5 + eps * rng.standard_normal(shape)

        net = initlab.mlp([2, 10, 1], init=nudged, activation="tanh", rng=0)
        initlab.train(net, X, y, lr=0.5, steps=3000)
        assert len(np.unique(net.weights[0].round(6), axis=0)) == 10
        acc[eps] = initlab.accuracy(net, X, y)
    assert acc[1e-6] < 0.7 < 0.9 < acc[1e-2]


@claim(
    "constant.md",
    "The two random starts have the same cosine at step 0 because",
    "scaling a vector does not change its cosine with another",
)
def test_random_starts_share_the_step0_cosine(study) -> None:
    small, he = study.weight_cos_max[1, 0], study.weight_cos_max[2, 0]
    assert small == pytest.approx(he, rel=1e-12)


@claim(
    "constant.md",
    "This He run is not the one on the [Zero](zero.md) and",
    "so He's numbers there are not these",
)
def test_he_run_differs_from_the_course_run(run, course) -> None:
    import inspect

    assert inspect.signature(studies.compare_training).parameters["rng"].default == 0 != studies.COURSE_SEED
    assert run.sizes == course.sizes and run.lr == course.lr and run.steps == course.steps
    he, course_he = run.schemes.index("he_normal"), course.schemes.index("he_normal")
    assert run.final_loss[he] != pytest.approx(course.final_loss[course_he], rel=0.1)
    assert f"{run.train_accuracy[he]:.0%}" != f"{course.train_accuracy[course_he]:.0%}"
