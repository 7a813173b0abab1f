import COpenSSL

/// What the wrappers of OpenSSL's libcrypto share.
enum LibCrypto {
    /// Stops the process with OpenSSL's reason for the failure of `call`.
    ///
    /// The calls made here fail only when memory or the system's entropy
    /// runs out, or OpenSSL's installation is broken. None of them has an
    /// answer to fall back on: a hash or a token made anyway would be wrong
    /// or guessable, so the process stops rather than carry on.
    static func fail(_ call: String) -> Never {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        fatalError("\(call) failed: " + (reasons.isEmpty ? "OpenSSL gave no reason" : reasons.joined(separator: "; ")))
    }
}
