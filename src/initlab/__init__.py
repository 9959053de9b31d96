"""initlab: neural-network weight initialization, derived, tested and shown side by side.

The package's top level is the library: initializers and fans, schemes,
gains, activations and mean-field maps (the core), and the network, its
training, LSUV and the toy data sets (the nets). Studies and figures are
reached through their subpackages, `initlab.studies` and `initlab.plots`;
data flows one way, core -> nets -> studies -> plots.
"""

from .activations import ACTIVATIONS, Activation, get_activation
from .data import (
    DATASETS,
    circles,
    make_dataset,
    moons,
    spirals,
    train_test_split,
    xor,
)
from .gains import gain, second_moment, variance_preserving_gain
from .initializers import (
    TRUNCATED_STD,
    constant,
    fans,
    glorot_normal,
    glorot_uniform,
    he_normal,
    he_uniform,
    kaiming_normal,
    kaiming_uniform,
    lecun_normal,
    lecun_uniform,
    normal,
    orthogonal,
    truncated_normal,
    uniform,
    variance_scaling,
    variance_scaling_std,
    xavier_normal,
    xavier_uniform,
    zeros,
)
from .losses import bce_with_logits, naive_cross_entropy, softmax_cross_entropy
from .lsuv import LSUVResult, lsuv
from .meanfield import gaussian_expectation, mean_field_chi, variance_fixed_point, variance_map
from .nn import MLP, Gradients, Trace, mlp
from .schemes import SCHEMES, Scheme, as_initializer, get_scheme
from .training import (
    DivergenceError,
    History,
    accuracy,
    train,
    train_many,
)

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "DATASETS",
    "DivergenceError",
    "Gradients",
    "History",
    "LSUVResult",
    "MLP",
    "SCHEMES",
    "Scheme",
    "TRUNCATED_STD",
    "Trace",
    "accuracy",
    "as_initializer",
    "bce_with_logits",
    "circles",
    "constant",
    "fans",
    "gain",
    "gaussian_expectation",
    "get_activation",
    "get_scheme",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "kaiming_normal",
    "kaiming_uniform",
    "lecun_normal",
    "lecun_uniform",
    "lsuv",
    "make_dataset",
    "mean_field_chi",
    "mlp",
    "moons",
    "naive_cross_entropy",
    "normal",
    "orthogonal",
    "second_moment",
    "softmax_cross_entropy",
    "spirals",
    "train",
    "train_many",
    "train_test_split",
    "truncated_normal",
    "uniform",
    "variance_fixed_point",
    "variance_map",
    "variance_preserving_gain",
    "variance_scaling",
    "variance_scaling_std",
    "xavier_normal",
    "xavier_uniform",
    "xor",
    "zeros",
]
__version__ = "0.2.0"
