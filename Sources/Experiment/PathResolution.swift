import Foundation
import YAML
import PathText

/// File paths in an experiment are relative to the file that wrote them (a base file's
/// `csv:` is relative to the base), so they are rewritten once, using each value's mark.
enum PathResolution {
    static let pathKeys = ["data.source.csv", "data.source.jsonl", "model.pretrained", "model.pretrained.path",
                           "evaluation.forgetting.source.csv", "evaluation.forgetting.source.jsonl",
                           "data.source.audio", "evaluation.forgetting.source.audio",
                           "data.source.images", "evaluation.forgetting.source.images"]

    static func resolve(_ value: Value, marks: [String: Mark]) -> Value {
        var result = value
        for path in pathKeys {
            guard let text = value.at(path)?.string, let mark = marks[path] else { continue }
            if path == "model.pretrained", text == "none" || ModelConfig.builtinModels.contains(text) || !Rules.looksLikePath(text) {
                continue
            }
            guard !text.hasPrefix("/") else { continue }
            let directory = PathText.parent(mark.file)
            let joined = ((directory as NSString).appendingPathComponent(text) as NSString).standardizingPath
            result = result.setting(path.split(separator: ".").map(String.init), to: .string(joined))
        }
        return result
    }
}
