import Crypto
import Datasets
import Experiment
import Foundation
import Results

/// The SHA-256 of the data and weights a run read, recorded in result.json so a result can be
/// traced to the exact bytes it came from. Files are hashed once per version per experiment
/// (``FileDigests``, in the experiment's `cache/digests`).
struct InputDigests {
    let digests: FileDigests
    let assetsRoot: String

    /// The data source's files, then the pre-trained weights. A file that cannot be read now is
    /// left out: the run has read it already, and a digest is a record, not a check.
    func of(_ source: DataConfig.Source, weights: String?) -> [RunResult.InputDigest] {
        var out: [RunResult.InputDigest] = []
        for path in dataPaths(source) {
            if let digest = digest(path) { out.append(.init(role: .data, path: path, sha256: digest)) }
        }
        if let weights, let digest = digest(weights) { out.append(.init(role: .weights, path: weights, sha256: digest)) }
        return out
    }

    /// The file or folder a source names. A CSV of photos is its CSV alone: the photos it lists
    /// are not digested.
    func dataPaths(_ source: DataConfig.Source) -> [String] {
        switch source {
        case .builtin(let name):
            return Asset.forDataset(name)?.files.map { assetsRoot + "/" + $0 } ?? []
        case .csv(let path, _, _), .jsonl(let path, _, _), .audio(let path), .images(let path), .csvImages(let path, _, _):
            return [path]
        }
    }

    /// A file's digest; a folder's is the digest of its files' `relative path\tdigest` lines,
    /// sorted, so renaming, adding or changing any file changes it.
    func digest(_ path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        guard isFolder.boolValue else { return try? digests.sha256(path) }
        guard let walker = FileManager.default.enumerator(atPath: path) else { return nil }
        var lines: [String] = []
        while let relative = walker.nextObject() as? String {
            let full = path + "/" + relative
            var sub: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue,
                  !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            guard let digest = try? digests.sha256(full) else { return nil }
            lines.append("\(relative)\t\(digest)")
        }
        return FeatureCacheKey.hex(SHA256.hash(data: Array(lines.sorted().joined(separator: "\n").utf8)))
    }
}
