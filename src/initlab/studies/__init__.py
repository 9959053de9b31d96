"""Studies: each function runs one experiment and returns a frozen dataclass of arrays; none prints or plots.

None keeps state between calls: a study computes everything it needs from its
arguments, every time (no module-level cache), so results never depend on
what ran before.

One module per topic:

* [`depth`][initlab.studies.depth] -- per-layer statistics of a deep net at
  initialization ([`depth_sweep`][initlab.studies.depth.depth_sweep]) and the
  interactive explorer's grid.
* [`comparison`][initlab.studies.comparison] -- one net and data set trained
  from several schemes (the data and seeds they share are one
  [`TrainingSetup`][initlab.studies.comparison.TrainingSetup]), and the
  deeplearning.ai course run.
* [`symmetry`][initlab.studies.symmetry] -- how alike a layer's units stay while training.
* [`grid`][initlab.studies.grid] -- every scheme with every activation (*Side by side*).
* [`theory`][initlab.studies.theory] -- tanh's mean-field map and the Jacobian of a deep linear net.
* [`glorot_bengio`][initlab.studies.glorot_bengio], [`he2015`][initlab.studies.he2015],
  [`deep_signal`][initlab.studies.deep_signal], [`selu`][initlab.studies.selu] --
  published experiments, reproduced small enough to run on a CPU.
"""

from .comparison import (
    COURSE_SEED,
    TrainingComparison,
    TrainingSetup,
    compare_training,
    course_experiment,
    training_setup,
)
from .deep_signal import DeepSignal, deep_linear_signal
from .depth import DepthSweep, ExplorerGrid, depth_sweep, explorer_grid
from .glorot_bengio import GlorotBengio, glorot_bengio_2010
from .grid import ALL_SCHEMES, SchemeGrid, scheme_grid, steps_to_threshold
from .he2015 import FanModes, HeDepth, fan_modes, he_2015_depth, he_2015_training
from .selu import SeluNormalization, selu_self_normalization
from .symmetry import SymmetryStudy, symmetry_study
from .theory import JacobianSpectrum, TanhMeanField, jacobian_spectrum, tanh_mean_field

__all__ = [
    "ALL_SCHEMES",
    "COURSE_SEED",
    "DeepSignal",
    "DepthSweep",
    "ExplorerGrid",
    "FanModes",
    "GlorotBengio",
    "HeDepth",
    "JacobianSpectrum",
    "SchemeGrid",
    "SeluNormalization",
    "SymmetryStudy",
    "TanhMeanField",
    "TrainingComparison",
    "TrainingSetup",
    "compare_training",
    "course_experiment",
    "deep_linear_signal",
    "depth_sweep",
    "explorer_grid",
    "fan_modes",
    "glorot_bengio_2010",
    "he_2015_depth",
    "he_2015_training",
    "jacobian_spectrum",
    "scheme_grid",
    "selu_self_normalization",
    "steps_to_threshold",
    "symmetry_study",
    "tanh_mean_field",
    "training_setup",
]
