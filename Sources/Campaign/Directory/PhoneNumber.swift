/// Normalises telephone numbers to E.164 (`+12062639600`), keeping an
/// extension in RFC 3966 form (`+12062639600;ext=12`). Numbers without a
/// country code are read as North American.
public enum PhoneNumber {
    /// The E.164 form of `text`, or an explanation of why it is not a number.
    public static func normalize(_ text: String) -> Result<String, PhoneNumberError> {
        var body = text.trimmingCharacters(in: .whitespaces)
        var extensionDigits = ""
        for marker in [";ext=", " ext. ", " ext ", " x ", " x", "x", "#"] {
            if let range = body.range(of: marker, options: [.caseInsensitive, .backwards]) {
                let tail = body[range.upperBound...].trimmingCharacters(in: .whitespaces)
                if !tail.isEmpty, tail.allSatisfy(\.isASCIIDigit) {
                    extensionDigits = tail
                    body = String(body[..<range.lowerBound])
                    break
                }
            }
        }
        let international = body.trimmingCharacters(in: .whitespaces).hasPrefix("+")
        let allowedPunctuation = Set(" ()-.+/\u{00A0}")
        if let bad = body.first(where: { !$0.isASCIIDigit && !allowedPunctuation.contains($0) }) {
            return .failure(.unexpectedCharacter(bad))
        }
        let digits = body.filter(\.isASCIIDigit)
        let e164: String
        if international && digits.first != "1" {
            guard (8...15).contains(digits.count), digits.first != "0" else { return .failure(.wrongLength(digits.count)) }
            e164 = "+" + digits
        } else {
            // +1 is North America, where the same rules hold as without it.
            var national = digits
            if national.count == 11, national.first == "1" { national.removeFirst() } else if international {
                return .failure(.wrongLength(digits.count))
            }
            guard national.count == 10 else { return .failure(.wrongLength(digits.count)) }
            let areaCode = national.prefix(3), exchange = national.dropFirst(3).prefix(3)
            guard let areaFirst = areaCode.first, ("2"..."9").contains(areaFirst),
                  let exchangeFirst = exchange.first, ("2"..."9").contains(exchangeFirst) else {
                return .failure(.notNorthAmerican)
            }
            e164 = "+1" + national
        }
        return .success(extensionDigits.isEmpty ? e164 : e164 + ";ext=" + extensionDigits)
    }
}

/// Why a phone number was rejected.
public enum PhoneNumberError: Error, Sendable, CustomStringConvertible {
    case unexpectedCharacter(Character)
    case wrongLength(Int)
    case notNorthAmerican

    public var description: String {
        switch self {
        case .unexpectedCharacter(let character):
            return "unexpected character '\(character)'"
        case .wrongLength(let count):
            return "\(count) digits; a North American number has 10 (an international one starts with + and a country code)"
        case .notNorthAmerican:
            return "area code and exchange must not start with 0 or 1"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
