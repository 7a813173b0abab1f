import CampaignWeb

/// `application/x-www-form-urlencoded` bodies, query strings and request
/// paths.
///
/// Input: a form body as sent. Invariants: decoding keeps to its limits and
/// never yields a NUL; what decodes, encoded again, decodes to the same
/// fields; an error names its field only as decoded text and holds no
/// control character or line break (it may reach a log); a query keeps the
/// pairs that decode; a path without `%` is the target's text before `?`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    // Small limits so the fuzzer reaches them with short inputs.
    for (maximumFields, maximumValueBytes) in [(64, 4096), (3, 8)] {
        do {
            let fields = try FormDecoder.decode(bytes, maximumFields: maximumFields, maximumValueBytes: maximumValueBytes)
            Invariant.require(fields.count <= maximumFields, "\(fields.count) fields over the limit of \(maximumFields)")
            for field in fields {
                Invariant.require(field.name.utf8.count <= maximumValueBytes && field.value.utf8.count <= maximumValueBytes, "a field over \(maximumValueBytes) bytes")
                Invariant.require(!field.name.utf8.contains(0) && !field.value.utf8.contains(0), "a decoded field holds NUL")
            }
            let again = try FormDecoder.decode(encoded(fields), maximumFields: maximumFields, maximumValueBytes: maximumValueBytes)
            Invariant.require(again.elementsEqual(fields, by: { $0.name == $1.name && $0.value == $1.value }),
                              "fields do not survive encoding: \(fields) became \(again)")
        } catch {
            Invariant.require(!error.message.unicodeScalars.contains(where: Invariant.isLineBreakingOrControl),
                              "error message holds a control character or line break: \(String(reflecting: error.message))")
            if let field = error.field {
                Invariant.require(!field.utf8.contains(0), "error names a field holding NUL")
            }
        }
    }

    let target = String(decoding: bytes, as: UTF8.self)
    let query = FormDecoder.query(of: "/c/x?" + target)
    Invariant.require(query.count <= 64, "a query of \(query.count) pairs")
    Invariant.require(query.allSatisfy { !$0.name.utf8.contains(0) && !$0.value.utf8.contains(0) }, "a query pair holds NUL")
    if let decoded = try? FormDecoder.decode(Array(target.utf8)), decoded.count <= 64 {
        Invariant.require(query.elementsEqual(decoded, by: { $0.name == $1.name && $0.value == $1.value }),
                          "a query that decodes as a form gives other pairs: \(query) vs \(decoded)")
    }

    let path = FormDecoder.path(of: target)
    if !target.contains("%") {
        let beforeQuestionMark = String(decoding: Array(target.utf8.prefix { $0 != UInt8(ascii: "?") }), as: UTF8.self)
        Invariant.require(path == beforeQuestionMark, "path of \(String(reflecting: target)) is \(String(reflecting: path))")
    }
    return 0
}

/// The fields as a form body, every byte that is not a letter or digit
/// escaped, spaces as `+`.
private func encoded(_ fields: [(name: String, value: String)]) -> [UInt8] {
    func escape(_ text: String) -> [UInt8] {
        text.utf8.flatMap { byte -> [UInt8] in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): [byte]
            case UInt8(ascii: " "): [UInt8(ascii: "+")]
            default: Array("%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)).map { $0.asciiValue! }
            }
        }
    }
    return Array(fields.map { escape($0.name) + [UInt8(ascii: "=")] + escape($0.value) }.joined(separator: [UInt8(ascii: "&")]))
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
