import Foundation
import Testing
@testable import Datasets

/// One committed image and the pixels Pillow 13 decodes from it (scripts/parity/image_decoding.py
/// wrote both; Fixtures/images/manifest.json lists them).
struct ImageFixture: Decodable, CustomTestStringConvertible, Sendable {
    struct Pillow: Decodable, Sendable {
        /// Where finetune deliberately differs: how many bytes, by at most how much, and Pillow's own pixels.
        var differs: Int?
        var max_difference: Int?
        var reference: String?
        /// Where Pillow's exif_transpose raises (finetune keeps the image unrotated).
        var raises: String?
    }

    var name: String
    var file: String
    var width: Int
    var height: Int
    var channels: Int
    var orientation: Int
    var note: String
    var pillow: Pillow?

    var testDescription: String { name }
}

enum ImageFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/images")

    struct Manifest: Decodable {
        var pillow: String
        var libjpeg_turbo: String
        var fixtures: [ImageFixture]
    }

    static let manifest: Manifest = {
        let url = folder.appendingPathComponent("manifest.json")
        return try! JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url))
    }()

    static var all: [ImageFixture] { manifest.fixtures }

    static func path(_ file: String) -> String { folder.appendingPathComponent(file).path }

    static func bytes(_ file: String) -> [UInt8] {
        [UInt8](try! Data(contentsOf: folder.appendingPathComponent(file)))
    }

    /// The bytes of the fixture called `name` (its file, not its reference).
    static func file(_ name: String) -> [UInt8] {
        bytes(all.first { $0.name == name }!.file)
    }
}

/// Parity with Pillow: every committed fixture decodes to exactly the reference bytes, through
/// Debian's libjpeg-turbo 2.1 and libpng 1.6, where Pillow used its bundled libjpeg-turbo 3.2.
@Suite("ImageDecoder: every fixture decodes to Pillow's pixels")
struct ImageDecoderTests {
    @Test(arguments: ImageFixtures.all)
    func fixtureDecodesToTheReferencePixels(_ fixture: ImageFixture) throws {
        let image = try ImageDecoder.decode(file: ImageFixtures.path(fixture.file))
        #expect(image.width == fixture.width)
        #expect(image.height == fixture.height)
        #expect(image.channels == fixture.channels)
        let expected = ImageFixtures.bytes("reference/\(fixture.name).raw")
        try #require(image.pixels.count == expected.count)
        let differences = zip(image.pixels, expected).count { $0 != $1 }
        #expect(differences == 0, "\(differences) of \(expected.count) bytes differ from the reference (\(fixture.note))")
    }

    /// The one deliberate pixel difference: 16-bit gray keeps the high byte where Pillow's
    /// convert("L") clips to 255. Measured on the fixture: every one of its 425 pixels differs,
    /// by up to 250 levels (Pillow's are all 255).
    @Test func sixteenBitGrayKeepsTheHighByteWherePillowClips() throws {
        let fixture = try #require(ImageFixtures.all.first { $0.name == "png_gray16_25x17" })
        let pillow = ImageFixtures.bytes("reference/\(fixture.name).pillow.raw")
        let image = try ImageDecoder.decode(file: ImageFixtures.path(fixture.file))
        let differences = zip(image.pixels, pillow).count { $0 != $1 }
        let largest = zip(image.pixels, pillow).map { abs(Int($0) - Int($1)) }.max()
        #expect(differences == 425 && fixture.pillow?.differs == 425)
        #expect(largest == 250 && fixture.pillow?.max_difference == 250)
        #expect(Set(pillow) == [255], "Pillow's pixels are all white")
        // The samples are gray * 256 + detail, and the 8-bit gray + alpha fixture holds the same
        // gray: the high byte is that picture. Pillow's own 16-bit gray + alpha keeps it too.
        let gray = try ImageDecoder.decode(file: ImageFixtures.path("png_gray_alpha8_25x17.png"))
        #expect(image.pixels == gray.pixels)
        #expect(ImageFixtures.bytes("reference/png_gray_alpha16_25x17.raw") == gray.pixels)
    }

    /// Only where the manifest says so (16-bit gray; malformed EXIF where Pillow raises) may
    /// finetune's expectation differ from Pillow's output.
    @Test func deliberateDifferencesAreTheDocumentedOnes() {
        let differing = ImageFixtures.all.filter { $0.pillow != nil }.map(\.name).sorted()
        #expect(differing == ["jpeg_exif_bad_header_dpi_7x5", "png_exif_bad_header_7x5", "png_gray16_25x17"])
    }

    @Test func theFixturesCoverEveryKind() {
        let names = ImageFixtures.all.map(\.name)
        func has(_ part: String) -> Bool { names.contains { $0.contains(part) } }
        for kind in ["baseline_420", "baseline_422", "baseline_444", "progressive", "gray", "cmyk_adobe", "ycck", "cmyk_no_adobe",
                     "restart", "h1v2", "h4v1", "noninterleaved", "1x1", "png_gray1", "png_gray2", "png_gray4", "png_gray8",
                     "png_gray16", "gray_alpha8", "gray_alpha16", "rgb8", "rgb16", "rgba8", "rgba16", "palette1", "palette2",
                     "palette4", "palette8", "trns", "adam7", "xmp", "raw_profile"] {
            #expect(has(kind), "no fixture for \(kind)")
        }
        #expect(Set(ImageFixtures.all.filter { $0.name.hasPrefix("jpeg_orientation_") }.map(\.orientation)) == Set(1...8))
        #expect(ImageFixtures.manifest.pillow == "13.0.0")
    }

    @Test func bytesAndFileDecodeAlike() throws {
        let fixture = ImageFixtures.all[0]
        let fromFile = try ImageDecoder.decode(file: ImageFixtures.path(fixture.file))
        let fromBytes = try ImageDecoder.decode(ImageFixtures.bytes(fixture.file), path: "anything.png")
        #expect(fromFile == fromBytes)
    }

    @Test func aMissingFileIsUnreadable() {
        #expect {
            try ImageDecoder.decode(file: "/nonexistent/finetune/cat.jpg")
        } throws: { error in
            let error = error as? DatasetError
            return error?.code == .unreadable && error?.description == "/nonexistent/finetune/cat.jpg: image not found"
        }
    }

    /// The eight orientations on a 3 × 2 image whose pixels are their own coordinates, written
    /// out by hand from Pillow's transpose methods.
    @Test(arguments: ImageOrientation.allCases)
    func orientationMovesPixelsAsPillowsTranspose(_ orientation: ImageOrientation) {
        // Pixel value 10 * row + column: row 0 is 0 1 2, row 1 is 10 11 12.
        let image = DecodedImage(width: 3, height: 2, channels: 1, pixels: [0, 1, 2, 10, 11, 12])
        let expected: [UInt8] = switch orientation {
        case .upright: [0, 1, 2, 10, 11, 12]
        case .flipLeftRight: [2, 1, 0, 12, 11, 10]
        case .rotate180: [12, 11, 10, 2, 1, 0]
        case .flipTopBottom: [10, 11, 12, 0, 1, 2]
        case .transpose: [0, 10, 1, 11, 2, 12]
        case .rotateClockwise: [10, 0, 11, 1, 12, 2]
        case .transverse: [12, 2, 11, 1, 10, 0]
        case .rotateCounterClockwise: [2, 12, 1, 11, 0, 10]
        }
        let turned = orientation.apply(to: image)
        #expect(turned.pixels == expected)
        #expect((turned.width, turned.height) == (orientation.rawValue >= 5 ? (2, 3) : (3, 2)))
    }

    @Test func hexProfilesReadAsPillowsFromhex() {
        #expect(ImageMetadata.hexProfile(Array("\nexif\n   4\n4578 69\n66".utf8)) == [0x45, 0x78, 0x69, 0x66])
        #expect(ImageMetadata.hexProfile(Array("\nexif\n   4\n4 578".utf8)) == nil, "whitespace inside a pair")
        #expect(ImageMetadata.hexProfile(Array("\nexif\n   4\n45zz".utf8)) == nil)
        #expect(ImageMetadata.hexProfile(Array("no newlines".utf8)) == [])
    }

    @Test func xmpOrientationIsTheFirstMatch() {
        #expect(ImageMetadata.xmpOrientation(Array(#"<x tiff:Orientation="x" tiff:Orientation="6"/>"#.utf8)) == 6)
        #expect(ImageMetadata.xmpOrientation(Array("<tiff:Orientation>3</tiff:Orientation>".utf8)) == 3)
        #expect(ImageMetadata.xmpOrientation(Array(#"tiff:Orientation = "6""#.utf8)) == nil)
        #expect(ImageMetadata.xmpOrientation(Array("tiff:Orientation".utf8)) == nil)
    }

    @Test func pixelCountsAreGroupedInThousands() {
        #expect(ImageDecoder.grouped(0) == "0")
        #expect(ImageDecoder.grouped(999) == "999")
        #expect(ImageDecoder.grouped(2_520) == "2,520")
        #expect(ImageDecoder.grouped(89_478_485) == "89,478,485")
        #expect(ImageDecoder.grouped(4_290_250_000) == "4,290,250,000")
    }
}
