/// A problem reading or writing a safetensors file (or reading a torch checkpoint), naming the file and, when there is one,
/// the tensor, so a damaged checkpoint is reported rather than crashing the program.
///
/// A struct over an open set of codes (rather than an enum) so new checks can be added
/// without breaking code that matches on existing ones.
public struct SafeTensorsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of check failed; compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let io = Code("io")
        public static let truncated = Code("truncated")
        public static let headerLength = Code("headerLength")
        public static let headerEncoding = Code("headerEncoding")
        public static let headerSyntax = Code("headerSyntax")
        public static let headerStructure = Code("headerStructure")
        public static let unknownDType = Code("unknownDType")
        public static let invalidShape = Code("invalidShape")
        public static let invalidOffsets = Code("invalidOffsets")
        public static let byteCountMismatch = Code("byteCountMismatch")
        public static let overlap = Code("overlap")
        /// Bytes of the data section that belong to no tensor (a hole, or data after the last).
        public static let uncovered = Code("uncovered")
        public static let missingTensor = Code("missingTensor")
        public static let unsupportedConversion = Code("unsupportedConversion")
        public static let invalidTensor = Code("invalidTensor")
        /// torch checkpoints: a malformed pickle (bad structure, a missing memo entry, …).
        public static let pickle = Code("pickle")
        /// torch checkpoints: a pickle opcode or global a state dict does not use, refused.
        public static let forbidden = Code("forbidden")
        /// torch checkpoints: a damaged or unsupported zip archive.
        public static let archive = Code("archive")
        /// torch checkpoints: a storage missing, of the wrong size, or read twice with two types.
        public static let storage = Code("storage")
    }

    public let code: Code
    /// The file (or in-memory source label) the problem is in.
    public let file: String
    /// The tensor the problem concerns, if any.
    public let tensor: String?
    public let message: String

    public init(_ code: Code, file: String, tensor: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.tensor = tensor
        self.message = message
    }

    /// `file: tensor 'name': message`, ready to print after `error: `.
    public var description: String {
        if let tensor { return "\(file): tensor '\(tensor)': \(message)" }
        return "\(file): \(message)"
    }
}
