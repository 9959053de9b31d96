r"""He et al. (2015): ReLU depth, fan modes, leaky ReLU and PReLU, and a deep narrow net trained."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import as_generator, check_int, check_positive
from ..activations import leaky_relu
from ..initializers import MODES, he_normal
from ..nn import mlp
from ..schemes import Scheme
from ._specs import forward_layers, seed_from
from .comparison import TrainingComparison, compare_training
from .depth import DepthSweep, depth_sweep

# ----------------------------------------------------------------------------- He et al. 2015


@dataclass(frozen=True)
class HeDepth:
    r"""A deep ReLU net at initialization, Glorot normal vs He normal on the same random numbers.

    Attributes
    ----------
    sweep
        The [`DepthSweep`][initlab.studies.depth.DepthSweep] (schemes ``glorot_normal``
        and ``he_normal``, ReLU, float64).
    ratio
        ``(depth,)``: activation std under Glorot divided by under He, per layer.
    grad_ratio
        ``(depth,)``: the same for the back-propagated gradients.
    expected_ratio
        ``(depth,)``: $2^{-l/2}$ -- each layer loses $\sqrt 2$ of std.
    weight_grad_std
        ``(2, depth + 1)``: std of the weight gradient
        $\partial J/\partial W^{[l]}$ of every layer (the read-out last),
        Glorot then He, for one standard-normal gradient at the logits.
        Computed on a second pair of nets built like the sweep's (same
        widths, ReLU, float64, Glorot on the same random numbers as He).
    weight_grad_ratio
        ``(depth + 1,)``: Glorot's weight-gradient std over He's, per layer.
        The backward factor $2^{-(L+1-l)/2}$ of $\partial J/\partial Z^{[l]}$
        times the forward factor $2^{-(l-1)/2}$ of the layer's input gives
        $2^{-L/2}$ at every layer.
    """

    sweep: DepthSweep
    ratio: np.ndarray
    grad_ratio: np.ndarray
    expected_ratio: np.ndarray
    weight_grad_std: np.ndarray
    weight_grad_ratio: np.ndarray


def he_2015_depth(depth: int = 30, width: int = 256, *, n_samples: int = 100, rng: object = 0) -> HeDepth:
    r"""He et al.'s argument, measured: Xavier shrinks a ReLU signal by $\sqrt 2$ per layer.

    On a square layer Glorot's variance is $1/n$ and He's $2/n$; drawn from
    the same generator, every Glorot weight is exactly He's divided by
    $\sqrt 2$. ReLU is positively homogeneous, so the activations of layer
    $l$ are exactly He's times $2^{-l/2}$ (float64, so to about $10^{-13}$).
    The back-propagated gradient at hidden layer $l$ is He's times
    $2^{-(L+1-l)/2}$ (it passes the read-out and layers $L..l+1$), and every
    layer's weight gradient is He's times $2^{-L/2}$, the same at every layer.

    Paper: He, Zhang, Ren & Sun, *Delving Deep into Rectifiers*, ICCV 2015.

    Examples
    --------
    >>> h = he_2015_depth(depth=10, width=64, n_samples=50)
    >>> bool(np.allclose(h.ratio, h.expected_ratio, rtol=1e-9))
    True
    >>> bool(np.allclose(h.weight_grad_ratio, 2.0**-5, rtol=1e-9))
    True
    """
    schemes = ("glorot_normal", "he_normal")
    sweep = depth_sweep(schemes, "relu", depth=depth, width=width, n_samples=n_samples, rng=rng, dtype=np.float64)
    gen = as_generator(rng)
    X = gen.standard_normal((n_samples, width))
    G = gen.standard_normal((n_samples, width))
    seed = seed_from(gen)
    weight_grad_std = np.empty((2, depth + 1))
    for i, scheme in enumerate(schemes):
        net = mlp([width] * (depth + 2), scheme, "relu", "softmax", rng=np.random.default_rng(seed))
        _, trace = net.forward(X, trace=True)
        weight_grad_std[i] = [dW.std() for dW in net.backward(trace, dlogits=G).dW]
    return HeDepth(
        sweep=sweep,
        ratio=sweep.act_std[0] / sweep.act_std[1],
        grad_ratio=sweep.grad_std[0] / sweep.grad_std[1],
        expected_ratio=2.0 ** (-sweep.layers / 2),
        weight_grad_std=weight_grad_std,
        weight_grad_ratio=weight_grad_std[0] / weight_grad_std[1],
    )


@dataclass(frozen=True)
class FanModes:
    r"""He initialization with ``mode="fan_in"`` and ``"fan_out"`` in a net whose width changes.

    Attributes
    ----------
    widths
        ``(L + 1,)``: input width, hidden widths (the read-out has the last hidden width).
    modes
        ``("fan_in", "fan_out")``.
    act_std, grad_std
        ``(2, H)``: std of each hidden layer's activations and of the
        back-propagated gradient there (standard-normal input; a
        standard-normal gradient sent down from the read-out).
    predicted_grad_ratio
        ``(2,)``: predicted $\operatorname{std}$ of the gradient at hidden
        layer 1 over that at the top hidden layer: $\sqrt{n_H / n_1}$ for
        ``fan_in`` (the ratios of consecutive widths telescope), 1 for ``fan_out``.
    predicted_act_ratio
        ``(2,)``: the same for the activations, top over layer 1: 1 for
        ``fan_in``, $\sqrt{n_1 / n_H}$ for ``fan_out``.
    """

    widths: np.ndarray
    modes: tuple[str, ...]
    act_std: np.ndarray
    grad_std: np.ndarray
    predicted_grad_ratio: np.ndarray
    predicted_act_ratio: np.ndarray


def fan_modes(
    widths: Sequence[int] = (1024, 1024, 512, 256, 128, 64, 32), *, n_samples: int = 200, rng: object = 0
) -> FanModes:
    r"""He normal with each fan mode, in a ReLU net whose layers narrow (or widen).

    ``fan_in`` keeps the forward signal's variance; the backward signal is
    then multiplied by $n_l / n_{l-1}$ at layer $l$, and these ratios
    telescope: from the top hidden layer down to the first, the gradient's
    variance changes by $n_H / n_1$ in all, never exponentially in depth.
    ``fan_out`` is the mirror image. He et al. (2015), section 2.2.

    Examples
    --------
    >>> f = fan_modes((64, 64, 32, 16), n_samples=100)
    >>> f.act_std.shape
    (2, 3)
    """
    widths = tuple(check_int("widths", w) for w in widths)
    if len(widths) < 3:
        raise ValueError(f"widths must list an input and at least 2 hidden widths, got {widths!r}")
    n_samples = check_int("n_samples", n_samples)
    gen = as_generator(rng)
    X = gen.standard_normal((n_samples, widths[0]))
    G = gen.standard_normal((n_samples, widths[-1]))
    seed = seed_from(gen)
    H = len(widths) - 1
    act_std, grad_std = np.empty((2, H)), np.empty((2, H))
    for i, mode in enumerate(MODES[:2]):
        scheme = Scheme(f"he_normal_{mode}", f"He normal, {mode}", "normal", scale=2.0, mode=mode)
        net = mlp([*widths, widths[-1]], scheme, "relu", "softmax", rng=np.random.default_rng(seed))
        _, trace = net.forward(X, trace=True)
        grads = net.backward(trace, dlogits=G, params=False)
        act_std[i] = [a.std() for a in trace.a[1:-1]]
        grad_std[i] = [g.std() for g in grads.da]
    n1, nH = widths[1], widths[-1]
    return FanModes(
        widths=np.array(widths),
        modes=tuple(MODES[:2]),
        act_std=act_std,
        grad_std=grad_std,
        predicted_grad_ratio=np.array([math.sqrt(nH / n1), 1.0]),
        predicted_act_ratio=np.array([1.0, math.sqrt(n1 / nH)]),
    )


@dataclass(frozen=True)
class LeakyDepth:
    r"""Deep leaky-ReLU (or PReLU at initialization) nets from He normal, with and without the slope in the gain.

    Attributes
    ----------
    slopes
        ``(A,)``: negative slopes $a$ of the activation $\max(z, a z)$.
    labels
        ``("ReLU gain", "slope in the gain")``: the two inits,
        ``he_normal(negative_slope=0)`` (variance $2/n$) and
        ``he_normal(negative_slope=a)`` (variance $2/((1+a^2)\,n)$).
    depth, width, n_samples
        ``depth`` hidden layers of ``width`` units, ``n_samples`` standard-normal inputs.
    layers
        ``(depth,)``: $1..\text{depth}$.
    z_var
        ``(A, 2, depth)``: variance of the pre-activations $Z^{[l]}$ of every hidden layer.
    predicted_factor
        ``(A, 2)``: the variance factor per layer that the derivation predicts,
        $\tfrac12(1+a^2)\, n \operatorname{Var}(w)$: $1 + a^2$ with the ReLU
        gain, 1 with the slope in the gain.
    """

    slopes: np.ndarray
    labels: tuple[str, ...]
    depth: int
    width: int
    n_samples: int
    layers: np.ndarray
    z_var: np.ndarray
    predicted_factor: np.ndarray


def leaky_depth(
    slopes: Sequence[float] = (0.25, 1.0), depth: int = 30, width: int = 256, *, n_samples: int = 500, rng: object = 0
) -> LeakyDepth:
    r"""He et al.'s condition for PReLU, measured: $\tfrac12(1 + a^2)\, n \operatorname{Var}(w) = 1$.

    For each slope $a$, two nets of ``depth`` leaky-ReLU layers with that
    slope (a PReLU at its initial value behaves the same), one from
    [`he_normal`][initlab.initializers.fan_scaling.he_normal] with the ReLU gain and one with
    ``negative_slope=a``, both from identically seeded generators, fed
    the same standard-normal inputs (float64). He et al. (2015) start
    PReLU at $a = 0.25$ and give the condition as their eq. 15; $a = 0$ is
    ReLU and $a = 1$ the linear case, $\operatorname{Var}(w) = 1/n$ (LeCun).

    Examples
    --------
    >>> d = leaky_depth((0.25,), depth=5, width=64, n_samples=200)
    >>> d.z_var.shape, d.predicted_factor.tolist()
    ((1, 2, 5), [[1.0625, 1.0]])
    """
    slopes = np.array([float(a) for a in slopes], dtype=np.float64)
    if slopes.size == 0 or np.any(~np.isfinite(slopes)) or np.any(slopes < 0):
        raise ValueError(f"slopes must be a non-empty sequence of numbers >= 0, got {slopes.tolist()!r}")
    depth, width = check_int("depth", depth), check_int("width", width)
    n_samples = check_int("n_samples", n_samples)
    gen = as_generator(rng)
    X = gen.standard_normal((n_samples, width))
    seed = seed_from(gen)
    z_var = np.empty((slopes.size, 2, depth))
    for i, a in enumerate(slopes):
        for j, slope in enumerate((0.0, a)):
            init = functools.partial(he_normal, negative_slope=slope)
            net = mlp([width] * (depth + 1) + [1], init, leaky_relu(a), "sigmoid", rng=np.random.default_rng(seed))
            hidden = forward_layers(net.weights[:-1], net.biases[:-1], net.activation.f, X)
            z_var[i, j] = [z.var() for z, _ in hidden]
    return LeakyDepth(
        slopes=slopes,
        labels=("ReLU gain", "slope in the gain"),
        depth=depth,
        width=width,
        n_samples=n_samples,
        layers=np.arange(1, depth + 1),
        z_var=z_var,
        predicted_factor=np.stack([1 + slopes**2, np.ones_like(slopes)], axis=1),
    )


def he_2015_training(
    depth: int = 30, width: int = 32, *, steps: int = 100, lr: float = 0.05, rng: object = 0
) -> TrainingComparison:
    r"""A deep, narrow ReLU net trained from Glorot normal and from He normal: an illustration.

    ``depth`` hidden ReLU layers of ``width`` units on the two moons (200
    training and 100 test points, noise 0.05), full-batch gradient descent,
    ``steps`` steps at learning rate ``lr``, fixed seed. He et al.'s 30-layer
    net stalls with Xavier and converges with He (their Fig. 3); this is the same
    effect on a net small enough to train in a second, not their ImageNet
    experiment. With the defaults, the Glorot run's top hidden layer
    starts about $10^{-5}$ times smaller than He's ($\sqrt{1/17}$ from the
    2-to-32 first layer, times $2^{-1/2}$ for each of the 29 square layers
    above it) and its cost stays at $\ln 2$; with other seeds the He run
    ends at a different cost.
    """
    depth, width = check_int("depth", depth), check_int("width", width)
    check_positive("lr", lr)
    return compare_training(
        ("glorot_normal", "he_normal"),
        dataset="moons",
        n_train=200,
        n_test=100,
        noise=0.05,
        hidden=(width,) * depth,
        activation="relu",
        lr=lr,
        steps=steps,
        record_every=steps,
        grid_size=60,
        rng=rng,
    )
