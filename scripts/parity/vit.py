"""Reference logits of timm's ViTs for finetune's vit_tiny_patch16, vit_small_patch16 and
vit_base_patch16.

Writes Tests/TrainingTests/Fixtures/vit/parity.json:
- for each size, timm.create_model("vit_<size>_patch16_224", pretrained=False, img_size=32):
  the state-dict names and shapes in order, the parameter count and the logits on the formula
  input [2, 3, 32, 32] with every tensor set by the formula of scripts/parity/mobilenet_v2.py;
- "resample": tiny's formula pos_embed (a 2×2 grid at 32 px) resampled to 48 px (3×3) by
  timm.layers.resample_abs_pos_embed (bicubic, antialias, as timm does when it loads a
  checkpoint made at another size), and the logits of the 48 px model given that resampled
  state on the formula input [2, 3, 48, 48].

Made with the bench venv (torch 2.15, timm 1.0.31):
    $(bash scripts/bench-venv.sh | tail -1) scripts/parity/vit.py
"""
import json, os, sys

import timm
import torch
from timm.layers import resample_abs_pos_embed

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mobilenet_v2 import formula_input, formula_state, root  # noqa: E402

out = os.path.join(root, "Tests/TrainingTests/Fixtures/vit")


def main():
    torch.set_grad_enabled(False)
    os.makedirs(out, exist_ok=True)
    result = {"torch": torch.__version__, "timm": timm.__version__, "image_size": 32, "input_shape": [2, 3, 32, 32], "sizes": {}}
    x = formula_input([2, 3, 32, 32])
    for size in ["tiny", "small", "base"]:
        model = timm.create_model(f"vit_{size}_patch16_224", pretrained=False, img_size=32).eval()
        state = formula_state(model)
        entry = {"names": list(state.keys()), "shapes": [list(t.shape) for t in state.values()],
                 "parameters": sum(p.numel() for p in model.parameters())}
        model.load_state_dict(state)
        logits = model(x)
        entry["logits"] = logits.tolist()
        print(f"vit_{size}: {len(state)} tensors, |logit| up to {logits.abs().max().item():.3g}")
        result["sizes"][size] = entry
        if size == "tiny":
            resampled = resample_abs_pos_embed(state["pos_embed"], new_size=[3, 3], num_prefix_tokens=1)
            big = timm.create_model("vit_tiny_patch16_224", pretrained=False, img_size=48).eval()
            state["pos_embed"] = resampled
            big.load_state_dict(state)
            result["resample"] = {"image_size": 48, "input_shape": [2, 3, 48, 48], "pos_embed": resampled.flatten().tolist(),
                                  "logits": big(formula_input([2, 3, 48, 48])).tolist()}
    with open(os.path.join(out, "parity.json"), "w") as f:
        json.dump(result, f)
        f.write("\n")


if __name__ == "__main__":
    main()
