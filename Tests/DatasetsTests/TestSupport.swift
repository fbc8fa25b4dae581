import Foundation
@testable import Datasets

/// The asset cache, found as finetune finds it (the machine-wide cache `make deps` fills).
let assetsRoot = AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)
let hasDigits = FileManager.default.fileExists(atPath: assetsRoot + "/" + Dataset.digitsRelativePath)
let hasVADER = Dataset.SentimentDomain.allCases.allSatisfy {
    FileManager.default.fileExists(atPath: assetsRoot + "/" + $0.relativePath)
}

/// Writes `contents` to a fresh temporary file named `name` and returns its path.
func temporaryFile(_ name: String, _ contents: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("datasets-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try contents.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// A small labelled dataset: `perClass[c]` examples of class c, one feature = the index.
func toyDataset(perClass: [Int]) -> Dataset {
    var labels: [Int] = []
    for (label, count) in perClass.enumerated() { labels += Array(repeating: label, count: count) }
    return Dataset(name: "toy", features: .dense(labels.indices.map(Float.init), shape: [1]),
                   targets: .classes(labels, names: perClass.indices.map { "c\($0)" }))
}

/// Counts of each class among `indices`.
func histogram(_ indices: [Int], labels: [Int], classes: Int) -> [Int] {
    var counts = [Int](repeating: 0, count: classes)
    for index in indices { counts[labels[index]] += 1 }
    return counts
}
