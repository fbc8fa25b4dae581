internal import CYAML

/// Owns one libyaml parser and the input it reads, and hands out events as Swift values.
///
/// libyaml keeps a pointer to the input instead of copying it, so the bytes live in a
/// buffer this object allocates and frees together with the parser. Every event is
/// converted and then released with `yaml_event_delete` before `next()` returns.
final class EventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let file: String

    init(bytes: [UInt8], file: String) throws(YAMLError) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        guard yaml_parser_initialize(parser) != 0 else {
            parser.deallocate()
            throw YAMLError(file: file, message: "cannot initialise the YAML parser (out of memory)")
        }
        let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        self.parser = parser
        self.input = input
        self.file = file
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event and the 1-based mark where its text starts.
    func next() throws(YAMLError) -> (Event, Mark) {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else { throw currentError() }
        defer { yaml_event_delete(&event) }

        let mark = Mark(file: file, libyaml: event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return (.streamStart, mark)
        case YAML_STREAM_END_EVENT:
            return (.streamEnd, mark)
        case YAML_DOCUMENT_START_EVENT:
            return (.documentStart, mark)
        case YAML_DOCUMENT_END_EVENT:
            return (.documentEnd, mark)
        case YAML_ALIAS_EVENT:
            return (.alias(anchor: Self.string(event.data.alias.anchor) ?? ""), mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let scalar = Scalar(text: text, style: Self.style(data.style), tag: Self.string(data.tag))
            return (.scalar(scalar, anchor: Self.string(data.anchor)), mark)
        case YAML_SEQUENCE_START_EVENT:
            return (.sequenceStart(anchor: Self.string(event.data.sequence_start.anchor)), mark)
        case YAML_SEQUENCE_END_EVENT:
            return (.sequenceEnd, mark)
        case YAML_MAPPING_START_EVENT:
            return (.mappingStart(anchor: Self.string(event.data.mapping_start.anchor)), mark)
        case YAML_MAPPING_END_EVENT:
            return (.mappingEnd, mark)
        default:
            throw YAMLError(mark: mark, message: "unexpected YAML event \(event.type.rawValue)")
        }
    }

    /// Turns libyaml's error state into a located error.
    private func currentError() -> YAMLError {
        let state = parser.pointee
        var message = state.problem.map { String(cString: $0) } ?? "unknown YAML error"
        switch state.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(file: file, message: "out of memory while parsing YAML")
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset, not a mark.
            if state.problem_value != -1 {
                let hex = String(UInt32(bitPattern: state.problem_value), radix: 16, uppercase: true)
                message += " (U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex))"
            }
            let position = SourceText.position(ofByte: state.problem_offset, in: input)
            return YAMLError(mark: Mark(file: file, line: position.line, column: position.column), message: message)
        default:
            let mark = Mark(file: file, libyaml: state.problem_mark)
            if message.contains("cannot start any token"),
               SourceText.leadByte(atLine: mark.line, column: mark.column, in: input) == 0x09 {
                message += "; tabs cannot be used for indentation, use spaces"
            }
            if let context = state.context {
                let contextMark = Mark(file: file, libyaml: state.context_mark)
                message += " (\(String(cString: context)) at line \(contextMark.line), column \(contextMark.column))"
            }
            return YAMLError(mark: mark, message: message)
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}

extension Mark {
    /// The one place libyaml's 0-based line and column become 1-based.
    fileprivate init(file: String, libyaml mark: yaml_mark_t) {
        self.init(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}
