# requires: flax
"""A Flax NNX MLP whose Linear layers use He normal instead of the LeCun normal default."""

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
# --8<-- [end:model]

kernel = model.l1.kernel[...]
drawn = {"he_normal": kernel}
print("layer 1 kernel", kernel.shape, "std", float(kernel.std()))
