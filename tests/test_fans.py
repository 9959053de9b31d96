"""Fans in the PyTorch layout ``(fan_out, fan_in, *kernel)``, values written out by hand."""

from __future__ import annotations

import re

import numpy as np
import pytest

from initlab import fans


@pytest.mark.parametrize(
    "shape, expected",
    [
        ((256, 784), (784, 256)),  # dense: 784 inputs -> 256 outputs
        ((64, 8), (8, 64)),
        ((1, 1), (1, 1)),
        ((16, 8, 5), (40, 80)),  # conv1d, kernel 5
        ((32, 16, 3, 3), (144, 288)),  # conv2d 3x3
        ((128, 64, 3, 3), (576, 1152)),
        ((8, 4, 3, 3, 3), (108, 216)),  # conv3d 3x3x3
        ((8, 4, 1, 7), (28, 56)),
        ([10, 20], (20, 10)),  # any sequence of ints
        ((np.int64(6), np.int32(5)), (5, 6)),  # numpy ints
    ],
)
def test_fans(shape, expected):
    got = fans(shape)
    assert got == expected
    assert all(type(f) is int for f in got)


def test_pytorch_layout_not_keras():
    """Shapes are (out, in): a (512, 256) array has fan_in 256, as in PyTorch; Keras/JAX would say 512."""
    fan_in, fan_out = fans((512, 256))
    assert (fan_in, fan_out) == (256, 512)
    # a Keras/JAX kernel (in, out) = (512, 256) must be transposed before asking
    assert fans((256, 512))[0] == 512


@pytest.mark.parametrize(
    "shape, exc, parts",
    [
        ((), ValueError, ["shape", "at least 2 dimensions", "()"]),
        ((7,), ValueError, ["shape", "at least 2 dimensions", "(7,)"]),
        (7, ValueError, ["shape", "at least 2 dimensions", "(7,)"]),
        ((0, 3), ValueError, ["shape", ">= 1", "(0, 3)"]),
        ((3, 0, 3), ValueError, ["shape", ">= 1", "(3, 0, 3)"]),
        ((-4, 3), ValueError, ["shape", ">= 1", "(-4, 3)"]),
        ((4, 3.0), TypeError, ["shape", "integers", "3.0", "float"]),
        ((4, np.float64(3)), TypeError, ["shape", "integers", "float64"]),
        ((True, 3), TypeError, ["shape", "integers", "True", "bool"]),
        ((4, None), TypeError, ["shape", "None"]),
        ("44", TypeError, ["shape", "'44'"]),
        (None, TypeError, ["shape", "None"]),
        (4.0, TypeError, ["shape", "4.0"]),
    ],
)
def test_bad_shapes(shape, exc, parts):
    with pytest.raises(exc, match=".*".join(map(re.escape, parts))):
        fans(shape)
