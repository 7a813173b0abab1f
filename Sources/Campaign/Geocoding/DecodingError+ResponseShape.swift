import Foundation

extension DecodingError {
    /// What is wrong with a service's JSON, said by where in it: "JSON
    /// without result.addressMatches[0].coordinates". Never a value from the
    /// body, which may echo the address asked about.
    var responseShapeProblem: String {
        switch self {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "a body that is not JSON"
        case .dataCorrupted(let context):
            return "an unreadable value at \(Self.path(context.codingPath))"
        case .keyNotFound(let key, let context):
            return "JSON without \(Self.path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context):
            return "JSON where \(Self.path(context.codingPath)) is not \(Self.kind(type))"
        case .valueNotFound(let type, let context):
            return "JSON where \(Self.path(context.codingPath)) is null, not \(Self.kind(type))"
        @unknown default:
            return "JSON not in the documented shape"
        }
    }

    /// `result.addressMatches[0].coordinates`; "the top level" for none.
    private static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "the top level" }
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    private static func kind(_ type: Any.Type) -> String {
        if type is String.Type { return "a string" }
        if type is Double.Type || type is Int.Type { return "a number" }
        // Arrays of the response's own types: their names start with Array.
        return String(describing: type).hasPrefix("Array") ? "an array" : "an object"
    }
}
