/// A parsed YAML value that remembers where it stood in its file, so an
/// importer can say `file:line:column` about any value it rejects. Scalars
/// stay text: what a date, a number or `yes` means is the reader's business.
public struct YAMLNode: Sendable {
    /// The kinds of YAML node.
    public indirect enum Value: Sendable {
        /// A scalar as written; `isPlain` when it had no quotes or block
        /// style, which is what makes `~`, `null` and nothing at all a null.
        case scalar(String, isPlain: Bool)
        case sequence([YAMLNode])
        /// Entries in file order.
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    /// The value.
    public let value: Value
    /// Where the node begins.
    public let location: SourceLocation

    /// Makes a node.
    public init(value: Value, location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// The value of the entry whose key is the scalar `key`, or nil.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.first { $0.key.string == key }?.value
    }

    /// The text of a scalar that is not null, or nil.
    public var string: String? {
        guard case .scalar(let text, _) = value, !isNull else { return nil }
        return text
    }

    /// The elements of a sequence, or nil.
    public var sequence: [YAMLNode]? {
        if case .sequence(let elements) = value { return elements }
        return nil
    }

    /// The entries of a mapping, or nil.
    public var mapping: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let entries) = value { return entries }
        return nil
    }

    /// Whether this is a null: a plain `~`, `null` (any YAML spelling) or
    /// nothing at all (`end_date:`).
    public var isNull: Bool {
        guard case .scalar(let text, true) = value else { return false }
        return YAMLNode.nullSpellings.contains(text)
    }

    private static let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]

    /// A short name of the node's kind, for messages.
    public var kindName: String {
        switch value {
        case .scalar: return isNull ? "null" : "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
