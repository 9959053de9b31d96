r"""Glorot & Bengio (2010), reproduced at initialization."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import as_generator, check_int
from ..nn import mlp
from ._specs import seed_from
from .depth import DepthSweep, depth_sweep

# ----------------------------------------------------------------------------- Glorot & Bengio 2010

GLOROT_BENGIO_STD: dict[str, tuple[float, ...]] = {
    "standard_uniform": (0.46, 0.25, 0.14, 0.08, 0.05),
    "glorot_uniform": (0.63, 0.49, 0.41, 0.36, 0.32),
}
"""Published std of the activations of layers 1..5 of Glorot & Bengio's 5 x 1000 tanh net at initialization."""

GLOROT_BENGIO_SINGULAR_VALUE: dict[str, float] = {"standard_uniform": 0.5, "glorot_uniform": 0.8}
"""Their average singular value of a layer's Jacobian (section 4.2.1)."""

GLOROT_BENGIO_TEST_ERROR: dict[str, float] = {"standard_uniform": 0.2715, "glorot_uniform": 0.1560}
"""Their Table 1: test error of the tanh net on Shapeset-3x2 (quoted, not reproduced here)."""


@dataclass(frozen=True)
class GlorotBengio:
    r"""Glorot & Bengio (2010)'s tanh net at initialization, standard vs normalized.

    Attributes
    ----------
    sweep
        The [`DepthSweep`][initlab.studies.depth.DepthSweep] of the net: 5 tanh layers
        of 1000 units, standard-normal inputs, schemes ``standard_uniform``
        and ``glorot_uniform`` (in that order), per-layer activations and
        back-propagated gradients.
    paper_act_std
        ``(2, 5)``: the published activation std per layer
        ([`GLOROT_BENGIO_STD`][initlab.studies.glorot_bengio.GLOROT_BENGIO_STD]).
    jacobian_width
        Width of the net whose Jacobians were decomposed.
    mean_singular_value
        ``(2, 5)``: mean singular value of $\partial a^{[l]}/\partial a^{[l-1]} =
        \operatorname{diag}(\tanh'(z^{[l]}))\, W^{[l]}$ at one standard-normal input.
    weight_mean_singular_value
        ``(2,)``: mean singular value of $W^{[1]}$ alone (no $\tanh'$ factor).
    paper_singular_value
        ``(2,)``: the published averages (0.5 and 0.8).
    """

    sweep: DepthSweep
    paper_act_std: np.ndarray
    jacobian_width: int
    mean_singular_value: np.ndarray
    weight_mean_singular_value: np.ndarray
    paper_singular_value: np.ndarray


def glorot_bengio_2010(*, n_samples: int = 100, jacobian_width: int = 250, rng: object = 0) -> GlorotBengio:
    r"""Glorot & Bengio's 5-layer, 1000-unit tanh net, standard vs normalized initialization.

    *Standard*: $W \sim \mathcal U(\pm 1/\sqrt{n_\text{in}})$, so
    $n_\text{in}\operatorname{Var}(w) = 1/3$; *normalized*:
    $\mathcal U(\pm\sqrt{6/(n_\text{in} + n_\text{out})})$ (Glorot uniform).
    Inputs are ``n_samples`` standard-normal vectors (unit variance per
    coordinate): with them the per-layer std matches the published
    0.46 ... 0.05 and 0.63 ... 0.32 to $\pm 0.01$.

    The Jacobians are taken in a separate net of ``jacobian_width`` units
    (same schemes, same kind of input): one SVD per layer and scheme. The
    mean singular value depends on $n\operatorname{Var}(w)$, not on $n$,
    so a narrower net gives the same answer faster.

    Paper: Glorot & Bengio, *Understanding the difficulty of training deep
    feedforward neural networks*, AISTATS 2010.

    Examples
    --------
    >>> g = glorot_bengio_2010(n_samples=50, jacobian_width=100)
    >>> g.sweep.act_std.shape, g.mean_singular_value.shape
    ((2, 5), (2, 5))
    """
    n_samples = check_int("n_samples", n_samples)
    jacobian_width = check_int("jacobian_width", jacobian_width, minimum=2)
    gen = as_generator(rng)
    schemes = ("standard_uniform", "glorot_uniform")
    depth = len(GLOROT_BENGIO_STD[schemes[0]])
    sweep = depth_sweep(schemes, "tanh", depth=depth, width=1000, n_samples=n_samples, rng=gen)
    x = gen.standard_normal(jacobian_width)
    seed = seed_from(gen)
    sv = np.empty((len(schemes), depth))
    weight_sv = np.empty(len(schemes))
    for i, name in enumerate(schemes):
        net = mlp([jacobian_width] * (depth + 1) + [2], name, "tanh", "softmax", rng=np.random.default_rng(seed))
        _, trace = net.forward(x[None, :], trace=True)
        for l, W in enumerate(net.weights[:depth]):
            J = net.activation.df(trace.z[l][0])[:, None] * W  # d a[l] / d a[l-1] = diag(tanh'(z)) W
            sv[i, l] = np.linalg.svd(J, compute_uv=False).mean()
        weight_sv[i] = np.linalg.svd(net.weights[0], compute_uv=False).mean()
    return GlorotBengio(
        sweep=sweep,
        paper_act_std=np.array([GLOROT_BENGIO_STD[s] for s in schemes]),
        jacobian_width=jacobian_width,
        mean_singular_value=sv,
        weight_mean_singular_value=weight_sv,
        paper_singular_value=np.array([GLOROT_BENGIO_SINGULAR_VALUE[s] for s in schemes]),
    )
