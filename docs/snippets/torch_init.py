# requires: torch
# ruff: noqa: E402 -- each section is a whole script, imports included, so imports recur
"""Every initlab scheme, the layer defaults and a whole model, in PyTorch.

PyTorch stores a dense weight as (out, in) = (256, 784), like initlab, so
fan_in is 784. Each ``--8<--`` section is one tab of *In your framework*, a
whole script that runs as copied; the lines outside the sections keep what
the sections drew, for the test suite to check against initlab's formulas.
"""

# fmt: off
# --8<-- [start:schemes]
import math
from functools import partial

import torch
from torch import nn

inits = {  # initlab's name: the call that fills a weight w in place
    "zeros": nn.init.zeros_,
    "constant": partial(nn.init.constant_, val=0.5),
    # the defaults differ: uniform_ draws U(0, 1), normal_ has std 1
    "small_uniform": partial(nn.init.uniform_, a=-0.1, b=0.1),
    "small_normal": partial(nn.init.normal_, std=0.01),
    "large_normal": partial(nn.init.normal_, std=10.0),
    # the nn.Linear and nn.Conv* default, U(±1/sqrt(fan_in)): not He
    "standard_uniform": partial(nn.init.kaiming_uniform_, a=math.sqrt(5)),
    # LeCun has no function of its own: Kaiming with the linear gain
    "lecun_normal": partial(nn.init.kaiming_normal_, nonlinearity="linear"),
    "lecun_uniform": partial(nn.init.kaiming_uniform_, nonlinearity="linear"),
    "glorot_normal": nn.init.xavier_normal_,  # untruncated
    "glorot_uniform": nn.init.xavier_uniform_,
    "he_normal": partial(nn.init.kaiming_normal_, nonlinearity="relu"),
    "he_uniform": partial(nn.init.kaiming_uniform_, nonlinearity="relu"),
    "orthogonal": partial(nn.init.orthogonal_, gain=1.0),
}
torch.manual_seed(0)
for name, init in inits.items():
    w = torch.empty(256, 784)  # nn.Linear(784, 256).weight: (out, in)
    init(w)
    print(f"{name:16} std {w.std().item():.4f}")
# --8<-- [end:schemes]
# fmt: on

torch.manual_seed(0)
drawn = {}
for name, init in inits.items():
    drawn[name] = init(torch.empty(256, 784)).clone()

# fmt: off
# --8<-- [start:defaults]
import math

import torch
from torch import nn

torch.manual_seed(0)
for layer, fan_in in ((nn.Linear(784, 256), 784),
                      (nn.Conv2d(64, 128, 3), 64 * 3 * 3)):
    bound = 1 / math.sqrt(fan_in)  # weight and bias: U(±bound)
    w_max = layer.weight.abs().max().item() / bound
    b_max = layer.bias.abs().max().item() / bound
    print(f"{type(layer).__name__}: max |w| = {w_max:.3f} bound, "
          f"max |b| = {b_max:.3f} bound")
    nn.init.zeros_(layer.bias)  # start the bias at zero yourself
# --8<-- [end:defaults]
# fmt: on

# fmt: off
# --8<-- [start:model]
import torch
from torch import nn

model = nn.Sequential(
    nn.Linear(784, 256), nn.ReLU(),
    nn.Linear(256, 256), nn.ReLU(),
    nn.Linear(256, 10),
)


def init_weights(m: nn.Module) -> None:
    if isinstance(m, (nn.Linear, nn.Conv2d)):
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
        nn.init.zeros_(m.bias)


torch.manual_seed(0)
model.apply(init_weights)  # visits every submodule
print("layer 1 weight std", f"{model[0].weight.std().item():.4f}")
# --8<-- [end:model]
# fmt: on

# A 3x3 convolution from 64 to 128 channels: weight (out, in, kh, kw), fan_in 64*9
conv = torch.empty(128, 64, 3, 3)
nn.init.kaiming_normal_(conv, nonlinearity="relu")
drawn_conv = {"he_normal": conv, "standard_uniform": nn.Conv2d(64, 128, 3).weight.detach()}
drawn_model = {"he_normal": model[0].weight.detach()}
