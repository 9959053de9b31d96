r"""Published experiments on initialization, reproduced small enough to run on a CPU.

Each function returns a frozen dataclass of arrays (or the dataclass of the
experiment it wraps) and prints nothing; the published numbers it is set
beside are module constants, so a page and a test read the same values.

* :func:`glorot_bengio_2010` -- 5 tanh layers of 1000 units: per-layer
  activation and gradient statistics and the singular values of each
  layer's Jacobian, standard $\mathcal U(\pm 1/\sqrt n)$ vs normalized
  (Glorot) initialization.
* :func:`deep_linear_signal` -- 100 stacked $512 \times 512$ layers in
  float32 (the fast.ai "journey to Kaiming"): $\mathcal N(0, 1)$ overflows,
  $\times 0.01$ vanishes, $1/\sqrt n$ holds; tanh with Xavier decays like
  $1/\sqrt{2L}$.
* :func:`he_2015_depth` -- a 30-layer ReLU net: Xavier's signal is
  $2^{-l/2}$ of He's at layer $l$, on the same random numbers.
* :func:`fan_modes` -- He with ``mode="fan_in"`` vs ``"fan_out"`` in a net
  whose width changes.
* :func:`he_2015_training` -- a deep, narrow ReLU net trained from Xavier
  and from He.
* :func:`selu_self_normalization` -- a SELU net with LeCun normal weights
  pulls mean and variance to $(0, 1)$.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import as_generator, check_int, check_positive
from .activations import get_activation
from .experiments import DepthSweep, TrainingComparison, compare_training, depth_sweep
from .gain import gaussian_expectation, variance_map
from .initializers import MODES, Scheme, normal, variance_scaling_std
from .nn import mlp

__all__ = [
    "DeepSignal",
    "FanModes",
    "GLOROT_BENGIO_SINGULAR_VALUE",
    "GLOROT_BENGIO_STD",
    "GLOROT_BENGIO_TEST_ERROR",
    "GlorotBengio",
    "HeDepth",
    "SeluNormalization",
    "deep_linear_signal",
    "fan_modes",
    "glorot_bengio_2010",
    "he_2015_depth",
    "he_2015_training",
    "selu_self_normalization",
]

# ----------------------------------------------------------------------------- Glorot & Bengio 2010

#: Published std of the activations of layers 1..5 of Glorot & Bengio's
#: 5 x 1000 tanh net at initialization, standard vs normalized init.
GLOROT_BENGIO_STD: dict[str, tuple[float, ...]] = {
    "standard_uniform": (0.46, 0.25, 0.14, 0.08, 0.05),
    "glorot_uniform": (0.63, 0.49, 0.41, 0.36, 0.32),
}
#: Their average singular value of a layer's Jacobian (section 4.2.1).
GLOROT_BENGIO_SINGULAR_VALUE: dict[str, float] = {"standard_uniform": 0.5, "glorot_uniform": 0.8}
#: Their Table 1: test error of the tanh net on Shapeset-3x2 (quoted, not reproduced here).
GLOROT_BENGIO_TEST_ERROR: dict[str, float] = {"standard_uniform": 0.2715, "glorot_uniform": 0.1560}


@dataclass(frozen=True)
class GlorotBengio:
    r"""Glorot & Bengio (2010)'s tanh net at initialization, standard vs normalized.

    Attributes
    ----------
    sweep
        The :class:`~initlab.experiments.DepthSweep` of the net: 5 tanh layers
        of 1000 units, standard-normal inputs, schemes ``standard_uniform``
        and ``glorot_uniform`` (in that order), per-layer activations and
        back-propagated gradients.
    paper_act_std
        ``(2, 5)``: the published activation std per layer (:data:`GLOROT_BENGIO_STD`).
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
    seed = int(gen.integers(2**63))
    sv = np.empty((len(schemes), depth))
    weight_sv = np.empty(len(schemes))
    for i, name in enumerate(schemes):
        net = mlp([jacobian_width] * (depth + 1) + [2], name, "tanh", "softmax", rng=np.random.default_rng(seed))
        a = x
        for l, W in enumerate(net.weights[:depth]):
            z = W @ a
            J = net.activation.df(z)[:, None] * W
            sv[i, l] = np.linalg.svd(J, compute_uv=False).mean()
            a = net.activation.f(z)
        weight_sv[i] = np.linalg.svd(net.weights[0], compute_uv=False).mean()
    return GlorotBengio(
        sweep=sweep,
        paper_act_std=np.array([GLOROT_BENGIO_STD[s] for s in schemes]),
        jacobian_width=jacobian_width,
        mean_singular_value=sv,
        weight_mean_singular_value=weight_sv,
        paper_singular_value=np.array([GLOROT_BENGIO_SINGULAR_VALUE[s] for s in schemes]),
    )


# ----------------------------------------------------------------------------- 100 layers of 512 x 512


@dataclass(frozen=True)
class DeepSignal:
    r"""A signal pushed through many square layers in float32, one row per setting.

    Attributes
    ----------
    schemes, labels, activations
        ``(S,)``: the scheme whose line style a row is drawn in (the
        $\mathcal N(0, 1)$ row borrows ``large_normal``'s), a human label,
        and the activation after every layer (``"linear"`` or ``"tanh"``).
    weight_std
        ``(S,)``: the std of every weight in that row.
    width, batch
        Layers are ``width x width``; the input is ``batch`` standard-normal vectors.
    layers
        ``(depth,)``: $1..\text{depth}$.
    act_std
        ``(S, depth)``: std of the signal after each layer (accumulated in
        float64); NaN once it has overflowed.
    first_nonfinite
        ``(S,)`` int: first layer with an inf or NaN value, 0 if none.
    first_zero
        ``(S,)`` int: first layer whose values are all exactly 0, 0 if none.
    tanh_mean_field_std
        ``(depth,)``: the infinite-width prediction for the tanh row,
        $q_{l} = \mathbb E[\tanh(z)^2]$, $z \sim \mathcal N(0, q_{l-1})$, $q_0 = 1$; its square root.
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    activations: tuple[str, ...]
    weight_std: np.ndarray
    width: int
    batch: int
    layers: np.ndarray
    act_std: np.ndarray
    first_nonfinite: np.ndarray
    first_zero: np.ndarray
    tanh_mean_field_std: np.ndarray


def deep_linear_signal(depth: int = 100, width: int = 512, *, batch: int = 8, rng: object = 0) -> DeepSignal:
    r"""100 stacked $512 \times 512$ layers in float32: the fast.ai "journey to Kaiming".

    ``batch`` standard-normal input vectors (that experiment used one) go
    through four stacks that share their float32 random numbers: linear layers (no
    activation) with $\mathcal N(0, 1)$, $\mathcal N(0, 0.01^2)$ and
    $\mathcal N(0, 1/n)$ weights, and tanh layers with Glorot normal
    weights (on a square layer also $\mathcal N(0, 1/n)$). Each layer's
    weight is drawn once with :func:`initlab.normal` at std 1 and multiplied
    by each row's std, which gives the same float32 bits as drawing it with
    that std from the same generator.

    Examples
    --------
    >>> d = deep_linear_signal(depth=40, width=128)
    >>> d.labels[0], int(d.first_nonfinite[0]) > 0
    ('N(0, 1)', True)
    """
    depth = check_int("depth", depth)
    width = check_int("width", width, minimum=2)
    batch = check_int("batch", batch)
    gen = as_generator(rng)
    shape = (width, width)
    schemes = ("large_normal", "small_normal", "lecun_normal", "glorot_normal")  # for the line styles
    labels = ("N(0, 1)", "N(0, 0.01²)", "N(0, 1/n)", "Glorot normal, tanh")
    acts = ("linear", "linear", "linear", "tanh")
    stds = (1.0, 0.01, variance_scaling_std(shape, 1.0, "fan_in"), variance_scaling_std(shape, 1.0, "fan_avg"))
    x = gen.standard_normal((batch, width), dtype=np.float32)
    signals = [x.copy() for _ in schemes]
    S = len(schemes)
    act_std = np.empty((S, depth))
    first_bad, first_zero = np.zeros(S, dtype=np.int64), np.zeros(S, dtype=np.int64)
    with np.errstate(all="ignore"):
        for l in range(depth):
            W = normal(shape, std=1.0, rng=gen, dtype=np.float32)
            scaled = {s: (W if s == 1.0 else W * s) for s in set(stds)}
            for i, (s, act) in enumerate(zip(stds, acts)):
                if first_bad[i] or first_zero[i]:  # nothing left to learn from this row
                    act_std[i, l] = np.nan if first_bad[i] else 0.0
                    continue
                # one matrix-vector product per input: far cheaper than a small
                # matrix-matrix product when BLAS threads compete for the CPU
                h = np.stack([scaled[s] @ v for v in signals[i]])
                signals[i] = np.tanh(h) if act == "tanh" else h
                finite = bool(np.isfinite(signals[i]).all())
                act_std[i, l] = float(signals[i].astype(np.float64).std()) if finite else np.nan
                if not finite:
                    first_bad[i] = l + 1
                elif not signals[i].any():
                    first_zero[i] = l + 1
    q, mf = 1.0, np.empty(depth)
    for l in range(depth):
        q = variance_map("tanh", q)
        mf[l] = math.sqrt(q)
    return DeepSignal(schemes=schemes, labels=labels, activations=acts, weight_std=np.array(stds), width=width,
                      batch=batch, layers=np.arange(1, depth + 1), act_std=act_std, first_nonfinite=first_bad,
                      first_zero=first_zero, tanh_mean_field_std=mf)  # fmt: skip


# ----------------------------------------------------------------------------- He et al. 2015


@dataclass(frozen=True)
class HeDepth:
    r"""A deep ReLU net at initialization, Glorot normal vs He normal on the same random numbers.

    Attributes
    ----------
    sweep
        The :class:`~initlab.experiments.DepthSweep` (schemes ``glorot_normal``
        and ``he_normal``, ReLU, float64).
    ratio
        ``(depth,)``: activation std under Glorot divided by under He, per layer.
    grad_ratio
        ``(depth,)``: the same for the back-propagated gradients.
    expected_ratio
        ``(depth,)``: $2^{-l/2}$ -- each layer loses $\sqrt 2$.
    """

    sweep: DepthSweep
    ratio: np.ndarray
    grad_ratio: np.ndarray
    expected_ratio: np.ndarray


def he_2015_depth(depth: int = 30, width: int = 256, *, n_samples: int = 100, rng: object = 0) -> HeDepth:
    r"""He et al.'s argument, measured: Xavier shrinks a ReLU signal by $\sqrt 2$ per layer.

    On a square layer Glorot's variance is $1/n$ and He's $2/n$; drawn from
    the same generator, every Glorot weight is exactly He's divided by
    $\sqrt 2$. ReLU is positively homogeneous, so the activations of layer
    $l$ are exactly He's times $2^{-l/2}$ (float64, so to about $10^{-13}$).

    Paper: He, Zhang, Ren & Sun, *Delving Deep into Rectifiers*, ICCV 2015.

    Examples
    --------
    >>> h = he_2015_depth(depth=10, width=64, n_samples=50)
    >>> bool(np.allclose(h.ratio, h.expected_ratio, rtol=1e-9))
    True
    """
    sweep = depth_sweep(("glorot_normal", "he_normal"), "relu", depth=depth, width=width, n_samples=n_samples,
                        rng=rng, dtype=np.float64)  # fmt: skip
    return HeDepth(sweep=sweep, ratio=sweep.act_std[0] / sweep.act_std[1],
                   grad_ratio=sweep.grad_std[0] / sweep.grad_std[1],
                   expected_ratio=2.0 ** (-sweep.layers / 2))  # fmt: skip


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


def fan_modes(widths: Sequence[int] = (1024, 1024, 512, 256, 128, 64, 32), *, n_samples: int = 200,
              rng: object = 0) -> FanModes:  # fmt: skip
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
    seed = int(gen.integers(2**63))
    H = len(widths) - 1
    act_std, grad_std = np.empty((2, H)), np.empty((2, H))
    for i, mode in enumerate(MODES[:2]):
        scheme = Scheme(f"he_normal_{mode}", f"He normal, {mode}", "normal", 2.0, mode)
        net = mlp([*widths, widths[-1]], scheme, "relu", "softmax", rng=np.random.default_rng(seed))
        _, trace = net.forward(X, trace=True)
        grads = net.backward(trace, dlogits=G, params=False)
        act_std[i] = [a.std() for a in trace.a[1:-1]]
        grad_std[i] = [g.std() for g in grads.da]
    n1, nH = widths[1], widths[-1]
    return FanModes(widths=np.array(widths), modes=tuple(MODES[:2]), act_std=act_std, grad_std=grad_std,
                    predicted_grad_ratio=np.array([math.sqrt(nH / n1), 1.0]),
                    predicted_act_ratio=np.array([1.0, math.sqrt(n1 / nH)]))  # fmt: skip


def he_2015_training(depth: int = 30, width: int = 32, *, steps: int = 100, lr: float = 0.05,
                     rng: object = 0) -> TrainingComparison:  # fmt: skip
    r"""A deep, narrow ReLU net trained from Glorot normal and from He normal: an illustration.

    ``depth`` hidden ReLU layers of ``width`` units on the two moons (200
    training and 100 test points, noise 0.05), full-batch gradient descent,
    ``steps`` steps at learning rate ``lr``, fixed seed. He et al.'s 30-layer
    net "does not learn" with Xavier and does with He; this is the same
    effect on a net small enough to train in a second, not their ImageNet
    experiment. With other seeds the He run ends at a different cost; the
    Glorot run's output starts $2^{-15}$ times smaller and stays at
    $\ln 2$ for these few steps.
    """
    depth, width = check_int("depth", depth), check_int("width", width)
    check_positive("lr", lr)
    return compare_training(("glorot_normal", "he_normal"), dataset="moons", n_train=200, n_test=100, noise=0.05,
                            hidden=(width,) * depth, activation="relu", lr=lr, steps=steps, record_every=steps,
                            grid_size=60, rng=rng)  # fmt: skip


# ----------------------------------------------------------------------------- SELU (Klambauer et al. 2017)


@dataclass(frozen=True)
class SeluNormalization:
    r"""A SELU net with LeCun normal weights, fed inputs of several variances.

    Attributes
    ----------
    input_var
        ``(K,)``: variance of the zero-mean normal inputs.
    layers
        ``(depth,)``: $1..\text{depth}$.
    act_mean, act_var
        ``(K, depth)``: mean and variance of each hidden layer's activations.
    mean_field_mean, mean_field_var
        ``(K, depth)``: the infinite-width prediction: with
        $z^{[l]} \sim \mathcal N(0, q_l)$, $q_1 = $ the input variance and
        $q_{l+1} = \mathbb E[\operatorname{selu}(z^{[l]})^2]$, the
        activation has mean $\mathbb E[\operatorname{selu}(z)]$ and variance
        $q_{l+1}$ minus that mean squared.
    width, n_samples
        The net's width and the number of inputs.
    """

    input_var: np.ndarray
    layers: np.ndarray
    act_mean: np.ndarray
    act_var: np.ndarray
    mean_field_mean: np.ndarray
    mean_field_var: np.ndarray
    width: int
    n_samples: int


def _selu_moments(q: float) -> tuple[float, float]:
    """Mean and second moment of selu(z), z ~ N(0, q)."""
    return gaussian_expectation(get_activation("selu").f, q), variance_map("selu", q)


def selu_self_normalization(input_vars: Sequence[float] = (0.25, 4.0), depth: int = 20, width: int = 256, *,
                            n_samples: int = 200, rng: object = 0) -> SeluNormalization:  # fmt: skip
    r"""Klambauer et al.'s self-normalization: mean and variance pulled to $(0, 1)$.

    One SELU net of ``depth`` hidden layers of ``width`` units, LeCun normal
    weights ($\operatorname{Var}(w) = 1/n_\text{in}$), zero biases, fed
    zero-mean normal inputs of each variance in ``input_vars``.

    Paper: Klambauer, Unterthiner, Mayr & Hochreiter, *Self-Normalizing
    Neural Networks*, NeurIPS 2017.

    Examples
    --------
    >>> s = selu_self_normalization(depth=10, width=64, n_samples=100)
    >>> bool(abs(s.act_var[:, -1] - 1).max() < 0.3)
    True
    """
    depth, width, n_samples = check_int("depth", depth), check_int("width", width), check_int("n_samples", n_samples)
    input_vars = np.array([check_positive("input_vars", v) for v in input_vars])
    gen = as_generator(rng)
    net = mlp([width] * (depth + 1) + [2], "lecun_normal", "selu", "softmax", rng=gen)
    Z = gen.standard_normal((n_samples, width))
    K = len(input_vars)
    mean, var, mf_mean, mf_var = (np.empty((K, depth)) for _ in range(4))
    for k, v in enumerate(input_vars):
        _, trace = net.forward(math.sqrt(v) * Z, trace=True)
        mean[k] = [a.mean() for a in trace.a[1:-1]]
        var[k] = [a.var() for a in trace.a[1:-1]]
        q = float(v)
        for l in range(depth):
            m, m2 = _selu_moments(q)
            mf_mean[k, l], mf_var[k, l] = m, m2 - m * m
            q = m2
    return SeluNormalization(input_var=input_vars, layers=np.arange(1, depth + 1), act_mean=mean, act_var=var,
                             mean_field_mean=mf_mean, mean_field_var=mf_var, width=width,
                             n_samples=n_samples)  # fmt: skip
