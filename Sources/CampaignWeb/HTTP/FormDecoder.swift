/// Decodes `application/x-www-form-urlencoded` data: POSTed form bodies and
/// URL query strings.
///
/// Pairs are split on `&` only (`;` is an ordinary character, as in the
/// WHATWG URL standard), empty pairs are skipped, `+` is a space and `%XX` a
/// byte. Every name and value must then be UTF-8 without NUL, within the
/// limits. Values may be personal data, so errors name the field and never
/// quote what was in it.
public enum FormDecoder {
    /// The fields of `bytes` in order, repeated names included.
    public static func decode(
        _ bytes: [UInt8],
        maximumFields: Int = 64,
        maximumValueBytes: Int = 4096
    ) throws(FormError) -> [(name: String, value: String)] {
        let pairs = pairs(bytes[...], atMost: maximumFields + 1)
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(min(pairs.count, maximumFields))
        for (position, pair) in pairs.enumerated() {
            // A bad field before the limit is the one reported.
            guard position < maximumFields else { throw FormError("The form has more than \(maximumFields) fields.", field: nil) }
            fields.append(try field(bytes[pair], position: position + 1, maximumBytes: maximumValueBytes))
        }
        return fields
    }

    /// The query of a request target (what follows the first `?`), keeping
    /// the pairs that decode and dropping the rest: a stray parameter in a
    /// link should not make a page fail. Fields past the default maximum are
    /// dropped too.
    public static func query(of target: String) -> [(name: String, value: String)] {
        guard target.utf8.contains(UInt8(ascii: "?")) else { return [] }
        let bytes = Array(target.utf8)
        guard let questionMark = bytes.firstIndex(of: UInt8(ascii: "?")) else { return [] }
        var fields: [(name: String, value: String)] = []
        for (position, pair) in pairs(bytes[(questionMark + 1)...], atMost: 64).enumerated() {
            if let decoded = try? field(bytes[pair], position: position + 1, maximumBytes: 4096) {
                fields.append(decoded)
            }
        }
        return fields
    }

    /// The path of a request target (what precedes the first `?`),
    /// percent-decoded. `+` stays `+`: it means a space only in form data.
    /// A malformed `%` escape is kept as written and bytes that are not UTF-8
    /// become U+FFFD, so the result simply matches no route. `%2F` decodes to
    /// `/`, so split the raw path instead when segments may contain slashes.
    public static func path(of target: String) -> String {
        let raw = target.utf8.prefix { $0 != UInt8(ascii: "?") }
        // Most paths have nothing to decode.
        if !raw.contains(UInt8(ascii: "%")) { return raw.count == target.utf8.count ? target : String(Substring(raw)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index != raw.endIndex {
            let byte = raw[index]
            index = raw.index(after: index)
            if byte == UInt8(ascii: "%"), index != raw.endIndex {
                let next = raw.index(after: index)
                if next != raw.endIndex, let high = hexValue(raw[index]), let low = hexValue(raw[next]) {
                    bytes.append(high << 4 | low)
                    index = raw.index(after: next)
                    continue
                }
            }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Pairs

    /// Where the first `limit` non-empty `&`-separated pieces of `bytes`
    /// are. A plain loop: the generic `split` cost a sign request more than
    /// the rest of its decoding.
    private static func pairs(_ bytes: ArraySlice<UInt8>, atMost limit: Int) -> [Range<Int>] {
        var pairs: [Range<Int>] = []
        pairs.reserveCapacity(min(limit, 16))
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "&") {
            if index > start {
                pairs.append(start..<index)
                if pairs.count == limit { return pairs }
            }
            start = index + 1
        }
        if bytes.endIndex > start { pairs.append(start..<bytes.endIndex) }
        return pairs
    }

    /// One `name=value` pair decoded and checked. `position` counts from 1
    /// and identifies the field when its name cannot be shown.
    private static func field(
        _ pair: ArraySlice<UInt8>,
        position: Int,
        maximumBytes: Int
    ) throws(FormError) -> (name: String, value: String) {
        let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
        let rawName = pair[..<equals]
        let rawValue = equals == pair.endIndex ? pair[equals...] : pair[(equals + 1)...]

        let name: String
        switch text(rawName, maximumBytes: maximumBytes) {
        case .success(let decoded): name = decoded
        case .failure(let problem):
            throw FormError("The name of field \(position) \(problem.phrase(limit: maximumBytes)).", field: nil)
        }
        switch text(rawValue, maximumBytes: maximumBytes) {
        case .success(let value): return (name, value)
        case .failure(let problem):
            throw FormError("Field \(quoted(name)) \(problem.phrase(limit: maximumBytes)).", field: name)
        }
    }

    /// Why a name or value was refused; deliberately carries none of its bytes.
    private enum Problem: Error {
        case malformedEscape, tooLong, notUTF8, containsNUL

        func phrase(limit: Int) -> String {
            switch self {
            case .malformedEscape: "has a malformed percent escape"
            case .tooLong: "is longer than \(limit) bytes"
            case .notUTF8: "is not valid UTF-8"
            case .containsNUL: "contains a NUL character"
            }
        }
    }

    /// Decodes `+` and `%XX`, stopping as soon as the result is over the limit.
    private static func text(_ raw: ArraySlice<UInt8>, maximumBytes: Int) -> Result<String, Problem> {
        // Most names and values are plain ASCII with nothing to decode: made
        // straight from the request's bytes, without a copy to decode into.
        if raw.count <= maximumBytes,
           raw.allSatisfy({ $0 < 0x80 && $0 != 0 && $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "%") }) {
            return .success(String(decoding: raw, as: UTF8.self))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(raw.count, maximumBytes))
        // Noted while decoding, so the bytes are not read again afterwards.
        var isASCII = true
        var hasNUL = false
        var index = raw.startIndex
        while index < raw.endIndex {
            var byte = raw[index]
            if byte == UInt8(ascii: "+") {
                byte = UInt8(ascii: " ")
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < raw.endIndex,
                      let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2])
                else { return .failure(.malformedEscape) }
                byte = high << 4 | low
                index += 2
            }
            guard bytes.count < maximumBytes else { return .failure(.tooLong) }
            isASCII = isASCII && byte < 0x80
            hasNUL = hasNUL || byte == 0
            bytes.append(byte)
            index += 1
        }
        // ASCII (most form data) needs no validating, and the generic
        // validator looks up type metadata on every call.
        guard let decoded = isASCII ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self) else {
            return .failure(.notUTF8)
        }
        guard !hasNUL else { return .failure(.containsNUL) }
        return .success(decoded)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A field name for a message, with quotes and control characters
    /// escaped so that a crafted name cannot forge lines in a log.
    /// `String(reflecting:)` leaves C1 controls such as NEL (U+0085) and the
    /// line and paragraph separators as they are, so those are escaped here.
    private static func quoted(_ name: String) -> String {
        var escaped = ""
        for scalar in String(reflecting: name).unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

// MARK: - FormError

/// Form data that cannot be accepted. The message names the field but never
/// repeats its value, which may be someone's name, address or e-mail.
public struct FormError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The name of the offending field, or nil when the form as a whole (or
    /// a field's undecodable name) is at fault.
    public let field: String?
    /// What is wrong, e.g. `Field "email" is not valid UTF-8.`
    public let message: String

    /// Makes an error about `field`.
    public init(_ message: String, field: String?) {
        self.message = message
        self.field = field
    }

    public var description: String { message }
}
