"""initlab: neural-network weight initialization, derived, tested and shown side by side."""

from .activations import ACTIVATIONS, Activation, get_activation
from .fans import fans
from .gain import gain, second_moment, variance_preserving_gain
from .initializers import (
    SCHEMES,
    TRUNCATED_STD,
    Scheme,
    as_initializer,
    constant,
    get_scheme,
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

__all__ = sorted(
    [
        "ACTIVATIONS",
        "Activation",
        "SCHEMES",
        "Scheme",
        "TRUNCATED_STD",
        "as_initializer",
        "constant",
        "fans",
        "gain",
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
        "normal",
        "orthogonal",
        "second_moment",
        "truncated_normal",
        "uniform",
        "variance_preserving_gain",
        "variance_scaling",
        "variance_scaling_std",
        "xavier_normal",
        "xavier_uniform",
        "zeros",
    ]
)
__version__ = "0.1.0"
