"""`finetune export` of a mobilenet_v2 run, loaded by torchvision: strict keys, and the same
predictions as `finetune predict`.

Trains a small photo run (head-only is not enough: every tensor must come back, so `none`)
with the release binary, exports it, loads model.safetensors into
`torchvision.models.mobilenet_v2(num_classes=N)` with `strict=True`, reads the four committed
224 px centre crops of Tests/TrainingTests/Fixtures/mobilenet_v2 (the run reads 224 px, so the
resize and crop leave them as they are and both sides see the same pixels) with the transform config.json names
(Pillow: Resize(resize) → CenterCrop(image_size) → ToTensor → Normalize(mean, std)), and compares
the logits with `finetune predict RUN_DIR` on the same files. Writes
Tests/TrainingTests/Fixtures/mobilenet_v2/export.json: the torchvision state-dict names and
shapes for num_classes N, the config fields, both logits and their largest difference.

Made with the bench venv (torch 2.15, torchvision 0.29.2, Pillow 13, safetensors):
    $(bash scripts/bench-venv.sh | tail -1) scripts/parity/mobilenet_v2_export.py
"""
import glob, json, os, subprocess, sys, tempfile

import safetensors.torch
import torch
import torchvision
from PIL import Image
from torchvision import transforms

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(root, "bench"))
import vision_data  # noqa: E402

fixtures = os.path.join(root, "Tests/TrainingTests/Fixtures/mobilenet_v2")
binary = os.environ.get("FINETUNE", os.path.join(root, ".build/release/finetune"))
assets = os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune")
PHOTOS = ["chelsea-224.png", "coffee-224.png", "astronaut-224.png", "rocket-224.png"]


def main():
    with tempfile.TemporaryDirectory() as work:
        folder = vision_data.write(os.path.join(work, "photos"), assets, 12)
        experiment = os.path.join(work, "export.yaml")
        with open(experiment, "w") as f:
            f.write("""experiment: export
data: {source: {images: photos}, split: {train: 0.5, validation: 0.25, test: 0.25}, classes: [t-shirt, trouser, bag]}
model: {architecture: mobilenet_v2, pretrained: imagenet, image_size: 224}
freeze: {strategy: none}
schedule: {epochs: 1, batch_size: 6}
evaluation: {metrics: [accuracy], select: validation.accuracy, final_splits: [validation]}
output: {save_model: true}
""")
        results = os.path.join(work, "results")
        subprocess.run([binary, "sweep", experiment, "--results", results], check=True, stdout=subprocess.DEVNULL)
        run = glob.glob(os.path.join(results, "export", "runs", "*"))[0]
        out = os.path.join(work, "exported")
        subprocess.run([binary, "export", run, "--to", out], check=True, stdout=subprocess.DEVNULL)
        config = json.load(open(os.path.join(out, "config.json")))
        state = safetensors.torch.load_file(os.path.join(out, "model.safetensors"))
        model = torchvision.models.mobilenet_v2(num_classes=config["num_classes"])
        model.load_state_dict(state, strict=True)
        model.eval()
        transform = transforms.Compose([transforms.Resize(config["resize"]), transforms.CenterCrop(config["image_size"]),
                                        transforms.ToTensor(), transforms.Normalize(config["mean"], config["std"])])
        files = [os.path.join(fixtures, p) for p in PHOTOS]
        with torch.no_grad():
            x = torch.stack([transform(Image.open(f).convert("RGB")) for f in files])
            torch_logits = model(x).tolist()
        lines = subprocess.run([binary, "predict", run] + files, check=True, stdout=subprocess.PIPE, text=True).stdout
        finetune_logits = [json.loads(line)["logits"] for line in lines.splitlines() if line.strip()]
        diff = max(abs(a - b) for ra, rb in zip(torch_logits, finetune_logits) for a, b in zip(ra, rb))
        reference = {
            "num_classes": config["num_classes"],
            "state": [[name, list(tensor.shape)] for name, tensor in torchvision.models.mobilenet_v2(num_classes=config["num_classes"]).state_dict().items()],
            "config": {k: config[k] for k in ["format", "architecture", "num_classes", "labels", "image_size", "resize", "channels", "mean", "std"]},
            "photos": PHOTOS,
            "torchvision_logits": torch_logits,
            "finetune_logits": finetune_logits,
            "max_abs_difference": diff,
            "same_top1": [max(range(len(a)), key=a.__getitem__) == max(range(len(b)), key=b.__getitem__) for a, b in zip(torch_logits, finetune_logits)],
        }
        with open(os.path.join(fixtures, "export.json"), "w") as f:
            json.dump(reference, f, indent=1)
        print(f"strict load ok; {len(files)} photos; largest logit difference {diff:.3g}")
        if diff > 1e-4:
            raise SystemExit("export parity: logits differ by more than 1e-4")


if __name__ == "__main__":
    main()
