/// What ``Module/load(stateDict:strict:)`` left unmatched (only non-empty when not strict).
public struct LoadReport: Sendable, Equatable {
    /// Model tensors absent from the state dict (they keep their current values).
    public var missing: [String] = []
    /// State-dict entries the model has no tensor for (ignored).
    public var unexpected: [String] = []
}

extension Module {
    /// Parameters and buffers by dotted name, detached from autograd but sharing storage
    /// (saving them sees the current values).
    public func stateDict() throws -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (name, tensor) in namedParameters() + namedBuffers() {
            result[name] = try tensor.detach()
        }
        return result
    }

    /// The dotted names of all parameters and buffers, in registration order.
    public func stateNames() -> [String] {
        (namedParameters() + namedBuffers()).map(\.name)
    }

    /// Copies values from `stateDict` into this module's parameters and buffers.
    ///
    /// Nothing is copied unless every check passes. A shape mismatch is always refused, naming
    /// the tensor and both shapes. With `strict`, missing and unexpected names are refused too;
    /// otherwise they are returned in the report. Values are converted to each tensor's dtype.
    @discardableResult
    public func load(stateDict: [String: Tensor], strict: Bool = true) throws -> LoadReport {
        let own = namedParameters() + namedBuffers()
        let ownNames = Set(own.map(\.name))
        var report = LoadReport()
        var problems: [String] = []
        var pairs: [(target: Tensor, source: Tensor)] = []

        for (name, tensor) in own {
            guard let source = stateDict[name] else {
                report.missing.append(name)
                continue
            }
            let (have, got) = (tensor.shape, source.shape)
            if have != got {
                problems.append("shape mismatch for \(name): model has \(have), state dict has \(got)")
            } else {
                pairs.append((tensor, source))
            }
        }
        report.unexpected = stateDict.keys.filter { !ownNames.contains($0) }.sorted()

        if strict {
            problems += report.missing.map { "missing \($0) (in the model, not in the state dict)" }
            problems += report.unexpected.map { "unexpected \($0) (in the state dict, not in the model)" }
        }
        if !problems.isEmpty {
            throw TorchError(operation: "load(stateDict:)", message: problems.joined(separator: "\n"))
        }
        for (target, source) in pairs {
            try target.copy(from: source)
        }
        return report
    }
}
