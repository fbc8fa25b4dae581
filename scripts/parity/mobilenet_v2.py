"""Reference logits of torchvision's MobileNetV2 for finetune's mobilenet_v2.

Writes Tests/TrainingTests/Fixtures/mobilenet_v2/:
- parity.json:
  - "random": torchvision.models.mobilenet_v2() with every tensor of its state dict set by a
    formula both sides compute exactly (below), in eval mode, on a formula input [2, 3, 64, 64]:
    the state-dict names in order and the logits;
  - "imagenet": torchvision's ImageNet weights (mobilenet_v2-b0353104.pth, the asset
    `finetune fetch mobilenet_v2` fetches) on four photos of the scikit-image 0.26.0 wheel,
    Resize(256) → CenterCrop(224) on the PIL image → ToTensor → Normalize(ImageNet): every
    logit and the top-5 classes with their probabilities;
- <photo>-224.png: the centre crops above (uint8 RGB), so the Swift side reads the same pixels
  without Pillow (its PNG decoder equals Pillow's).

The formula: tensor k (0-based, state-dict order), element j (row-major):
    u = ((j * 2654435761 + (k + 1) * 40503) mod 2**32) / 2**32 - 0.5      (float64, exact)
    conv / linear weight  u * 2 * sqrt(3 / fan_in)   fan_in = prod(shape[1:])
    BN weight 1 + 0.2 u, BN bias 0.1 u, running_mean 0.1 u, running_var 1 + 0.5 (u + 0.5),
    linear bias 0.1 u, num_batches_tracked 0; then rounded to float32.
    input element j: ((j * 2246822519 + 12345) mod 2**32) / 2**32 * 4 - 2.

Made with the bench venv (torch 2.15, torchvision 0.29.2, Pillow 13):
    $(bash scripts/bench-venv.sh | tail -1) scripts/parity/mobilenet_v2.py
"""
import glob, io, json, math, os, subprocess, sys, tempfile, zipfile

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision.transforms import v2

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(root, "Tests/TrainingTests/Fixtures/mobilenet_v2")
assets = os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune")
PHOTOS = ["chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg"]


def uniform(k, n):
    j = np.arange(n, dtype=np.uint64)
    raw = (j * np.uint64(2654435761) + np.uint64((k + 1) * 40503)) % np.uint64(2**32)
    return raw.astype(np.float64) / 2.0**32 - 0.5


def formula_state(model):
    state = {}
    for k, (name, tensor) in enumerate(model.state_dict().items()):
        n, shape = tensor.numel(), list(tensor.shape)
        u = uniform(k, n)
        if name.endswith("num_batches_tracked"):
            state[name] = torch.zeros_like(tensor)
            continue
        if name.endswith("running_var"):
            values = 1 + 0.5 * (u + 0.5)
        elif name.endswith("running_mean") or name.endswith("bias"):
            values = 0.1 * u
        elif len(shape) >= 2:
            values = u * (2 * math.sqrt(3 / math.prod(shape[1:])))
        else:  # BatchNorm weight
            values = 1 + 0.2 * u
        state[name] = torch.from_numpy(values.astype(np.float32)).reshape(shape)
    return state


def formula_input(shape):
    n = math.prod(shape)
    j = np.arange(n, dtype=np.uint64)
    raw = (j * np.uint64(2246822519) + np.uint64(12345)) % np.uint64(2**32)
    return torch.from_numpy((raw.astype(np.float64) / 2.0**32 * 4 - 2).astype(np.float32)).reshape(shape)


def photos():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "scikit-image==0.26.0", "-d", tmp], check=True)
        wheel = glob.glob(os.path.join(tmp, "*.whl"))[0]
        with zipfile.ZipFile(wheel) as z:
            return {name: Image.open(io.BytesIO(z.read(f"skimage/data/{name}"))).convert("RGB") for name in PHOTOS}


def main():
    torch.set_grad_enabled(False)
    os.makedirs(out, exist_ok=True)
    model = torchvision.models.mobilenet_v2().eval()
    state = formula_state(model)
    model.load_state_dict(state)
    x = formula_input([2, 3, 64, 64])
    logits = model(x)
    result = {"torch": torch.__version__, "torchvision": torchvision.__version__,
              "random": {"names": list(state.keys()), "input_shape": [2, 3, 64, 64], "logits": logits.tolist()}}

    weights = os.path.join(assets, "mobilenet_v2", "mobilenet_v2-b0353104.pth")
    model = torchvision.models.mobilenet_v2()
    model.load_state_dict(torch.load(weights, weights_only=True))
    model.eval()
    crop = v2.Compose([v2.Resize(256), v2.CenterCrop(224)])
    normalize = v2.Compose([v2.PILToTensor(), v2.ToDtype(torch.float32, scale=True),
                            v2.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    categories = torchvision.models.MobileNet_V2_Weights.IMAGENET1K_V1.meta["categories"]
    cases = []
    for name, image in photos().items():
        cropped = crop(image)
        stem = name.rsplit(".", 1)[0]
        cropped.save(os.path.join(out, f"{stem}-224.png"))
        assert np.array_equal(np.asarray(Image.open(os.path.join(out, f"{stem}-224.png")).convert("RGB")), np.asarray(cropped))
        row = model(normalize(cropped).unsqueeze(0))[0]
        probabilities = row.softmax(0)
        top = probabilities.topk(5)
        cases.append({"photo": f"{stem}-224.png", "logits": row.tolist(),
                      "top5": [{"class": int(i), "name": categories[int(i)], "probability": float(p)} for p, i in zip(top.values, top.indices)]})
        print(name, [(c["class"], c["name"], round(c["probability"], 3)) for c in cases[-1]["top5"][:3]])
    result["imagenet"] = {"weights": os.path.basename(weights), "cases": cases}
    with open(os.path.join(out, "parity.json"), "w") as f:
        json.dump(result, f)
        f.write("\n")


if __name__ == "__main__":
    main()
