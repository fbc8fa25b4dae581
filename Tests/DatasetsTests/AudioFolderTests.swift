import Foundation
import Testing
@testable import Datasets

/// A fresh audio folder: `clips[class]` lists (file name, bytes).
private func audioFolder(_ clips: [String: [(String, [UInt8])]]) throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("audio-tests-\(UUID().uuidString)").path
    for (label, files) in clips {
        try FileManager.default.createDirectory(atPath: root + "/" + label, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + label + "/" + name)) }
    }
    return root
}

private func tone(_ value: Float, count: Int = 4, rate: Int = 16000) -> [UInt8] {
    WAVFile.encodePCM16([Float](repeating: value, count: count), sampleRate: rate)
}

@Test func audioFolderReadsOneClassPerSubfolderInSortedOrder() throws {
    let root = try audioFolder(["yes": [("kal_01.wav", tone(0.5)), ("ked_00.wav", tone(0.25))],
                                "no": [("kal_00.wav", tone(-0.5, count: 8))]])
    let data = try Dataset.audioFolder(path: root, samples: 6)
    #expect(data.classNames == ["no", "yes"])
    #expect(data.labels == [0, 1, 1])
    #expect(data.exampleShape == [1, 6])
    guard case .dense(let values, _) = data.features else { Issue.record("dense expected"); return }
    // The 8-sample clip keeps its middle 6; the 4-sample clips are centred between zeros.
    #expect(values[0..<6].allSatisfy { Swift.abs($0 + 0.5) < 1e-4 })
    #expect(values[6] == 0 && values[11] == 0 && Swift.abs(values[7] - 0.5) < 1e-4)
}

@Test func audioFolderKeepsOnlyTheListedSpeakers() throws {
    let root = try audioFolder(["yes": [("kal_01.wav", tone(0.5)), ("ked_00.wav", tone(0.25))],
                                "no": [("kal_00.wav", tone(-0.5)), ("slt_00.wav", tone(0.1))]])
    let data = try Dataset.audioFolder(path: root, samples: 4, speakers: ["kal"])
    #expect(data.labels == [0, 1])
    let error = #expect(throws: DatasetError.self) { try Dataset.audioFolder(path: root, samples: 4, speakers: ["kall"]) }
    #expect(error?.message == "no clips of speaker 'kall' (speakers: kal, ked, slt)")
    #expect(error?.suggestion == "kal")
}

/// A damaged or foreign file inside the folder is an error naming that file, not a crash.
@Test(arguments: [
    ("notes.txt", Array("just some text".utf8), "byte 0: not a WAV file (expected 'RIFF….WAVE', found 'just'); only WAV clips are read"),
    ("cut.wav", Array(tone(0.5, count: 100).prefix(60)), "byte 36: 'data' chunk claims 200 bytes but only 16 remain (truncated file?)"),
    ("empty.wav", [], "byte 0: not a WAV file (expected 'RIFF….WAVE', found a 0-byte file); only WAV clips are read"),
    ("fast.wav", tone(0.5, rate: 44100), "sample rate 44100 Hz; audio data is read at 16000 Hz (convert with `sox IN -r 16000 OUT`)"),
])
func audioFolderNamesTheBadFile(name: String, bytes: [UInt8], message: String) throws {
    let root = try audioFolder(["yes": [("kal_00.wav", tone(0.5)), (name, bytes)], "no": [("kal_00.wav", tone(0.1))]])
    let error = #expect(throws: DatasetError.self) { try Dataset.audioFolder(path: root, samples: 4) }
    #expect(error?.path == root + "/yes/" + name)
    #expect(error?.message == message)
}

@Test func audioFolderWithoutClassSubfoldersIsRefused() throws {
    let root = try audioFolder(["only": [("a.wav", tone(0.5))]])
    let error = #expect(throws: DatasetError.self) { try Dataset.audioFolder(path: root) }
    #expect(error?.message == "an audio folder needs one subfolder of WAV clips per class; found 1 subfolder")
    #expect(throws: DatasetError.self) { try Dataset.audioFolder(path: root + "/missing") }
}

let hasSpeech = Dataset.SpeechDomain.allCases.allSatisfy {
    FileManager.default.fileExists(atPath: assetsRoot + "/" + $0.relativePath)
}

/// The generated sets: ten words, source voices and target voices kept apart.
@Test(.enabled(if: hasSpeech, "speech asset not generated (make deps)"))
func speechSetsHoldTheTenWordsAndDisjointVoices() throws {
    let words = ["down", "go", "left", "no", "off", "on", "right", "stop", "up", "yes"]
    let festival = try Dataset.speech(domain: .festival, speakers: ["kal"], assetsRoot: assetsRoot)
    #expect(festival.classNames == words)
    #expect(festival.exampleShape == [1, 16000])
    #expect(festival.classCounts == [Int](repeating: 24, count: 10))
    let manifest = try String(contentsOfFile: assetsRoot + "/speech/manifest.csv", encoding: .utf8)
    let espeakSpeakers = Set(manifest.split(separator: "\n").dropFirst().filter { $0.contains(",espeak,") }.map { $0.split(separator: ",")[5] })
    let festivalSpeakers = Set(manifest.split(separator: "\n").dropFirst().filter { $0.contains(",festival,") }.map { $0.split(separator: ",")[5] })
    #expect(festivalSpeakers == ["kal", "ked", "slt"])
    #expect(espeakSpeakers.isDisjoint(with: festivalSpeakers))
    #expect(espeakSpeakers.count == 8)
}
