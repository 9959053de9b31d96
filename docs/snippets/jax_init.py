# requires: jax
"""Every initlab scheme in JAX, on a dense kernel with 784 inputs and 256 outputs.

JAX (and Flax) store a dense kernel as (in, out) = (784, 256), the
transpose of PyTorch and initlab; its fan_in is still 784. An initializer
is a function (key, shape, dtype) -> array. The ``schemes`` section is one
tab of *In your framework*, a whole script that runs as copied.
"""

# fmt: off
# --8<-- [start:schemes]
import jax
import jax.numpy as jnp
from jax.nn import initializers as ji


def small_uniform(key, shape, dtype=jnp.float32):  # U(-0.1, 0.1)
    return jax.random.uniform(key, shape, dtype, -0.1, 0.1)


inits = {  # initlab's name: a function, called as init(key, shape)
    "zeros": ji.zeros,
    "constant": ji.constant(0.5),
    "small_uniform": small_uniform,  # ji.uniform(s) is U[0, s), not centred
    "small_normal": ji.normal(stddev=0.01),  # also the default stddev
    "large_normal": ji.normal(stddev=10.0),
    # PyTorch's nn.Linear default, U(±1/sqrt(fan_in)): Var = 1/(3 fan_in);
    # scale is a variance factor, Var = scale / fan_in
    "standard_uniform": ji.variance_scaling(1 / 3, "fan_in", "uniform"),
    "lecun_normal": ji.lecun_normal(),  # truncated, rescaled; Flax's default
    "lecun_uniform": ji.lecun_uniform(),
    "glorot_normal": ji.glorot_normal(),  # truncated at ±2 std, rescaled
    "glorot_uniform": ji.glorot_uniform(),
    "he_normal": ji.he_normal(),  # truncated at ±2 std, rescaled
    "he_uniform": ji.he_uniform(),
    "orthogonal": ji.orthogonal(scale=1.0),  # scale: the gain, a std factor
}
key = jax.random.key(0)
shape = (784, 256)  # a dense kernel with 784 inputs: (in, out)
for name, init in inits.items():
    w = init(key, shape)
    print(f"{name:16} std {float(w.std()):.4f}")
# --8<-- [end:schemes]
# fmt: on

drawn = {name: init(key, shape) for name, init in inits.items()}

# A 3x3 convolution from 64 to 128 channels: kernel (kh, kw, in, out), fan_in 64*9
drawn_conv = {
    "he_normal": ji.he_normal()(key, (3, 3, 64, 128)),
    "lecun_normal": ji.lecun_normal()(key, (3, 3, 64, 128)),
}
