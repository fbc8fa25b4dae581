import Dispatch
import PathText
import Foundation

extension Dataset {
    /// A folder with one subfolder of JPEG and PNG photos per class, as torchvision's
    /// ImageFolder reads it: classes are the subfolder names in sorted order, photos are found
    /// in any depth below them and read in sorted path order, so the dataset is the same on
    /// every machine. Hidden files and files of other kinds (a README) are passed over.
    ///
    /// - Throws: `DatasetError` for a missing folder, fewer than two classes, a class with no
    ///   photos, a photo in a format other than JPEG or PNG, and — all at once, one line per
    ///   file — every photo that cannot be decoded.
    public static func imageFolder(path: String, sizing: ImageSizing, pixelLimit: Int = ImageDecoder.defaultPixelLimit,
                                   name: String? = nil) throws(DatasetError) -> Dataset {
        let classes = try PhotoFolder.listing(path)
        var files: [String] = [], labels: [Int] = []
        for (label, entry) in classes.enumerated() {
            files += entry.files
            labels += Array(repeating: label, count: entry.files.count)
        }
        let set = try decodeAll(files, sizing: sizing, pixelLimit: pixelLimit, what: path)
        return Dataset(name: name ?? (path as NSString).lastPathComponent, features: .images(set),
                       targets: .classes(labels, names: classes.map(\.name)))
    }

    /// A CSV file with a column of photo paths (relative to the CSV file, as Ludwig reads them)
    /// and a label column. Class names are the distinct labels, numeric order when all are
    /// numbers.
    public static func csvImages(path: String, image: String, label: String, sizing: ImageSizing,
                                 pixelLimit: Int = ImageDecoder.defaultPixelLimit) throws(DatasetError) -> Dataset {
        let table = try CSVTable(path: path)
        let files = try photoColumn(table, column: image)
        let labelIndex = try table.column(label, role: "label")
        var rawLabels: [String] = []
        for record in table.rows {
            let target = record.fields[labelIndex].trimmingWhitespace()
            guard !target.isEmpty else { throw DatasetError(.malformed, path: path, line: record.line, "label column '\(label)' is empty") }
            rawLabels.append(target)
        }
        let set = try decodeAll(files, sizing: sizing, pixelLimit: pixelLimit, what: path)
        let (indices, names) = ClassNaming.encode(rawLabels)
        return Dataset(name: baseName(of: path), features: .images(set), targets: .classes(indices, names: names))
    }

    /// The photo paths of a CSV table's `column`, resolved against the file's folder; each must exist.
    static func photoColumn(_ table: CSVTable, column: String) throws(DatasetError) -> [String] {
        let path = table.path, columns = table.columns
        let index = try table.column(column, role: "image")
        let folder = PathText.parent(path)
        var files: [String] = []
        for record in table.rows {
            guard record.fields.count == columns.count else {
                throw DatasetError(.raggedRow, path: path, line: record.line, "row has \(record.fields.count) cells but the header has \(columns.count) columns")
            }
            let file = record.fields[index].trimmingWhitespace()
            guard !file.isEmpty else { throw DatasetError(.malformed, path: path, line: record.line, "image column '\(column)' is empty") }
            let resolved = file.hasPrefix("/") ? file : AssetsRoot.join(folder, file)
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw DatasetError(.unreadable, path: path, line: record.line, "image '\(file)' not found (looked for \(resolved))")
            }
            files.append(resolved)
        }
        guard !files.isEmpty else { throw DatasetError(.empty, path: path, "CSV file has a header but no rows") }
        return files
    }

    /// Decodes and resizes every file, on all cores, and reports every damaged one at once.
    static func decodeAll(_ files: [String], sizing: ImageSizing, pixelLimit: Int, what: String) throws(DatasetError) -> ImageSet {
        let results = UnsafeMutableBufferPointer<Result<DecodedImage, DatasetError>?>.allocate(capacity: files.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let slots = results  // each iteration writes its own slot
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let decoded: Result<DecodedImage, DatasetError>
            do throws(DatasetError) {
                let image = try ImageDecoder.decode(file: files[i], pixelLimit: pixelLimit)
                decoded = .success(sizing.stored(image))
            } catch {
                decoded = .failure(error)
            }
            slots[i] = decoded
        }
        var images: [DecodedImage] = [], damaged: [DatasetError] = []
        images.reserveCapacity(files.count)
        for slot in results {
            switch slot! {
            case .success(let image): images.append(image)
            case .failure(let error): damaged.append(error)
            }
        }
        if !damaged.isEmpty {
            let shown = damaged.prefix(20).map { "  \($0)" }.joined(separator: "\n")
            let more = damaged.count > 20 ? "\n  … and \(damaged.count - 20) more" : ""
            throw DatasetError(.damaged, path: what,
                               "\(damaged.count) of \(files.count) photo\(files.count == 1 ? "" : "s") cannot be read:\n\(shown)\(more)")
        }
        let channels = images.contains { $0.channels == 3 } ? 3 : 1
        if channels == 3 { images = images.map { $0.expandedToRGB() } }
        return ImageSet(images: images, channels: channels, cropSize: sizing.cropSize)
    }
}
