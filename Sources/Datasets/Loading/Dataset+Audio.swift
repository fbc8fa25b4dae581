import TextSupport
import Foundation

extension Dataset {
    /// Where the generated spoken command words live, relative to the assets root
    /// (scripts/speech-data.py writes them; `make deps` runs it).
    public enum SpeechDomain: String, Sendable, Hashable, CaseIterable {
        /// espeak-ng's English accents: the source domain a spotter is pre-trained on.
        case espeak
        /// festival voices built from real speakers: the target domain it is adapted to.
        case festival

        public var relativePath: String { "speech/\(rawValue)" }
    }

    /// The sample rate of every audio dataset: clips at another rate are refused.
    public static let audioSampleRate = 16000

    /// A folder of WAV clips with one subfolder per class (`FOLDER/yes/a.wav`, `FOLDER/no/b.wav`):
    /// the usual layout for user audio.
    ///
    /// Classes are the subfolder names in sorted order; clips are read in sorted order, so the
    /// dataset is the same on every machine. Each clip becomes `samples` mono values (centred,
    /// padded with zeros or cut to its middle), shape `[1, samples]`. The speaker of a clip is
    /// its file name up to the first `_` (`kal_03.wav` → `kal`); `speakers` keeps only those,
    /// which is how a run holds voices out (the generated sets name files that way).
    /// - Throws: `DatasetError` naming the file for anything that is not a 16 kHz WAV of
    ///   PCM 16-bit or float samples, a folder without class subfolders, or no clips left.
    public static func audioFolder(path: String, samples: Int = audioSampleRate, speakers: [String]? = nil,
                                   name: String? = nil) throws(DatasetError) -> Dataset {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(.unreadable, path: path, "audio folder not found")
        }
        let entries = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        let classes = entries.filter { entry in
            var dir: ObjCBool = false
            return fm.fileExists(atPath: (path as NSString).appendingPathComponent(entry), isDirectory: &dir) && dir.boolValue
        }
        guard classes.count >= 2 else {
            throw DatasetError(.empty, path: path, "an audio folder needs one subfolder of WAV clips per class; found \(classes.count) subfolder\(classes.count == 1 ? "" : "s")")
        }
        var values: [Float] = [], labels: [Int] = [], seenSpeakers = Set<String>()
        for (label, className) in classes.enumerated() {
            let folder = (path as NSString).appendingPathComponent(className)
            let files = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for file in files {
                let speaker = String(file.prefix { $0 != "_" && $0 != "." })
                seenSpeakers.insert(speaker)
                if let speakers, !speakers.contains(speaker) { continue }
                let clipPath = (folder as NSString).appendingPathComponent(file)
                let wav = try WAVFile.decode(try TextFile.bytes(at: clipPath, what: "audio clip"), path: clipPath)
                guard wav.sampleRate == audioSampleRate else {
                    throw DatasetError(.invalidArgument, path: clipPath,
                                       "sample rate \(wav.sampleRate) Hz; audio data is read at \(audioSampleRate) Hz (convert with `sox IN -r \(audioSampleRate) OUT`)")
                }
                values += wav.centred(length: samples)
                labels.append(label)
            }
        }
        if let speakers {
            for speaker in speakers where !seenSpeakers.contains(speaker) {
                throw DatasetError(.unknownName, path: path, "no clips of speaker '\(speaker)' (speakers: \(seenSpeakers.sorted().joined(separator: ", ")))",
                                   suggestion: Suggestion.closest(to: speaker, in: Array(seenSpeakers)))
            }
        }
        guard !labels.isEmpty else { throw DatasetError(.empty, path: path, "the audio folder holds no clips") }
        return Dataset(name: name ?? (path as NSString).lastPathComponent, features: .dense(values, shape: [1, samples]),
                       targets: .classes(labels, names: classes))
    }

    /// One generated speech domain (see ``SpeechDomain``) as an audio dataset.
    public static func speech(domain: SpeechDomain, speakers: [String]? = nil, assetsRoot: String) throws(DatasetError) -> Dataset {
        let root = assetsRoot.hasSuffix("/") ? assetsRoot : assetsRoot + "/"
        let path = root + domain.relativePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatasetError(.unreadable, path: path, "generated speech clips not found (run `make deps`, which runs scripts/speech-data.py)")
        }
        return try audioFolder(path: path, speakers: speakers, name: "speech-\(domain.rawValue)")
    }
}
