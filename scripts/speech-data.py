#!/usr/bin/env python3
"""Generates the spoken command words (README, "Speech") into DEST/speech/.

Two domains, so a spotter can be pre-trained on one and adapted to the other:
  espeak/<word>/<accent>_<n>.wav    espeak-ng's English accents (formant synthesis), the source
  festival/<word>/<voice>_<n>.wav   festival voices built from real speakers' recordings, the target
Every clip is 16 kHz mono PCM16, 1 s, the word trimmed of silence and centred (padded with zeros,
or cut to its middle second). manifest.csv records word, domain, voice, accent and every generator
setting. All variation comes from one seeded random.Random in a fixed order and sox runs with
dither off, so the same packages give the same bytes. Standard library only (no numpy): this runs
with Debian's python3 at set-up, before any venv exists.

usage: speech-data.py DEST [--variants-espeak N] [--variants-festival N]
"""
import argparse
import array
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import wave

WORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
# espeak-ng's English accents (the source domain).
ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan",
           "en-gb-x-gbcwmd", "en-029", "en-us-nyc"]
# festival voices from real speakers (the target domain): name → (festival voice, package).
VOICES = {
    "kal": ("kal_diphone", "festvox-kallpc16k"),
    "ked": ("ked_diphone", "festvox-kdlpc16k"),
    "slt": ("cmu_us_slt_arctic_hts", "festvox-us-slt-hts"),
}
FESTIVAL_STRETCHES = [0.85, 1.0, 1.15, 1.3]
RATE = 16000
SEED = 14
# Trim threshold: leading/trailing audio below 0.5% of full scale for 10 ms is silence.
TRIM = ["silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse"]


def to_samples(source, effects):
    """sox SOURCE → 16 kHz mono int16 samples after `effects` and the silence trim."""
    raw = subprocess.run(["sox", "-D", source, "-r", str(RATE), "-c", "1", "-b", "16",
                          "-e", "signed-integer", "-t", "raw", "-"] + effects + TRIM,
                         check=True, capture_output=True).stdout
    samples = array.array("h")
    samples.frombytes(raw)
    if sys.byteorder != "little":
        samples.byteswap()
    return samples


def one_second(samples, gain):
    """The word centred in exactly one second, scaled by `gain` (clipped to int16)."""
    if len(samples) >= RATE:
        start = (len(samples) - RATE) // 2
        body = samples[start:start + RATE]
        left = 0
    else:
        body = samples
        left = (RATE - len(samples)) // 2
    out = array.array("h", [0]) * RATE
    for i, s in enumerate(body):
        out[left + i] = max(-32768, min(32767, int(round(s * gain))))
    return out


def write_wav(path, samples):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = array.array("h", samples)
    if sys.byteorder != "little":
        data.byteswap()
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(data.tobytes())


def espeak_clips(dest, rng, variants, tmp, rows):
    for accent in ACCENTS:
        for word in WORDS:
            for n in range(variants):
                speed = rng.randint(120, 200)      # words per minute
                pitch = rng.randint(20, 80)        # 0..99
                amplitude = rng.randint(60, 180)   # 0..200
                raw = os.path.join(tmp, "e.wav")
                subprocess.run(["espeak-ng", "-v", accent, "-s", str(speed), "-p", str(pitch),
                                "-a", str(amplitude), "-w", raw, word], check=True)
                rel = f"espeak/{word}/{accent}_{n:02d}.wav"
                write_wav(os.path.join(dest, rel), one_second(to_samples(raw, []), 1.0))
                rows.append({"path": rel, "domain": "espeak", "word": word, "voice": accent,
                             "accent": accent, "speaker": accent, "generator": "espeak-ng",
                             "settings": f"speed={speed};pitch={pitch};amplitude={amplitude}"})


def festival_clips(dest, rng, variants, tmp, rows):
    # One festival process per voice synthesises every word at every stretch (start-up is ~1 s).
    for name, (voice, _) in VOICES.items():
        script = [f"(voice_{voice})"]
        for stretch in FESTIVAL_STRETCHES:
            script.append(f"(Parameter.set 'Duration_Stretch {stretch})")
            for word in WORDS:
                out = os.path.join(tmp, f"{name}-{word}-{stretch}.wav")
                script.append(f'(utt.save.wave (utt.synth (Utterance Text "{word}")) "{out}" \'riff)')
        path = os.path.join(tmp, f"{name}.scm")
        with open(path, "w") as f:
            f.write("\n".join(script) + "\n")
        subprocess.run(["festival", "-b", path], check=True, capture_output=True)
        for word in WORDS:
            for n in range(variants):
                stretch = FESTIVAL_STRETCHES[n % len(FESTIVAL_STRETCHES)]
                cents = rng.randint(-300, 300)             # sox pitch shift
                tempo = round(rng.uniform(0.9, 1.1), 3)    # sox tempo
                gain = round(rng.uniform(0.3, 1.0), 3)     # amplitude scale
                source = os.path.join(tmp, f"{name}-{word}-{stretch}.wav")
                rel = f"festival/{word}/{name}_{n:02d}.wav"
                samples = to_samples(source, ["pitch", str(cents), "tempo", str(tempo)])
                write_wav(os.path.join(dest, rel), one_second(samples, gain))
                rows.append({"path": rel, "domain": "festival", "word": word, "voice": voice,
                             "accent": "en-us", "speaker": name, "generator": "festival",
                             "settings": f"duration_stretch={stretch};pitch_cents={cents};tempo={tempo};gain={gain}"})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dest")
    parser.add_argument("--variants-espeak", type=int, default=12)
    parser.add_argument("--variants-festival", type=int, default=24)
    args = parser.parse_args()
    final = os.path.join(args.dest, "speech")
    part = final + ".part"
    shutil.rmtree(part, ignore_errors=True)
    rng = random.Random(SEED)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        espeak_clips(part, rng, args.variants_espeak, tmp, rows)
        festival_clips(part, rng, args.variants_festival, tmp, rows)
    with open(os.path.join(part, "manifest.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    shutil.rmtree(final, ignore_errors=True)
    os.rename(part, final)
    print(f"speech: {len(rows)} clips in {final}")


if __name__ == "__main__":
    main()
