"""`finetune export` of resnet, efficientnet_lite0 and vit runs, loaded by their reference
libraries: strict keys, and the same predictions as `finetune predict`; and a vit LoRA run's
PEFT adapter, loaded by peft onto timm's model, predicting as finetune.

For each architecture a small photo run (36 fashion-mnist PNGs in 3 classes, bench/vision_data.py;
`pretrained: none`, for efficientnet_lite0 `imagenet` (`finetune fetch efficientnet_lite0`);
`freeze: none`, so every tensor trains and must come back; 64 px, 1 epoch)
is trained, saved and exported with the finetune binary ($FINETUNE, else .build/debug/finetune).
model.safetensors is loaded with strict=True into torchvision.models.resnetN(num_classes=N),
the plain-torch EfficientNetLite0 of scripts/parity/efficientnet_lite0.py, or
timm.create_model('vit_tiny_patch16_224', num_classes=N, img_size=64); the four 224 px photos of
Tests/TrainingTests/Fixtures/mobilenet_v2 go through config.json's transform (Pillow:
Resize(resize) → CenterCrop(image_size) → ToTensor → Normalize(mean, std)) and the logits are
compared with `finetune predict RUN_DIR` on the same files.

The LoRA case starts from a timm vit_tiny_patch16_224 (img_size 64, torch.manual_seed(0)) saved as
safetensors, trains rank-4 updates of qkv and fc2 (freeze: lora), and loads adapter/ with
`peft.PeftModel.from_pretrained` onto that same timm model with a head of N classes (the adapter
carries the trained head in modules_to_save).

Writes Tests/TrainingTests/Fixtures/backbones-export.json: per case the largest logit difference
and whether every photo's top class agrees. Made with the bench venv (torch 2.15, torchvision
0.29.2, timm 1.0.31, peft, Pillow 13, safetensors) after `swift build`:
    $(bash scripts/bench-venv.sh | tail -1) scripts/parity/backbones_export.py
"""
import glob, json, os, subprocess, sys, tempfile

import safetensors.torch
import timm
import torch
import torchvision
from PIL import Image
from torchvision import transforms

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
sys.path.insert(0, os.path.join(root, "bench"))
sys.path.insert(0, here)
import vision_data  # noqa: E402
from efficientnet_lite0 import EfficientNetLite0  # noqa: E402

fixtures = os.path.join(root, "Tests/TrainingTests/Fixtures")
binary = os.environ.get("FINETUNE", os.path.join(root, ".build/debug/finetune"))
assets = os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune")
PHOTOS = [os.path.join(fixtures, "mobilenet_v2", p) for p in ["chelsea-224.png", "coffee-224.png", "astronaut-224.png", "rocket-224.png"]]


def reference(architecture, classes):
    if architecture.startswith("resnet"):
        return getattr(torchvision.models, architecture)(num_classes=classes)
    if architecture == "efficientnet_lite0":
        return EfficientNetLite0(num_classes=classes)
    return timm.create_model(f"{architecture}_224", pretrained=False, num_classes=classes, img_size=64)


def run(work, name, model_line, freeze_line):
    experiment = os.path.join(work, f"{name}.yaml")
    with open(experiment, "w") as f:
        f.write(f"""experiment: {name}
data: {{source: {{images: photos}}, split: {{train: 0.5, validation: 0.25, test: 0.25}}, classes: [t-shirt, trouser, bag]}}
model: {model_line}
freeze: {freeze_line}
schedule: {{epochs: 1, batch_size: 6}}
evaluation: {{metrics: [accuracy], select: validation.accuracy, final_splits: [validation]}}
output: {{save_model: true}}
""")
    results = os.path.join(work, "results")
    subprocess.run([binary, "sweep", experiment, "--results", results], check=True, stdout=subprocess.DEVNULL)
    return glob.glob(os.path.join(results, name, "runs", "*"))[0]


def compare(model, config, run_dir):
    model.eval()
    transform = transforms.Compose([transforms.Resize(config["resize"]), transforms.CenterCrop(config["image_size"]),
                                    transforms.ToTensor(), transforms.Normalize(config["mean"], config["std"])])
    with torch.no_grad():
        torch_logits = model(torch.stack([transform(Image.open(f).convert("RGB")) for f in PHOTOS])).tolist()
    lines = subprocess.run([binary, "predict", run_dir] + PHOTOS, check=True, stdout=subprocess.PIPE, text=True).stdout
    finetune_logits = [json.loads(line)["logits"] for line in lines.splitlines() if line.strip()]
    diff = max(abs(a - b) for ra, rb in zip(torch_logits, finetune_logits) for a, b in zip(ra, rb))
    top = lambda row: max(range(len(row)), key=row.__getitem__)
    return {"max_abs_difference": diff, "same_top1": [top(a) == top(b) for a, b in zip(torch_logits, finetune_logits)]}


def main():
    cases = {}
    with tempfile.TemporaryDirectory() as work:
        vision_data.write(os.path.join(work, "photos"), assets, 12)
        for architecture in ["resnet18", "resnet50", "efficientnet_lite0", "vit_tiny_patch16"]:
            pretrained = "imagenet" if architecture == "efficientnet_lite0" else "none"
            run_dir = run(work, architecture.replace("_", "-"), f"{{architecture: {architecture}, pretrained: {pretrained}, image_size: 64}}", "{strategy: none}")
            out = os.path.join(work, f"{architecture}-export")
            subprocess.run([binary, "export", run_dir, "--to", out], check=True, stdout=subprocess.DEVNULL)
            config = json.load(open(os.path.join(out, "config.json")))
            model = reference(architecture, config["num_classes"])
            model.load_state_dict(safetensors.torch.load_file(os.path.join(out, "model.safetensors")), strict=True)
            cases[architecture] = {"format": config["format"], "load": config["load"], **compare(model, config, run_dir)}
            print(architecture, cases[architecture]["max_abs_difference"], cases[architecture]["same_top1"])

        import peft
        torch.manual_seed(0)
        base = timm.create_model("vit_tiny_patch16_224", pretrained=False, img_size=64)
        start = os.path.join(work, "vit_tiny.safetensors")
        safetensors.torch.save_file(base.state_dict(), start)
        run_dir = run(work, "vit-lora", f"{{architecture: vit_tiny_patch16, pretrained: {start}, image_size: 64}}",
                      "{strategy: lora, lora: {rank: 4, alpha: 8, targets: [qkv, fc2]}}")
        config = json.load(open(os.path.join(run_dir, "result.json")))["image_input"]
        model = timm.create_model("vit_tiny_patch16_224", pretrained=False, img_size=64, num_classes=3)
        state = {k: v for k, v in safetensors.torch.load_file(start).items() if not k.startswith("head.")}
        missing, unexpected = model.load_state_dict(state, strict=False)
        assert sorted(missing) == ["head.bias", "head.weight"] and not unexpected
        model = peft.PeftModel.from_pretrained(model, os.path.join(run_dir, "adapter"))
        cases["vit_tiny_patch16 lora adapter"] = {"peft": peft.__version__, **compare(model, config, run_dir)}
        print("lora", cases["vit_tiny_patch16 lora adapter"]["max_abs_difference"])
    with open(os.path.join(fixtures, "backbones-export.json"), "w") as f:
        json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__, "timm": timm.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    worst = max(c["max_abs_difference"] for c in cases.values())
    if worst > 1e-4 or not all(all(c["same_top1"]) for c in cases.values()):
        raise SystemExit(f"export parity: logits differ by {worst:.3g}")


if __name__ == "__main__":
    main()
