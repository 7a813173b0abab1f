/// The form of an e-mail address used to tell whether two signatures come
/// from the same person: case folded, and for Gmail, whose addresses ignore
/// dots and "+tags", those removed too (as e-petitions does).
public enum CanonicalEmail {
    /// The canonical form of a valid address.
    public static func of(_ address: String) -> String {
        let lowered = address.trimmedWhitespace.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return lowered }
        var local = String(lowered[..<at])
        var domain = String(lowered[lowered.index(after: at)...])
        if domain == "googlemail.com" { domain = "gmail.com" }
        if domain == "gmail.com" {
            if let plus = local.firstIndex(of: "+") { local = String(local[..<plus]) }
            local = local.replacingOccurrences(of: ".", with: "")
        }
        return local + "@" + domain
    }
}
