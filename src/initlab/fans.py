r"""Fan-in and fan-out of a weight.

A dense weight has shape ``(fan_out, fan_in)`` (the layout of the math on
these pages and of PyTorch); a convolution kernel ``(out, in, *kernel)``,
whose receptive field multiplies both fans.
"""

from __future__ import annotations

import math

from ._checks import check_shape


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    r"""Return ``(fan_in, fan_out)`` of a weight of the given shape.

    For a shape $(n_\text{out}, n_\text{in}, k_1, \dots, k_d)$ the receptive
    field is $r = \prod_i k_i$ and

    $$\text{fan\_in} = n_\text{in}\, r, \qquad \text{fan\_out} = n_\text{out}\, r.$$

    This is PyTorch's ``torch.nn.init._calculate_fan_in_and_fan_out``.
    Keras and JAX store kernels as ``(*kernel, in, out)``: the same
    ``(512, 256)`` array has fan_in 256 here and in PyTorch, but 512 in
    Keras/JAX. Transpose a Keras/JAX kernel's shape before asking.

    Parameters
    ----------
    shape
        At least two positive integers, ``(fan_out, fan_in, *kernel)``.

    Returns
    -------
    tuple of int
        ``(fan_in, fan_out)``.

    Raises
    ------
    ValueError
        If ``shape`` has fewer than two dimensions or a size below 1.
    TypeError
        If a size is not an integer.

    Examples
    --------
    >>> fans((256, 784))            # dense: 784 inputs -> 256 outputs
    (784, 256)
    >>> fans((128, 64, 3, 3))       # conv: 64 -> 128 channels, 3x3 kernel
    (576, 1152)
    """
    shape = check_shape(shape, min_ndim=2)
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] * receptive_field
