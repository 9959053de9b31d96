# requires: flax, jax
# ruff: noqa: E402 -- each section is a whole script, imports included, so imports recur
"""Flax's layer defaults, and an NNX MLP whose Linear layers use He normal instead.

Each ``--8<--`` section is one tab of *In your framework*, a whole script
that runs as copied.
"""

# fmt: off
# --8<-- [start:defaults]
import math

from flax import nnx

dense = nnx.Linear(784, 256, rngs=nnx.Rngs(0))  # kernel (in, out)
conv = nnx.Conv(64, 128, kernel_size=(3, 3), rngs=nnx.Rngs(0))
for layer, fan_in in ((dense, 784), (conv, 64 * 3 * 3)):
    kernel, bias = layer.kernel[...], layer.bias[...]
    lecun = 1 / math.sqrt(fan_in)  # LeCun normal: Var = 1 / fan_in
    print(f"{type(layer).__name__}: kernel std = "
          f"{float(kernel.std()) / lecun:.3f} x LeCun's, "
          f"bias all zero: {bool((bias == 0).all())}")
# --8<-- [end:defaults]

# --8<-- [start:model]
import jax
from flax import nnx
from jax.nn import initializers as ji


class MLP(nnx.Module):
    def __init__(self, rngs: nnx.Rngs):
        he = ji.he_normal()  # Flax's default kernel_init is lecun_normal()
        self.l1 = nnx.Linear(784, 256, kernel_init=he, rngs=rngs)
        self.l2 = nnx.Linear(256, 256, kernel_init=he, rngs=rngs)
        self.out = nnx.Linear(256, 10, rngs=rngs)  # kernel (in, out)

    def __call__(self, x):
        x = jax.nn.relu(self.l1(x))
        x = jax.nn.relu(self.l2(x))
        return self.out(x)


model = MLP(nnx.Rngs(0))
print("layer 1 kernel std", f"{float(model.l1.kernel[...].std()):.4f}")
# --8<-- [end:model]
# fmt: on

drawn_model = {"he_normal": model.l1.kernel[...]}
