/// One decoded WAV file: mono samples in -1...1 and their rate.
///
/// Reads RIFF/WAVE with PCM 16-bit or IEEE float 32-bit samples (also inside
/// WAVE_FORMAT_EXTENSIBLE), any channel count (averaged to mono). Everything else — another
/// container, another encoding, a truncated or inconsistent file — is a `DatasetError` that
/// names the file and the byte offset where reading stopped, never a crash: user folders hold
/// whatever a recorder or a download left there.
public struct WAVFile: Sendable, Equatable {
    public var sampleRate: Int
    public var samples: [Float]

    public init(sampleRate: Int, samples: [Float]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// Decodes the bytes of a WAV file; `path` only names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(DatasetError) -> WAVFile {
        func fail(_ offset: Int, _ message: String) -> DatasetError {
            DatasetError(.malformed, path: path, "byte \(offset): \(message)")
        }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func tag(_ at: Int) -> String { String(decoding: bytes[at..<at + 4], as: UTF8.self) }

        guard bytes.count >= 12, tag(0) == "RIFF", tag(8) == "WAVE" else {
            let what = bytes.count >= 4 ? describeMagic(bytes) : "a \(bytes.count)-byte file"
            throw fail(0, "not a WAV file (expected 'RIFF….WAVE', found \(what)); only WAV clips are read")
        }
        var format: (code: Int, channels: Int, rate: Int, bits: Int, block: Int)?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = tag(offset), size = u32(offset + 4), body = offset + 8
            guard body + size <= bytes.count || id == "data" else {
                throw fail(offset, "chunk '\(id)' claims \(size) bytes but only \(bytes.count - body) remain (truncated file?)")
            }
            switch id {
            case "fmt ":
                guard size >= 16 else { throw fail(offset, "'fmt ' chunk of \(size) bytes is shorter than 16") }
                var code = u16(body)
                if code == 0xFFFE {
                    guard size >= 40 else { throw fail(offset, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of \(size) bytes is shorter than 40") }
                    code = u16(body + 24)  // the sub-format GUID starts with the format code
                }
                format = (code, u16(body + 2), u32(body + 4), u16(body + 14), u16(body + 12))
            case "data":
                guard let f = format else { throw fail(offset, "'data' chunk before the 'fmt ' chunk") }
                let encoding: Encoding
                switch (f.code, f.bits) {
                case (1, 16): encoding = .pcm16
                case (3, 32): encoding = .float32
                case (1, let bits): throw fail(offset, "\(bits)-bit PCM is not supported (PCM 16-bit or float 32-bit)")
                case (3, let bits): throw fail(offset, "\(bits)-bit float is not supported (PCM 16-bit or float 32-bit)")
                default: throw fail(offset, "encoding \(formatName(f.code)) is not supported (PCM 16-bit or float 32-bit)")
                }
                guard f.channels >= 1, f.rate > 0, f.block == f.channels * f.bits / 8 else {
                    throw fail(offset, "inconsistent format: \(f.channels) channels, \(f.rate) Hz, \(f.block)-byte frames of \(f.bits)-bit samples")
                }
                let available = min(size, bytes.count - body)
                guard available == size else {
                    throw fail(offset, "'data' chunk claims \(size) bytes but only \(available) remain (truncated file?)")
                }
                return WAVFile(sampleRate: f.rate, samples: decodeFrames(bytes, from: body, count: size / f.block,
                                                                        channels: f.channels, encoding: encoding))
            default:
                break
            }
            offset = body + size + (size & 1)  // chunks are padded to even sizes
        }
        throw fail(min(offset, bytes.count), format == nil ? "no 'fmt ' chunk" : "no 'data' chunk")
    }

    enum Encoding { case pcm16, float32 }

    private static func decodeFrames(_ bytes: [UInt8], from start: Int, count: Int, channels: Int, encoding: Encoding) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        let width = encoding == .pcm16 ? 2 : 4
        bytes.withUnsafeBufferPointer { raw in
            for frame in 0..<count {
                var sum: Float = 0
                for channel in 0..<channels {
                    let at = start + (frame * channels + channel) * width
                    switch encoding {
                    case .pcm16:
                        let value = Int16(bitPattern: UInt16(raw[at]) | UInt16(raw[at + 1]) << 8)
                        sum += Float(value) / 32768
                    case .float32:
                        let bits = UInt32(raw[at]) | UInt32(raw[at + 1]) << 8 | UInt32(raw[at + 2]) << 16 | UInt32(raw[at + 3]) << 24
                        sum += Float(bitPattern: bits)
                    }
                }
                out[frame] = channels == 1 ? sum : sum / Float(channels)
            }
        }
        return out
    }

    private static func formatName(_ code: Int) -> String {
        switch code {
        case 2: "ADPCM"
        case 6: "A-law"
        case 7: "µ-law"
        case 0x55: "MP3"
        default: "format code \(code)"
        }
    }

    /// What the first bytes look like, for the "not a WAV file" message.
    private static func describeMagic(_ bytes: [UInt8]) -> String {
        let head = Array(bytes.prefix(4))
        if head == Array("fLaC".utf8) { return "FLAC" }
        if head == Array("OggS".utf8) { return "Ogg" }
        if head.starts(with: Array("ID3".utf8)) || (head[0] == 0xFF && head[1] & 0xE0 == 0xE0) { return "MP3" }
        if head.allSatisfy({ (0x20...0x7E).contains($0) }) { return "'\(String(decoding: head, as: UTF8.self))'" }
        return head.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: " ")
    }
}

extension WAVFile {
    /// Exactly `length` samples: shorter clips are centred between zeros, longer ones keep
    /// their middle — the generator's own rule, so user clips line up with the built-in ones.
    public func centred(length: Int) -> [Float] {
        if samples.count >= length {
            let start = (samples.count - length) / 2
            return Array(samples[start..<start + length])
        }
        var out = [Float](repeating: 0, count: length)
        let left = (length - samples.count) / 2
        for (i, s) in samples.enumerated() { out[left + i] = s }
        return out
    }

    /// The 44-byte-header PCM 16-bit encoding of mono `samples` (clipped to -1...1), for tests
    /// and tools that write clips.
    public static func encodePCM16(_ samples: [Float], sampleRate: Int) -> [UInt8] {
        var out: [UInt8] = []
        func put32(_ v: Int) { for i in 0..<4 { out.append(UInt8((v >> (8 * i)) & 0xFF)) } }
        func put16(_ v: Int) { for i in 0..<2 { out.append(UInt8((v >> (8 * i)) & 0xFF)) } }
        out += Array("RIFF".utf8); put32(36 + samples.count * 2); out += Array("WAVE".utf8)
        out += Array("fmt ".utf8); put32(16); put16(1); put16(1); put32(sampleRate); put32(sampleRate * 2); put16(2); put16(16)
        out += Array("data".utf8); put32(samples.count * 2)
        for s in samples {
            let v = Int((max(-1, min(1, s)) * 32767).rounded())
            put16(v & 0xFFFF)
        }
        return out
    }
}
