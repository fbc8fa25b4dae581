// swift-tools-version:6.0
import PackageDescription

// libtorch 2.15 from the PyPI torch wheel, unpacked by scripts/libtorch.sh (run by `make deps`)
// into the machine-wide cache that every clone and the installed binary share. The binary finds
// the libraries through its rpath: no LD_LIBRARY_PATH, no Python at run time.
let libtorch: String = {
    let environment = Context.environment
    if let dir = environment["FINETUNE_LIBTORCH"], !dir.isEmpty { return dir }
    let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        ?? (environment["HOME"] ?? "/root") + "/.cache"
    return cache + "/finetune/libtorch-2.15.0"
}()

let package = Package(
    name: "finetune",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "finetune", targets: ["finetune"]),
        .executable(name: "finetune-engine", targets: ["finetune-engine"]),
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
        // Stage 1 (facts): the asset list, the built-in labels and input statistics, the photo
        // folder layout and the data error type: what validation checks before any loader runs.
        .target(name: "Catalog", dependencies: ["PathText"]),
        // Stage 2: node tree → diagnostics, typed configuration, expanded plan, JSON Schema.
        .target(name: "Experiment", dependencies: ["YAML", "Catalog", "PathText", "TextSupport", .product(name: "Crypto", package: "swift-crypto")]),
        // Stage 3 (engine): libtorch behind a plain C API, and the Swift tensor/module/optimizer API.
        .target(
            name: "CTorch",
            cxxSettings: [.unsafeFlags(["-isystem", libtorch + "/include", "-isystem", libtorch + "/include/torch/csrc/api/include", "-std=c++20", "-O2", "-fno-math-errno",
                                        "-D_GLIBCXX_USE_CXX11_ABI=1"])],
            linkerSettings: [
                .linkedLibrary("torch_cpu"), .linkedLibrary("c10"),
                .unsafeFlags(["-L" + libtorch + "/lib", "-Xlinker", "-rpath", "-Xlinker", libtorch + "/lib",
                              // our answer to MKL's CPU check (ctorch_runtime.cpp) must be visible to libtorch_cpu.so
                              "-Xlinker", "--export-dynamic-symbol=mkl_serv_intel_cpu_true"]),
            ]
        ),
        // Stage 3 (engine): the Swift Tensor/Module/Optimizer API over CTorch.
        .target(name: "Torch", dependencies: ["CTorch"]),
        // The one atomic, durable file writer every stage uses (temporary file, fsync, rename).
        .target(name: "AtomicFile", dependencies: ["PathText"]),
        // Parent folders without Foundation's crash on one-letter paths.
        .target(name: "PathText"),
        // Text every stage writes alike: JSON string literals, "did you mean" suggestions.
        .target(name: "TextSupport"),
        // Stage 3 (inputs): JPEG and PNG decoding over Debian's libjpeg-turbo and libpng (and zlib).
        .target(name: "CImageCodecs", linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16"), .linkedLibrary("z")]),
        // Stage 3 (inputs): datasets, splits, augmentation, decoded images; weights on disk.
        .target(name: "Datasets", dependencies: ["Catalog", "CImageCodecs", "PathText", "TextSupport"]),
        // Stage 3 (inputs): weights on disk: safetensors and torch .pth/.pt, read strictly.
        .target(name: "SafeTensors", dependencies: ["AtomicFile", "TextSupport"]),
        // Stage 3 (models): MLP, CNN, BERT, the audio CNN and the ImageNet backbones (MobileNetV2, ResNets,
        // EfficientNet-Lite0, ViTs), with named blocks and a head.
        .target(name: "Models", dependencies: ["Torch", "SafeTensors", "AtomicFile", "PathText"]),
        // Stage 4: the results format: result.json, the results layout, metric names, statuses.
        // No engine: the orchestrator and the reports read and write it without loading libtorch.
        .target(name: "Results", dependencies: ["Experiment", "AtomicFile"]),
        // Stage 4: where people already watch runs: TensorBoard event files (always) and an
        // MLflow tracking server over its REST API (when asked), fed from each run's tracking.jsonl.
        .target(name: "Tracking", dependencies: ["Experiment", "Results", "AtomicFile"]),
        // Stage 3: one run end to end: data, model, freeze plan, schedule, loop, metrics, result.
        .target(name: "Training", dependencies: ["Experiment", "Results", "Tracking", "PathText", "Datasets", "Models", "Torch", "SafeTensors", "AtomicFile",
                                               .product(name: "Crypto", package: "swift-crypto")]),
        // Stage 5: summaries and reports from results alone.
        .target(name: "Reports", dependencies: ["Results", "Experiment", "AtomicFile"]),
        // Processes: forked children, the signal pipe, the worker protocol, where the engine is.
        .target(name: "CProcessControl"),
        .target(name: "ProcessControl", dependencies: ["CProcessControl", "PathText"]),
        // Orchestration without the engine: plans of many files → a schedule (what runs, in
        // what order, what is kept) → a launcher (local worker or Slurm) → each report.
        .target(name: "Sweep", dependencies: ["Experiment", "Results", "Reports", "Tracking", "YAML", "ProcessControl", "AtomicFile"]),
        // Argument definitions both executables parse, and how a command fails.
        .target(name: "CommandSupport", dependencies: ["ProcessControl", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // The command line. `finetune` never loads libtorch; it hands training, prediction
        // and export to `finetune-engine`, installed beside it.
        .executableTarget(name: "finetune", dependencies: [
            "Experiment", "Results", "Reports", "Datasets", "Sweep", "Tracking", "AtomicFile", "CommandSupport", "ProcessControl",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "finetune-engine", dependencies: [
            "Experiment", "Results", "Training", "Tracking", "Datasets", "Torch", "SafeTensors", "CommandSupport", "ProcessControl",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "PathTextTests", dependencies: ["PathText"]),
        .testTarget(name: "ExperimentTests", dependencies: ["TestProcess", "Experiment", "YAML", "Catalog"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"], exclude: ["Fixtures"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["TestProcess", "SafeTensors", "Datasets"], exclude: ["Fixtures"]),
        .testTarget(name: "AtomicFileTests", dependencies: ["AtomicFile", "TestDisks"]),
        // Real full and read-only disks (small tmpfs mounts) for the I/O error tests.
        .target(name: "TestDisks", path: "Tests/TestDisks"),
        // The one way tests run a program: stdout and stderr read at the same time.
        .target(name: "TestProcess", path: "Tests/TestProcess"),
        .testTarget(name: "TorchTests", dependencies: ["TestProcess", "Torch"]),
        .testTarget(name: "TrainingTests", dependencies: ["TestProcess", "Training", "Results", "Experiment", "Models", "Torch", "Datasets", "SafeTensors"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "TrackingTests", dependencies: ["Tracking", "Results", "Experiment", "Datasets"], exclude: ["Fixtures"]),
        .testTarget(name: "ReportsTests", dependencies: ["TestProcess", "Reports", "Results", "Experiment"],
                    exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "SweepTests", dependencies: ["TestProcess", "Sweep", "Experiment", "Results", "ProcessControl", "YAML", "Datasets", "TestDisks"]),
    ]
)
