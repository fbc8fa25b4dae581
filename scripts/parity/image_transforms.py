"""Reference outputs of torchvision's transforms for finetune's photo pipeline.

Writes Tests/DatasetsTests/Fixtures/image-transforms.json: small real photos (pieces of the
scikit-image wheel's chelsea.png, coffee.png and astronaut.png, and Fashion-MNIST's first test
images) as raw uint8 pixels, and what torchvision 0.29.2 on Pillow 13.0.0 makes of them:

- Resize(R) of the shorter side, on the PIL image (Pillow's antialiased bilinear filter);
- Resize(R) then CenterCrop(S);
- resized_crop(top, left, height, width, size), RandomResizedCrop's resampling of a fixed window;
- the same Resize on a uint8 tensor (torchvision's own antialias kernel), to state how far the
  tensor path is from the PIL path that finetune matches;
- adjust_brightness / adjust_contrast / adjust_saturation on float tensors in 0..1.

Made with (the bench venv; FINETUNE_ASSETS holds fashion-mnist after `finetune fetch`):
    $(bash scripts/bench-venv.sh | tail -1) scripts/parity/image_transforms.py
"""
import base64, glob, io, json, os, subprocess, sys, tempfile, zipfile

import numpy as np
import PIL
import torch
import torchvision
from PIL import Image
from torchvision.transforms import v2
from torchvision.transforms.v2 import functional as F

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out_path = os.path.join(root, "Tests/DatasetsTests/Fixtures/image-transforms.json")
assets = os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune")


def skimage_photos():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "scikit-image==0.26.0", "-d", tmp], check=True)
        wheel = glob.glob(os.path.join(tmp, "*.whl"))[0]
        with zipfile.ZipFile(wheel) as z:
            return {name: Image.open(io.BytesIO(z.read(f"skimage/data/{name}"))).convert("RGB") for name in ["chelsea.png", "coffee.png", "astronaut.png"]}


def fashion(count):
    with open(os.path.join(assets, "fashion-mnist/t10k-images-idx3-ubyte"), "rb") as f:
        data = f.read()
    return [Image.frombytes("L", (28, 28), data[16 + i * 784: 16 + (i + 1) * 784]) for i in range(count)]


def encode(image):
    return {"width": image.width, "height": image.height, "channels": len(image.getbands()),
            "pixels": base64.b64encode(image.tobytes()).decode()}


def main():
    photos = skimage_photos()
    inputs = {
        # Pieces of real photos, of odd sizes and both orientations, shrunk so the file stays small.
        "cat-landscape": photos["chelsea.png"].crop((100, 20, 300, 170)).resize((67, 50), Image.BILINEAR),
        "coffee-portrait": photos["coffee.png"].crop((150, 50, 390, 370)).resize((45, 61), Image.BILINEAR),
        "astronaut-square": photos["astronaut.png"].crop((100, 0, 356, 256)).resize((64, 64), Image.BILINEAR),
        "fashion-0": fashion(2)[0],
        "fashion-1": fashion(2)[1],
    }
    cases = []
    for name, image in inputs.items():
        w, h = image.size
        tensor = F.pil_to_tensor(image)
        for resize in sorted({16, 24, 28, 32, 37, 56}):
            resized = F.resize(image, [resize], interpolation=v2.InterpolationMode.BILINEAR)
            via_tensor = F.resize(tensor, [resize], interpolation=v2.InterpolationMode.BILINEAR, antialias=True)
            diff = int((F.pil_to_tensor(resized).int() - via_tensor.int()).abs().max())
            cases.append({"input": name, "op": "resize", "resize": resize, "output": encode(resized), "tensor_path_max_diff": diff})
            for crop in sorted({min(resize, s) for s in (14, 24, 32)}):
                cropped = F.center_crop(resized, [crop])
                cases.append({"input": name, "op": "resize_center_crop", "resize": resize, "crop": crop, "output": encode(cropped)})
        for (top, left, bh, bw, size) in [(0, 0, h, w, 32), (3, 5, h // 2, w // 2, 32), (h // 3, w // 4, h // 2 + 1, w // 3 + 2, 24),
                                          (1, 2, min(h, w) - 3, min(h, w) - 5, 56), (0, 0, 7, 9, 28)]:
            cropped = F.resized_crop(image, top, left, bh, bw, [size, size], interpolation=v2.InterpolationMode.BILINEAR)
            cases.append({"input": name, "op": "resized_crop", "box": [top, left, bh, bw], "size": size, "output": encode(cropped)})
    jitter = []
    for name in ["cat-landscape", "fashion-0"]:
        # A 20×15 corner keeps the fixture small.
        x = F.to_dtype(F.pil_to_tensor(inputs[name].crop((0, 0, 20, 15))), torch.float32, scale=True)
        for op, fn in [("brightness", F.adjust_brightness), ("contrast", F.adjust_contrast), ("saturation", F.adjust_saturation)]:
            for factor in [0.6, 1.3]:
                y = fn(x, factor)
                jitter.append({"input": name, "crop": [20, 15], "op": op, "factor": factor,
                               "output": base64.b64encode(y.numpy().astype("<f4").tobytes()).decode()})
    json.dump({"made_by": f"scripts/parity/image_transforms.py with torch {torch.__version__}, torchvision {torchvision.__version__}, Pillow {PIL.__version__}",
               "inputs": {k: encode(v) for k, v in inputs.items()}, "cases": cases, "jitter": jitter},
              open(out_path, "w"), separators=(",", ":"))
    diffs = [c["tensor_path_max_diff"] for c in cases if "tensor_path_max_diff" in c]
    print(f"wrote {out_path}: {len(cases)} geometric cases, {len(jitter)} colour cases; "
          f"torchvision tensor path vs PIL path: max |diff| {max(diffs)}, cases with a difference {sum(d > 0 for d in diffs)}/{len(diffs)}")


main()
