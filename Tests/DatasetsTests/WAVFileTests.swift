import Foundation
import Testing
@testable import Datasets

/// WAV bytes assembled by hand: a RIFF header, a `fmt ` chunk and a `data` chunk, so each
/// case changes exactly the field it is about.
private func wav(format: Int = 1, channels: Int = 1, rate: Int = 16000, bits: Int = 16, data: [UInt8],
                 extraChunk: Bool = false, dataSize: Int? = nil) -> [UInt8] {
    func le(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    let block = channels * bits / 8
    var fmt = Array("fmt ".utf8) + le(16, 4) + le(format, 2) + le(channels, 2) + le(rate, 4)
    fmt += le(rate * block, 4) + le(block, 2) + le(bits, 2)
    let extra = extraChunk ? Array("LIST".utf8) + le(3, 4) + [1, 2, 3, 0] : []  // odd size, padded
    let body = fmt + extra + Array("data".utf8) + le(dataSize ?? data.count, 4) + data
    return Array("RIFF".utf8) + le(4 + body.count, 4) + Array("WAVE".utf8) + body
}

private func pcm16(_ values: [Int16]) -> [UInt8] {
    values.flatMap { [UInt8(UInt16(bitPattern: $0) & 0xFF), UInt8(UInt16(bitPattern: $0) >> 8)] }
}

private func float32(_ values: [Float]) -> [UInt8] {
    values.flatMap { v in (0..<4).map { UInt8((v.bitPattern >> (8 * UInt32($0))) & 0xFF) } }
}

@Test func wavDecodesPCM16AndSkipsUnknownChunks() throws {
    let file = try WAVFile.decode(wav(data: pcm16([0, 16384, -32768, 32767]), extraChunk: true), path: "a.wav")
    #expect(file.sampleRate == 16000)
    #expect(file.samples == [0, 0.5, -1, Float(32767) / 32768])
}

@Test func wavDecodesFloat32AndAveragesChannels() throws {
    let file = try WAVFile.decode(wav(format: 3, channels: 2, bits: 32, data: float32([0.5, -0.5, 1, 0.25])), path: "b.wav")
    #expect(file.samples == [0, 0.625])
}

@Test func wavRoundTripsItsOwnPCM16Encoding() throws {
    let samples: [Float] = [0, 0.25, -0.5, 0.999]
    let decoded = try WAVFile.decode(WAVFile.encodePCM16(samples, sampleRate: 8000), path: "c.wav")
    #expect(decoded.sampleRate == 8000)
    for (a, b) in zip(decoded.samples, samples) { #expect(Swift.abs(a - b) < 1e-4) }
}

private let notAWAV: String = "not a WAV file (expected 'RIFF….WAVE', found "
private let flac: [UInt8] = Array("fLaC".utf8) + [UInt8](repeating: 0, count: 40)
private let riffOnly: [UInt8] = Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WAVE".utf8)
private let headerOnly: [UInt8] = Array(wav(data: pcm16([1, 2])).prefix(36))

/// Every way a file can fail to be a readable WAV: the message names the byte where reading stopped.
private let damagedWAVs: [([UInt8], String)] = [
    (Array("hello, not audio".utf8), "byte 0: " + notAWAV + "'hell'); only WAV clips are read"),
    (flac, "byte 0: " + notAWAV + "FLAC); only WAV clips are read"),
    ([0x52, 0x49], "byte 0: " + notAWAV + "a 2-byte file); only WAV clips are read"),
    (wav(bits: 24, data: [0, 0, 0]), "byte 36: 24-bit PCM is not supported (PCM 16-bit or float 32-bit)"),
    (wav(format: 7, bits: 8, data: [0]), "byte 36: encoding µ-law is not supported (PCM 16-bit or float 32-bit)"),
    (wav(data: pcm16([1, 2]), dataSize: 400), "byte 36: 'data' chunk claims 400 bytes but only 4 remain (truncated file?)"),
    (headerOnly, "byte 36: no 'data' chunk"),
    (riffOnly, "byte 12: no 'fmt ' chunk"),
]

@Test(arguments: damagedWAVs)
func wavDamagedFilesGiveAPositionedError(bytes: [UInt8], message: String) {
    let error = #expect(throws: DatasetError.self) { try WAVFile.decode(bytes, path: "clips/yes/x.wav") }
    #expect(error?.path == "clips/yes/x.wav")
    #expect(error?.message == message)
    #expect(error?.description == "clips/yes/x.wav: " + message)
}

@Test(arguments: [
    ([1, 2, 3] as [Float], 5, [0, 1, 2, 3, 0] as [Float]),
    ([1, 2, 3, 4, 5], 3, [2, 3, 4]),
    ([1, 2], 2, [1, 2]),
])
func wavClipsAreCentred(samples: [Float], length: Int, expected: [Float]) {
    #expect(WAVFile(sampleRate: 16000, samples: samples).centred(length: length) == expected)
}
