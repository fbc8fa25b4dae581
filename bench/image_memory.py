"""Peak memory of a photo run: N real-photo pieces at SIZE×SIZE (JPEG) in 10 class folders,
decoded and kept at image_size SIZE, one epoch of a small CNN.

The photos are random SIZE×SIZE windows of the scikit-image wheel's real photos (chelsea,
coffee, astronaut, rocket, …), saved by Pillow as JPEG quality 90 into a scratch folder (not
committed). Prints the run's peak resident memory (result.json timings.peak_rss_mb) and the
bytes of pixels kept, so the README's figure can be re-measured:

    $(bash scripts/bench-venv.sh | tail -1) bench/image_memory.py --count 10000 --size 224
"""
import argparse, glob, io, json, os, random, subprocess, sys, tempfile, time, zipfile

from PIL import Image

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def photos():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "scikit-image==0.26.0", "-d", tmp], check=True)
        wheel = glob.glob(os.path.join(tmp, "*.whl"))[0]
        with zipfile.ZipFile(wheel) as z:
            names = ["chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg", "motorcycle_left.png", "hubble_deep_field.jpg"]
            return [Image.open(io.BytesIO(z.read(f"skimage/data/{n}"))).convert("RGB") for n in names if f"skimage/data/{n}" in z.namelist()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--binary", default=os.path.join(root, ".build/release/finetune"))
    args = parser.parse_args()
    sources = photos()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as work:
        folder = os.path.join(work, "photos")
        for c in range(10):
            os.makedirs(os.path.join(folder, f"class{c}"))
        for i in range(args.count):
            image = sources[i % len(sources)]
            side = min(image.size)
            crop = rng.randint(args.size, side) if side > args.size else side
            x, y = rng.randint(0, image.width - crop), rng.randint(0, image.height - crop)
            piece = image.crop((x, y, x + crop, y + crop)).resize((args.size, args.size), Image.BILINEAR)
            piece.save(os.path.join(folder, f"class{i % 10}", f"{i:05d}.jpg"), quality=90)
        experiment = os.path.join(work, "memory.yaml")
        with open(experiment, "w") as f:
            f.write(f"""experiment: memory
data:
  source: {{images: photos}}
  split: {{train: 0.98, validation: 0.01, test: 0.01}}
  per_class: 4
model: {{architecture: cnn, channels: [8], image_size: {args.size}}}
schedule: {{epochs: 1, batch_size: 8}}
evaluation: {{metrics: [accuracy], select: validation.accuracy, final_splits: [validation]}}
""")
        started = time.time()
        done = subprocess.run([args.binary, "sweep", experiment, "--results", os.path.join(work, "results"), "--jobs", "1"],
                              capture_output=True, text=True)
        seconds = time.time() - started
        if done.returncode != 0:
            sys.exit(done.stdout + done.stderr)
        result = json.load(open(glob.glob(os.path.join(work, "results/memory/runs/*/result.json"))[0]))
        pixels = args.count * args.size * args.size * 3
        print(f"{args.count} photos at {args.size}×{args.size}: {pixels / 2**30:.2f} GiB of pixels kept; "
              f"peak resident memory of the run {result['timings']['peak_rss_mb']:.0f} MiB; sweep {seconds:.1f} s "
              f"(decoding and resizing included)")


main()
