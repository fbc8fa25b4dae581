import Foundation
import Testing
@testable import Datasets

/// A damaged file made from a fixture, and the exact error it must give.
struct ImageDamageCase: CustomTestStringConvertible, Sendable {
    let name: String
    let path: String
    let bytes: [UInt8]
    let code: DatasetError.Code
    /// The whole message after `path: `.
    let message: String
    var pixelLimit = ImageDecoder.defaultPixelLimit

    var testDescription: String { name }
}

/// The damaged files of the table, each derived from a committed fixture.
enum DamagedImages {
    static let jpeg = ImageFixtures.file("jpeg_baseline_420_63x40")
    static let progressive = ImageFixtures.file("jpeg_progressive_420_80x56")
    static let png = ImageFixtures.file("png_rgb8_63x40")

    static var scan: Int { ImageSurgery.scanData(jpeg)! }
    static var frame: ImageSurgery.Segment { ImageSurgery.jpegSegments(jpeg).first { $0.marker == 0xC0 }! }
    static var ihdr: ImageSurgery.Chunk { ImageSurgery.pngChunks(png)[0] }
    static var idat: ImageSurgery.Chunk { ImageSurgery.pngChunks(png).first { $0.type == "IDAT" }! }

    static func jpegFrame(_ edit: (inout [UInt8], Int) -> Void) -> [UInt8] {
        var bytes = jpeg
        edit(&bytes, frame.payload)
        return bytes
    }

    static func pngHeader(fixCRC: Bool = true, _ edit: (inout [UInt8], Int) -> Void) -> [UInt8] {
        var bytes = png
        edit(&bytes, ihdr.dataStart)
        return fixCRC ? ImageSurgery.fixingCRC(bytes, ihdr) : bytes
    }

    /// The non-interleaved fixture (one scan per component) with its third component dropped
    /// from the frame header: the first scan, of component 1, still reads.
    static var twoComponents: [UInt8] {
        let bytes = ImageFixtures.file("jpeg_noninterleaved_25x17")
        let sof = ImageSurgery.jpegSegments(bytes).first { $0.marker == 0xC0 }!
        var header = Array(bytes[sof.offset..<sof.offset + 2 + sof.length - 3])
        ImageSurgery.writeU16(&header, 2, sof.length - 3)
        header[9] = 2
        return Array(bytes[..<sof.offset]) + header + Array(bytes[(sof.offset + 2 + sof.length)...])
    }

    /// The progressive fixture with its first scan (DC, self-contained) repeated 300 times:
    /// valid data, but far more scans than any encoder writes.
    static var manyScans: [UInt8] {
        var starts: [Int] = []
        for i in 0..<progressive.count - 1 where progressive[i] == 0xFF && progressive[i + 1] == 0xDA { starts.append(i) }
        let first = Array(progressive[starts[0]..<starts[1]])
        return Array(progressive[..<starts[1]]) + Array([[UInt8]](repeating: first, count: 300).joined()) + Array(progressive[starts[1]...])
    }

    static let cases: [ImageDamageCase] = [
        ImageDamageCase(name: "empty file", path: "empty.jpg", bytes: [], code: .damaged, message: "empty file (0 bytes)"),
        ImageDamageCase(name: "text file named .jpg", path: "notes.jpg", bytes: Array("hello, world\n".utf8), code: .unsupportedFormat,
                        message: "not a JPEG or PNG image (starts with 'hell')"),
        ImageDamageCase(name: "GIF named .png", path: "anim.png", bytes: Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0, 0x3B], code: .unsupportedFormat,
                        message: "not a JPEG or PNG image (a GIF image)"),
        ImageDamageCase(name: "iPhone HEIC named .jpg", path: "IMG_0001.jpg", bytes: [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0],
                        code: .unsupportedFormat, message: "not a JPEG or PNG image (a HEIF/HEIC image)"),
        ImageDamageCase(name: "binary junk", path: "x.jpg", bytes: [0x00, 0x01, 0xFE, 0x7F, 0x10], code: .unsupportedFormat,
                        message: "not a JPEG or PNG image (starts with 00 01 fe 7f)"),
        // JPEG, cut short at several points: all truncation, as Pillow's "image file is truncated".
        ImageDamageCase(name: "JPEG cut after 20 bytes", path: "photos/cat/1.jpg", bytes: Array(jpeg.prefix(20)), code: .damaged,
                        message: "truncated JPEG (premature end of data)"),
        ImageDamageCase(name: "JPEG cut inside its Huffman tables", path: "photos/cat/2.jpg",
                        bytes: Array(jpeg.prefix(ImageSurgery.jpegSegments(jpeg).first { $0.marker == 0xC4 }!.payload + 10)),
                        code: .damaged, message: "truncated JPEG (premature end of data)"),
        ImageDamageCase(name: "JPEG cut in the middle of its scan", path: "photos/cat/3.jpg", bytes: Array(jpeg.prefix((scan + jpeg.count) / 2)),
                        code: .damaged, message: "truncated JPEG (premature end of data)"),
        ImageDamageCase(name: "JPEG without its end-of-image marker", path: "photos/cat/4.jpg", bytes: Array(jpeg.dropLast(2)),
                        code: .damaged, message: "truncated JPEG (premature end of data)"),
        ImageDamageCase(name: "progressive JPEG cut after two thirds", path: "photos/cat/5.jpg", bytes: Array(progressive.prefix(progressive.count * 2 / 3)),
                        code: .damaged, message: "truncated JPEG (premature end of data)"),
        // Corrupt entropy data, which Pillow decodes into grey blocks.
        ImageDamageCase(name: "JPEG with a marker inside its entropy-coded data", path: "c.jpg", bytes: {
            var bytes = jpeg
            bytes[(scan + jpeg.count) / 2] = 0xFF
            bytes[(scan + jpeg.count) / 2 + 1] = 0xD3
            return bytes
        }(), code: .damaged, message: "corrupt JPEG data (premature end of data segment)"),
        ImageDamageCase(name: "JPEG with an invalid Huffman code", path: "c.jpg", bytes: {
            var bytes = jpeg
            bytes.replaceSubrange(scan + 5..<scan + 21, with: ([0xFF, 0x00] as [UInt8]).repeated(8))
            return bytes
        }(), code: .damaged, message: "corrupt JPEG data (bad Huffman code)"),
        // JPEG headers.
        ImageDamageCase(name: "JPEG frame claiming 65,500 × 65,500", path: "big.jpg",
                        bytes: jpegFrame { ImageSurgery.writeU16(&$0, $1 + 1, 65_500); ImageSurgery.writeU16(&$0, $1 + 3, 65_500) },
                        code: .tooLarge, message: "65500 × 65500 pixels (4,290,250,000) is over the limit of 89,478,485 pixels (data.max_pixels)"),
        ImageDamageCase(name: "JPEG frame wider than JPEG allows", path: "wide.jpg",
                        bytes: jpegFrame { ImageSurgery.writeU16(&$0, $1 + 3, 65_535) },
                        code: .damaged, message: "JPEG: Maximum supported image dimension is 65500 pixels"),
        ImageDamageCase(name: "JPEG frame of height 0", path: "flat.jpg", bytes: jpegFrame { ImageSurgery.writeU16(&$0, $1 + 1, 0) },
                        code: .damaged, message: "JPEG: Empty JPEG image (DNL not supported)"),
        ImageDamageCase(name: "12-bit JPEG", path: "medical.jpg", bytes: jpegFrame { $0[$1] = 12 }, code: .unsupportedFormat,
                        message: "JPEG: Unsupported JPEG data precision 12"),
        ImageDamageCase(name: "JPEG with two components", path: "two.jpg", bytes: twoComponents, code: .unsupportedFormat,
                        message: "JPEG with 2 components (only 1, 3 or 4 are read: gray, colour, CMYK)"),
        ImageDamageCase(name: "progressive JPEG with 300 scans", path: "slow.jpg", bytes: manyScans, code: .damaged,
                        message: "JPEG: more than 256 progressive scans"),
        // PNG.
        ImageDamageCase(name: "PNG with a bad CRC in IDAT", path: "x.png", bytes: {
            var bytes = png
            bytes[idat.dataStart + idat.length] ^= 1
            return bytes
        }(), code: .damaged, message: "PNG: CRC error in chunk IDAT"),
        ImageDamageCase(name: "PNG with a bad CRC in IHDR", path: "x.png", bytes: {
            var bytes = png
            bytes[ihdr.dataStart + ihdr.length] ^= 0x40
            return bytes
        }(), code: .damaged, message: "PNG: CRC error in chunk IHDR"),
        ImageDamageCase(name: "PNG claiming 50,000 × 50,000 pixels", path: "big.png",
                        bytes: pngHeader { ImageSurgery.writeU32(&$0, $1, 50_000); ImageSurgery.writeU32(&$0, $1 + 4, 50_000) },
                        code: .tooLarge, message: "50000 × 50000 pixels (2,500,000,000) is over the limit of 89,478,485 pixels (data.max_pixels)"),
        ImageDamageCase(name: "PNG claiming 50,000 × 50,000 pixels without fixing the CRC", path: "big.png",
                        bytes: pngHeader(fixCRC: false) { ImageSurgery.writeU32(&$0, $1, 50_000); ImageSurgery.writeU32(&$0, $1 + 4, 50_000) },
                        code: .damaged, message: "PNG: CRC error in chunk IHDR"),
        ImageDamageCase(name: "PNG cut inside IDAT", path: "x.png", bytes: Array(png.prefix(idat.dataStart + idat.length / 2)), code: .damaged,
                        message: "truncated PNG (premature end of data in chunk IDAT)"),
        ImageDamageCase(name: "PNG cut inside IHDR", path: "x.png", bytes: Array(png.prefix(20)), code: .damaged,
                        message: "truncated PNG (premature end of data in chunk IHDR)"),
        // Pillow accepts this one: the pixels are all there, but the file is cut.
        ImageDamageCase(name: "PNG without IEND", path: "x.png", bytes: Array(png.dropLast(12)), code: .damaged,
                        message: "truncated PNG (premature end of data)"),
        ImageDamageCase(name: "PNG whose signature went through a text-mode copy", path: "x.png",
                        bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0D, 0x0A] + png.dropFirst(7), code: .damaged,
                        message: "PNG: PNG file corrupted by ASCII conversion"),
        ImageDamageCase(name: "PNG RGB with 4-bit samples", path: "x.png", bytes: pngHeader { $0[$1 + 8] = 4 }, code: .damaged,
                        message: "PNG: invalid IHDR (Invalid color type/bit depth combination in IHDR)"),
        ImageDamageCase(name: "PNG of width 0", path: "x.png", bytes: pngHeader { ImageSurgery.writeU32(&$0, $1, 0) }, code: .damaged,
                        message: "PNG: invalid IHDR (Image width is zero in IHDR)"),
        ImageDamageCase(name: "PNG with corrupt compressed data", path: "x.png", bytes: {
            var bytes = png
            bytes[idat.dataStart + 4] ^= 0x55
            bytes[idat.dataStart + 5] ^= 0x13
            return ImageSurgery.fixingCRC(bytes, idat)
        }(), code: .damaged, message: "PNG: IDAT: invalid code lengths set"),
        // The caller's own limit.
        ImageDamageCase(name: "a lower pixelLimit", path: "cat.jpg", bytes: jpeg, code: .tooLarge,
                        message: "63 × 40 pixels (2,520) is over the limit of 2,000 pixels (data.max_pixels)", pixelLimit: 2000),
        ImageDamageCase(name: "a lower pixelLimit on a PNG", path: "cat.png", bytes: png, code: .tooLarge,
                        message: "63 × 40 pixels (2,520) is over the limit of 2,519 pixels (data.max_pixels)", pixelLimit: 2519),
    ]
}

extension Array {
    fileprivate func repeated(_ count: Int) -> [Element] { Array([[Element]](repeating: self, count: count).joined()) }
}

@Suite("ImageDamage: damaged files give one clear error naming the file")
struct ImageDamageTests {
    @Test(arguments: DamagedImages.cases)
    func damagedFileGivesItsError(_ damage: ImageDamageCase) {
        do {
            let image = try ImageDecoder.decode(damage.bytes, path: damage.path, pixelLimit: damage.pixelLimit)
            Issue.record("decoded a \(image.width) × \(image.height) image")
        } catch {
            #expect(error.code == damage.code)
            #expect(error.path == damage.path)
            #expect(error.description == "\(damage.path): \(damage.message)")
        }
    }

    /// The table's files really are damaged versions of files that decode.
    @Test func theUndamagedSourcesDecode() throws {
        for bytes in [DamagedImages.jpeg, DamagedImages.progressive, DamagedImages.png, ImageFixtures.file("jpeg_noninterleaved_25x17")] {
            _ = try ImageDecoder.decode(bytes, path: "source")
        }
        let atTheLimit = try ImageDecoder.decode(DamagedImages.png, path: "cat.png", pixelLimit: 2520)
        #expect(atTheLimit.width * atTheLimit.height == 2520)
    }

    // MARK: - Seeded mutants

    static let mutantsPerChunk = 500
    /// 6,000 seeded mutants in parallel chunks (about 0.3 s); 100,000 with
    /// `FINETUNE_SLOW_TESTS=1` (`make test-slow`, about 5 s), which start with the same numbered
    /// mutants. (A one-off run of 1,000,000 took 45 s and found nothing.)
    static let chunks: [Int] = Array(0..<(slow ? 200 : 12))
    static var slow: Bool { ProcessInfo.processInfo.environment["FINETUNE_SLOW_TESTS"] == "1" }
    /// Small enough that mutants claiming large images are refused or fail fast, large enough
    /// for every fixture.
    static let pixelLimit = 1_000_000

    @Test(arguments: chunks)
    func mutantsAreRefusedOrDecodeWellFormed(_ chunk: Int) {
        let fixtures = ImageFixtures.all.map { (name: $0.name, bytes: ImageFixtures.bytes($0.file)) }
        var failures: [String] = []
        var refused = 0
        var slowest: (seconds: Double, what: String) = (0, "")
        var seen = Set<ImageDamageGenerator.Mutation>()
        let clock = ContinuousClock()
        for index in 0..<Self.mutantsPerChunk {
            let number = chunk * Self.mutantsPerChunk + index
            var generator = ImageDamageGenerator(number: number)
            let fixture = fixtures[number % fixtures.count]
            let (bytes, mutations) = generator.mutate(fixture.bytes)
            seen.formUnion(mutations)
            let path = "mutants/\(number)-\(fixture.name)"
            let what = "mutant \(number) of \(fixture.name) (\(mutations.map(\.rawValue).joined(separator: ", ")))"
            let start = clock.now
            do {
                let image = try ImageDecoder.decode(bytes, path: path, pixelLimit: Self.pixelLimit)
                if image.width < 1 || image.height < 1 || ![1, 3].contains(image.channels)
                    || image.pixels.count != image.width * image.height * image.channels
                    || image.width * image.height > Self.pixelLimit {
                    failures.append("\(what): malformed image \(image.width) × \(image.height) × \(image.channels), \(image.pixels.count) bytes")
                }
            } catch {
                refused += 1
                if error.path != path || error.message.isEmpty || error.message.contains("\n") || !error.description.hasPrefix(path + ": ") {
                    failures.append("\(what): error without its path or message: \(error)")
                }
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if seconds > slowest.seconds { slowest = (seconds, what) }
        }
        #expect(failures.isEmpty, "\(failures.count) failures; first: \(failures.prefix(5).joined(separator: "\n"))")
        // A mutation test that refuses nothing tests nothing; one that refuses everything
        // never reaches the decoders' inner checks.
        #expect(refused > Self.mutantsPerChunk / 2 && refused < Self.mutantsPerChunk, "\(refused) of \(Self.mutantsPerChunk) refused")
        #expect(slowest.seconds < 2, "the slowest mutant took \(slowest.seconds) s: \(slowest.what)")
        #expect(seen.count >= ImageDamageGenerator.Mutation.allCases.count - 2, "mutations used: \(seen.map(\.rawValue).sorted())")
    }

    @Test func mutantsAreAPureFunctionOfTheirNumber() {
        let source = ImageFixtures.file("png_rgb8_63x40")
        for number in [0, 1, 77, 2999] {
            var first = ImageDamageGenerator(number: number), second = ImageDamageGenerator(number: number)
            #expect(first.mutate(source).bytes == second.mutate(source).bytes)
        }
    }
}
