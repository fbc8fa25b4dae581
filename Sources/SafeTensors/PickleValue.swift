import Foundation

/// A value the restricted unpickler builds: only what a torch state dict is made of.
///
/// Lists and dicts are reference boxes because pickle mutates them after they are memoized
/// (`APPENDS`, `SETITEMS` on a memo entry change every reference to it).
enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    /// An integer beyond 64 bits, as its little-endian two's-complement bytes.
    case bigInteger([UInt8])
    case float(Double)
    case string(String)
    case bytes(Data)
    case tuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    /// A global the unpickler allows, not yet called.
    case global(PickleGlobal)
    /// A storage named by a persistent id.
    case storage(TorchStorageReference)
    /// A tensor rebuilt by `torch._utils._rebuild_tensor_v2` (or v1, or `_rebuild_parameter`).
    case tensor(TorchTensorReference)

    /// What the value is, for messages (never its contents, which may be large or cyclic).
    var kind: String {
        switch self {
        case .none: "None"
        case .bool: "a bool"
        case .int, .bigInteger: "an integer"
        case .float: "a float"
        case .string: "a string"
        case .bytes: "bytes"
        case .tuple(let items): "a tuple of \(items.count)"
        case .list: "a list"
        case .dict: "a dict"
        case .global(let global): "the global \(global)"
        case .storage: "a storage"
        case .tensor: "a tensor"
        }
    }
}

final class PickleList {
    var items: [PickleValue] = []
}

final class PickleDict {
    /// Keys in insertion order, as Python's dict and OrderedDict keep them.
    private(set) var entries: [(key: PickleValue, value: PickleValue)] = []
    /// Where each string key is, so a repeated key replaces its value as in Python.
    private var stringKeys: [String: Int] = [:]

    func set(_ key: PickleValue, _ value: PickleValue) {
        if case .string(let name) = key {
            if let existing = stringKeys[name] {
                entries[existing].value = value
                return
            }
            stringKeys[name] = entries.count
        }
        entries.append((key, value))
    }
}

/// `module.name` of a pickled global.
struct PickleGlobal: Hashable, CustomStringConvertible {
    var module: String
    var name: String
    var description: String { "\(module).\(name)" }
}

/// A storage a persistent id names: `('storage', torch.FloatStorage, key, location, numel)`.
struct TorchStorageReference: Hashable {
    var key: String
    var dtype: DType
    /// Elements of `dtype` the storage holds.
    var count: Int
    var location: String
}

/// A tensor as `_rebuild_tensor_v2` describes it: a view of a storage. Checked against the
/// storage when the state dict is assembled, where its name is known.
struct TorchTensorReference {
    var storage: TorchStorageReference
    var offset: Int
    var shape: [Int]
    var stride: [Int]
}
