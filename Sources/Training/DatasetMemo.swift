import Datasets
import Experiment
import Foundation

/// Datasets already read by this process, kept so that a sweep reads each file once: the
/// sweep loads a job's dataset before forking its child, which then finds it here instead of
/// parsing the file again (the digits CSV took ~8 ms a run, a third of a tiny run's overhead).
///
/// An entry is used only while its file is unchanged (same size and modification time), so a
/// file edited during a sweep is read again.
enum DatasetMemo {
    private struct Entry {
        let stamp: [String]
        let dataset: Dataset
    }

    nonisolated(unsafe) private static var entries: [String: Entry] = [:]
    private static let lock = NSLock()

    /// The dataset `key` names, from memory when `file` is unchanged since it was loaded.
    static func dataset(_ key: String, file: String?, load: () throws -> Dataset) throws -> Dataset {
        let stamp = Self.stamp(file)
        lock.lock()
        let cached = entries[key]
        lock.unlock()
        if let cached, let stamp, cached.stamp == stamp { return cached.dataset }
        let dataset = try load()
        if let stamp {
            lock.lock()
            entries[key] = Entry(stamp: stamp, dataset: dataset)
            lock.unlock()
        }
        return dataset
    }

    /// Size and modification time of `file`, or nil when it cannot be read (never memoized).
    private static func stamp(_ file: String?) -> [String]? {
        guard let file, let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date else { return nil }
        return [file, size.stringValue, String(modified.timeIntervalSince1970)]
    }
}
