/// The HTML an organizer pastes into their own site to show a campaign's
/// sign form and count (`/c/SLUG/embed`) in a frame.
public enum EmbedSnippet {
    /// The frame's height in pixels: the form with its consent questions and
    /// the privacy notice at phone width (1,409 pixels in English at 390),
    /// with no scroll bar inside; a wide layout may take less.
    public static let height = 1500

    /// An `<iframe>` of the embed in `locale`, at `baseURL` (the site's
    /// public address), titled for screen readers with the campaign's title.
    /// It lets the frame ask for the browser's location, which the sign
    /// form's district question offers where a ZIP code spans districts.
    public static func html(baseURL: String, slug: String, locale: String, title: String) -> String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let source = "\(base)/c/\(slug)/embed?lang=\(locale)"
        return "<iframe src=\"\(HTMLEscaping.escape(source))\" title=\"\(HTMLEscaping.escape(title))\" width=\"100%\" height=\"\(height)\" "
            + "loading=\"lazy\" allow=\"geolocation\" style=\"border: 0; max-width: 42rem\"></iframe>"
    }
}
