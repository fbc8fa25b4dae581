"""Small torch.save state dicts, in both formats, and what torch reads back from them.

Writes Tests/SafeTensorsTests/Fixtures/torch/:
- <case>.zip.pt     torch.save(state) (today's zip archive: archive/data.pkl, archive/data/<key>)
- <case>.legacy.pt  torch.save(state, _use_new_zipfile_serialization=False) (a pickle stream
                    followed by the raw storages, the format of torchvision's 2020 weight files)
- expected.json     for every file, each entry as torch.load(weights_only=True) returns it:
                    name, dtype, shape and the contiguous little-endian bytes (hex)

and, when the mobilenet_v2 asset is fetched (`finetune fetch mobilenet_v2`),
mobilenet_v2-digest.json: every tensor of torchvision's ImageNet file with its dtype, shape,
float64 sum and first values, for the reader's test on the real file.

Made with the bench venv (torch 2.15):
    $(bash scripts/bench-venv.sh | tail -1) scripts/parity/torch_checkpoints.py
"""
import collections, json, os

import torch

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(root, "Tests/SafeTensorsTests/Fixtures/torch")
assets = os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune")

DTYPES = {
    torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}


def cases():
    g = torch.Generator().manual_seed(7)

    def randn(*shape, dtype=torch.float32):
        return torch.randn(*shape, generator=g).to(dtype)

    dtypes = collections.OrderedDict()
    dtypes["f32"] = randn(2, 3)
    dtypes["f64"] = randn(3, dtype=torch.float64)
    dtypes["f16"] = randn(2, 2, dtype=torch.float16)
    dtypes["bf16"] = randn(5, dtype=torch.bfloat16)
    dtypes["i64"] = torch.tensor([-(2**40), 0, 2**40 + 3])
    dtypes["i32"] = torch.tensor([[-7, 8], [9, 2**31 - 1]], dtype=torch.int32)
    dtypes["i16"] = torch.tensor([-300, 300], dtype=torch.int16)
    dtypes["i8"] = torch.tensor([-128, 127, 5], dtype=torch.int8)
    dtypes["u8"] = torch.tensor([0, 255, 17], dtype=torch.uint8)
    dtypes["bool"] = torch.tensor([True, False, True])

    base = randn(4, 6)
    views = collections.OrderedDict()
    views["base"] = base                                  # the storage the next four share
    views["transposed"] = base.t()                        # strides (1, 6)
    views["every_other_column"] = base[:, ::2]            # strides (6, 2)
    views["row_slice"] = base[1:3]                        # storage offset 6
    views["column"] = base[:, 5]                          # offset 5, stride 6
    views["same_tensor_again"] = base                     # one storage, two names
    views["expanded"] = randn(3, 1).expand(3, 4)          # stride 0
    views["scalar"] = torch.tensor(2.5)                   # shape []
    views["empty"] = torch.zeros(0)
    views["empty_2d"] = torch.zeros(2, 0, 3)
    views["permuted_3d"] = randn(2, 3, 4).permute(2, 0, 1)
    views["long_counter"] = torch.tensor(17)              # num_batches_tracked-like int64 scalar

    # A module's state dict: an OrderedDict with _metadata, BatchNorm buffers, names with dots.
    torch.manual_seed(3)
    module = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3, bias=False), torch.nn.BatchNorm2d(3), torch.nn.ReLU(),
                                 torch.nn.Flatten(), torch.nn.Linear(3, 2))
    module[1].running_mean.normal_()
    module[1].running_var.uniform_(0.5, 2)
    module.state_dict()  # keep
    return {"dtypes": dtypes, "views": views, "module": module.state_dict()}


def record(state):
    entries = []
    for name, tensor in state.items():
        flat = tensor.contiguous().reshape(-1)
        raw = flat.view(torch.uint8) if flat.numel() > 0 else torch.zeros(0, dtype=torch.uint8)
        entries.append({"name": name, "dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "hex": bytes(raw.tolist()).hex()})
    return entries


def main():
    os.makedirs(out, exist_ok=True)
    expected = {"torch": torch.__version__, "files": {}}
    for name, state in cases().items():
        for fmt, zipped in [("zip", True), ("legacy", False)]:
            file = f"{name}.{fmt}.pt"
            path = os.path.join(out, file)
            torch.save(state, path, _use_new_zipfile_serialization=zipped)
            loaded = torch.load(path, weights_only=True)
            expected["files"][file] = record(loaded)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")

    weights = os.path.join(assets, "mobilenet_v2", "mobilenet_v2-b0353104.pth")
    if os.path.exists(weights):
        state = torch.load(weights, weights_only=True)
        digest = []
        for name, tensor in state.items():
            flat = tensor.reshape(-1)
            digest.append({"name": name, "dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape),
                           "sum": float(flat.double().sum()), "first": [float(v) for v in flat[:4].double()]})
        with open(os.path.join(out, "mobilenet_v2-digest.json"), "w") as f:
            json.dump({"torch": torch.__version__, "file": os.path.basename(weights), "tensors": digest}, f, indent=1)
            f.write("\n")
    print("wrote", out)


if __name__ == "__main__":
    main()
