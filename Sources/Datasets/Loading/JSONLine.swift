import Foundation

/// A JSON value decoded strictly enough to tell a boolean from a number (JSONSerialization
/// on Linux gives both as NSNumber), used to read JSON Lines records.
enum JSONLine: Decodable, Equatable {
    case object([String: JSONLine])
    case array([JSONLine])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([String: JSONLine].self) { self = .object(value) }
        else { self = .array(try container.decode([JSONLine].self)) }
    }

    var kindDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}
