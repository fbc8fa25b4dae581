import Foundation

/// What this process already read from files, kept so that a sweep reads each file once: the
/// sweep loads a job's dataset and tokenizer before forking its child, which then finds them
/// here instead of parsing the files again (the digits CSV took ~8 ms of a tiny run, MiniLM's
/// vocabulary 0.27 s of a head-only run).
///
/// An entry is used only while its file is unchanged (same ``fileVersion(_:)``), so a file
/// edited during a sweep is read again.
enum FileMemo {
    private struct Entry {
        let version: String
        let value: Any
    }

    nonisolated(unsafe) private static var entries: [String: Entry] = [:]
    private static let lock = NSLock()

    /// The value `key` names, from memory when `file` is unchanged since it was loaded.
    static func value<T>(_ key: String, file: String?, load: () throws -> T) throws -> T {
        let version = file.flatMap(fileVersion)
        let memoKey = "\(T.self)|\(key)"
        lock.lock()
        let cached = entries[memoKey]
        lock.unlock()
        if let cached, let version, cached.version == version, let value = cached.value as? T { return value }
        let value = try load()
        if let version {
            lock.lock()
            entries[memoKey] = Entry(version: version, value: value)
            lock.unlock()
        }
        return value
    }
}
