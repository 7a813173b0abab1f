extension Localizer {
    /// The catalog key of a contact label: "Capitol Office" is
    /// `contact.label.capitol_office`. Labels from Open States and the
    /// directory files are a small vocabulary (Office, Capitol office,
    /// District office, Main, Mobile, Feedback, …), each a catalog text.
    public static func contactLabelKey(_ label: String) -> String {
        let words = label.lowercased().split { !($0.isLetter || $0.isNumber) }
        return "contact.label." + words.joined(separator: "_")
    }

    /// A contact's label as a page in `locale` shows it: the catalog's text
    /// for it in that language when the label is one of the vocabulary
    /// (whatever its case), else the label as stored, marked English.
    public func contactLabel(_ label: String, locale: String) -> LocalizedName {
        guard !label.isEmpty, let text = ownString(Self.contactLabelKey(label), locale: locale) else { return .stored(label, on: locale) }
        return LocalizedName(text: text, language: nil)
    }
}
