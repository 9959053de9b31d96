"""Studies shared by the page tests (tests/pages/), run once per test session.

Each page's tests (``tests/pages/test_<page>.py``) guard the sentences of
that page that report a result (see ``tests/claims.py``). A study that
several pages show runs once here, with the arguments the pages use.
Add a fixture here when a second page needs the same study.
"""

from __future__ import annotations

import pytest

from initlab import studies


@pytest.fixture(scope="session")
def course() -> studies.TrainingComparison:
    """The deeplearning.ai course run: zeros, N(0, 10²) and He normal on circles (zero, large random, side by side)."""
    return studies.course_experiment()


@pytest.fixture(scope="session")
def scheme_grid() -> studies.grid.SchemeTrials:
    """Side by side's training grid: every scheme, ReLU/tanh/sigmoid, two learning rates (home, constant, compare)."""
    from initlab import SCHEMES
    from initlab.studies.grid import scheme_trials

    return scheme_trials(
        list(SCHEMES), ("relu", "tanh", "sigmoid"), lrs=(0.5, 2.0), steps=1000, n_draws=5, threshold=0.2, rng=6
    )
