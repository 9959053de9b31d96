r"""A multilayer perceptron small enough to read in one sitting.

Layer $l = 1, \dots, L$ holds a weight $W^{[l]}$ of shape $(n_l, n_{l-1})$ =
(fan_out, fan_in) and a bias $b^{[l]}$ of shape $(n_l,)$. A batch is a matrix
whose rows are samples, so the forward pass is

$$Z^{[l]} = A^{[l-1]} W^{[l]\top} + b^{[l]}, \qquad A^{[l]} = \varphi(Z^{[l]}),$$

with $A^{[0]} = X$, the hidden activation $\varphi$ on layers $1..L-1$ and the
output head on layer $L$: a sigmoid with binary cross-entropy (one output
unit, labels 0/1) or a softmax with cross-entropy ($k \ge 2$ outputs, labels
$0..k-1$). The cost is the mean over the batch.

Both losses are computed from the logits $Z^{[L]}$, so they stay finite when
the output saturates; [`naive_cross_entropy`][initlab.losses.naive_cross_entropy] computes the textbook
$-[y\log p + (1-y)\log(1-p)]$ from probabilities instead, and returns
``inf`` when a sample's $p$ rounds to exactly the wrong one of 0 and 1
(the probability of its true class is then 0).

Examples
--------
>>> net = mlp([2, 3, 1], init="he_normal", rng=0)
>>> net.sizes
(2, 3, 1)
>>> X = np.array([[0.5, -1.0], [1.0, 2.0]])
>>> p, trace = net.forward(X, trace=True)
>>> p.shape, [z.shape for z in trace.z]
((2, 1), [(2, 3), (2, 1)])
>>> grads = net.backward(trace, np.array([0, 1]))
>>> [g.shape for g in grads.dW]
[(3, 2), (1, 3)]
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from ._validation import as_generator, check_choice, check_dtype, check_int
from .activations import Activation, get_activation
from .losses import _head, _stable_loss, logit_gradient, naive_cross_entropy
from .schemes import as_initializer

Output = Literal["sigmoid", "softmax"]
OUTPUTS: tuple[str, ...] = ("sigmoid", "softmax")
#: Hidden activations the network accepts.
HIDDEN_ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu", "leaky_relu", "selu", "gelu", "linear")


@dataclass
class Trace:
    r"""Everything the forward pass computed, layer by layer.

    Attributes
    ----------
    z
        Pre-activations $Z^{[1]}, \dots, Z^{[L]}$, each $(m, n_l)$; ``z[-1]`` are the logits.
    a
        Activations $A^{[0]} = X, A^{[1]}, \dots, A^{[L]}$ (``L + 1`` arrays);
        ``a[-1]`` are the output probabilities.
    """

    z: list[np.ndarray]
    a: list[np.ndarray]


@dataclass
class Gradients:
    r"""Gradients of the mean cost $J$ for every layer.

    Attributes
    ----------
    dW, db
        $\partial J/\partial W^{[l]}$ and $\partial J/\partial b^{[l]}$, $l = 1..L$,
        shaped like the parameters.
    dz
        $\partial J/\partial Z^{[l]}$, $l = 1..L$ (``dz[-1]`` is the gradient of the logits).
    da
        $\partial J/\partial A^{[l]}$ for the hidden layers $l = 1..L-1$: the
        gradient back-propagated to each hidden layer's output.
    """

    dW: list[np.ndarray]
    db: list[np.ndarray]
    dz: list[np.ndarray]
    da: list[np.ndarray] = field(default_factory=list)


# ----------------------------------------------------------------------------- the network


def _forward_pass(
    weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], activation: Activation, output: str, X: np.ndarray
) -> tuple[np.ndarray, Trace, np.ndarray]:
    """The forward pass; returns (probabilities, trace, log-probabilities).

    The parameters are one net's, $W^{[l]}$ of shape $(n_l, n_{l-1})$ and $b^{[l]}$ of shape $(n_l,)$, or
    ``S`` nets' stacked along a leading axis, $(S, n_l, n_{l-1})$ and $(S, 1, n_l)$, for
    [`train_many`][initlab.training.train_many]: every operation acts net by net, so each net gets the
    numbers it would get alone.
    """
    f = activation.f
    a, zs, acts = X, [], [X]
    last = len(weights) - 1
    for l, (W, b) in enumerate(zip(weights, biases)):
        z = a @ W.mT
        z += b
        zs.append(z)
        if l < last:
            a = f(z)
            acts.append(a)
    logp, p = _head(z, output)
    acts.append(p)
    return p, Trace(zs, acts), logp


def _backward_pass(
    weights: Sequence[np.ndarray],
    activation: Activation,
    trace: Trace,
    dz: np.ndarray,
    params: bool = True,
    out: Gradients | None = None,
    ones: np.ndarray | None = None,
) -> Gradients:
    """The backward pass from ``dz`` = dJ/dZ[L], for one net or ``S`` stacked ones as in `_forward_pass`.

    With ``out``, dW and db are written into its arrays. The bias gradient is ``ones @ dz``, a BLAS
    product that sums over the samples (in another order than ``dz.sum(axis=-2)``, so in other bits);
    pass ``ones`` to reuse one vector (shape ``(1, m)`` for stacked nets, whose ``db`` are ``(S, 1, n_l)``).
    """
    dfa, df = activation.df_from_output, activation.df
    L = len(weights)
    dW, db = (out.dW, out.db) if out is not None else ([None] * L, [None] * L)
    dzs, das = [None] * L, [None] * (L - 1)
    if params and ones is None:
        ones = np.ones(dz.shape[-2], dtype=dz.dtype)
    for l in range(L - 1, -1, -1):
        dzs[l] = dz
        if params:
            if out is None:
                dW[l], db[l] = dz.mT @ trace.a[l], ones @ dz
            else:
                np.matmul(dz.mT, trace.a[l], out=dW[l])
                np.matmul(ones, dz, out=db[l])
        if l:
            da = dz @ weights[l]
            das[l - 1] = da
            dz = da * (dfa(trace.a[l]) if dfa is not None else df(trace.z[l - 1]))
    return Gradients(dW if params else [], db if params else [], dzs, das)


@dataclass
class MLP:
    r"""A fully connected network: parameters plus the two functions that use them.

    Build one with [`mlp`][initlab.nn.mlp].

    Attributes
    ----------
    weights
        $W^{[1]}, \dots, W^{[L]}$, each $(n_l, n_{l-1})$ = (fan_out, fan_in).
    biases
        $b^{[1]}, \dots, b^{[L]}$, each $(n_l,)$.
    activation
        The hidden activation $\varphi$ (an [`Activation`][initlab.activations.Activation]).
    output
        ``"sigmoid"`` (one unit, binary cross-entropy) or ``"softmax"``
        ($k \ge 2$ units, cross-entropy).
    """

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    activation: Activation
    output: str = "sigmoid"

    @property
    def sizes(self) -> tuple[int, ...]:
        """Layer sizes $(n_0, n_1, \\dots, n_L)$."""
        return (self.weights[0].shape[1], *(W.shape[0] for W in self.weights))

    @property
    def n_classes(self) -> int:
        """Number of classes: 2 for a sigmoid output, $n_L$ for a softmax."""
        return 2 if self.output == "sigmoid" else self.weights[-1].shape[0]

    def copy(self) -> MLP:
        """A deep copy: training the copy leaves this network untouched."""
        return copy.deepcopy(self)

    # --- checks -----------------------------------------------------------------
    def check_X(self, X: object, name: str = "X") -> np.ndarray:
        """Return ``X`` as a finite float array of shape $(m, n_0)$, or raise naming ``name``."""
        X = np.asarray(X)
        n0 = self.sizes[0]
        if X.ndim != 2 or X.shape[1] != n0 or X.shape[0] == 0:
            raise ValueError(f"{name} must have shape (m, {n0}) with m >= 1 (rows are samples), got shape {X.shape}")
        if not (np.issubdtype(X.dtype, np.number) or X.dtype == bool) or np.iscomplexobj(X):
            raise TypeError(f"{name} must hold real numbers, got dtype {X.dtype}")
        X = X.astype(self.weights[0].dtype, copy=False)
        if not np.isfinite(X).all():
            raise ValueError(f"{name} must be finite, got {int(np.size(X) - np.isfinite(X).sum())} NaN/inf value(s)")
        return X

    def check_y(self, y: object, m: int, name: str = "y") -> np.ndarray:
        """Return labels ``y`` as an int array of shape $(m,)$ with values in $0..k-1$, or raise."""
        y = np.asarray(y)
        if y.ndim != 1 or y.shape[0] != m:
            raise ValueError(f"{name} must be a 1-D array of {m} labels (one per row of X), got shape {y.shape}")
        k = self.n_classes
        if y.dtype == bool:
            y = y.astype(np.int64)
        if not np.issubdtype(y.dtype, np.number) or np.iscomplexobj(y):
            raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
        if not np.isfinite(y).all():
            raise ValueError(f"{name} must be finite, got NaN/inf labels")
        yi = y.astype(np.int64)
        if np.any(yi != y) or np.any((yi < 0) | (yi >= k)):
            bad = y[(yi != y) | (yi < 0) | (yi >= k)][:3]
            raise ValueError(
                f"{name} must hold integer labels in 0..{k - 1} for a {self.output} output, got {bad.tolist()}"
            )
        return yi

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Labels as a target matrix $Y$ like the output: $(m, 1)$ for sigmoid, one-hot $(m, k)$ for softmax."""
        dtype = self.weights[-1].dtype
        if self.output == "sigmoid":
            return y.astype(dtype).reshape(-1, 1)
        return np.eye(self.n_classes, dtype=dtype)[y]

    # --- forward and backward -----------------------------------------------------
    def forward(self, X: object, *, trace: bool = False) -> np.ndarray | tuple[np.ndarray, Trace]:
        r"""Output probabilities $A^{[L]}$, shape $(m, n_L)$; with `trace=True` also the [`Trace`][initlab.nn.Trace]."""
        X = self.check_X(X)
        p, tr, _ = self._forward(X)
        return (p, tr) if trace else p

    def layer_input(self, X: object, layer: int) -> np.ndarray:
        r"""$A^{[l-1]}$, the input of layer $l$ = ``layer`` (1-based): ``X`` through layers $1..l-1$.

        Examples
        --------
        >>> net = mlp([2, 3, 1], init="he_normal", rng=0)
        >>> net.layer_input(np.ones((4, 2)), 1).shape, net.layer_input(np.ones((4, 2)), 2).shape
        ((4, 2), (4, 3))
        """
        L = len(self.weights)
        if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 1 <= layer <= L:
            raise ValueError(f"layer must be an integer in 1..{L}, got {layer!r}")
        a = self.check_X(X)
        for W, b in zip(self.weights[: layer - 1], self.biases[: layer - 1]):
            z = a @ W.T
            z += b
            a = self.activation.f(z)
        return a

    def _forward(self, X: np.ndarray) -> tuple[np.ndarray, Trace, np.ndarray]:
        """Unchecked forward pass; returns (probabilities, trace, log-probabilities)."""
        return _forward_pass(self.weights, self.biases, self.activation, self.output, X)

    def backward(
        self, trace: Trace, y: object = None, *, dlogits: np.ndarray | None = None, params: bool = True
    ) -> Gradients:
        r"""Back-propagation through a [`Trace`][initlab.nn.Trace] of [`forward`][initlab.nn.MLP.forward].

        For both heads the gradient of the mean cost with respect to the
        logits is $\partial J/\partial Z^{[L]} = (A^{[L]} - Y)/m$. Then, for
        $l = L, \dots, 1$,

        $$\frac{\partial J}{\partial W^{[l]}} = \Big(\frac{\partial J}{\partial Z^{[l]}}\Big)^{\!\top} A^{[l-1]},\quad
        \frac{\partial J}{\partial b^{[l]}} = \sum_i \frac{\partial J}{\partial Z^{[l]}_{i\cdot}},\quad
        \frac{\partial J}{\partial A^{[l-1]}} = \frac{\partial J}{\partial Z^{[l]}}\, W^{[l]},\quad
        \frac{\partial J}{\partial Z^{[l-1]}} = \frac{\partial J}{\partial A^{[l-1]}} \odot \varphi'(Z^{[l-1]}).$$

        Parameters
        ----------
        trace
            The trace of the forward pass.
        y
            Labels, shape $(m,)$. Not needed when ``dlogits`` is given.
        dlogits
            Use this $\partial J/\partial Z^{[L]}$ instead of the loss's
            (e.g. a random upstream gradient for a signal-propagation study).
        params
            ``False`` skips ``dW`` and ``db`` (left empty) when only the
            back-propagated signals are wanted.
        """
        if dlogits is None:
            if y is None:
                raise TypeError("backward needs the labels y (or an explicit dlogits)")
            y = self.check_y(y, trace.a[0].shape[0])
            p = trace.a[-1]
            dlogits = logit_gradient(p, self.targets(y))
        return self._backward(trace, dlogits, params)

    def _backward(self, trace: Trace, dz: np.ndarray, params: bool = True, out: Gradients | None = None) -> Gradients:
        """Unchecked backward pass from ``dz`` = dJ/dZ[L]; writes dW, db into ``out``'s arrays if given."""
        return _backward_pass(self.weights, self.activation, trace, dz, params, out)

    # --- conveniences ---------------------------------------------------------------
    def logits(self, X: object) -> np.ndarray:
        """The logits $Z^{[L]}$, shape $(m, n_L)$."""
        return self._forward(self.check_X(X))[1].z[-1]

    def loss(self, X: object, y: object) -> float:
        """The numerically stable mean cost, computed from the logits."""
        X = self.check_X(X)
        y = self.check_y(y, X.shape[0])
        _, tr, logp = self._forward(X)
        return _stable_loss(tr.z[-1], logp, self.targets(y), self.output)

    def naive_loss(self, X: object, y: object) -> float:
        """The textbook cost from probabilities ([`naive_cross_entropy`][initlab.losses.naive_cross_entropy]).

        ``inf`` once the probability of a true class rounds to 0.
        """
        X = self.check_X(X)
        return naive_cross_entropy(self.forward(X), self.check_y(y, X.shape[0]))

    def predict_proba(self, X: object) -> np.ndarray:
        """Class probabilities: $(m,)$ probability of class 1 for a sigmoid output, $(m, k)$ for a softmax."""
        p = self.forward(X)
        return p[:, 0] if self.output == "sigmoid" else p

    def predict(self, X: object) -> np.ndarray:
        """Predicted labels, shape $(m,)$: class 1 where the logit is $> 0$ (sigmoid), else the argmax."""
        z = self.logits(X)
        return (z[:, 0] > 0).astype(np.int64) if self.output == "sigmoid" else z.argmax(axis=1)


def mlp(
    sizes: Sequence[int],
    init: str | Callable[..., np.ndarray] = "he_normal",
    activation: str | Activation = "relu",
    output: Output = "sigmoid",
    bias_init: str | Callable[..., np.ndarray] = "zeros",
    rng: object = 0,
    dtype: object = np.float64,
) -> MLP:
    r"""Build an [`MLP`][initlab.nn.MLP] with layer sizes ``sizes`` = $(n_0, n_1, \dots, n_L)$.

    Parameters
    ----------
    sizes
        Input size, hidden sizes, output size; at least two entries.
        A sigmoid output needs $n_L = 1$, a softmax $n_L \ge 2$.
    init
        Weight initializer: a name in [`SCHEMES`][initlab.schemes.SCHEMES]
        or a callable ``(shape, *, rng, dtype)``. Weights are drawn layer by
        layer from one generator, so the same ``rng`` gives the same draws.
    activation
        Hidden activation: one of ``sigmoid, tanh, relu, leaky_relu, selu, gelu, linear``.
    output
        ``"sigmoid"`` with binary cross-entropy, or ``"softmax"`` with cross-entropy.
    bias_init
        Bias initializer (``"zeros"`` by default); any scheme that accepts a
        1-D shape (``zeros``, ``constant``, ``small_uniform``, ``small_normal``, ``large_normal``) or a callable.
    rng
        A `numpy.random.Generator` or an int seed.
    dtype
        float32 or float64.

    Examples
    --------
    >>> net = mlp([2, 10, 5, 1], init="zeros")
    >>> float(net.loss(np.ones((4, 2)), [0, 1, 0, 1]))      # ln 2
    0.6931471805599453
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise ValueError(f"sizes must be a sequence of at least 2 layer sizes (input, ..., output), got {sizes!r}")
    sizes = tuple(check_int("sizes", n, minimum=1) for n in sizes)
    output = check_choice("output", output, OUTPUTS)
    if output == "sigmoid" and sizes[-1] != 1:
        raise ValueError(
            f"sizes must end in 1 for a sigmoid output, got {sizes!r} (use output='softmax' for k classes)"
        )
    if output == "softmax" and sizes[-1] < 2:
        raise ValueError(f"sizes must end in k >= 2 for a softmax output, got {sizes!r}")
    if isinstance(activation, Activation):
        act = activation
    else:
        act = get_activation(check_choice("activation", activation, HIDDEN_ACTIVATIONS))
    w_init, b_init = as_initializer(init), as_initializer(bias_init)
    dtype, gen = check_dtype(dtype), as_generator(rng)
    weights, biases = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        weights.append(np.asarray(w_init((fan_out, fan_in), rng=gen, dtype=dtype), dtype=dtype))
        biases.append(np.asarray(b_init((fan_out,), rng=gen, dtype=dtype), dtype=dtype))
    for name, arrays, shapes in (
        ("init", weights, [(o, i) for i, o in zip(sizes[:-1], sizes[1:])]),
        ("bias_init", biases, [(o,) for o in sizes[1:]]),
    ):
        for arr, shape in zip(arrays, shapes):
            if arr.shape != shape:
                raise ValueError(f"{name} returned shape {arr.shape} for shape {shape}")
    return MLP(weights, biases, act, output)
