/// Reading the scalar fields of an Open States file, with errors that name
/// the field and where it is.
enum OpenStatesField {
    /// A required, non-empty scalar.
    static func string(_ node: YAMLNode, _ key: String) throws -> String {
        guard let child = node[key], !child.isNull else { throw InputError("missing '\(key)'", at: node.location) }
        guard let text = child.string?.trimmedWhitespace, !text.isEmpty else {
            throw InputError("'\(key)' must be a non-empty text, not \(child.kindName)", at: child.location)
        }
        return text
    }

    /// A scalar that may be missing or null; empty text counts as missing.
    static func optionalString(_ node: YAMLNode, _ key: String) throws -> String? {
        guard let child = node[key], !child.isNull else { return nil }
        guard let text = child.string else { throw InputError("'\(key)' must be a text, not \(child.kindName)", at: child.location) }
        let trimmed = text.trimmedWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A date at year, month or day precision, or nil.
    static func date(_ node: YAMLNode, _ key: String) throws -> PartialDate? {
        guard let text = try optionalString(node, key) else { return nil }
        guard let date = PartialDate(text) else {
            throw InputError("malformed date '\(text)' in \(key); write YYYY-MM-DD, YYYY-MM or YYYY", at: node[key]?.location)
        }
        return date
    }

    /// The elements of a list that may be missing or null.
    static func list(_ node: YAMLNode, _ key: String) throws -> [YAMLNode] {
        guard let child = node[key], !child.isNull else { return [] }
        guard let elements = child.sequence else { throw InputError("'\(key)' must be a list, not \(child.kindName)", at: child.location) }
        return elements
    }
}
