# requires: keras, jax
"""Every initlab scheme in Keras 3, on the kernel of Dense(256) with 784 inputs.

Keras stores a dense kernel as (in, out) = (784, 256), the transpose of
PyTorch and initlab; its fan_in is still 784. Keras 3 runs on TensorFlow,
JAX or PyTorch and picks TensorFlow unless told otherwise: this file runs on
JAX, or on whatever KERAS_BACKEND names.
"""

# --8<-- [start:setup]
import os

os.environ.setdefault("KERAS_BACKEND", "jax")  # before keras is imported

import keras
from keras import initializers as ki

shape = (784, 256)  # Dense(256) on 784 inputs: kernel (in, out)
# each block below sets init; draw with w = init(shape)
# --8<-- [end:setup]
drawn = {}

# --8<-- [start:zeros]
init = ki.Zeros()
# --8<-- [end:zeros]
drawn["zeros"] = init(shape)
# --8<-- [start:constant]
init = ki.Constant(0.5)
# --8<-- [end:constant]
drawn["constant"] = init(shape)
# --8<-- [start:small_uniform]
init = ki.RandomUniform(-0.1, 0.1, seed=0)  # default ±0.05
# --8<-- [end:small_uniform]
drawn["small_uniform"] = init(shape)
# --8<-- [start:small_normal]
init = ki.RandomNormal(mean=0.0, stddev=0.01, seed=0)  # default 0.05
# --8<-- [end:small_normal]
drawn["small_normal"] = init(shape)
# --8<-- [start:large_normal]
init = ki.RandomNormal(mean=0.0, stddev=10.0, seed=0)
# --8<-- [end:large_normal]
drawn["large_normal"] = init(shape)
# --8<-- [start:standard_uniform]
# PyTorch's Linear default U(±1/sqrt(fan_in)): Var = 1/(3 fan_in)
# scale = 1/3 is a variance factor: Var = scale / fan_in
init = ki.VarianceScaling(1 / 3, "fan_in", "uniform", seed=0)
# --8<-- [end:standard_uniform]
drawn["standard_uniform"] = init(shape)
# --8<-- [start:lecun_normal]
init = ki.LecunNormal(seed=0)  # truncated at ±2 std, rescaled
# --8<-- [end:lecun_normal]
drawn["lecun_normal"] = init(shape)
# --8<-- [start:lecun_uniform]
init = ki.LecunUniform(seed=0)
# --8<-- [end:lecun_uniform]
drawn["lecun_uniform"] = init(shape)
# --8<-- [start:glorot_normal]
init = ki.GlorotNormal(seed=0)  # truncated at ±2 std, rescaled
# --8<-- [end:glorot_normal]
drawn["glorot_normal"] = init(shape)
# --8<-- [start:glorot_uniform]
init = ki.GlorotUniform(seed=0)  # the Dense and Conv default
# --8<-- [end:glorot_uniform]
drawn["glorot_uniform"] = init(shape)
# --8<-- [start:he_normal]
init = ki.HeNormal(seed=0)  # truncated at ±2 std, rescaled
# --8<-- [end:he_normal]
drawn["he_normal"] = init(shape)
# --8<-- [start:he_uniform]
init = ki.HeUniform(seed=0)
# --8<-- [end:he_uniform]
drawn["he_uniform"] = init(shape)
# --8<-- [start:orthogonal]
init = ki.Orthogonal(gain=1.0, seed=0)
# --8<-- [end:orthogonal]
drawn["orthogonal"] = init(shape)

# fmt: off
# --8<-- [start:model]
model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(256, "relu", kernel_initializer="he_normal"),
    keras.layers.Dense(256, "relu", kernel_initializer="he_normal"),
    keras.layers.Dense(10),  # glorot_uniform by default
])
# --8<-- [end:model]
# fmt: on

# A 3x3 convolution from 64 to 128 channels: kernel (kh, kw, in, out), fan_in 64*9
drawn_conv = {
    "he_normal": ki.HeNormal(seed=0)((3, 3, 64, 128)),
    "glorot_uniform": ki.GlorotUniform(seed=0)((3, 3, 64, 128)),
}

drawn = {name: keras.ops.convert_to_numpy(t) for name, t in drawn.items()}
drawn_conv = {name: keras.ops.convert_to_numpy(t) for name, t in drawn_conv.items()}
for name, t in drawn.items():
    print(f"{name:17s} std {t.std():.5f}")
