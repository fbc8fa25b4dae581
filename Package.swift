// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "finetune",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "finetune", targets: ["finetune"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        // Stage 1: YAML text → node tree with file:line:column on every node.
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
                       providers: [.apt(["libyaml-dev"])]),
        .target(name: "YAML", dependencies: ["CYAML"]),
        // Stage 2: node tree → diagnostics, typed configuration, expanded plan, JSON Schema.
        .target(name: "Experiment", dependencies: ["YAML", .product(name: "Crypto", package: "swift-crypto")]),
        // Stage 3 (engine): libtorch behind a plain C API, and the Swift tensor/module/optimizer API.
        .target(
            name: "CTorch",
            cxxSettings: [.unsafeFlags(["-I/usr/include/torch/csrc/api/include", "-std=c++17", "-O2", "-fno-math-errno"])],
            linkerSettings: [.linkedLibrary("torch"), .linkedLibrary("torch_cpu"), .linkedLibrary("c10")]
        ),
        .target(name: "Torch", dependencies: ["CTorch"]),
        // Stage 3 (inputs): datasets, splits, augmentation; weights on disk.
        .target(name: "Datasets"),
        .target(name: "SafeTensors"),
        // Stage 3 (models): MLP, CNN (and BERT) with named blocks and heads.
        .target(name: "Models", dependencies: ["Torch", "SafeTensors"]),
        // Stage 3: one run end to end: data, model, freeze plan, schedule, loop, metrics, result.
        .target(name: "Training", dependencies: ["Experiment", "Datasets", "Models", "Torch", "SafeTensors",
                                               .product(name: "Crypto", package: "swift-crypto")]),
        // Stage 5: summaries and reports from results alone.
        .target(name: "Reports", dependencies: ["Training", "Experiment"]),
        // Orchestration: plans of many files → ordered, resumable, parallel `finetune run`
        // children, then each experiment's report.
        .target(name: "CProcessControl"),
        .target(name: "Sweep", dependencies: ["Experiment", "Datasets", "Training", "Reports", "YAML", "Torch", "CProcessControl"]),
        // The command line: argument parsing only.
        .executableTarget(name: "finetune", dependencies: [
            "Experiment", "Training", "Reports", "Datasets", "Torch", "Sweep",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "ExperimentTests", dependencies: ["Experiment", "YAML"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors"]),
        .testTarget(name: "TorchTests", dependencies: ["Torch"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Experiment", "Models", "Torch", "Datasets", "SafeTensors"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Training", "Experiment"],
                    exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Experiment", "Training", "YAML"]),
    ]
)
