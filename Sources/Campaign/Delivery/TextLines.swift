/// What a signer typed on several lines (a reason), kept on its lines in
/// packets and mail, whichever line ends their browser sent.
enum TextLines {
    /// The lines of `text`, split at CRLF, CR or LF.
    static func of(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// `text` escaped for HTML, with a `<br>` where each line ends.
    static func html(_ text: String) -> String {
        of(text).map(HTMLEscaping.escape).joined(separator: "<br>")
    }

    /// The lines as a template list, for `{{#lines}}{{.}}{{/lines}}`.
    static func templateValue(_ text: String) -> TemplateValue {
        .list(of(text).map(TemplateValue.text))
    }
}
