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
