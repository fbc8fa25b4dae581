"""Reads a TensorBoard log folder with TensorBoard's own reader and prints what it found, as JSON.

    <tracking venv>/bin/python scripts/tracking/read_tensorboard.py results/<experiment>/tensorboard

For each run folder: every scalar tag with its (step, value) pairs (EventAccumulator), and the
HParams plugin's session start (hyperparameters, group) and end (status), decoded with the
plugin's own protobuf classes. The tests compare it with history.jsonl and result.json.
"""
import json
import os
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.plugins.hparams import metadata as hparams_metadata
from tensorboard.plugins.hparams import api_pb2


def main(logdir):
    out = {}
    for run in sorted(os.listdir(logdir)):
        folder = os.path.join(logdir, run)
        if not os.path.isdir(folder):
            continue
        accumulator = EventAccumulator(folder, size_guidance={"scalars": 0, "tensors": 0})
        accumulator.Reload()
        scalars = {tag: [[e.step, e.value] for e in accumulator.Scalars(tag)] for tag in accumulator.Tags()["scalars"]}
        content = accumulator.PluginTagToContent(hparams_metadata.PLUGIN_NAME)
        start = end = None
        if hparams_metadata.SESSION_START_INFO_TAG in content:
            info = hparams_metadata.parse_session_start_info_plugin_data(content[hparams_metadata.SESSION_START_INFO_TAG])
            start = {"group": info.group_name,
                     "hparams": {k: (v.WhichOneof("kind"), getattr(v, v.WhichOneof("kind"))) for k, v in info.hparams.items()}}
        if hparams_metadata.SESSION_END_INFO_TAG in content:
            info = hparams_metadata.parse_session_end_info_plugin_data(content[hparams_metadata.SESSION_END_INFO_TAG])
            end = api_pb2.Status.Name(info.status)
        files = sorted(f for f in os.listdir(folder) if "tfevents" in f)
        out[run] = {"scalars": scalars, "session_start": start, "session_end": end, "files": len(files)}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
