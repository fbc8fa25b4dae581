"""The vision bench cases' photo folder: Fashion-MNIST product photos written as PNG files in
one subfolder per class, as torchvision's ImageFolder (and finetune's `{images: FOLDER}`) read
them.

The first PER_CLASS photos of each class in the file order of the shipped training set
(train-images-idx3-ubyte, unpacked in the asset cache by `finetune fetch fashion-mnist`) are
written as 28×28 gray PNGs, `<class>/<index>.png`; a folder already holding every file is
reused. Needs Pillow (the bench venv, scripts/bench-venv.sh)."""
import gzip
import os
import struct

CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def idx(path):
    """An IDX file's dimensions and bytes (big-endian header: magic, then one size per dimension)."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def write(folder, assets, per_class):
    """Writes `per_class` photos of each class into `folder`; returns the folder."""
    from PIL import Image
    names = [os.path.join(folder, c, f"{i:05d}.png") for c in CLASSES for i in range(per_class)]
    if all(os.path.exists(n) for n in names):
        return folder
    root = os.path.join(assets, "fashion-mnist")
    (count, rows, cols), pixels = idx(os.path.join(root, "train-images-idx3-ubyte"))
    _, labels = idx(os.path.join(root, "train-labels-idx1-ubyte"))
    written = [0] * len(CLASSES)
    for c in CLASSES:
        os.makedirs(os.path.join(folder, c), exist_ok=True)
    for i in range(count):
        label = labels[i]
        if written[label] >= per_class:
            continue
        photo = Image.frombytes("L", (cols, rows), pixels[i * rows * cols:(i + 1) * rows * cols])
        photo.save(os.path.join(folder, CLASSES[label], f"{written[label]:05d}.png"))
        written[label] += 1
        if min(written) >= per_class:
            break
    return folder


if __name__ == "__main__":
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--per-class", type=int, default=200)
    p.add_argument("--assets", default=os.environ.get("FINETUNE_ASSETS") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune"))
    a = p.parse_args()
    print(write(a.folder, a.assets, a.per_class))
