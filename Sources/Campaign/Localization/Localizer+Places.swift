extension Localizer {
    /// The text `key` with `{place}` filled in by a name from the directory,
    /// for a page: plain text when the name is in the page's language, else
    /// markup marking the name alone with its language ("Solo para quienes
    /// viven en <span lang="en">King County</span>."), so that a screen
    /// reader reads the sentence in one voice and the name in its own.
    /// Render it with `{{{…}}}`; the rest of the text is escaped.
    public func sentence(_ key: String, locale: String, place: LocalizedName, _ arguments: [String: String] = [:]) -> TemplateValue {
        let plain = string(key, locale: locale, arguments.merging(["place": place.text]) { _, given in given })
        guard let language = place.language else { return .text(plain) }
        let marker = "\u{1}place\u{1}"
        let html = HTMLEscaping.escape(BidiControls.removed(from: string(key, locale: locale, arguments.merging(["place": marker]) { _, given in given })))
            .replacingOccurrences(of: marker, with: "<span lang=\"\(HTMLEscaping.escape(language))\">" + HTMLEscaping.escape(BidiControls.removed(from: place.text)) + "</span>")
        return .markup(html: html, plain: plain)
    }
}
