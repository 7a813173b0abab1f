import Foundation

/// Punycode (RFC 3492) for internationalised domain names: mail headers and
/// the SMTP envelope are ASCII, so `bücher.example` is written
/// `xn--bcher-kva.example`. `EmailAddress` accepts non-ASCII domains, and
/// this is how they get on the wire.
enum Punycode {
    /// `domain` with each non-ASCII label lowercased, put in Unicode
    /// composed form (NFC) and Punycode-encoded with the `xn--` prefix;
    /// ASCII labels are left as they are.
    static func asciiDomain(_ domain: String) -> String {
        if domain.utf8.allSatisfy({ $0 < 0x80 }) { return domain }
        return domain.split(separator: ".", omittingEmptySubsequences: false).map { label in
            guard label.unicodeScalars.contains(where: { !$0.isASCII }) else { return String(label) }
            return "xn--" + encode(label.lowercased().precomposedStringWithCanonicalMapping)
        }.joined(separator: ".")
    }

    /// The Punycode form of one label, without the `xn--` prefix.
    static func encode(_ label: String) -> String {
        let input = label.unicodeScalars.map { Int($0.value) }
        var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = output.count
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }

        var codePoint = initialCodePoint
        var delta = 0
        var bias = initialBias
        var handled = basicCount
        while handled < input.count {
            // The smallest code point not yet handled; each round handles all its occurrences.
            let next = input.filter { $0 >= codePoint }.min() ?? codePoint
            delta += (next - codePoint) * (handled + 1)
            codePoint = next
            for value in input {
                if value < codePoint { delta += 1 }
                guard value == codePoint else { continue }
                var remainder = delta
                var k = base
                while true {
                    let threshold = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if remainder < threshold { break }
                    output.append(digit(threshold + (remainder - threshold) % (base - threshold)))
                    remainder = (remainder - threshold) / (base - threshold)
                    k += base
                }
                output.append(digit(remainder))
                bias = adapt(delta: delta, pointCount: handled + 1, isFirst: handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            codePoint += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialCodePoint = 0x80

    /// The bias adaptation of RFC 3492 §6.1.
    private static func adapt(delta: Int, pointCount: Int, isFirst: Bool) -> Int {
        var delta = isFirst ? delta / damp : delta / 2
        delta += delta / pointCount
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// Digits 0–25 are `a`–`z`, 26–35 are `0`–`9`.
    private static func digit(_ value: Int) -> UInt8 {
        value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
    }
}
