import Foundation
import Testing
@testable import AtomicFile
import TestDisks

/// The one atomic writer: a new file or a replaced one, and every way the disk can refuse.
@Suite("AtomicFile: temporary file, fsync, rename, fsync folder")
struct AtomicFileTests {
    @Test func writesAndReplacesAFile_leavingNoTemporaryFile() throws {
        let mount = try ScratchMount(kilobytes: 256)
        let path = mount.file("runs/abc/result.json")  // missing folders are created
        try AtomicFile.write(Data("first".utf8), to: path)
        try AtomicFile.write(Data("second".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount.file("runs/abc")) == ["result.json"])
    }

    /// How a disk refuses a write, and the cause the one-line message must give.
    struct Refusal: CustomTestStringConvertible, Sendable {
        let name: String
        let code: Int32
        /// Makes the mount refuse; returns the path to write.
        let prepare: @Sendable (ScratchMount) throws -> String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "full disk (ENOSPC)", code: ENOSPC) { mount in
            // The old result fits; the new one (1 MiB) does not fit the 64 KiB tmpfs.
            mount.file("result.json")
        },
        Refusal(name: "read-only file system (EROFS)", code: EROFS) { mount in
            try mount.makeReadOnly()
            return mount.file("result.json")
        },
        Refusal(name: "a folder in the path is a file (ENOTDIR)", code: ENOTDIR) { mount in
            try Data("x".utf8).write(to: URL(fileURLWithPath: mount.file("plain")))
            return mount.file("plain/runs/result.json")
        },
        Refusal(name: "permission denied (EACCES, injected: root bypasses permissions)", code: EACCES) { mount in
            mount.file("result.json")
        },
        Refusal(name: "device error (EIO, injected)", code: EIO) { mount in
            mount.file("result.json")
        },
    ]

    @Test(arguments: refusals)
    func aRefusedWriteNamesPathAndCause_removesItsTemporaryFile_andKeepsTheOldFile(_ refusal: Refusal) throws {
        let mount = try ScratchMount(kilobytes: 64)
        let old = mount.file("result.json")
        try AtomicFile.write(Data("{\"status\": \"done\"}".utf8), to: old)
        let path = try refusal.prepare(mount)
        let injected = [EACCES, EIO].contains(refusal.code) ? refusal.code : nil
        let error = #expect(throws: FileWriteError.self) {
            try AtomicFile.write(Data(repeating: 0x20, count: 1 << 20), to: path, injecting: injected)
        }
        #expect(error?.code == refusal.code, "\(String(describing: error))")
        #expect(error?.description == "cannot write \(path): \(String(cString: strerror(refusal.code)))")
        #expect(try String(contentsOfFile: old, encoding: .utf8) == "{\"status\": \"done\"}", "the old result is intact")
        #expect(!mount.contents.contains { $0.hasSuffix(".tmp") }, "temporary files left: \(mount.contents)")
    }
}
