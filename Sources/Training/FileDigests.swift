import AtomicFile
import Crypto
import Foundation
import Results

/// SHA-256 digests of files, remembered on disk by ``fileVersion(_:)``, so a sweep's runs hash
/// a 90 MB model once instead of once per run (0.5-0.7 s of a 2.7 s head-only MiniLM run); a
/// changed file is hashed again.
struct FileDigests {
    /// Holds one small file per file version: its digest in hex.
    let folder: String?

    /// Digests are computed every time.
    static let none = FileDigests(folder: nil)

    func sha256(_ path: String) throws -> String {
        guard let folder, let version = fileVersion(path) else { return try Self.compute(path) }
        let record = ResultsLayout.join(folder, FeatureCacheKey.hex(SHA256.hash(data: Array(version.utf8))))
        if let text = try? String(contentsOfFile: record, encoding: .utf8), text.count == 64,
           text.allSatisfy(\.isHexDigit) {
            return text
        }
        let digest = try Self.compute(path)
        try? AtomicFile.createFolder(folder)
        try? AtomicFile.write(Data(digest.utf8), to: record)  // a lost record only costs a rehash
        return digest
    }

    /// SHA-256 of a file's bytes, read in chunks.
    static func compute(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TrainingError("cannot read pre-trained weights '\(path)' to key the feature cache")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 22), !chunk.isEmpty { hasher.update(data: chunk) }
        return FeatureCacheKey.hex(hasher.finalize())
    }
}
