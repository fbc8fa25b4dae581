#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Reads a whole file with POSIX calls so a failure can say why (`No such file or
/// directory`, `Is a directory`, `Permission denied`) instead of a generic message.
enum FileReader {
    static func readAll(path: String, displayName: String) throws(YAMLError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw failure(displayName) }
        defer { close(fd) }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                throw failure(displayName)
            }
        }
    }

    private static func failure(_ displayName: String) -> YAMLError {
        let reason = String(cString: strerror(errno))
        return YAMLError(file: displayName, message: "cannot read file: \(reason)")
    }
}
