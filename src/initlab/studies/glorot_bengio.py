r"""Glorot & Bengio (2010), reproduced at initialization.

Paper: Xavier Glorot and Yoshua Bengio, *Understanding the difficulty of
training deep feedforward neural networks*, AISTATS 2010. What they
published and what this module computes are kept apart: the constants below
quote the paper (with the section or table they come from); every array of
[`GlorotBengio`][initlab.studies.glorot_bengio.GlorotBengio] is our own
computation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import as_generator, check_int
from ..meanfield import variance_map
from ..nn import mlp
from ..schemes import get_scheme
from ._specs import seed_from
from .depth import DepthSweep, depth_sweep

# ----------------------------------------------------------------------------- Glorot & Bengio 2010

DEPTH = 5
"""Hidden layers of their net."""

WIDTH = 1000
"""Units per hidden layer of their net."""

SCHEMES: tuple[str, str] = ("standard_uniform", "glorot_uniform")
r"""Their *standard* initialization $\mathcal U(\pm 1/\sqrt{n_\text{in}})$ and their *normalized* one:
Glorot uniform."""

GLOROT_BENGIO_SINGULAR_VALUE: dict[str, float] = {"standard_uniform": 0.5, "glorot_uniform": 0.8}
"""Published: the average singular value of a layer's Jacobian at initialization, about 0.5 (standard) and
0.8 (normalized), section 4.2.2 of the paper."""

GLOROT_BENGIO_TEST_ERROR: dict[str, float] = {"standard_uniform": 0.2715, "glorot_uniform": 0.1560}
"""Published: Table 1 of the paper, Shapeset-3x2 column, rows "Tanh" and "Tanh N": test error of the
5-layer tanh net after training (quoted, not reproduced here)."""


@dataclass(frozen=True)
class GlorotBengio:
    r"""Glorot & Bengio (2010)'s tanh net at initialization, standard vs normalized: our computation.

    Attributes
    ----------
    sweep
        The [`DepthSweep`][initlab.studies.depth.DepthSweep] of the net: 5 tanh layers
        of 1000 units, standard-normal inputs, schemes `standard_uniform`
        and `glorot_uniform` (in that order), per-layer activations and
        back-propagated gradients $\partial \mathcal L/\partial a^{[l]}$.
    mean_field_act_std
        `(2, 5)`: the infinite-width prediction of each layer's activation
        std for $\mathcal N(0, 1)$ inputs: $q_1 = n\operatorname{Var}(w)$,
        $m_l = \mathbb E[\tanh(z)^2]$ with $z \sim \mathcal N(0, q_l)$,
        $q_{l+1} = n\operatorname{Var}(w)\, m_l$; the std is $\sqrt{m_l}$.
        Not a published value: the paper shows histograms (its Figs 6 and 7),
        fed with its Shapeset images.
    weight_grad_std
        `(2, 5)`: std of the per-example weight gradient
        $\partial J/\partial W^{[l]} = \delta^{[l]} a^{[l-1]\top}$ of hidden
        layer $l$, with $\delta^{[l]} = \partial J/\partial z^{[l]}$, in the
        same nets, for the same inputs and top gradient as `sweep` (its
        `wgrad_std`): the quantity of the paper's Fig 8, as one number per layer.
    jacobian_width
        Width of the net whose Jacobians were decomposed.
    mean_singular_value
        `(2, 5)`: mean singular value of $\partial a^{[l]}/\partial a^{[l-1]} =
        \operatorname{diag}(\tanh'(z^{[l]}))\, W^{[l]}$ at one standard-normal input.
    weight_mean_singular_value
        `(2,)`: mean singular value of $W^{[1]}$ alone (no $\tanh'$ factor).
    paper_singular_value
        `(2,)`: the published averages, 0.5 and 0.8
        ([`GLOROT_BENGIO_SINGULAR_VALUE`][initlab.studies.glorot_bengio.GLOROT_BENGIO_SINGULAR_VALUE]).
    """

    sweep: DepthSweep
    mean_field_act_std: np.ndarray
    weight_grad_std: np.ndarray
    jacobian_width: int
    mean_singular_value: np.ndarray
    weight_mean_singular_value: np.ndarray
    paper_singular_value: np.ndarray


def _mean_field_act_std(scheme: str) -> list[float]:
    """Infinite-width std of tanh layers 1..DEPTH for N(0, 1) inputs (zero-mean, independent weights)."""
    weight_var = WIDTH * get_scheme(scheme).std((WIDTH, WIDTH)) ** 2  # n Var(w): 1/3 standard, 1 normalized
    q, stds = weight_var, []  # q_1 = n Var(w) E[x^2], E[x^2] = 1
    for _ in range(DEPTH):
        second = variance_map("tanh", q)  # E[tanh(z)^2], z ~ N(0, q)
        stds.append(math.sqrt(second))
        q = weight_var * second
    return stds


def glorot_bengio_2010(*, n_samples: int = 100, jacobian_width: int = 250, rng: object = 0) -> GlorotBengio:
    r"""Glorot & Bengio's 5-layer, 1000-unit tanh net, standard vs normalized initialization.

    *Standard*: $W \sim \mathcal U(\pm 1/\sqrt{n_\text{in}})$, so
    $n_\text{in}\operatorname{Var}(w) = 1/3$; *normalized*:
    $\mathcal U(\pm\sqrt{6/(n_\text{in} + n_\text{out})})$ (Glorot uniform),
    $n_\text{in}\operatorname{Var}(w) = 1$ on these square layers.
    Inputs are `n_samples` standard-normal vectors (unit variance per
    coordinate), not the paper's Shapeset images, and a standard-normal
    gradient is sent down from the read-out (see
    [`depth_sweep`][initlab.studies.depth.depth_sweep]). Every array of the
    result is our computation; the infinite-width prediction of the
    activation std comes with it.

    The Jacobians are taken in a separate net of `jacobian_width` units
    (same schemes, same kind of input): one SVD per layer and scheme. The
    mean singular value depends on $n\operatorname{Var}(w)$, not on $n$,
    so a narrower net gives the same answer faster.

    Examples
    --------
    >>> g = glorot_bengio_2010(n_samples=50, jacobian_width=100)
    >>> g.sweep.act_std.shape, g.weight_grad_std.shape, g.mean_singular_value.shape
    ((2, 5), (2, 5), (2, 5))
    """
    n_samples = check_int("n_samples", n_samples)
    jacobian_width = check_int("jacobian_width", jacobian_width, minimum=2)
    gen = as_generator(rng)
    sweep = depth_sweep(SCHEMES, "tanh", depth=DEPTH, width=WIDTH, n_samples=n_samples, rng=gen)
    x = gen.standard_normal(jacobian_width)
    seed = seed_from(gen)
    sv = np.empty((len(SCHEMES), DEPTH))
    weight_sv = np.empty(len(SCHEMES))
    for i, name in enumerate(SCHEMES):
        net = mlp([jacobian_width] * (DEPTH + 1) + [2], name, "tanh", "softmax", rng=np.random.default_rng(seed))
        _, trace = net.forward(x[None, :], trace=True)
        for l, W in enumerate(net.weights[:DEPTH]):
            J = net.activation.df(trace.z[l][0])[:, None] * W  # d a[l] / d a[l-1] = diag(tanh'(z)) W
            sv[i, l] = np.linalg.svd(J, compute_uv=False).mean()
        weight_sv[i] = np.linalg.svd(net.weights[0], compute_uv=False).mean()
    return GlorotBengio(
        sweep=sweep,
        mean_field_act_std=np.array([_mean_field_act_std(s) for s in SCHEMES]),
        weight_grad_std=sweep.wgrad_std.copy(),
        jacobian_width=jacobian_width,
        mean_singular_value=sv,
        weight_mean_singular_value=weight_sv,
        paper_singular_value=np.array([GLOROT_BENGIO_SINGULAR_VALUE[s] for s in SCHEMES]),
    )
