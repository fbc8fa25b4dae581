internal import CImageCodecs

/// The C decoders of `CImageCodecs` (libjpeg-turbo and libpng) behind a Swift face: the header
/// first, so the caller can refuse an oversized image before allocating, then the pixels into
/// a buffer Swift owns. Turns the C status and message into a `DatasetError` naming the file.
enum ImageCodec: Sendable {
    case jpeg
    case png

    init(_ format: ImageFormat) {
        switch format {
        case .jpeg: self = .jpeg
        case .png: self = .png
        }
    }

    struct Header: Sendable, Equatable {
        var width: Int
        var height: Int
        var channels: Int
    }

    private static let messageCapacity = 256

    func readHeader(_ bytes: [UInt8], path: String) throws(DatasetError) -> Header {
        var header = ic_header()
        var message = [CChar](repeating: 0, count: Self.messageCapacity)
        let status = bytes.withUnsafeBufferPointer { data in
            message.withUnsafeMutableBufferPointer { text in
                switch self {
                case .jpeg: ic_jpeg_read_header(data.baseAddress, data.count, &header, text.baseAddress, text.count)
                case .png: ic_png_read_header(data.baseAddress, data.count, &header, text.baseAddress, text.count)
                }
            }
        }
        try Self.check(status, message, path: path)
        return Header(width: Int(header.width), height: Int(header.height), channels: Int(header.channels))
    }

    /// The pixels of an image whose header was read (and accepted) before.
    func decode(_ bytes: [UInt8], header: Header, path: String) throws(DatasetError) -> DecodedImage {
        var expected = ic_header(width: UInt32(header.width), height: UInt32(header.height), channels: UInt32(header.channels))
        var message = [CChar](repeating: 0, count: Self.messageCapacity)
        let count = header.width * header.height * header.channels
        var status: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = bytes.withUnsafeBufferPointer { data in
                message.withUnsafeMutableBufferPointer { text in
                    switch self {
                    case .jpeg: ic_jpeg_decode(data.baseAddress, data.count, &expected, buffer.baseAddress, count, text.baseAddress, text.count)
                    case .png: ic_png_decode(data.baseAddress, data.count, &expected, buffer.baseAddress, count, text.baseAddress, text.count)
                    }
                }
            }
            initialized = status == Int32(IC_OK.rawValue) ? count : 0
        }
        try Self.check(status, message, path: path)
        return DecodedImage(width: header.width, height: header.height, channels: header.channels, pixels: pixels)
    }

    private static func check(_ status: Int32, _ message: [CChar], path: String) throws(DatasetError) {
        if status == Int32(IC_OK.rawValue) { return }
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let code: DatasetError.Code
        switch UInt32(bitPattern: status) {
        case IC_UNSUPPORTED.rawValue: code = .unsupportedFormat
        case IC_OUT_OF_MEMORY.rawValue: code = .tooLarge
        default: code = .damaged
        }
        throw DatasetError(code, path: path, text.isEmpty ? "undescribed decoder error \(status)" : text)
    }
}
