import Experiment
import Torch
import Models
import Foundation

/// Optimizer parameter groups, one per block and decay class, with discriminative
/// learning rates: the head trains at `lr`, the block d levels below it at `lr·decay^d`.
///
/// Biases and normalisation weights get no weight decay (they are one-dimensional), as in
/// BERT and most fine-tuning recipes.
public struct ParameterGroups {
    public struct Group: Sendable, Equatable {
        public var name: String
        /// The block this group belongs to ("head" for the head and anything outside blocks).
        public var block: String
        public var parameterNames: [String]
        /// The group's peak learning rate before the schedule's multiplier.
        public var baseLR: Double
        public var weightDecay: Double
    }

    public var groups: [Group]

    public init(network: Network, lr: Double, weightDecay: Double, layerDecay: Double) {
        let blocks = network.blockNames
        var byKey: [String: Group] = [:]
        var order: [String] = []
        for (name, tensor) in network.namedParameters() {
            let block = blocks.last { Module.parameterName(name, isUnder: $0) } ?? headName
            let depth = block == headName ? 0 : blocks.count - (blocks.firstIndex(of: block) ?? 0)
            let noDecay = tensor.rank <= 1
            let key = noDecay ? "\(block) (no decay)" : block
            if byKey[key] == nil {
                order.append(key)
                byKey[key] = Group(name: key, block: block, parameterNames: [],
                                   baseLR: lr * Foundation.pow(layerDecay, Double(depth)),
                                   weightDecay: noDecay ? 0 : weightDecay)
            }
            byKey[key]!.parameterNames.append(name)
        }
        groups = order.compactMap { byKey[$0] }
    }

    /// The groups as the optimizer takes them, with tensors looked up by name.
    public func paramGroups(of network: Network) -> [ParamGroup] {
        let tensors = Dictionary(uniqueKeysWithValues: network.namedParameters().map { ($0.name, $0.tensor) })
        return groups.map { group in
            ParamGroup(name: group.name, parameters: group.parameterNames.compactMap { tensors[$0] },
                       lr: group.baseLR, weightDecay: group.weightDecay)
        }
    }
}
