"""Reference logits of torchvision's ResNet-18, -34 and -50 for finetune's resnet18/34/50.

Writes Tests/TrainingTests/Fixtures/resnet/parity.json: for each depth,
torchvision.models.resnetN() with every tensor of its state dict set by the formula of
scripts/parity/mobilenet_v2.py (tensor k in state-dict order, element j; no weights file is
committed, both sides compute the same float32 values), in eval mode, on that script's formula
input [2, 3, 64, 64]: the state-dict names in order and the logits.

Made with the bench venv (torch 2.15, torchvision 0.29.2):
    $(bash scripts/bench-venv.sh | tail -1) scripts/parity/resnet.py
"""
import json, os, sys

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mobilenet_v2 import formula_input, formula_state, root  # noqa: E402

out = os.path.join(root, "Tests/TrainingTests/Fixtures/resnet")


def main():
    torch.set_grad_enabled(False)
    os.makedirs(out, exist_ok=True)
    result = {"torch": torch.__version__, "torchvision": torchvision.__version__, "input_shape": [2, 3, 64, 64], "depths": {}}
    x = formula_input([2, 3, 64, 64])
    for depth in [18, 34, 50]:
        model = getattr(torchvision.models, f"resnet{depth}")().eval()
        state = formula_state(model)
        model.load_state_dict(state)
        logits = model(x)
        result["depths"][str(depth)] = {"names": list(state.keys()), "parameters": sum(p.numel() for p in model.parameters()),
                                        "logits": logits.tolist()}
        print(f"resnet{depth}: {len(state)} tensors, |logit| up to {logits.abs().max().item():.3g}")
    with open(os.path.join(out, "parity.json"), "w") as f:
        json.dump(result, f)
        f.write("\n")


if __name__ == "__main__":
    main()
