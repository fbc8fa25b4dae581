import Foundation
import Results

extension Runner {
    /// Reads in this process what a run of this spec would otherwise read again in every child
    /// forked from it: the dataset and the tokenizer (kept by ``FileMemo``) and the Swift
    /// runtime's type caches, filled by decoding the configuration and encoding a result. Runs
    /// no tensor operation, so the process stays safe to fork.
    ///
    /// - Returns: why the data cannot be read (a damaged photo, a bad CSV cell, a missing
    ///   file): every run of the experiment would fail the same way, so the sweep stops it
    ///   before training. Other errors are left for the run to report.
    @discardableResult
    public func warmForForking() -> String? {
        guard let config = try? spec.typedConfig() else { return nil }
        do {
            _ = try PreparedData.load(config.data.source, task: config.data.task, margin: config.data.margin,
                                      speakers: config.data.speakers, sizing: config.imageSizing, maxPixels: config.data.maxPixels,
                                      assetsRoot: assetsRoot)
        } catch {
            return "data.source: \(error)"
        }
        if let pretrained = try? PretrainedWeights.resolve(config.model.pretrained, architecture: config.model.architecture, layout: layout, assetsRoot: assetsRoot) {
            _ = try? TextModel.resolve(config.model, pretrained: pretrained, assetsRoot: assetsRoot)
        }
        _ = try? RunResult.unfinished(spec, status: .running, error: "", started: Date()).encoded()
        return nil
    }
}
