import Foundation
import Results

extension Runner {
    /// Reads in this process what a run of this spec would otherwise read again in every child
    /// forked from it: the dataset and the tokenizer (kept by ``FileMemo``) and the Swift
    /// runtime's type caches, filled by decoding the configuration and encoding a result. Runs
    /// no tensor operation, so the process stays safe to fork. Errors are left for the run to
    /// report.
    public func warmForForking() {
        guard let config = try? spec.typedConfig() else { return }
        _ = try? PreparedData.load(config.data.source, task: config.data.task, margin: config.data.margin,
                                   speakers: config.data.speakers, sizing: config.imageSizing, maxPixels: config.data.maxPixels,
                                   assetsRoot: assetsRoot)
        if let pretrained = try? PretrainedWeights.resolve(config.model.pretrained, layout: layout, assetsRoot: assetsRoot) {
            _ = try? TextModel.resolve(config.model, pretrained: pretrained, assetsRoot: assetsRoot)
        }
        _ = try? RunResult.unfinished(spec, status: .running, error: "", started: Date()).encoded()
    }
}
