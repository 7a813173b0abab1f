@testable import Campaign
import Foundation

/// The located JSON parser, for files people write (Popolo directories,
/// GeoJSON districts, locale catalogs).
///
/// Input: a file's bytes. Invariants: every error is an `InputError` naming
/// a line of the input and a column no further than one past that line's
/// last character; what the parser reads, Foundation's JSONSerialization
/// reads too, as the same values, and written back with `JSONOutput` it
/// reads as the same values again; what JSONSerialization reads (it allows
/// more, such as trailing commas), written out by JSONSerialization, the
/// parser reads as the same values, unless it is nested deeper than the
/// parser's limit. (On Linux JSONSerialization drops a U+FEFF that begins
/// a string or follows an escape, so strings are compared without U+FEFF;
/// JSONDecoder would be no better an oracle, refusing `0e7` and `1e-400`.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    // Foundation reads UTF-8 without the byte-order mark the parser allows.
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    let foundation = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
    do {
        let node = try JSONParser.parse(bytes: bytes, file: file)
        guard let foundation else {
            fatalError("invariant broken: the parser read what JSONSerialization refuses: \(String(reflecting: String(decoding: body, as: UTF8.self)))")
        }
        Invariant.require(sameValue(node, foundation), "the parser read \(node.value) where JSONSerialization read \(foundation)")
        let written = output(node).compact()
        guard let reread = try? JSONParser.parse(bytes: Array(written.utf8), file: file) else {
            fatalError("invariant broken: \(String(reflecting: written)), written from what was read, does not read back")
        }
        Invariant.require(sameValue(reread, foundation), "\(String(reflecting: written)) read back as \(reread.value)")
    } catch {
        guard let errors = Invariant.inputErrors(in: error), errors.count == 1, let location = errors[0].location else {
            fatalError("invariant broken: \(error) is not one InputError with a location")
        }
        checkLocation(location, in: body, message: errors[0].message)
    }
    if let foundation, let canonical = try? JSONSerialization.data(withJSONObject: foundation, options: [.fragmentsAllowed]) {
        do {
            let node = try JSONParser.parse(bytes: Array(canonical), file: file)
            Invariant.require(sameValue(node, foundation), "JSONSerialization's \(String(decoding: canonical, as: UTF8.self)) read as \(node.value)")
        } catch {
            let message = (error as? InputError)?.message ?? "\(error)"
            Invariant.require(message.hasPrefix("JSON nested deeper than"),
                              "the parser refused JSONSerialization's \(String(reflecting: String(decoding: canonical, as: UTF8.self))): \(error)")
        }
    }
    return 0
}

private let file = "directory.json"

/// Requires `location` to be on a line of `body`, at most one column past
/// its last character (where "the file ends" is reported).
private func checkLocation(_ location: SourceLocation, in body: [UInt8], message: String) {
    Invariant.requireInside(location, lineCount: Invariant.lineCount(body), "'\(message)'")
    // Lines as the parser counts them: LF, CRLF and a lone CR each end one.
    var lines: [[UInt8]] = [[]]
    var previousWasCR = false
    for byte in body {
        if byte == 0x0A, previousWasCR {
            previousWasCR = false
            continue
        }
        previousWasCR = byte == 0x0D
        if byte == 0x0A || byte == 0x0D { lines.append([]) } else { lines[lines.count - 1].append(byte) }
    }
    let characters = String(decoding: lines[location.line - 1], as: UTF8.self).count
    Invariant.require(location.column <= characters + 1,
                      "'\(message)' names column \(location.column) of line \(location.line), which has \(characters) characters")
}

/// Whether the parser's `node` and JSONSerialization's `value` are the same
/// JSON value. Strings compare scalar by scalar. An object's members
/// compare by name, except names given twice (or canonically equivalent,
/// which a Swift dictionary takes for one), whose values either may keep.
private func sameValue(_ node: JSONNode, _ value: Any) -> Bool {
    switch node.value {
    case .null:
        return value is NSNull
    case .bool(let flag):
        return (value as? Bool) == flag
    case .number(let number, _):
        guard let other = (value as? NSNumber)?.doubleValue else { return false }
        return number == other || abs(number - other) <= abs(number) * 1e-15
    case .string(let text):
        return (value as? String).map { scalars(text) == scalars($0) } ?? false
    case .array(let elements):
        guard let others = value as? [Any], others.count == elements.count else { return false }
        return zip(elements, others).allSatisfy { sameValue($0, $1) }
    case .object(let members):
        guard let others = value as? [String: Any] else { return false }
        let named = Dictionary(grouping: members, by: { withoutByteOrderMark($0.key) })
        let otherNamed = Dictionary(others.map { (withoutByteOrderMark($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        guard Set(named.keys) == Set(otherNamed.keys) else { return false }
        return named.allSatisfy { name, given in
            given.count > 1 || otherNamed[name].map { sameValue(given[0].value, $0) } ?? false
        }
    }
}

/// A string's scalars, without U+FEFF (see the target's comment).
private func scalars(_ text: String) -> [Unicode.Scalar] {
    text.unicodeScalars.filter { $0 != "\u{FEFF}" }
}

private func withoutByteOrderMark(_ text: String) -> String {
    String(String.UnicodeScalarView(scalars(text)))
}

/// The node as `JSONOutput` writes it.
private func output(_ node: JSONNode) -> JSONOutput {
    switch node.value {
    case .null: .null
    case .bool(let flag): .bool(flag)
    case .number(let number, _): .number(number)
    case .string(let text): .string(text)
    case .array(let elements): .array(elements.map(output))
    case .object(let members): .object(members.map { ($0.key, output($0.value)) })
    }
}
