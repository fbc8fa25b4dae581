import Foundation

/// The events of a TensorBoard event file (tensorflow's `Event` message): the file-version
/// header, scalar summaries, and the HParams plugin's session start and end.
enum TensorBoardEvent {
    /// The first event of every file: names the format.
    static func fileVersion(wallTime: Double) -> [UInt8] {
        ProtobufMessage.build { event in
            event.double(1, wallTime)
            event.string(3, "brain.Event:2")
        }.bytes
    }

    /// Scalars at one step (`Summary.Value.simple_value`, which every TensorBoard reads).
    static func scalars(_ values: [(tag: String, value: Double)], step: Int, wallTime: Double) -> [UInt8] {
        let summary = ProtobufMessage.build { summary in
            for (tag, value) in values {
                summary.message(1, .build { v in
                    v.string(1, tag)
                    v.float(2, Float(value))
                })
            }
        }
        return ProtobufMessage.build { event in
            event.double(1, wallTime)
            event.int(2, Int64(step))
            event.message(5, summary)
        }.bytes
    }

    /// A value of a hyperparameter, as `google.protobuf.Value` holds it.
    enum HParam: Equatable, Sendable {
        case number(Double)
        case string(String)
        case bool(Bool)
    }

    /// How a run ended, in the HParams plugin's words (`api.proto` Status).
    enum SessionStatus: Int64 {
        case unknown = 0, success = 1, failure = 2, running = 3
    }

    /// `_hparams_/session_start_info`: the run's hyperparameters, so the HParams dashboard lists
    /// every run of a grid as one row with its settings.
    static func sessionStart(hparams: [(String, HParam)], group: String, startTime: Double) -> [UInt8] {
        let info = ProtobufMessage.build { info in
            for (name, value) in hparams {
                info.message(1, .build { entry in
                    entry.string(1, name)
                    entry.message(2, .build { v in
                        switch value {
                        case .number(let n): v.double(2, n)
                        case .string(let s): v.string(3, s)
                        case .bool(let b): v.bool(4, b)
                        }
                    })
                })
            }
            info.string(4, group)
            info.double(5, startTime)
        }
        return hparamsEvent(tag: "_hparams_/session_start_info", field: 3, info, wallTime: startTime)
    }

    /// `_hparams_/session_end_info`: the run's status and end time.
    static func sessionEnd(_ status: SessionStatus, endTime: Double) -> [UInt8] {
        let info = ProtobufMessage.build { info in
            info.int(1, status.rawValue)
            info.double(2, endTime)
        }
        return hparamsEvent(tag: "_hparams_/session_end_info", field: 4, info, wallTime: endTime)
    }

    /// The plugin's empty float tensor (shape [0]) its own writer puts beside the metadata, so
    /// readers that list tensors see the tag.
    private static let nullTensor: [UInt8] = [0x08, 0x01, 0x12, 0x02, 0x12, 0x00]

    /// An event whose one value carries `HParamsPluginData` (version 0; `field` picks the
    /// experiment, session start or session end) in its metadata.
    private static func hparamsEvent(tag: String, field: Int, _ data: ProtobufMessage, wallTime: Double) -> [UInt8] {
        let pluginData = ProtobufMessage.build { $0.message(field, data) }
        let summary = ProtobufMessage.build { summary in
            summary.message(1, .build { v in
                v.string(1, tag)
                v.data(8, nullTensor)
                v.message(9, .build { metadata in
                    metadata.message(1, .build { plugin in
                        plugin.string(1, "hparams")
                        plugin.data(2, pluginData.bytes)
                    })
                })
            })
        }
        return ProtobufMessage.build { event in
            event.double(1, wallTime)
            event.message(5, summary)
        }.bytes
    }
}
