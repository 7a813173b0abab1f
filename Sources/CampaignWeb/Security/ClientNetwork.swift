import Glibc

/// The block of addresses a client is counted under by the rate limits. An
/// IPv4 address is one client; an IPv6 address is not: a home or a phone
/// gets a whole /64 and may use any of its 2⁶⁴ addresses, so counting
/// each one alone would give a single client endless fresh counts. An
/// IPv4 address written as IPv6 (`::ffff:198.51.100.7`, as a dual-stack
/// socket or a proxy may give it) is the IPv4 address.
enum ClientNetwork {
    /// The key `address` is counted under: `198.51.100.7`, or
    /// `2001:db8:1:2::/64`. Text that is no address (a proxy's "unknown")
    /// is its own key.
    static func key(of address: String) -> String {
        var text = Substring(address)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        // A zone (`fe80::1%eth0`) names the interface, not the client.
        if let percent = text.firstIndex(of: "%") { text = text[..<percent] }
        let plain = String(text)
        var v4 = in_addr()
        if inet_pton(AF_INET, plain, &v4) == 1 { return format(v4) ?? plain }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, plain, &v6) == 1 else { return address }
        var bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        for index in 8..<16 { bytes[index] = 0 }
        bytes.withUnsafeBytes { raw in
            withUnsafeMutableBytes(of: &v6) { $0.copyMemory(from: raw) }
        }
        return format(v6).map { $0 + "/64" } ?? address
    }

    private static func format(_ address: in_addr) -> String? {
        var address = address
        return text(of: &address, family: AF_INET, length: Int(INET_ADDRSTRLEN))
    }

    private static func format(_ address: in6_addr) -> String? {
        var address = address
        return text(of: &address, family: AF_INET6, length: Int(INET6_ADDRSTRLEN))
    }

    private static func text<T>(of address: inout T, family: Int32, length: Int) -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: length) { buffer in
            guard let base = buffer.baseAddress, inet_ntop(family, &address, base, socklen_t(length)) != nil else { return nil }
            return String(cString: base)
        }
    }
}
