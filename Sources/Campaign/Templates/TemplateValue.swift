/// A value a template renders. Text from supporters and the directory is
/// `.text` and is always escaped for HTML; only `.markup`, which this
/// program makes itself (a petition rendered from Markdown), may be output
/// raw with `{{{ }}}`.
public indirect enum TemplateValue: Sendable, Equatable {
    case text(String)
    /// Trusted HTML with its plain-text form for the terminal and e-mail.
    case markup(html: String, plain: String)
    case bool(Bool)
    case number(Int)
    case list([TemplateValue])
    case object([String: TemplateValue])
    /// Text that also has named parts: `{{target.district}}` writes the
    /// text ("Ward 3"), `{{target.district.code}}` a part ("3").
    case textWithParts(String, [String: TemplateValue])

    /// Whether a section over the value renders: false, empty text, an
    /// empty list and a missing value do not.
    var isTruthy: Bool {
        switch self {
        case .bool(let flag): return flag
        case .text(let text), .textWithParts(let text, _): return !text.isEmpty
        case .markup(let html, _): return !html.isEmpty
        case .list(let items): return !items.isEmpty
        case .number, .object: return true
        }
    }

    /// The member `key` of an object.
    public subscript(key: String) -> TemplateValue? {
        switch self {
        case .object(let members), .textWithParts(_, let members): return members[key]
        default: return nil
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
