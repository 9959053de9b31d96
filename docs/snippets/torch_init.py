# requires: torch
"""Every initlab scheme in PyTorch, on the weight of nn.Linear(784, 256).

PyTorch stores a dense weight as (out, in) = (256, 784), like initlab, so
fan_in is 784. Each section below is one scheme; `drawn` keeps a copy of
every result so the test suite can check its std against initlab's formula.
"""

# --8<-- [start:setup]
import math

import torch
from torch import nn

w = torch.empty(256, 784)  # nn.Linear(784, 256).weight: (out, in)
# each block below fills w in place
# --8<-- [end:setup]
torch.manual_seed(0)
drawn = {}

# --8<-- [start:zeros]
nn.init.zeros_(w)
# --8<-- [end:zeros]
drawn["zeros"] = w.clone()
# --8<-- [start:constant]
nn.init.constant_(w, 0.5)
# --8<-- [end:constant]
drawn["constant"] = w.clone()
# --8<-- [start:small_uniform]
nn.init.uniform_(w, -0.1, 0.1)  # the default is U(0, 1)
# --8<-- [end:small_uniform]
drawn["small_uniform"] = w.clone()
# --8<-- [start:small_normal]
nn.init.normal_(w, mean=0.0, std=0.01)  # the default std is 1
# --8<-- [end:small_normal]
drawn["small_normal"] = w.clone()
# --8<-- [start:large_normal]
nn.init.normal_(w, mean=0.0, std=10.0)
# --8<-- [end:large_normal]
drawn["large_normal"] = w.clone()
# --8<-- [start:standard_uniform]
# What nn.Linear and nn.Conv* do by default: U(±1/sqrt(fan_in)), not He
nn.init.kaiming_uniform_(w, a=math.sqrt(5))
# --8<-- [end:standard_uniform]
drawn["standard_uniform"] = w.clone()
# --8<-- [start:lecun_normal]
nn.init.kaiming_normal_(w, nonlinearity="linear")  # no lecun_normal_
# --8<-- [end:lecun_normal]
drawn["lecun_normal"] = w.clone()
# --8<-- [start:lecun_uniform]
nn.init.kaiming_uniform_(w, nonlinearity="linear")
# --8<-- [end:lecun_uniform]
drawn["lecun_uniform"] = w.clone()
# --8<-- [start:glorot_normal]
nn.init.xavier_normal_(w)  # untruncated
# --8<-- [end:glorot_normal]
drawn["glorot_normal"] = w.clone()
# --8<-- [start:glorot_uniform]
nn.init.xavier_uniform_(w)
# --8<-- [end:glorot_uniform]
drawn["glorot_uniform"] = w.clone()
# --8<-- [start:he_normal]
nn.init.kaiming_normal_(w, nonlinearity="relu")  # untruncated
# --8<-- [end:he_normal]
drawn["he_normal"] = w.clone()
# --8<-- [start:he_uniform]
nn.init.kaiming_uniform_(w, nonlinearity="relu")
# --8<-- [end:he_uniform]
drawn["he_uniform"] = w.clone()
# --8<-- [start:orthogonal]
nn.init.orthogonal_(w, gain=1.0)
# --8<-- [end:orthogonal]
drawn["orthogonal"] = w.clone()

# fmt: off
# --8<-- [start:model]
model = nn.Sequential(
    nn.Linear(784, 256), nn.ReLU(),
    nn.Linear(256, 256), nn.ReLU(),
    nn.Linear(256, 10),
)


def init_weights(m: nn.Module) -> None:
    if isinstance(m, (nn.Linear, nn.Conv2d)):
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
        nn.init.zeros_(m.bias)


model.apply(init_weights)  # visits every submodule
# --8<-- [end:model]
# fmt: on

# A 3x3 convolution from 64 to 128 channels: weight (out, in, kh, kw), fan_in 64*9
conv = torch.empty(128, 64, 3, 3)
nn.init.kaiming_normal_(conv, nonlinearity="relu")
drawn_conv = {"he_normal": conv, "standard_uniform": nn.Conv2d(64, 128, 3).weight.detach()}

for name, t in drawn.items():
    print(f"{name:17s} std {t.std().item():.5f}")
print("model layer 1 std", f"{model[0].weight.std().item():.5f}")
