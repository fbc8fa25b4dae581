"""Reference bytes of the TensorBoard events finetune writes, serialized by TensorBoard's own
protobuf classes, as hex. The tests encode the same events and compare byte for byte.

    ~/.cache/finetune/tracking-venv/bin/python scripts/tracking/event_fixtures.py \
        > Tests/TrackingTests/Fixtures/events.json
"""
import json

import tensorboard
from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.plugins.hparams import metadata, plugin_data_pb2, api_pb2
from google.protobuf import struct_pb2


def hexed(message):
    return message.SerializeToString(deterministic=True).hex()


file_version = event_pb2.Event(wall_time=1.5, file_version="brain.Event:2")

scalars = event_pb2.Event(wall_time=2.0, step=3)
scalars.summary.value.add(tag="validation/accuracy", simple_value=0.25)
scalars.summary.value.add(tag="lr/head", simple_value=0.001)


def hparams_event(tag, data, wall_time):
    event = event_pb2.Event(wall_time=wall_time)
    event.summary.value.add(tag=tag, metadata=metadata.create_summary_metadata(data), tensor=metadata.NULL_TENSOR)
    return event


start = plugin_data_pb2.HParamsPluginData()
start.session_start_info.group_name = "lr=1e-3,dropout=0.0"
start.session_start_info.start_time_secs = 10.0
start.session_start_info.hparams["model.dropout"].number_value = 0.0
start.session_start_info.hparams["optimizer.name"].string_value = "adam"
start.session_start_info.hparams["residual"].bool_value = True
start.session_start_info.hparams["seed"].number_value = 1.0

end = plugin_data_pb2.HParamsPluginData()
end.session_end_info.status = api_pb2.STATUS_SUCCESS
end.session_end_info.end_time_secs = 12.0

print(json.dumps({
    "tensorboard": tensorboard.__version__,
    "file_version": hexed(file_version),
    "scalars": hexed(scalars),
    "session_start": hexed(hparams_event(metadata.SESSION_START_INFO_TAG, start, 10.0)),
    "session_end": hexed(hparams_event(metadata.SESSION_END_INFO_TAG, end, 12.0)),
}, indent=1))
