"""Argument checks shared by the library: one message format everywhere.

Every error names the argument, shows the value received and says what is
allowed, so a reader never has to guess what went wrong.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np

ALLOWED_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def check_real(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} of type {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def check_positive(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number > 0."""
    value = check_real(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def check_nonnegative(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number >= 0."""
    value = check_real(name, value)
    if value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return value


def check_int(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r} of type {type(value).__name__}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def check_choice(name: str, value: object, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of the ``allowed`` strings."""
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


def check_shape(shape: object, min_ndim: int = 2) -> tuple[int, ...]:
    """Return ``shape`` as a tuple of positive ints with at least ``min_ndim`` axes."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Iterable):
        raise TypeError(f"shape must be a tuple of positive integers, got {shape!r}")
    shape = tuple(shape)
    for size in shape:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral):
            raise TypeError(
                f"shape must hold integers only, got {shape!r} (the size {size!r} is a {type(size).__name__})"
            )
        if size < 1:
            raise ValueError(f"shape must hold sizes >= 1, got {shape!r}")
    if len(shape) < min_ndim:
        what = "a weight (fan_out, fan_in, *kernel)" if min_ndim >= 2 else "an array"
        raise ValueError(
            f"shape must have at least {min_ndim} dimension{'s' if min_ndim > 1 else ''} for {what}, "
            f"got {shape!r} with {len(shape)}"
        )
    return tuple(int(size) for size in shape)


def check_dtype(dtype: object) -> np.dtype:
    """Return ``dtype`` as a numpy dtype if it is float32 or float64."""
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        resolved = None
    # ``None in ALLOWED_DTYPES`` is True (numpy compares None as float64), so test it apart.
    if resolved is None or resolved not in ALLOWED_DTYPES:
        raise TypeError(f"dtype must be numpy.float32 or numpy.float64, got {dtype!r}")
    return resolved


def check_fits(names: str, magnitude: float, dtype: np.dtype, got: str) -> None:
    """Raise unless values up to ``magnitude`` stay finite in ``dtype``.

    The limit is half of ``dtype``'s largest finite value, which leaves room
    for the rounding of the scale-and-shift that produces the draws.
    """
    limit = float(np.finfo(dtype).max) / 2
    if not magnitude <= limit:
        raise ValueError(f"{names} must keep every draw below {limit:.3g} in {np.dtype(dtype).name}, got {got}")


def as_generator(rng: object) -> np.random.Generator:
    """Turn ``rng`` (a Generator, an int seed, or None) into a Generator.

    ``None`` gives a freshly seeded Generator from the operating system's
    entropy; it never touches numpy's global random state.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral) or rng < 0:
        raise TypeError(f"rng must be a numpy.random.Generator, a non-negative int seed or None, got {rng!r}")
    return np.random.default_rng(int(rng))
