r"""Weight initializers.

Every initializer has the signature `name(shape, <parameters>, *, rng=None,
dtype=numpy.float64) -> numpy.ndarray`. `rng` is a
`numpy.random.Generator`, an int seed, or `None` (a fresh generator seeded
from the operating system); numpy's global random state is never touched.
`dtype` is float32 or float64 and is drawn directly (a float32 weight never
passes through a float64 temporary of its size), except for
[`orthogonal`][initlab.initializers.laws.orthogonal], whose QR runs in
float64.

The fixed laws (zeros, constant, uniform, normal, truncated normal,
orthogonal) live in `initlab.initializers.laws`. The fan-based
schemes -- Glorot/Xavier, He/Kaiming, LeCun -- live in
`initlab.initializers.fan_scaling`: they are all
[`variance_scaling`][initlab.initializers.fan_scaling.variance_scaling] with a
different `scale` and `mode`, so the formula lives there once and the named
functions only fix its arguments. Every name of both modules is importable
from here: `from initlab.initializers import he_normal`.
"""

from . import fan_scaling, laws
from .fan_scaling import *  # noqa: F403  (the names in fan_scaling.__all__)
from .laws import *  # noqa: F403  (the names in laws.__all__)

__all__ = sorted([*fan_scaling.__all__, *laws.__all__])
