"""Studies: each function runs one experiment and returns a frozen dataclass of arrays; none prints or plots.

None keeps state between calls: a study computes everything it needs from its
arguments, every time (no module-level cache), so results never depend on
what ran before.

One module per topic:

* `depth` -- per-layer statistics of a deep net at initialization
  ([`depth_sweep`][initlab.studies.depth.depth_sweep]) and the interactive
  explorer's grid ([`explorer_grid`][initlab.studies.depth.explorer_grid]).
* `comparison` -- one net and data set trained from several schemes
  ([`compare_training`][initlab.studies.comparison.compare_training]; the
  data and seeds they share are one
  [`TrainingSetup`][initlab.studies.comparison.TrainingSetup]), and the
  deeplearning.ai course run
  ([`course_experiment`][initlab.studies.comparison.course_experiment]).
* `symmetry` -- how alike a layer's units stay while training
  ([`symmetry_study`][initlab.studies.symmetry.symmetry_study]).
* `grid` -- every scheme with every activation, for *Side by side*
  ([`scheme_grid`][initlab.studies.grid.scheme_grid]).
* `theory` -- tanh's mean-field map
  ([`tanh_mean_field`][initlab.studies.theory.tanh_mean_field]), the
  variance map iterated layer by layer
  ([`variance_map_cobweb`][initlab.studies.theory.variance_map_cobweb]) and the
  Jacobian of a deep linear net
  ([`jacobian_spectrum`][initlab.studies.theory.jacobian_spectrum]).
* `glorot_bengio`, `he2015`, `deep_signal`, `selu` -- experiments from the
  literature rerun at a size a CPU handles: Glorot & Bengio 2010
  ([`glorot_bengio_2010`][initlab.studies.glorot_bengio.glorot_bengio_2010]),
  He et al. 2015 ([`he_2015_depth`][initlab.studies.he2015.he_2015_depth]),
  the 100-layer signal of the fast.ai course notebook
  ([`deep_linear_signal`][initlab.studies.deep_signal.deep_linear_signal])
  and Klambauer et al. 2017
  ([`selu_self_normalization`][initlab.studies.selu.selu_self_normalization]).
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
from .grid import ALL_SCHEMES, SchemeGrid, SchemeTrials, scheme_grid, scheme_trials, steps_to_stay, steps_to_threshold
from .he2015 import FanModes, HeDepth, LeakyDepth, fan_modes, he_2015_depth, he_2015_training, leaky_depth
from .selu import SeluNormalization, selu_self_normalization
from .symmetry import SymmetryStudy, symmetry_study
from .theory import (
    JacobianSpectrum,
    TanhMeanField,
    VarianceCobweb,
    jacobian_spectrum,
    tanh_mean_field,
    variance_map_cobweb,
)

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
    "LeakyDepth",
    "SchemeGrid",
    "SchemeTrials",
    "SeluNormalization",
    "SymmetryStudy",
    "TanhMeanField",
    "TrainingComparison",
    "TrainingSetup",
    "VarianceCobweb",
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
    "leaky_depth",
    "scheme_grid",
    "scheme_trials",
    "selu_self_normalization",
    "steps_to_stay",
    "steps_to_threshold",
    "symmetry_study",
    "tanh_mean_field",
    "training_setup",
    "variance_map_cobweb",
]
