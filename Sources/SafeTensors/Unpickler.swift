import Foundation

/// A restricted unpickler: the opcodes (protocols 2 to 5) and the globals a torch state dict
/// uses, and nothing else. It never runs code: the globals it accepts are names it interprets
/// itself (`collections.OrderedDict`, `torch._utils._rebuild_tensor_v2`, the storage types,
/// …); any other global or opcode is refused with an error naming the file, the byte and what
/// was found, as `torch.load(weights_only=True)` refuses it.
///
/// Bounded: every length is checked against the bytes that remain before anything is
/// allocated for it, every opcode consumes at least one byte (so a pickle cannot loop), and
/// nothing recurses over the values it builds.
struct Unpickler {
    /// The storage types of a state dict, by their `torch.*Storage` name.
    static let storageTypes: [String: DType] = [
        "FloatStorage": .f32, "DoubleStorage": .f64, "HalfStorage": .f16, "BFloat16Storage": .bf16,
        "LongStorage": .i64, "IntStorage": .i32, "ShortStorage": .i16, "CharStorage": .i8,
        "ByteStorage": .u8, "BoolStorage": .bool,
    ]

    /// The globals a state dict uses; `torch.*Storage` are added from `storageTypes`.
    static let allowedGlobals: Set<PickleGlobal> = {
        var globals: Set<PickleGlobal> = [
            PickleGlobal(module: "collections", name: "OrderedDict"),
            PickleGlobal(module: "torch._utils", name: "_rebuild_tensor_v2"),
            PickleGlobal(module: "torch._utils", name: "_rebuild_tensor"),
            PickleGlobal(module: "torch._utils", name: "_rebuild_parameter"),
            PickleGlobal(module: "torch", name: "Size"),
        ]
        for name in storageTypes.keys { globals.insert(PickleGlobal(module: "torch", name: name)) }
        return globals
    }()

    let bytes: [UInt8]
    let source: String
    /// Turns a persistent id (the tuple `BINPERSID` pops) into a value.
    let persistentLoad: (PickleValue) throws(SafeTensorsError) -> PickleValue

    private var position: Int
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]
    /// Where the opcode being run starts, for messages.
    private var opcodeStart = 0

    /// - Parameter start: the byte where the pickle begins (the legacy format holds several).
    init(bytes: [UInt8], start: Int = 0, source: String,
         persistentLoad: @escaping (PickleValue) throws(SafeTensorsError) -> PickleValue) {
        self.bytes = bytes
        self.position = start
        self.source = source
        self.persistentLoad = persistentLoad
    }

    /// The byte after the last `STOP` read.
    var end: Int { position }

    private func fail(_ message: String) -> SafeTensorsError {
        SafeTensorsError(.pickle, file: source, "pickle byte \(opcodeStart): \(message)")
    }

    private func refuse(_ message: String) -> SafeTensorsError {
        SafeTensorsError(.forbidden, file: source, "pickle byte \(opcodeStart): \(message)")
    }

    // MARK: - Reading bytes

    private mutating func take(_ count: Int, _ what: String) throws(SafeTensorsError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else {
            throw SafeTensorsError(.truncated, file: source,
                                   "pickle byte \(opcodeStart): \(what) needs \(count) bytes but \(bytes.count - position) remain")
        }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    private mutating func littleEndian(_ count: Int, _ what: String) throws(SafeTensorsError) -> UInt64 {
        var value: UInt64 = 0
        for (shift, byte) in try take(count, what).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return value
    }

    /// A length field, refused when it exceeds what remains (before anything is allocated).
    private mutating func length(_ width: Int, _ what: String) throws(SafeTensorsError) -> Int {
        let raw = try littleEndian(width, what)
        guard raw <= UInt64(bytes.count - position) else {
            throw SafeTensorsError(.truncated, file: source,
                                   "pickle byte \(opcodeStart): \(what) of \(raw) bytes runs past the end (\(bytes.count - position) remain)")
        }
        return Int(raw)
    }

    private mutating func line(_ what: String) throws(SafeTensorsError) -> String {
        guard let newline = bytes[position...].firstIndex(of: 0x0A) else {
            throw SafeTensorsError(.truncated, file: source, "pickle byte \(opcodeStart): \(what) has no end of line")
        }
        defer { position = newline + 1 }
        guard let text = String(validating: bytes[position..<newline], as: UTF8.self) else {
            throw fail("\(what) is not UTF-8")
        }
        return text
    }

    private func utf8(_ slice: ArraySlice<UInt8>) throws(SafeTensorsError) -> String {
        guard let text = String(validating: slice, as: UTF8.self) else { throw fail("a string is not valid UTF-8") }
        return text
    }

    // MARK: - The stack

    private mutating func pop() throws(SafeTensorsError) -> PickleValue {
        guard let top = stack.popLast(), stack.count >= (marks.last ?? 0) else { throw fail("the stack is empty") }
        return top
    }

    private func top() throws(SafeTensorsError) -> PickleValue {
        guard let top = stack.last, stack.count > (marks.last ?? 0) else { throw fail("the stack is empty") }
        return top
    }

    private mutating func popToMark() throws(SafeTensorsError) -> [PickleValue] {
        guard let mark = marks.popLast() else { throw fail("no MARK to pop to") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    private mutating func memoize(_ index: Int) throws(SafeTensorsError) {
        memo[index] = try top()
    }

    private func fetch(_ index: Int) throws(SafeTensorsError) -> PickleValue {
        guard let value = memo[index] else { throw fail("memo entry \(index) was never stored") }
        return value
    }

    // MARK: - Running

    /// Runs opcodes up to `STOP` and returns the value it leaves.
    mutating func load() throws(SafeTensorsError) -> PickleValue {
        while true {
            opcodeStart = position
            let opcode = try take(1, "an opcode").first!
            switch opcode {
            case 0x80:  // PROTO
                let version = try take(1, "PROTO").first!
                guard (2...5).contains(version) else { throw refuse("pickle protocol \(version) (state dicts use 2 to 5)") }
            case 0x95:  // FRAME: a length hint, ignored
                _ = try littleEndian(8, "FRAME")
            case 0x2E:  // STOP
                let value = try pop()
                guard marks.isEmpty, stack.isEmpty else { throw fail("STOP leaves \(stack.count) values on the stack") }
                return value
            case 0x28: marks.append(stack.count)  // MARK
            case 0x4E: stack.append(.none)  // NONE
            case 0x88: stack.append(.bool(true))  // NEWTRUE
            case 0x89: stack.append(.bool(false))  // NEWFALSE
            case 0x4B: stack.append(.int(Int(try littleEndian(1, "BININT1"))))
            case 0x4D: stack.append(.int(Int(try littleEndian(2, "BININT2"))))
            case 0x4A: stack.append(.int(Int(Int32(truncatingIfNeeded: try littleEndian(4, "BININT")))))
            case 0x8A, 0x8B:  // LONG1, LONG4: little-endian two's complement
                let count = try length(opcode == 0x8A ? 1 : 4, "LONG")
                let digits = try take(count, "LONG")
                stack.append(long(digits))
            case 0x47:  // BINFLOAT, big-endian
                var raw: UInt64 = 0
                for byte in try take(8, "BINFLOAT") { raw = raw << 8 | UInt64(byte) }
                stack.append(.float(Double(bitPattern: raw)))
            case 0x58, 0x8C, 0x8D:  // BINUNICODE, SHORT_BINUNICODE, BINUNICODE8
                let width = opcode == 0x58 ? 4 : opcode == 0x8C ? 1 : 8
                let count = try length(width, "a string")
                stack.append(.string(try utf8(try take(count, "a string"))))
            case 0x54, 0x55:  // BINSTRING, SHORT_BINSTRING (Python 2 str): ASCII names
                let count = try length(opcode == 0x54 ? 4 : 1, "a string")
                stack.append(.string(try utf8(try take(count, "a string"))))
            case 0x42, 0x43, 0x8E:  // BINBYTES, SHORT_BINBYTES, BINBYTES8
                let width = opcode == 0x42 ? 4 : opcode == 0x43 ? 1 : 8
                let count = try length(width, "bytes")
                stack.append(.bytes(Data(try take(count, "bytes"))))
            case 0x29: stack.append(.tuple([]))  // EMPTY_TUPLE
            case 0x85: stack.append(.tuple([try pop()]))  // TUPLE1
            case 0x86:  // TUPLE2
                let b = try pop(), a = try pop()
                stack.append(.tuple([a, b]))
            case 0x87:  // TUPLE3
                let c = try pop(), b = try pop(), a = try pop()
                stack.append(.tuple([a, b, c]))
            case 0x74: stack.append(.tuple(try popToMark()))  // TUPLE
            case 0x5D: stack.append(.list(PickleList()))  // EMPTY_LIST
            case 0x6C:  // LIST
                let list = PickleList()
                list.items = try popToMark()
                stack.append(.list(list))
            case 0x7D: stack.append(.dict(PickleDict()))  // EMPTY_DICT
            case 0x64:  // DICT
                let dict = PickleDict()
                try setItems(dict, try popToMark())
                stack.append(.dict(dict))
            case 0x61:  // APPEND
                let item = try pop()
                guard case .list(let list) = try top() else { throw fail("APPEND to \(try top().kind)") }
                list.items.append(item)
            case 0x65:  // APPENDS
                let items = try popToMark()
                guard case .list(let list) = try top() else { throw fail("APPENDS to \(try top().kind)") }
                list.items += items
            case 0x73:  // SETITEM
                let value = try pop(), key = try pop()
                guard case .dict(let dict) = try top() else { throw fail("SETITEM on \(try top().kind)") }
                try setItems(dict, [key, value])
            case 0x75:  // SETITEMS
                let items = try popToMark()
                guard case .dict(let dict) = try top() else { throw fail("SETITEMS on \(try top().kind)") }
                try setItems(dict, items)
            case 0x71: try memoize(Int(try littleEndian(1, "BINPUT")))
            case 0x72: try memoize(Int(try littleEndian(4, "LONG_BINPUT")))
            case 0x94: try memoize(memo.count)  // MEMOIZE
            case 0x70:  // PUT
                guard let index = Int(try line("PUT")), index >= 0 else { throw fail("PUT index is not a number") }
                try memoize(index)
            case 0x68: stack.append(try fetch(Int(try littleEndian(1, "BINGET"))))
            case 0x6A: stack.append(try fetch(Int(try littleEndian(4, "LONG_BINGET"))))
            case 0x67:  // GET
                guard let index = Int(try line("GET")), index >= 0 else { throw fail("GET index is not a number") }
                stack.append(try fetch(index))
            case 0x63:  // GLOBAL
                let module = try line("GLOBAL"), name = try line("GLOBAL")
                stack.append(.global(try allow(PickleGlobal(module: module, name: name))))
            case 0x93:  // STACK_GLOBAL
                let name = try pop(), module = try pop()
                guard case .string(let m) = module, case .string(let n) = name else { throw fail("STACK_GLOBAL needs two strings") }
                stack.append(.global(try allow(PickleGlobal(module: m, name: n))))
            case 0x51:  // BINPERSID
                stack.append(try persistentLoad(try pop()))
            case 0x52:  // REDUCE
                let arguments = try pop(), callable = try pop()
                guard case .global(let global) = callable else { throw refuse("REDUCE calls \(callable.kind), not an allowed global") }
                guard case .tuple(let args) = arguments else { throw fail("REDUCE arguments are \(arguments.kind), not a tuple") }
                stack.append(try call(global, args))
            case 0x62:  // BUILD: only an OrderedDict's attributes (`_metadata` of a module's state dict)
                let state = try pop()
                guard case .dict = try top() else { throw refuse("BUILD sets the state of \(try top().kind); a state dict builds only dicts") }
                guard case .dict = state else { throw fail("BUILD state is \(state.kind), not a dict") }
            default:
                let name = Self.opcodeNames[opcode].map { "\($0) (0x\(String(opcode, radix: 16)))" } ?? "0x\(String(opcode, radix: 16))"
                throw refuse("opcode \(name) is not used by a state dict\(Self.opcodeNames[opcode] == nil ? " (not a pickle opcode)" : "")")
            }
        }
    }

    /// LONG1/LONG4 digits: an Int when they fit, else the raw little-endian bytes (the legacy
    /// format's 10-byte magic number).
    private func long(_ digits: ArraySlice<UInt8>) -> PickleValue {
        guard !digits.isEmpty else { return .int(0) }
        let negative = digits.last! & 0x80 != 0
        var trimmed = Array(digits)
        // Drop sign-extension bytes beyond what the value needs.
        while trimmed.count > 8, trimmed.last! == (negative ? 0xFF : 0), (trimmed[trimmed.count - 2] & 0x80 != 0) == negative {
            trimmed.removeLast()
        }
        guard trimmed.count <= 8 else { return .bigInteger(trimmed) }
        var raw: UInt64 = negative ? UInt64.max : 0
        for (shift, byte) in trimmed.enumerated() {
            raw &= ~(UInt64(0xFF) << (8 * UInt64(shift)))
            raw |= UInt64(byte) << (8 * UInt64(shift))
        }
        return .int(Int(Int64(bitPattern: raw)))
    }

    private func setItems(_ dict: PickleDict, _ items: [PickleValue]) throws(SafeTensorsError) {
        guard items.count % 2 == 0 else { throw fail("SETITEMS with an odd number of values") }
        for index in stride(from: 0, to: items.count, by: 2) { dict.set(items[index], items[index + 1]) }
    }

    private func allow(_ global: PickleGlobal) throws(SafeTensorsError) -> PickleGlobal {
        guard Self.allowedGlobals.contains(global) else {
            throw refuse("the global \(global) is not part of a state dict (finetune reads tensors only; re-save the weights with torch.save(model.state_dict()))")
        }
        return global
    }

    // MARK: - Calls

    private func call(_ global: PickleGlobal, _ args: [PickleValue]) throws(SafeTensorsError) -> PickleValue {
        switch (global.module, global.name) {
        case ("collections", "OrderedDict"):
            guard args.isEmpty else { throw fail("OrderedDict called with \(args.count) arguments") }
            return .dict(PickleDict())
        case ("torch", "Size"):
            guard args.count == 1, case .tuple(let dims) = args[0] else { throw fail("torch.Size needs one tuple") }
            return .tuple(dims)
        case ("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_tensor"):
            // (storage, storage_offset, size, stride[, requires_grad, backward_hooks[, metadata]])
            let v2 = global.name == "_rebuild_tensor_v2"
            guard v2 ? (4...7).contains(args.count) : args.count == 4 else {
                throw fail("\(global) called with \(args.count) arguments")
            }
            guard case .storage(let storage) = args[0] else { throw fail("\(global): the storage is \(args[0].kind)") }
            guard case .int(let offset) = args[1] else { throw fail("\(global): the storage offset is \(args[1].kind)") }
            let shape = try integers(args[2], "size", global)
            let stride = try integers(args[3], "stride", global)
            return .tensor(TorchTensorReference(storage: storage, offset: offset, shape: shape, stride: stride))
        case ("torch._utils", "_rebuild_parameter"):
            // (data, requires_grad, backward_hooks)
            guard args.count == 3, case .tensor = args[0] else { throw fail("\(global) needs (tensor, requires_grad, hooks)") }
            return args[0]
        default:
            throw refuse("the global \(global) is a type here, not something a state dict calls")
        }
    }

    private func integers(_ value: PickleValue, _ what: String, _ global: PickleGlobal) throws(SafeTensorsError) -> [Int] {
        guard case .tuple(let items) = value else { throw fail("\(global): the \(what) is \(value.kind), not a tuple") }
        var result: [Int] = []
        for item in items {
            guard case .int(let n) = item else { throw fail("\(global): the \(what) holds \(item.kind), not an integer") }
            result.append(n)
        }
        return result
    }

    /// Names of the pickle opcodes a state dict never uses, so a refusal says what it found.
    static let opcodeNames: [UInt8: String] = [
        0x81: "NEWOBJ", 0x92: "NEWOBJ_EX", 0x69: "INST", 0x6F: "OBJ", 0x82: "EXT1", 0x83: "EXT2", 0x84: "EXT4",
        0x50: "PERSID", 0x49: "INT", 0x4C: "LONG", 0x46: "FLOAT", 0x53: "STRING", 0x56: "UNICODE",
        0x30: "POP", 0x31: "POP_MARK", 0x32: "DUP", 0x8F: "EMPTY_SET", 0x90: "ADDITEMS", 0x91: "FROZENSET",
        0x96: "BYTEARRAY8", 0x97: "NEXT_BUFFER", 0x98: "READONLY_BUFFER",
    ]
}
