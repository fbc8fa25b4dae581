#!/usr/bin/env python3
"""Writes Tests/TrainingTests/Fixtures/mel-reference.json: log-mel spectrograms from librosa,
the independent reference the LogMel parity test compares finetune's libtorch front end with.

Library: librosa (0.11.0 in the bench venv, scripts/bench-venv.sh), float64 throughout:
  librosa.feature.melspectrogram(y, sr=16000, n_fft, hop_length, win_length, window="hann",
      center=True, pad_mode="constant", power=2.0, n_mels, fmin, fmax, htk=False, norm="slaney")
  then ln(mel + 1e-6).
Inputs: a synthetic signal both sides compute from a formula (a tone, a chirp and LCG noise;
see `synthetic`) and two generated clips from the asset cache, named with their SHA-256 so the
test notices a different generator output instead of comparing different audio.

usage: ~/.cache/finetune/bench-venv/bin/python scripts/reference-mel.py [ASSETS]
"""
import hashlib
import json
import math
import os
import sys
import wave

import librosa
import numpy as np

RATE = 16000
CONFIGS = {
    "default": dict(n_mels=40, n_fft=512, win_length=400, hop_length=160, fmin=20.0, fmax=8000.0),
    "wide": dict(n_mels=64, n_fft=1024, win_length=800, hop_length=256, fmin=50.0, fmax=7000.0),
}
CLIPS = ["speech/festival/left/kal_00.wav", "speech/espeak/yes/en-gb_00.wav"]


def synthetic(n=RATE):
    """0.5·sin(440 Hz) + 0.25·chirp(200 → 3200 Hz) + 0.05·LCG noise, rounded to float32."""
    state, out = 14, []
    for i in range(n):
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        noise = (state >> 40) / float(1 << 24) * 2 - 1
        t = i / RATE
        out.append(0.5 * math.sin(2 * math.pi * 440 * t) + 0.25 * math.sin(2 * math.pi * (200 + 1500 * t) * t) + 0.05 * noise)
    return np.array(out, dtype=np.float32)


def read_pcm16(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1 and w.getsampwidth() == 2
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return (data.astype(np.float32) / 32768).astype(np.float32)


def log_mel(y, c):
    mel = librosa.feature.melspectrogram(y=y.astype(np.float64), sr=RATE, n_fft=c["n_fft"], hop_length=c["hop_length"],
                                         win_length=c["win_length"], window="hann", center=True, pad_mode="constant",
                                         power=2.0, n_mels=c["n_mels"], fmin=c["fmin"], fmax=c["fmax"], htk=False, norm="slaney")
    return np.log(mel + 1e-6)


def main():
    assets = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("FINETUNE_ASSETS", ".cache/assets")
    cases = [{"input": "synthetic", "config": name, "log_mel": np.round(log_mel(synthetic(), c), 6).tolist()}
             for name, c in CONFIGS.items()]
    for rel in CLIPS:
        path = os.path.join(assets, rel)
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
        cases.append({"input": rel, "sha256": digest, "config": "default",
                      "log_mel": np.round(log_mel(read_pcm16(path), CONFIGS["default"]), 6).tolist()})
    out = {"library": f"librosa {librosa.__version__} (numpy {np.__version__}), float64",
           "call": "librosa.feature.melspectrogram(window='hann', center=True, pad_mode='constant', power=2.0, htk=False, norm='slaney'); ln(mel + 1e-6)",
           "sample_rate": RATE, "configs": CONFIGS, "cases": cases}
    target = os.path.join(os.path.dirname(__file__), "..", "Tests", "TrainingTests", "Fixtures", "mel-reference.json")
    with open(target, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
