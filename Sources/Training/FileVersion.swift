import Foundation

/// What identifies one version of a file without reading it: its absolute path, inode, size
/// and modification time to the nanosecond. A file rewritten or replaced gets a new
/// modification time or inode, as `make` and git decide what changed. Nil when the file
/// cannot be stat-ed.
func fileVersion(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    return "\(absolute)|\(info.st_ino)|\(info.st_size)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
}
