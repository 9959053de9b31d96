# requires: keras, jax
# ruff: noqa: E402 -- each section is a whole script, imports included, so imports recur
"""Every initlab scheme, the layer defaults and a whole model, in Keras 3.

Keras stores a dense kernel as (in, out) = (784, 256), the transpose of
PyTorch and initlab; its fan_in is still 784. Keras 3 runs on TensorFlow,
JAX or PyTorch and picks TensorFlow unless told otherwise: every section
runs on JAX, or on whatever KERAS_BACKEND names. Each ``--8<--`` section is
one tab of *In your framework*, a whole script that runs as copied.
"""

# fmt: off
# --8<-- [start:schemes]
import os

os.environ.setdefault("KERAS_BACKEND", "jax")  # before keras is imported

import keras
from keras import initializers as ki

inits = {  # initlab's name: an initializer, called as init(shape)
    "zeros": ki.Zeros(),
    "constant": ki.Constant(0.5),
    "small_uniform": ki.RandomUniform(-0.1, 0.1, seed=0),  # default ±0.05
    "small_normal": ki.RandomNormal(stddev=0.01, seed=0),  # default 0.05
    "large_normal": ki.RandomNormal(stddev=10.0, seed=0),
    # PyTorch's nn.Linear default, U(±1/sqrt(fan_in)): Var = 1/(3 fan_in);
    # scale is a variance factor, Var = scale / fan_in
    "standard_uniform": ki.VarianceScaling(1 / 3, "fan_in", "uniform", seed=0),
    "lecun_normal": ki.LecunNormal(seed=0),  # truncated at ±2 std, rescaled
    "lecun_uniform": ki.LecunUniform(seed=0),
    "glorot_normal": ki.GlorotNormal(seed=0),  # truncated, rescaled
    "glorot_uniform": ki.GlorotUniform(seed=0),  # the Dense and Conv default
    "he_normal": ki.HeNormal(seed=0),  # truncated, rescaled
    "he_uniform": ki.HeUniform(seed=0),
    "orthogonal": ki.Orthogonal(gain=1.0, seed=0),
}
shape = (784, 256)  # the kernel of Dense(256) on 784 inputs: (in, out)
for name, init in inits.items():
    w = init(shape)
    print(f"{name:16} std {float(keras.ops.std(w)):.4f}")
# --8<-- [end:schemes]
# fmt: on

drawn = {name: keras.ops.convert_to_numpy(init(shape)) for name, init in inits.items()}

# fmt: off
# --8<-- [start:defaults]
import os

os.environ.setdefault("KERAS_BACKEND", "jax")  # before keras is imported

import keras

dense = keras.layers.Dense(256)
dense.build((None, 784))  # kernel (in, out) = (784, 256)
conv = keras.layers.Conv2D(128, 3)
conv.build((None, 8, 8, 64))  # kernel (kh, kw, in, out) = (3, 3, 64, 128)
for layer in (dense, conv):
    print(type(layer).__name__,
          type(layer.kernel_initializer).__name__,  # GlorotUniform
          type(layer.bias_initializer).__name__)  # Zeros
lstm = keras.layers.LSTM(4)
lstm.build((None, 3, 5))
bias = keras.ops.convert_to_numpy(lstm.cell.bias)  # gates i, f, c, o
print("LSTM forget-gate bias", bias[4:8])  # 1: unit_forget_bias=True
# --8<-- [end:defaults]
# fmt: on

# fmt: off
# --8<-- [start:model]
import os

os.environ.setdefault("KERAS_BACKEND", "jax")  # before keras is imported

import keras

model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(256, "relu", kernel_initializer="he_normal"),
    keras.layers.Dense(256, "relu", kernel_initializer="he_normal"),
    keras.layers.Dense(10),  # glorot_uniform by default
])
kernel = model.layers[0].kernel  # (in, out) = (784, 256)
print("layer 1 kernel std", f"{float(keras.ops.std(kernel)):.4f}")
# --8<-- [end:model]
# fmt: on

# A 3x3 convolution from 64 to 128 channels: kernel (kh, kw, in, out), fan_in 64*9
drawn_conv = {
    "he_normal": ki.HeNormal(seed=0)((3, 3, 64, 128)),
    "glorot_uniform": ki.GlorotUniform(seed=0)((3, 3, 64, 128)),
}
drawn_conv = {name: keras.ops.convert_to_numpy(t) for name, t in drawn_conv.items()}
drawn_model = {"he_normal": keras.ops.convert_to_numpy(model.layers[0].kernel)}
