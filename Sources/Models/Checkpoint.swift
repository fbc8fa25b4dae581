import Foundation
import SafeTensors
import Torch

/// Weights on disk, keyed by the same dotted names modules use: safetensors files, and torch
/// `.pth`/`.pt` state dicts (zip or legacy format) read without Python.
public enum Checkpoint {
    /// Every tensor of a safetensors file or torch state dict, as float32 (floating types) or
    /// int64 (integer types and bool).
    ///
    /// - Parameter skip: names to leave out (buffers such as `embeddings.position_ids`).
    public static func read(_ path: String, skip: (String) -> Bool = { _ in false }) throws -> [String: Tensor] {
        try tensors(records(path), source: path, skip: skip)
    }

    /// The file's tensors as records, whichever format it is in (torch by its extension).
    public static func records(_ path: String) throws -> [TensorRecord] {
        TorchCheckpoint.isTorchCheckpoint(path) ? try TorchCheckpoint(contentsOf: path).tensors : try SafeTensorsFile(contentsOf: path).records
    }

    /// Records as tensors, float32 or int64.
    public static func tensors(_ records: [TensorRecord], source: String, skip: (String) -> Bool = { _ in false }) throws -> [String: Tensor] {
        var tensors: [String: Tensor] = [:]
        for record in records where !skip(record.name) {
            if let floats = record.floats() {
                tensors[record.name] = try Tensor(floats, shape: record.shape)
            } else if let integers = record.int64s() {
                tensors[record.name] = try Tensor(integers, shape: record.shape)
            } else {
                throw SafeTensorsError(.unsupportedConversion, file: source, tensor: record.name,
                                       "dtype \(record.dtype.rawValue) does not convert to float32 or int64")
            }
        }
        return tensors
    }

    /// Writes a module's parameters and buffers (atomically: temporary name, then rename).
    public static func write(_ module: Module, to path: String, metadata: [String: String] = [:]) throws {
        try write(state: module.stateDict(), to: path, metadata: metadata)
    }

    /// Writes named tensors (atomically), sorted by name.
    public static func write(state: [String: Tensor], to path: String, metadata: [String: String] = [:]) throws {
        var records: [TensorRecord] = []
        for (name, tensor) in state.sorted(by: { $0.key < $1.key }) {
            let shape = tensor.shape
            if tensor.dtype == .int64 {
                records.append(TensorRecord(name: name, int64s: try tensor.toInt64Array(), shape: shape))
            } else {
                records.append(TensorRecord(name: name, floats: try tensor.toFloatArray(), shape: shape))
            }
        }
        try SafeTensors.write(tensors: records, metadata: metadata, to: path)
    }
}
