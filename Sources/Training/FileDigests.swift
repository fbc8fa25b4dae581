import Crypto
import Foundation

/// SHA-256 digests of files, remembered on disk by what identifies a file's version (path,
/// inode, size, modification time to the nanosecond), so a sweep's runs hash a 90 MB model
/// once instead of once per run (0.5-0.7 s of a 2.7 s head-only MiniLM run). A file rewritten
/// or replaced gets a new modification time or inode and is hashed again, as `make` and git
/// decide what changed.
struct FileDigests {
    /// Holds one small file per file version: its digest in hex.
    let folder: String?

    /// Digests are computed every time.
    static let none = FileDigests(folder: nil)

    func sha256(_ path: String) throws -> String {
        guard let folder, let version = Self.version(path) else { return try Self.compute(path) }
        let record = (folder as NSString).appendingPathComponent(version)
        if let text = try? String(contentsOfFile: record, encoding: .utf8), text.count == 64,
           text.allSatisfy(\.isHexDigit) {
            return text
        }
        let digest = try Self.compute(path)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? writeAtomically(Data(digest.utf8), to: record)  // a lost record only costs a rehash
        return digest
    }

    /// A name for the file's current version, or nil when it cannot be stat-ed.
    private static func version(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let text = "\(absolute)|\(info.st_ino)|\(info.st_size)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        return SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 of a file's bytes, read in chunks.
    static func compute(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TrainingError("cannot read pre-trained weights '\(path)' to key the feature cache")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 22), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
