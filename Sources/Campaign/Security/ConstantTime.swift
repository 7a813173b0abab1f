/// Comparisons whose running time does not reveal where two secrets differ.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. Every byte is examined even
    /// after a difference is found, so that an attacker timing the answer
    /// cannot guess a token one byte at a time. Lengths are not secret
    /// (tokens have a fixed length), so different lengths return at once.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
