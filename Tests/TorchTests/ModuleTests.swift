import Testing
@testable import Torch

/// conv → bn, registered as "conv" and "bn".
final class Block: Module, Layer {
    let conv: Conv2d
    let bn: BatchNorm2d
    init(_ cin: Int, _ cout: Int) throws {
        conv = try Conv2d(cin, cout, kernelSize: 3, padding: 1)
        bn = try BatchNorm2d(cout)
        super.init()
        try registerModule("conv", conv)
        try registerModule("bn", bn)
    }
    func callAsFunction(_ x: Tensor) throws -> Tensor { try bn(conv(x)).relu() }
}

final class Net: Module {
    let block: ModuleList<Block>
    var head: Linear
    init(classes: Int = 3) throws {
        block = try ModuleList([Block(1, 4), Block(4, 4)])
        head = try Linear(4, classes)
        super.init()
        try registerModule("block", block)
        try registerModule("head", head)
    }
    func replaceHead(classes: Int) throws {
        head = try Linear(4, classes)
        try registerModule("head", head)
    }
    func callAsFunction(_ x: Tensor) throws -> Tensor {
        var h = x
        for b in block.modules { h = try b(h) }
        return try head(F.adaptiveAvgPool2d(h, outputSize: (1, 1)).flatten(from: 1))
    }
}

@Suite struct ModuleTests {
    @Test func nestedModulesHaveDottedPyTorchNames() throws {
        let net = try Net()
        let names = net.namedParameters().map(\.name)
        #expect(names == [
            "block.0.conv.weight", "block.0.conv.bias", "block.0.bn.weight", "block.0.bn.bias",
            "block.1.conv.weight", "block.1.conv.bias", "block.1.bn.weight", "block.1.bn.bias",
            "head.weight", "head.bias",
        ])
        #expect(net.namedBuffers().map(\.name) == [
            "block.0.bn.running_mean", "block.0.bn.running_var", "block.0.bn.num_batches_tracked",
            "block.1.bn.running_mean", "block.1.bn.running_var", "block.1.bn.num_batches_tracked",
        ])
        #expect(net.namedModules().map(\.name).contains("block.1.bn"))
        #expect(net.parameters().allSatisfy { $0.requiresGrad })
        #expect(try net(Tensor.randn([2, 1, 8, 8])).shape == [2, 3])
    }

    @Test func replacingAChildKeepsItsPlace() throws {
        let net = try Net()
        try net.replaceHead(classes: 7)
        #expect(net.namedParameters().last?.name == "head.bias")
        #expect(net.namedParameters().first { $0.name == "head.weight" }?.tensor.shape == [7, 4])
        #expect(net.children.map(\.name) == ["block", "head"])
    }

    @Test func trainAndEvalPropagate() throws {
        let net = try Net()
        net.eval()
        #expect(net.namedModules().allSatisfy { !$0.module.isTraining })
        net.train()
        #expect(net.block.modules[1].bn.isTraining)
    }

    @Test(arguments: [
        ("block.0", "block.0.conv.weight", true),
        ("block.0", "block.0", true),
        ("block.0", "block.01.conv.weight", false),
        ("enc", "encoder.weight", false),
        ("head.weight", "head.weight", true),
    ])
    func subtreeMatchingIsNeverABarePrefix(path: String, name: String, matches: Bool) {
        #expect(Module.parameterName(name, isUnder: path) == matches)
    }

    @Test func freezingBySubtree() throws {
        let net = try Net()
        #expect(try net.setRequiresGrad(false, under: "block.0") == 4)
        let frozen = net.namedParameters().filter { !$0.tensor.requiresGrad }.map(\.name)
        #expect(frozen == ["block.0.conv.weight", "block.0.conv.bias", "block.0.bn.weight", "block.0.bn.bias"])
    }

    @Test func stateDictRoundTrip() throws {
        let a = try Net()
        let b = try Net()
        try b.load(stateDict: a.stateDict())
        for ((name, x), (_, y)) in zip(a.namedParameters() + a.namedBuffers(), b.namedParameters() + b.namedBuffers()) {
            #expect(try x.toFloatArray() == y.toFloatArray(), "\(name)")
        }
        #expect(b.parameters().allSatisfy { $0.requiresGrad })
    }

    @Test func loadRefusesShapeMismatchNamingTensorAndShapes() throws {
        let a = try Net(classes: 3)
        let b = try Net(classes: 5)
        let before = try b.head.weight.toFloatArray()
        do {
            try b.load(stateDict: a.stateDict(), strict: false)
            Issue.record("expected a throw")
        } catch let error as TorchError {
            #expect(error.message.contains("shape mismatch for head.weight: model has [5, 4], state dict has [3, 4]"))
            #expect(error.message.contains("head.bias: model has [5], state dict has [3]"))
        }
        // Nothing was copied, not even the matching tensors.
        #expect(try b.head.weight.toFloatArray() == before)
    }

    @Test func strictLoadRefusesMissingAndUnexpectedNames() throws {
        let net = try Net()
        var state = try net.stateDict()
        state["block.0.conv.weight"] = nil
        state["encoder.extra"] = try Tensor.zeros([1])
        do {
            try net.load(stateDict: state)
            Issue.record("expected a throw")
        } catch let error as TorchError {
            #expect(error.message.contains("missing block.0.conv.weight"))
            #expect(error.message.contains("unexpected encoder.extra"))
        }
        let report = try net.load(stateDict: state, strict: false)
        #expect(report == LoadReport(missing: ["block.0.conv.weight"], unexpected: ["encoder.extra"]))
    }

    @Test func defaultInitialisationBounds() throws {
        let linear = try Linear(100, 50)
        let bound: Float = 1 / 10  // 1/√fanIn
        #expect(try linear.weight.toFloatArray().allSatisfy { Swift.abs($0) <= bound })
        #expect(try linear.bias!.toFloatArray().allSatisfy { Swift.abs($0) <= bound })
        #expect(try linear.weight.abs().max().item() > 0.09)
        let conv = try Conv2d(2, 3, kernelSize: 3)
        #expect(try conv.weight.abs().max().item() <= 1 / 18.0.squareRoot())
        #expect(try LayerNorm(4).weight.toFloatArray() == [1, 1, 1, 1])
        #expect(try Embedding(10, 4).weight.shape == [10, 4])
        #expect(throws: TorchError.self) { try Dropout(1.5) }
    }

    @Test func sequentialChainsLayersWithIndexNames() throws {
        let model = try Sequential([Linear(2, 8), Lambda { try $0.relu() }, Dropout(0.1), Linear(8, 2)])
        #expect(model.namedParameters().map(\.name) == ["0.weight", "0.bias", "3.weight", "3.bias"])
        #expect(try model(Tensor.randn([5, 2])).shape == [5, 2])
    }
}
