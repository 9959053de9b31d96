r"""The studies the pages run. Each returns a frozen dataclass of arrays; none prints.

* :func:`depth_sweep` -- per-layer activation and gradient statistics of a
  deep net at initialization, for several schemes on the same input.
* :func:`compare_training` -- one net and data set trained from several
  schemes: loss curves, first cost, accuracies, decision functions.
* :func:`symmetry_study` -- how alike the hidden units of a layer are while
  training (the symmetry problem of constant initialization).
* :func:`course_experiment` -- the deeplearning.ai initialization notebook's
  setup: circles, [2, 10, 5, 1], zeros vs random x10 vs He.

Schemes are registry names (see :data:`~initlab.initializers.SCHEMES`),
:class:`~initlab.initializers.Scheme` objects or callables
``(shape, *, rng, dtype)``. Every scheme draws from a generator seeded
identically, so schemes that differ only in scale (He and Glorot normal on a
square layer, say) get the same underlying random numbers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import as_generator, check_dtype, check_int, check_nonnegative, check_positive
from .data import make_dataset
from .initializers import Scheme, as_initializer, get_scheme
from .nn import MLP, mlp
from .train import History, accuracy, dead_fraction, saturation, train

SchemeSpec = str | Scheme | Callable[..., np.ndarray]


def _schemes(schemes: object) -> tuple[tuple[str, ...], tuple[str, ...], list[Callable[..., np.ndarray]]]:
    """Names, labels and initializers of a sequence of scheme specs."""
    if isinstance(schemes, (str, Scheme)) or callable(schemes):
        schemes = [schemes]
    if not isinstance(schemes, Sequence) or len(schemes) == 0:
        raise ValueError(f"schemes must be a non-empty sequence of scheme names or callables, got {schemes!r}")
    names, labels, inits = [], [], []
    for s in schemes:
        if isinstance(s, str):
            s = get_scheme(s)
        if isinstance(s, Scheme):
            names.append(s.name)
            labels.append(s.label)
        else:
            name = getattr(s, "__name__", type(s).__name__)
            names.append(name)
            labels.append(name)
        inits.append(as_initializer(s))
    return tuple(names), tuple(labels), inits


def _seed(gen: np.random.Generator) -> int:
    return int(gen.integers(2**63))


def _mean_std(x: np.ndarray) -> tuple[float, float]:
    """Mean and std accumulated in float64 (one conversion; float32 squares would overflow sooner)."""
    x = x.astype(np.float64, copy=False)
    return float(x.mean()), float(x.std())


# ----------------------------------------------------------------------------- depth sweep


@dataclass(frozen=True)
class DepthSweep:
    r"""Per-layer statistics of a deep net at initialization, one row per scheme.

    Attributes
    ----------
    schemes, labels
        Scheme names and human labels, ``(S,)``.
    activation
        Hidden activation name.
    depth, width, n_samples
        ``depth`` hidden layers of ``width`` units, ``n_samples`` inputs.
    layers
        ``(depth,)``: layer numbers $1..\text{depth}$.
    act_mean, act_std
        ``(S, depth)``: mean and std of the activations $A^{[l]}$.
    grad_mean, grad_std
        ``(S, depth)``: mean and std of the gradient $\partial J/\partial A^{[l]}$
        at each hidden layer's output (see :func:`depth_sweep` for where it comes from).
    saturated
        ``(S, depth)``: fraction of activations in the flat tails (tanh/sigmoid; NaN otherwise).
    dead
        ``(S, depth)``: fraction of units that are 0 for every sample.
    act_samples, grad_samples
        ``(S, depth, s)``: the same ``s`` randomly chosen entries
        (``s = min(max_samples, n_samples * width)``) of every layer's
        activations and gradients, for histograms.
    input_std
        Std of the input $X$ (about 1).
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    activation: str
    depth: int
    width: int
    n_samples: int
    layers: np.ndarray
    act_mean: np.ndarray
    act_std: np.ndarray
    grad_mean: np.ndarray
    grad_std: np.ndarray
    saturated: np.ndarray
    dead: np.ndarray
    act_samples: np.ndarray
    grad_samples: np.ndarray
    input_std: float


def depth_sweep(
    schemes: Sequence[SchemeSpec] = ("standard_uniform", "glorot_uniform", "he_normal", "lecun_normal"),
    activation: str = "tanh",
    depth: int = 10,
    width: int = 256,
    n_samples: int = 1000,
    rng: object = 0,
    *,
    bias_init: SchemeSpec = "zeros",
    max_samples: int = 10_000,
    dtype: object = np.float32,
) -> DepthSweep:
    r"""Activation and gradient statistics layer by layer, at initialization.

    The net has ``depth`` hidden layers of ``width`` units, then a linear
    read-out of ``width`` logits, all weights drawn from the scheme. The input
    $X$ is ``n_samples`` rows of standard normal noise, the same for every
    scheme. The gradient is a standard-normal $\partial J/\partial Z^{[L]}$
    at the read-out's logits (the same draw for every scheme), propagated
    down with the usual backward pass -- so it measures how the backward
    pass scales a signal, independent of any loss.

    Float32 by default (like a framework); with exploding weights the
    statistics then turn into ``inf``/``nan``, without a warning. If any
    layer's activations overflow, every gradient statistic of that scheme is
    NaN: a backward pass through non-finite activations means nothing.

    Examples
    --------
    >>> s = depth_sweep(["glorot_normal", "he_normal"], "relu", depth=30, width=64, n_samples=200)
    >>> s.act_std.shape, s.act_samples.shape
    ((2, 30), (2, 30, 10000))
    >>> ratio = s.act_std[0] / s.act_std[1]                # Xavier / He on the same draws
    >>> bool(np.allclose(ratio, 2.0 ** (-s.layers / 2), rtol=1e-3))
    True
    """
    names, labels, inits = _schemes(schemes)
    depth = check_int("depth", depth)
    width = check_int("width", width)
    n_samples = check_int("n_samples", n_samples)
    max_samples = check_int("max_samples", max_samples)
    dtype = check_dtype(dtype)
    gen = as_generator(rng)
    X = gen.standard_normal((n_samples, width), dtype=dtype)
    G = gen.standard_normal((n_samples, width), dtype=dtype)
    n_keep = min(max_samples, n_samples * width)
    keep = np.sort(gen.choice(n_samples * width, size=n_keep, replace=False))
    weight_seed = _seed(gen)

    S = len(names)
    out = {k: np.empty((S, depth)) for k in ("act_mean", "act_std", "grad_mean", "grad_std", "saturated", "dead")}
    act_samples = np.empty((S, depth, n_keep), dtype=dtype)
    grad_samples = np.empty((S, depth, n_keep), dtype=dtype)
    sizes = [width] * (depth + 2)
    with np.errstate(all="ignore"):
        for i, init in enumerate(inits):
            net = mlp(sizes, init, activation, "softmax", bias_init, rng=np.random.default_rng(weight_seed), dtype=dtype)
            _, trace, _ = net._forward(X)
            grads = net._backward(trace, G, params=False)
            for l, (a, g) in enumerate(zip(trace.a[1:-1], grads.da)):
                out["act_mean"][i, l], out["act_std"][i, l] = _mean_std(a)
                out["grad_mean"][i, l], out["grad_std"][i, l] = _mean_std(g)
                out["saturated"][i, l] = saturation(a, net.activation.name)
                out["dead"][i, l] = dead_fraction(a)
                act_samples[i, l] = a.reshape(-1)[keep]
                grad_samples[i, l] = g.reshape(-1)[keep]
            if not np.all(np.isfinite(out["act_std"][i])):
                # Once the forward pass overflowed, the backward pass is meaningless
                # (ReLU's mask turns NaN into exact zeros): report no gradient at all.
                for key in ("grad_mean", "grad_std"):
                    out[key][i] = np.nan
                grad_samples[i] = np.nan
    return DepthSweep(
        schemes=names, labels=labels, activation=net.activation.name, depth=depth, width=width,
        n_samples=n_samples, layers=np.arange(1, depth + 1), act_samples=act_samples,
        grad_samples=grad_samples, input_std=float(X.std(dtype=np.float64)), **out,
    )  # fmt: skip


# ----------------------------------------------------------------------------- training comparison


@dataclass(frozen=True)
class TrainingComparison:
    r"""The same net and data trained from several schemes, one row per scheme.

    Attributes
    ----------
    schemes, labels
        Scheme names and human labels, ``(S,)``.
    dataset, sizes, activation, output, lr, steps, batch_size
        The setup.
    loss
        ``(S, steps)``: stable cost before each update (NaN after a divergence).
    first_naive_loss
        ``(S,)``: the textbook cost at step 0, ``inf`` where a probability rounded to 0 or 1.
    final_loss
        ``(S,)``: cost at the last step.
    train_accuracy, test_accuracy
        ``(S,)``: after training.
    diverged_at
        ``(S,)`` int: first step with a NaN/inf cost, ``-1`` if none.
    grid_x, grid_y
        ``(nx,)`` and ``(ny,)``: coordinates of the evaluation grid.
    grid_proba
        ``(S, ny, nx)``: the trained net's probability of class 1 (two
        classes) or of its predicted class (more) at each grid point.
    grid_class
        ``(S, ny, nx)`` int: the predicted class at each grid point.
    X_train, y_train, X_test, y_test
        The data.
    histories
        One :class:`~initlab.train.History` per scheme, with the per-layer
        statistics at the recorded steps.
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    dataset: str
    sizes: tuple[int, ...]
    activation: str
    output: str
    lr: float
    steps: int
    batch_size: int | None
    loss: np.ndarray
    first_naive_loss: np.ndarray
    final_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    diverged_at: np.ndarray
    grid_x: np.ndarray
    grid_y: np.ndarray
    grid_proba: np.ndarray
    grid_class: np.ndarray
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    histories: tuple[History, ...]


# Trained networks by everything that determines them. Training is deterministic,
# so a page that trains the same scheme on the same data as another page (the
# course's He run appears on several) reuses the result instead of repeating
# 15000 steps; the whole site builds in one process.
_TRAINED: dict[tuple, tuple[MLP, History]] = {}


def _trained(init, sizes, activation, output, bias_init, X, y, *, weight_seed, batch_seed, **settings) -> tuple[MLP, History]:
    """Train a fresh net (or return the identical one trained before): a copy of the net and a read-only History."""
    data = hashlib.sha256(X.tobytes() + y.tobytes()).hexdigest()
    key = (init, sizes, activation, output, bias_init, data, weight_seed, batch_seed, tuple(sorted(settings.items())))
    try:
        hash(key)
    except TypeError:  # an unhashable custom initializer: train without caching
        key = None
    if key is None or key not in _TRAINED:
        net = mlp(sizes, init, activation, output, bias_init, rng=np.random.default_rng(weight_seed))
        h = train(net, X, y, rng=np.random.default_rng(batch_seed), **settings)
        for value in vars(h).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        if key is None:
            return net, h
        _TRAINED[key] = (net, h)
    net, h = _TRAINED[key]
    return net.copy(), h


def compare_training(
    schemes: Sequence[SchemeSpec] = ("zeros", "large_normal", "he_normal"),
    *,
    dataset: str = "circles",
    n_train: int = 300,
    n_test: int = 100,
    noise: float = 0.05,
    hidden: Sequence[int] = (10, 5),
    activation: str = "relu",
    output: str = "sigmoid",
    bias_init: SchemeSpec = "zeros",
    lr: float = 0.01,
    steps: int = 15_000,
    batch_size: int | None = None,
    record_every: int | None = None,
    grid_size: int = 120,
    grid_pad: float = 0.5,
    allow_divergence: bool = True,
    rng: object = 0,
) -> TrainingComparison:
    r"""Train the same network on the same data from each scheme.

    The training and test sets are drawn separately from ``dataset`` (as in
    the course notebook, so two balanced classes stay exactly balanced);
    each scheme's weights come from an identically seeded generator.
    ``record_every`` defaults to ``steps // 50``. A diverging run keeps NaN
    costs (``allow_divergence``) so a page can show it.

    With two classes the net has one sigmoid output unless
    ``output="softmax"``; with more (``spirals`` with ``classes=k``) pass
    ``output="softmax"``.
    """
    names, labels, inits = _schemes(schemes)
    n_train, n_test = check_int("n_train", n_train, minimum=2), check_int("n_test", n_test, minimum=1)
    steps = check_int("steps", steps)
    grid_size = check_int("grid_size", grid_size, minimum=2)
    grid_pad = check_nonnegative("grid_pad", grid_pad)
    gen = as_generator(rng)
    X_train, y_train = make_dataset(dataset, n_train, noise=noise, rng=gen)
    X_test, y_test = make_dataset(dataset, n_test, noise=noise, rng=gen)
    k = int(max(y_train.max(), y_test.max())) + 1
    n_out = 1 if output == "sigmoid" else k
    sizes = (X_train.shape[1], *hidden, n_out)
    weight_seed, batch_seed = _seed(gen), _seed(gen)
    if record_every is None:
        record_every = max(1, steps // 50)

    lo = np.minimum(X_train.min(0), X_test.min(0)) - grid_pad
    hi = np.maximum(X_train.max(0), X_test.max(0)) + grid_pad
    gx, gy = np.linspace(lo[0], hi[0], grid_size), np.linspace(lo[1], hi[1], grid_size)
    grid = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)

    S = len(names)
    histories, losses, proba, cls = [], np.empty((S, steps)), np.empty((S, grid_size, grid_size)), []
    acc_train, acc_test, diverged = np.empty(S), np.empty(S), np.full(S, -1, dtype=np.int64)
    # Train every scheme not trained before in one batched run (train_many); the loop below then reads the cache.
    _train_jobs([(init, weight_seed) for init in inits], sizes, activation, output, bias_init, X_train, y_train,
                lr=lr, steps=steps, batch_size=batch_size, record_every=record_every,
                allow_divergence=allow_divergence, batch_seed=batch_seed)  # fmt: skip
    for i, init in enumerate(inits):
        net, h = _trained(init, sizes, activation, output, bias_init, X_train, y_train, lr=lr, steps=steps,
                          batch_size=batch_size, record_every=record_every, allow_divergence=allow_divergence,
                          weight_seed=weight_seed, batch_seed=batch_seed)  # fmt: skip
        histories.append(h)
        losses[i] = h.loss
        if h.diverged_at is not None:
            diverged[i] = h.diverged_at
        with np.errstate(all="ignore"):
            acc_train[i], acc_test[i] = accuracy(net, X_train, y_train), accuracy(net, X_test, y_test)
            p = net.predict_proba(grid) if np.all(np.isfinite(net.weights[0])) else np.full(len(grid), np.nan)
        if net.output == "sigmoid" or k == 2:
            p1 = p if p.ndim == 1 else p[:, 1]
            proba[i] = p1.reshape(grid_size, grid_size)
            cls.append((p1 > 0.5).astype(np.int64).reshape(grid_size, grid_size))
        else:
            proba[i] = p.max(axis=1).reshape(grid_size, grid_size)
            cls.append(p.argmax(axis=1).reshape(grid_size, grid_size))
    last = np.array([h.loss[-1] for h in histories])
    return TrainingComparison(
        schemes=names, labels=labels, dataset=dataset, sizes=sizes, activation=activation, output=output,
        lr=float(lr), steps=steps, batch_size=batch_size, loss=losses,
        first_naive_loss=np.array([h.first_naive_loss for h in histories]), final_loss=last,
        train_accuracy=acc_train, test_accuracy=acc_test, diverged_at=diverged, grid_x=gx, grid_y=gy,
        grid_proba=proba, grid_class=np.array(cls), X_train=X_train, y_train=y_train, X_test=X_test,
        y_test=y_test, histories=tuple(histories),
    )  # fmt: skip


#: The seed of :func:`course_experiment` (data and weights), fixed once.
COURSE_SEED = 6


def course_experiment(rng: object = COURSE_SEED, *, steps: int = 15_000) -> TrainingComparison:
    r"""The deeplearning.ai initialization notebook, reproduced.

    Circles with 300 training and 100 test points (noise 0.05), the net
    $[2, 10, 5, 1]$ with ReLU and a sigmoid output, learning rate 0.01,
    15000 full-batch steps, from three schemes: zeros, random $\mathcal N(0,
    10^2)$ (the notebook's ``randn * 10``) and He normal. Biases start at zero.

    What it shows: zeros never moves (cost exactly $\ln 2$, 50% accuracy);
    random x10 starts with an infinite textbook cost, because some
    $\sigma(z)$ round to exactly 0 or 1; He trains (cost 0.855 -> 0.046,
    99.3% train / 97% test with :data:`COURSE_SEED`; the notebook: 0.883 ->
    0.074, 99.3% / 96%). Random x10 ends at 57% / 61% here (the notebook:
    83% / 86%): with weights that large the outcome depends on the draw.
    The notebook used numpy's legacy global RNG, so exact numbers differ.
    """
    return compare_training(("zeros", "large_normal", "he_normal"), dataset="circles", n_train=300, n_test=100,
                            noise=0.05, hidden=(10, 5), activation="relu", output="sigmoid", lr=0.01,
                            steps=steps, rng=rng)  # fmt: skip


# ----------------------------------------------------------------------------- symmetry


@dataclass(frozen=True)
class SymmetryStudy:
    r"""How alike one hidden layer's units are while training, one row per scheme.

    For unit vectors $u_i = w_i/\lVert w_i\rVert$ of the incoming weight rows
    of the layer (and likewise for the units' activation columns over the
    training set) the pairwise similarity is $|u_i^\top u_j|$, $i \ne j$:
    1 for clones. It is NaN where a vector is zero (zero init); the
    ``*_spread`` fields then still tell: they are 0 exactly when all units
    are clones.

    Attributes
    ----------
    schemes, labels
        Scheme names and human labels, ``(S,)``.
    layer
        Hidden layer studied (1 = first).
    steps
        ``(k,)`` int: the recorded steps (0 = initialization).
    weight_cos_max, weight_cos_mean
        ``(S, k)``: max and mean pairwise $|\cos|$ of incoming weight vectors.
    act_cos_max, act_cos_mean
        ``(S, k)``: the same for the units' activations over the training set.
    weight_spread
        ``(S, k)``: std across units of the incoming weights, averaged over inputs.
    act_spread
        ``(S, k)``: std across units of the activations, averaged over samples.
    loss
        ``(S, total_steps)``: the training cost.
    train_accuracy
        ``(S,)``: after training.
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    layer: int
    steps: np.ndarray
    weight_cos_max: np.ndarray
    weight_cos_mean: np.ndarray
    act_cos_max: np.ndarray
    act_cos_mean: np.ndarray
    weight_spread: np.ndarray
    act_spread: np.ndarray
    loss: np.ndarray
    train_accuracy: np.ndarray


def _pairwise_abs_cos(V: np.ndarray) -> tuple[float, float]:
    """Max and mean $|\\cos|$ between distinct rows of ``V`` (NaN if a row is zero)."""
    with np.errstate(all="ignore"):
        U = V / np.linalg.norm(V, axis=1, keepdims=True)
        C = np.abs(U @ U.T)[~np.eye(len(V), dtype=bool)]
    return float(C.max()), float(C.mean())


def symmetry_study(
    schemes: Sequence[SchemeSpec] = ("constant", "small_normal", "he_normal"),
    *,
    dataset: str = "circles",
    n_train: int = 300,
    noise: float = 0.05,
    hidden: Sequence[int] = (10, 5),
    activation: str = "relu",
    lr: float = 0.1,
    steps: int = 2000,
    n_records: int = 21,
    layer: int = 1,
    rng: object = 0,
) -> SymmetryStudy:
    r"""Track the similarity of hidden units in layer ``layer`` over ``steps`` of full-batch training.

    Similarity is recorded at ``n_records`` evenly spaced steps from 0 to
    ``steps`` inclusive.

    Examples
    --------
    >>> s = symmetry_study(["constant", "he_normal"], steps=200, n_records=3)
    >>> s.steps.tolist(), s.weight_cos_max[0].round(12).tolist()     # constant: clones forever
    ([0, 100, 200], [1.0, 1.0, 1.0])
    >>> bool(s.weight_cos_max[1, 0] < 1)
    True
    """
    names, labels, inits = _schemes(schemes)
    steps = check_int("steps", steps)
    n_records = check_int("n_records", n_records, minimum=2)
    hidden = tuple(hidden)
    layer = check_int("layer", layer)
    if layer > len(hidden):
        raise ValueError(f"layer must be a hidden layer in 1..{len(hidden)}, got {layer}")
    if hidden[layer - 1] < 2:
        raise ValueError(f"hidden layer {layer} must have at least 2 units to compare, got {hidden[layer - 1]}")
    check_positive("lr", lr)
    gen = as_generator(rng)
    X, y = make_dataset(dataset, n_train, noise=noise, rng=gen)
    k = int(y.max()) + 1
    output = "sigmoid" if k == 2 else "softmax"
    sizes = (X.shape[1], *hidden, 1 if k == 2 else k)
    weight_seed = _seed(gen)
    marks = np.unique(np.linspace(0, steps, n_records).round().astype(np.int64))

    S, K = len(names), len(marks)
    fields = {f: np.empty((S, K)) for f in ("weight_cos_max", "weight_cos_mean", "act_cos_max", "act_cos_mean",
                                            "weight_spread", "act_spread")}  # fmt: skip
    losses, acc = np.full((S, steps), np.nan), np.empty(S)
    for i, init in enumerate(inits):
        net = mlp(sizes, init, activation, output, rng=np.random.default_rng(weight_seed))
        done = 0
        for j, mark in enumerate(marks):
            if mark > done:
                h = train(net, X, y, lr=lr, steps=int(mark - done), allow_divergence=True)
                losses[i, done:mark] = h.loss
                done = int(mark)
            W = net.weights[layer - 1]
            with np.errstate(all="ignore"):
                A = net.forward(X, trace=True)[1].a[layer]
            fields["weight_cos_max"][i, j], fields["weight_cos_mean"][i, j] = _pairwise_abs_cos(W)
            fields["act_cos_max"][i, j], fields["act_cos_mean"][i, j] = _pairwise_abs_cos(A.T)
            fields["weight_spread"][i, j] = float(W.std(axis=0).mean())
            fields["act_spread"][i, j] = float(A.std(axis=1).mean())
        acc[i] = accuracy(net, X, y)
    return SymmetryStudy(schemes=names, labels=labels, layer=layer, steps=marks, loss=losses, train_accuracy=acc,
                         **fields)  # fmt: skip


# ============================================================================= beyond the basics
# Studies of the "Beyond the basics" page: tanh's mean-field map, the
# input-output Jacobian of a deep linear net, and the grid behind the
# interactive figure. (Section kept together; append other studies below it.)


@dataclass(frozen=True)
class TanhMeanField:
    r"""The mean-field variance map of zero-bias tanh layers, for a few gains.

    Attributes
    ----------
    gains
        ``(G,)``: gains $g$; weights have variance $g^2/\text{fan\_in}$.
    q
        ``(Q,)``: pre-activation variances where the map is evaluated.
    q_next
        ``(G, Q)``: $g^2\, \mathbb E[\tanh^2(\sqrt q\, z)]$.
    layers
        ``(depth,)``: layer numbers $1..\text{depth}$.
    trajectory
        ``(G, depth)``: $q^{[l]}$ from $q^{[1]} = g^2 \cdot$ ``input_var``.
    saturated
        ``(G, depth)``: the share of units with $|\tanh| > 0.97$ that
        $q^{[l]}$ predicts, $\operatorname{erfc}\big(\operatorname{artanh}(0.97)/\sqrt{2 q^{[l]}}\big)$.
    fixed_point
        ``(G,)``: $q^*$; 0 when $g \le 1$ (where $q^{[l]} \to 0$).
    chi
        ``(G,)``: $\chi_1 = g^2\, \mathbb E[\tanh'(\sqrt{q^*} z)^2]$ at the fixed point.
    input_var
        Variance of the inputs.
    """

    gains: np.ndarray
    q: np.ndarray
    q_next: np.ndarray
    layers: np.ndarray
    trajectory: np.ndarray
    saturated: np.ndarray
    fixed_point: np.ndarray
    chi: np.ndarray
    input_var: float


def tanh_mean_field(
    gains: Sequence[float] = (1.0, 1.3, 5.0 / 3.0, 2.0),
    *,
    depth: int = 100,
    q_max: float = 4.0,
    n_q: int = 161,
    input_var: float = 1.0,
) -> TanhMeanField:
    r"""Iterate $q \mapsto g^2\, \mathbb E[\tanh^2(\sqrt q\, z)]$ for each gain (wide-layer limit).

    Uses :func:`initlab.gain.variance_map`, :func:`~initlab.gain.variance_fixed_point`
    and :func:`~initlab.gain.mean_field_chi`. For $g \le 1$ the map's only
    fixed point is $q^* = 0$ and $\chi_1$ is taken there ($g^2$).

    Examples
    --------
    >>> mf = tanh_mean_field((1.0, 5 / 3), depth=100)
    >>> round(float(np.sqrt(mf.trajectory[0, -1] * 2 * 100)), 2)   # q ~ 1/(2l) at g = 1
    1.01
    >>> round(float(mf.saturated[1, 0]), 3), round(float(mf.chi[1]), 3)
    (0.209, 1.21)
    """
    import importlib
    import math

    _gain = importlib.import_module("initlab.gain")  # ``initlab.gain`` the attribute is the function
    gains = np.array([check_positive("gains", g) for g in gains], dtype=np.float64)
    if gains.size == 0:
        raise ValueError("gains must hold at least one gain")
    depth = check_int("depth", depth)
    q_max = check_positive("q_max", q_max)
    n_q = check_int("n_q", n_q, minimum=2)
    input_var = check_positive("input_var", input_var)
    q = np.linspace(0.0, q_max, n_q)
    G = gains.size
    q_next, trajectory = np.empty((G, n_q)), np.empty((G, depth))
    fixed, chi = np.empty(G), np.empty(G)
    for i, g in enumerate(gains):
        w2 = g * g
        q_next[i] = [_gain.variance_map("tanh", v, w2) for v in q]
        v = w2 * input_var
        for l in range(depth):
            trajectory[i, l] = v
            v = _gain.variance_map("tanh", v, w2)
        fixed[i] = 0.0 if g <= 1.0 else _gain.variance_fixed_point("tanh", w2)
        chi[i] = _gain.mean_field_chi("tanh", fixed[i], w2)
    cut = math.atanh(0.97)
    saturated = np.vectorize(lambda v: math.erfc(cut / math.sqrt(2.0 * v)) if v > 0 else 0.0)(trajectory)
    return TanhMeanField(gains=gains, q=q, q_next=q_next, layers=np.arange(1, depth + 1), trajectory=trajectory,
                         saturated=saturated, fixed_point=fixed, chi=chi, input_var=input_var)  # fmt: skip


@dataclass(frozen=True)
class JacobianSpectrum:
    r"""Singular values of the input-output Jacobian $J = W^{[L]} \cdots W^{[1]}$ of a deep linear net.

    Attributes
    ----------
    schemes, labels
        ``(S,)`` scheme names and labels.
    depth, width
        ``depth`` square layers of ``width`` units.
    singular_values
        ``(S, width)``: the singular values of $J$ at full depth, descending.
    layers
        ``(depth,)``: $1..\text{depth}$.
    sq_mean, sq_var
        ``(S, depth)``: mean and variance of the squared singular values of
        $W^{[l]} \cdots W^{[1]}$, from $\operatorname{tr}(J^\top J)/n$ and
        $\operatorname{tr}\big((J^\top J)^2\big)/n$.
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    depth: int
    width: int
    singular_values: np.ndarray
    layers: np.ndarray
    sq_mean: np.ndarray
    sq_var: np.ndarray


def jacobian_spectrum(
    schemes: Sequence[SchemeSpec] = ("lecun_normal", "orthogonal"),
    depth: int = 32,
    width: int = 128,
    rng: object = 0,
) -> JacobianSpectrum:
    r"""The input-output Jacobian of a ``depth``-layer linear net, one per scheme.

    A linear net's Jacobian is the product of its weights, the same for
    every input. Each scheme draws from an identically seeded generator.
    Saxe et al. (2014) and Pennington et al. (2017): with Gaussian weights of
    variance $1/n$ the squared singular values keep mean 1 but spread with
    variance about the depth; orthogonal weights keep all of them at 1.

    Examples
    --------
    >>> s = jacobian_spectrum(depth=8, width=64)
    >>> bool(np.allclose(s.singular_values[1], 1.0))
    True
    """
    names, labels, inits = _schemes(schemes)
    depth = check_int("depth", depth)
    width = check_int("width", width)
    seed = _seed(as_generator(rng))
    S = len(names)
    sv, mean, var = np.empty((S, width)), np.empty((S, depth)), np.empty((S, depth))
    for i, init in enumerate(inits):
        gen = np.random.default_rng(seed)
        J = np.eye(width)
        for l in range(depth):
            J = np.asarray(init((width, width), rng=gen, dtype=np.float64)) @ J
            JtJ = J.T @ J
            mean[i, l] = np.trace(JtJ) / width
            var[i, l] = np.sum(JtJ * JtJ) / width - mean[i, l] ** 2
        sv[i] = np.linalg.svd(J, compute_uv=False)
    return JacobianSpectrum(schemes=names, labels=labels, depth=depth, width=width, singular_values=sv,
                            layers=np.arange(1, depth + 1), sq_mean=mean, sq_var=var)  # fmt: skip


@dataclass(frozen=True)
class ExplorerGrid:
    r"""Per-layer activation statistics for every (activation, scheme) pair: the interactive figure's data.

    Attributes
    ----------
    activations, schemes, labels
        ``(A,)`` activation names; ``(S,)`` scheme names and labels.
    depth, width, n_samples, bins
        The nets' shape, the number of inputs and histogram bins.
    act_std
        ``(A, S, depth)``: std of each layer's activations (NaN after overflow).
    saturated
        ``(A, S, depth)``: share of saturated units (tanh/sigmoid; NaN otherwise).
    lo, hi
        ``(A, S, depth)``: the histogram range of each layer, the 0.5 and
        99.5 percentiles of its finite sampled values (NaN when none is finite).
    counts
        ``(A, S, depth, bins)``: histogram counts of the sampled activations.
    """

    activations: tuple[str, ...]
    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    depth: int
    width: int
    n_samples: int
    bins: int
    act_std: np.ndarray
    saturated: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    counts: np.ndarray

    def to_json(self) -> str:
        """Compact JSON (4 significant digits, NaN as ``null``) for a page's interactive figure."""
        import json

        def num(a: np.ndarray) -> list:
            return np.vectorize(lambda v: float(f"{v:.4g}") if np.isfinite(v) else None, otypes=[object])(a).tolist()

        data = {
            "activations": list(self.activations), "schemes": list(self.schemes), "labels": list(self.labels),
            "depth": self.depth, "width": self.width, "n_samples": self.n_samples, "bins": self.bins,
            "std": num(self.act_std), "saturated": num(self.saturated), "lo": num(self.lo), "hi": num(self.hi),
            "counts": self.counts.astype(int).tolist(),
        }  # fmt: skip
        return json.dumps(data, separators=(",", ":"), allow_nan=False)


def explorer_grid(
    schemes: Sequence[SchemeSpec] = ("small_normal", "large_normal", "glorot_normal", "he_normal", "lecun_normal",
                                     "orthogonal"),
    activations: Sequence[str] = ("tanh", "relu", "sigmoid", "selu", "gelu"),
    depth: int = 20,
    width: int = 128,
    n_samples: int = 400,
    bins: int = 32,
    rng: object = 0,
) -> ExplorerGrid:
    r"""Run :func:`depth_sweep` for every activation and bin every layer's activations.

    Layer $l$ of a net of depth $D \ge l$ has the same weights whatever $D$
    (weights are drawn layer by layer from one generator), so the first $D$
    rows of this grid are a depth-$D$ net.

    Examples
    --------
    >>> g = explorer_grid(["he_normal"], ["relu"], depth=3, width=16, n_samples=50, bins=8)
    >>> g.counts.shape, int(g.counts[0, 0, 0].sum()) <= 50 * 16
    ((1, 1, 3, 8), True)
    """
    if isinstance(activations, str) or not isinstance(activations, Sequence) or len(activations) == 0:
        raise ValueError(f"activations must be a non-empty sequence of names, got {activations!r}")
    bins = check_int("bins", bins, minimum=2)
    sweeps = [depth_sweep(schemes, a, depth, width, n_samples, rng, max_samples=4000) for a in activations]
    A, S = len(sweeps), len(sweeps[0].schemes)
    lo, hi = np.full((A, S, depth), np.nan), np.full((A, S, depth), np.nan)
    counts = np.zeros((A, S, depth, bins), dtype=np.int64)
    for a, sweep in enumerate(sweeps):
        for s in range(S):
            for l in range(depth):
                x = sweep.act_samples[s, l].astype(np.float64)
                x = x[np.isfinite(x)]
                if x.size == 0:
                    continue
                lo[a, s, l], hi[a, s, l] = np.percentile(x, [0.5, 99.5])
                if hi[a, s, l] <= lo[a, s, l]:
                    lo[a, s, l], hi[a, s, l] = lo[a, s, l] - 0.5, hi[a, s, l] + 0.5
                counts[a, s, l] = np.histogram(x, bins=bins, range=(lo[a, s, l], hi[a, s, l]))[0]
    first = sweeps[0]
    return ExplorerGrid(activations=tuple(s.activation for s in sweeps), schemes=first.schemes, labels=first.labels,
                        depth=first.depth, width=first.width, n_samples=first.n_samples, bins=bins,
                        act_std=np.stack([s.act_std for s in sweeps]),
                        saturated=np.stack([s.saturated for s in sweeps]), lo=lo, hi=hi, counts=counts)  # fmt: skip


# ============================================================================= side by side: the scheme grid
# (the "Side by side" page; batched training through train_many, cached in _TRAINED like _trained)

from .initializers import SCHEMES  # noqa: E402


def _train_key(init, sizes, activation, output, bias_init, X, y, weight_seed, batch_seed, settings) -> tuple | None:
    """The :data:`_TRAINED` key of :func:`_trained` (``None`` for an unhashable initializer)."""
    data = hashlib.sha256(X.tobytes() + y.tobytes()).hexdigest()
    key = (init, sizes, activation, output, bias_init, data, weight_seed, batch_seed, tuple(sorted(settings.items())))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _train_jobs(jobs, sizes, activation, output, bias_init, X, y, *, batch_seed, **settings) -> None:
    """Train every ``(init, weight_seed)`` job not yet in :data:`_TRAINED`, all at once with :func:`train_many`.

    The nets and histories are exactly those :func:`_trained` would produce one
    by one (train_many matches train), so :func:`_trained` then finds them.
    """
    from .train import train_many

    todo, keys = [], []
    for init, weight_seed in jobs:
        key = _train_key(init, sizes, activation, output, bias_init, X, y, weight_seed, batch_seed, settings)
        if key is not None and key not in _TRAINED and key not in keys:
            todo.append(mlp(sizes, init, activation, output, bias_init, rng=np.random.default_rng(weight_seed)))
            keys.append(key)
    if not todo:
        return
    histories = train_many(todo, X, y, rng=np.random.default_rng(batch_seed), **settings)
    for key, net, h in zip(keys, todo, histories):
        for value in vars(h).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        _TRAINED[key] = (net, h)


@dataclass(frozen=True)
class SchemeGrid:
    r"""Every scheme trained with every activation on one setup: the results table of *Side by side*.

    ``A`` activations, ``S`` schemes, ``K`` weight draws for the spread.

    Attributes
    ----------
    schemes, labels
        Scheme names and human labels, ``(S,)``.
    activations
        Hidden activations, ``(A,)``.
    comparisons
        One :class:`TrainingComparison` per activation (loss curves, decision
        functions, data), in the order of ``activations``.
    dataset, sizes, lr, steps
        The setup, shared by every run.
    threshold
        The cost a run must fall below to count as having learned.
    first_loss, first_naive_loss, final_loss
        ``(A, S)``: stable cost at step 0, textbook cost at step 0 (``inf``
        when a probability rounded to 0 or 1), cost at the last step.
    train_accuracy, test_accuracy
        ``(A, S)``: after training.
    steps_to_threshold
        ``(A, S)`` int: first step whose cost is below ``threshold``; ``-1`` if none.
    diverged_at
        ``(A, S)`` int: first step with a NaN/inf cost, ``-1`` if none.
    spread_schemes
        Schemes retrained from ``K`` different weight draws (same data, same
        steps) with the first activation, ``(R,)``.
    spread_test_accuracy, spread_train_accuracy
        ``(R, K)``: their accuracies; column 0 is the run in ``comparisons[0]``.
    """

    schemes: tuple[str, ...]
    labels: tuple[str, ...]
    activations: tuple[str, ...]
    comparisons: tuple[TrainingComparison, ...]
    dataset: str
    sizes: tuple[int, ...]
    lr: float
    steps: int
    threshold: float
    first_loss: np.ndarray
    first_naive_loss: np.ndarray
    final_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    steps_to_threshold: np.ndarray
    diverged_at: np.ndarray
    spread_schemes: tuple[str, ...]
    spread_train_accuracy: np.ndarray
    spread_test_accuracy: np.ndarray


def steps_to_threshold(loss: np.ndarray, threshold: float) -> np.ndarray:
    """First step (last axis) whose cost is below ``threshold``, ``-1`` where none is.

    Examples
    --------
    >>> steps_to_threshold(np.array([[0.9, 0.5, 0.05, 0.01], [0.7, 0.7, 0.7, np.nan]]), 0.1).tolist()
    [2, -1]
    """
    with np.errstate(invalid="ignore"):
        below = np.asarray(loss) < threshold
    return np.where(below.any(axis=-1), below.argmax(axis=-1), -1).astype(np.int64)


#: Every scheme of :data:`~initlab.initializers.SCHEMES`, in teaching order.
ALL_SCHEMES: tuple[str, ...] = tuple(SCHEMES)


def scheme_grid(
    schemes: Sequence[SchemeSpec] = ALL_SCHEMES,
    activations: Sequence[str] = ("relu", "tanh", "sigmoid"),
    *,
    dataset: str = "circles",
    n_train: int = 300,
    n_test: int = 100,
    noise: float = 0.05,
    hidden: Sequence[int] = (10, 5),
    lr: float = 0.5,
    steps: int = 600,
    threshold: float = 0.2,
    spread: Sequence[SchemeSpec] = ("large_normal", "he_normal"),
    n_draws: int = 4,
    grid_size: int = 80,
    rng: object = COURSE_SEED,
) -> SchemeGrid:
    r"""Train every scheme with every activation on the same data: the *Side by side* grid.

    For each activation this is :func:`compare_training` with the same
    arguments (so its results are shared with any page that runs the same
    comparison), trained as one batch with :func:`~initlab.train.train_many`.
    The schemes in ``spread`` are also retrained from ``n_draws - 1`` further
    weight draws with the first activation -- in the same batch -- to show
    how much a result depends on the draw.

    The defaults are the course's data and net (circles, 300/100 points,
    noise 0.05, $[2, 10, 5, 1]$) with a 25 times shorter run at a 50 times
    larger learning rate than the course's 15000 steps at 0.01, so that
    39 runs fit in a site build.

    Examples
    --------
    >>> g = scheme_grid(["zeros", "he_normal"], ["relu"], steps=300, n_draws=2, spread=["he_normal"])
    >>> g.test_accuracy.shape, g.spread_test_accuracy.shape
    ((1, 2), (1, 2))
    >>> float(g.first_loss[0, 0]) == float(np.log(2))                # zeros: exactly ln 2
    True
    """
    names, labels, inits = _schemes(schemes)
    activations = tuple(activations)
    if not activations:
        raise ValueError("activations must name at least one hidden activation, got an empty sequence")
    n_draws = check_int("n_draws", n_draws)
    threshold = check_positive("threshold", threshold)
    spread_names, _, spread_inits = _schemes(spread) if len(spread) else ((), (), [])
    steps = check_int("steps", steps)
    record_every = max(1, steps // 50)
    # The data and seeds compare_training derives from rng, so the extra draws join its batch.
    gen = as_generator(rng)
    state = gen.bit_generator.state
    X_train, y_train = make_dataset(dataset, n_train, noise=noise, rng=gen)
    X_test, y_test = make_dataset(dataset, n_test, noise=noise, rng=gen)
    weight_seed, batch_seed = _seed(gen), _seed(gen)
    gen.bit_generator.state = state
    sizes = (X_train.shape[1], *tuple(hidden), 1)
    draw_seeds = [weight_seed] + [_seed(np.random.default_rng([weight_seed, k])) for k in range(1, n_draws)]
    settings = dict(lr=lr, steps=steps, batch_size=None, record_every=record_every, allow_divergence=True)

    comparisons, spread_train, spread_test = [], np.empty((len(spread_names), n_draws)), None
    for a, activation in enumerate(activations):
        if a == 0 and spread_names:
            jobs = [(init, weight_seed) for init in inits]
            jobs += [(init, seed) for init in spread_inits for seed in draw_seeds]
            _train_jobs(jobs, sizes, activation, "sigmoid", "zeros", X_train, y_train, batch_seed=batch_seed,
                        **settings)  # fmt: skip
            spread_test = np.empty((len(spread_names), n_draws))
            for r, init in enumerate(spread_inits):
                for k, seed in enumerate(draw_seeds):
                    net, _ = _trained(init, sizes, activation, "sigmoid", "zeros", X_train, y_train,
                                      weight_seed=seed, batch_seed=batch_seed, **settings)  # fmt: skip
                    with np.errstate(all="ignore"):
                        spread_train[r, k] = accuracy(net, X_train, y_train)
                        spread_test[r, k] = accuracy(net, X_test, y_test)
        comparisons.append(compare_training(
            inits, dataset=dataset, n_train=n_train, n_test=n_test, noise=noise, hidden=hidden,
            activation=activation, lr=lr, steps=steps, record_every=record_every, grid_size=grid_size,
            rng=as_generator(rng) if not isinstance(rng, np.random.Generator) else _restored(rng, state),
        ))  # fmt: skip
    if spread_test is None:
        spread_test = np.empty((len(spread_names), n_draws))

    def stack(field: str) -> np.ndarray:
        return np.stack([getattr(c, field) for c in comparisons])

    loss = stack("loss")
    return SchemeGrid(
        schemes=names, labels=labels, activations=activations, comparisons=tuple(comparisons), dataset=dataset,
        sizes=sizes, lr=float(lr), steps=steps, threshold=threshold, first_loss=loss[:, :, 0],
        first_naive_loss=stack("first_naive_loss"), final_loss=stack("final_loss"),
        train_accuracy=stack("train_accuracy"), test_accuracy=stack("test_accuracy"),
        steps_to_threshold=steps_to_threshold(loss, threshold), diverged_at=stack("diverged_at"),
        spread_schemes=spread_names, spread_train_accuracy=spread_train, spread_test_accuracy=spread_test,
    )  # fmt: skip


def _restored(gen: np.random.Generator, state: dict) -> np.random.Generator:
    """A copy of ``gen`` at ``state`` (so each activation sees the data ``gen`` would have drawn)."""
    copy = np.random.Generator(type(gen.bit_generator)())
    copy.bit_generator.state = state
    return copy
