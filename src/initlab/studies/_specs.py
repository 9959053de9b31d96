r"""What every study shares: scheme specs, seeds, float64 statistics."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

from ..schemes import Scheme, as_initializer, get_scheme

SchemeSpec = str | Scheme | Callable[..., np.ndarray]


def scheme_list(schemes: object) -> tuple[tuple[str, ...], tuple[str, ...], list[Callable[..., np.ndarray]]]:
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


def seed_from(gen: np.random.Generator) -> int:
    return int(gen.integers(2**63))


def mean_std(x: np.ndarray) -> tuple[float, float]:
    """Mean and std accumulated in float64 (one conversion; float32 squares would overflow sooner).

    The std is given the mean, which it would otherwise compute again, in the same way.
    """
    x = x.astype(np.float64, copy=False)
    mean = x.mean(keepdims=True)
    return float(mean.item()), float(x.std(mean=mean))


def forward_layers(
    weights: Iterable[np.ndarray], biases: Iterable[np.ndarray], f: Callable[[np.ndarray], np.ndarray], X: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    r"""Each layer's $Z = A W^\top + b$ and $\varphi(Z)$ in turn, from $A = X$ through these layers.

    The operations of a net's forward pass ([`MLP.forward`][initlab.nn.MLP.forward]), so the
    same bits, for a study that needs each layer once: no trace is kept, so a layer's arrays are
    freed, and their memory reused, once the next layer is computed (fresh memory costs page
    faults). Pass a net's ``weights[:-1]`` and ``biases[:-1]`` for its hidden layers.
    """
    a = X
    for W, b in zip(weights, biases):
        z = a @ W.mT
        z += b
        a = f(z)
        yield z, a
