/// A parsed JSON value that remembers where it stood in its file, so an
/// importer can say `file:line:column` about any value it rejects.
public struct JSONNode: Sendable {
    /// The kinds of JSON value.
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        /// A number, with its text as written.
        case number(Double, text: String)
        case string(String)
        case array([JSONNode])
        /// Members in file order.
        case object([(key: String, value: JSONNode)])
    }

    /// The value.
    public let value: Value
    /// Where the value begins.
    public let location: SourceLocation

    /// The member named `key` of an object, or nil.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The string, or nil.
    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// The number, or nil.
    public var number: Double? {
        if case .number(let number, _) = value { return number }
        return nil
    }

    /// The elements of an array, or nil.
    public var array: [JSONNode]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    /// The members of an object, or nil.
    public var members: [(key: String, value: JSONNode)]? {
        if case .object(let members) = value { return members }
        return nil
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// A short name of the value's kind, for messages.
    public var kindName: String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value as text that names it in a message: strings quoted, numbers as written.
    public var quoted: String {
        switch value {
        case .string(let text): return "'\(text)'"
        case .number(_, let text): return text
        case .bool(let flag): return String(flag)
        default: return kindName
        }
    }
}
