import Foundation
import SafeTensors
import Torch

/// Weights on disk as safetensors, keyed by the same dotted names modules use.
public enum Checkpoint {
    /// Every tensor of a safetensors file, as float32 (floating types) or int64 (integer types).
    ///
    /// - Parameter skip: names to leave out (buffers such as `embeddings.position_ids`).
    public static func read(_ path: String, skip: (String) -> Bool = { _ in false }) throws -> [String: Tensor] {
        let file = try SafeTensorsFile(contentsOf: path)
        var tensors: [String: Tensor] = [:]
        for info in file.tensors where !skip(info.name) {
            if info.dtype.isFloatingPoint {
                tensors[info.name] = try Tensor(file.floats(of: info.name), shape: info.shape)
            } else {
                tensors[info.name] = try Tensor(file.int64s(of: info.name), shape: info.shape)  // throws for F8, F4, C64
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
