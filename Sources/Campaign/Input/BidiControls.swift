/// Unicode's explicit bidirectional formatting characters: the embeddings
/// and overrides (U+202A to U+202E) and the isolates (U+2066 to U+2069).
/// One in a supporter's name, say U+202E RIGHT-TO-LEFT OVERRIDE, runs on
/// past the name: "Eve\u{202E}evil, Seattle" shows ", Seattle" reversed,
/// in a page, a spreadsheet cell, a terminal or a mail program. Rendered
/// values, packets and CSV cells go without them; pages and packets also
/// isolate what supporters wrote (`<bdi>`, `dir="auto"`), so that even
/// right-to-left text without controls keeps to its own place.
///
/// The marks (U+200E, U+200F, U+061C) stay: each is one invisible strong
/// character that reorders nothing beyond its neighbours, and names in
/// right-to-left scripts use them.
public enum BidiControls {
    /// Whether `scalar` is one of the embedding, override or isolate controls.
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// `text` without those controls; the same string when it has none.
    public static func removed(from text: String) -> String {
        // Each control is three UTF-8 bytes starting E2 80 or E2 81; most
        // text has no E2 byte at all, and is returned without a copy.
        guard text.utf8.contains(0xE2), text.unicodeScalars.contains(where: contains) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { !contains($0) })
        return String(scalars)
    }
}
