# requires: jax
"""Every initlab scheme in JAX, on a dense kernel with 784 inputs and 256 outputs.

JAX (and Flax) store a dense kernel as (in, out) = (784, 256), the
transpose of PyTorch and initlab; its fan_in is still 784. An initializer
is a function (key, shape, dtype) -> array.
"""

# --8<-- [start:setup]
import jax
import jax.numpy as jnp
from jax.nn import initializers as ji

key = jax.random.key(0)
shape = (784, 256)  # kernel (in, out)
# each block below sets init; draw with w = init(key, shape)
# --8<-- [end:setup]
drawn = {}

# --8<-- [start:zeros]
init = ji.zeros
# --8<-- [end:zeros]
drawn["zeros"] = init(key, shape)
# --8<-- [start:constant]
init = ji.constant(0.5)
# --8<-- [end:constant]
drawn["constant"] = init(key, shape)


# --8<-- [start:small_uniform]
# ji.uniform(scale) is U[0, scale), not centred. For U(-0.1, 0.1):
def init(key, shape, dtype=jnp.float32):
    return jax.random.uniform(key, shape, dtype, -0.1, 0.1)


# --8<-- [end:small_uniform]
drawn["small_uniform"] = init(key, shape)
# --8<-- [start:small_normal]
init = ji.normal(stddev=0.01)  # also the default stddev
# --8<-- [end:small_normal]
drawn["small_normal"] = init(key, shape)
# --8<-- [start:large_normal]
init = ji.normal(stddev=10.0)
# --8<-- [end:large_normal]
drawn["large_normal"] = init(key, shape)
# --8<-- [start:standard_uniform]
# PyTorch's Linear default U(±1/sqrt(fan_in)): Var = 1/(3 fan_in)
# scale = 1/3 is a variance factor: Var = scale / fan_in
init = ji.variance_scaling(1 / 3, "fan_in", "uniform")
# --8<-- [end:standard_uniform]
drawn["standard_uniform"] = init(key, shape)
# --8<-- [start:lecun_normal]
init = ji.lecun_normal()  # truncated, rescaled; Flax's Dense default
# --8<-- [end:lecun_normal]
drawn["lecun_normal"] = init(key, shape)
# --8<-- [start:lecun_uniform]
init = ji.lecun_uniform()
# --8<-- [end:lecun_uniform]
drawn["lecun_uniform"] = init(key, shape)
# --8<-- [start:glorot_normal]
init = ji.glorot_normal()  # truncated at ±2 std, rescaled
# --8<-- [end:glorot_normal]
drawn["glorot_normal"] = init(key, shape)
# --8<-- [start:glorot_uniform]
init = ji.glorot_uniform()
# --8<-- [end:glorot_uniform]
drawn["glorot_uniform"] = init(key, shape)
# --8<-- [start:he_normal]
init = ji.he_normal()  # truncated at ±2 std, rescaled
# --8<-- [end:he_normal]
drawn["he_normal"] = init(key, shape)
# --8<-- [start:he_uniform]
init = ji.he_uniform()
# --8<-- [end:he_uniform]
drawn["he_uniform"] = init(key, shape)
# --8<-- [start:orthogonal]
init = ji.orthogonal(scale=1.0)  # scale: the gain, a std factor
# --8<-- [end:orthogonal]
drawn["orthogonal"] = init(key, shape)

# A 3x3 convolution from 64 to 128 channels: kernel (kh, kw, in, out), fan_in 64*9
drawn_conv = {
    "he_normal": ji.he_normal()(key, (3, 3, 64, 128)),
    "lecun_normal": ji.lecun_normal()(key, (3, 3, 64, 128)),
}

for name, t in drawn.items():
    print(f"{name:17s} std {float(jnp.std(t)):.5f}")
