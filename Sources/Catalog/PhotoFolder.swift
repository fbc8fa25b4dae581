import Foundation

/// A folder of photos with one subfolder per class (torchvision's ImageFolder layout), listed
/// without decoding anything: validation checks the layout before any engine starts, and the
/// loader reads the same list.
public enum PhotoFolder {
    /// File endings read as photos; the decoder checks the bytes, not the name.
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]
    /// Photo formats a user may have that are refused with the advice to convert them.
    public static let otherImageExtensions: Set<String> = ["bmp", "gif", "webp", "tif", "tiff", "ppm", "pgm", "heic", "heif", "avif"]

    /// The classes of an image folder and the photo files of each, in the order they are read;
    /// without decoding anything, so `finetune validate` can check the layout.
    /// - Throws: `DatasetError` for a missing folder, fewer than two classes, a class with no
    ///   photos, or a photo in a format other than JPEG or PNG.
    public static func listing(_ path: String) throws(DatasetError) -> [(name: String, files: [String])] {
        var listing: [(name: String, files: [String])] = []
        for className in try classFolders(path) {
            let found = try imageFiles(in: AssetsRoot.join(path, className))
            guard !found.isEmpty else {
                throw DatasetError(.empty, path: AssetsRoot.join(path, className), "class '\(className)' holds no JPEG or PNG photos")
            }
            listing.append((className, found))
        }
        return listing
    }


    /// The class subfolders of an image or audio folder, sorted by name.
    public static func classFolders(_ path: String) throws(DatasetError) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(.unreadable, path: path, "image folder not found")
        }
        let classes = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).filter { entry in
            var dir: ObjCBool = false
            return !entry.hasPrefix(".") && manager.fileExists(atPath: AssetsRoot.join(path, entry), isDirectory: &dir) && dir.boolValue
        }.sorted()
        guard classes.count >= 2 else {
            throw DatasetError(.empty, path: path, "an image folder needs one subfolder of photos per class; found \(classes.count) subfolder\(classes.count == 1 ? "" : "s")")
        }
        return classes
    }

    /// The JPEG and PNG files below `folder`, in sorted path order.
    public static func imageFiles(in folder: String) throws(DatasetError) -> [String] {
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            let ending = (name as NSString).pathExtension.lowercased()
            if imageExtensions.contains(ending) {
                found.append(relative)
            } else if otherImageExtensions.contains(ending) {
                throw DatasetError(.invalidArgument, path: AssetsRoot.join(folder, relative),
                                   "\(ending.uppercased()) photos are not read; convert them to PNG or JPEG (e.g. `convert IN OUT.png`)")
            }
        }
        return found.sorted().map { AssetsRoot.join(folder, $0) }
    }
}
