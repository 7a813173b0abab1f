/// How deliveries and responses read in one language, on the campaign page
/// and in the mail that announces a response.
extension CampaignRecord {
    /// "Muriel Bowser (Mayor)": the official as the directory has them now,
    /// titled in `locale`; the name recorded with the entry when the
    /// directory no longer holds them.
    public static func who(officialID: String, recordedName: String, directory: Directory?, locale: String, localizer: Localizer) -> String {
        guard let official = directory?.officials.first(where: { $0.id == officialID }) else { return recordedName }
        let title = official.title(in: locale, office: directory?.office(official.officeID), catalogs: localizer)
        // Within a sentence a title after a comma would need a second comma
        // ("Muriel Bowser, Mayor, responded"): each language says how it sets it off.
        return title.isEmpty ? official.name : localizer.string("record.official", locale: locale, ["name": official.name, "title": title])
    }

    /// A recorded day in the locale's long style.
    public static func day(_ date: PartialDate, locale: String) -> String {
        guard let month = date.month, let day = date.day else { return date.description }
        return LocaleFormatting.date(year: date.year, month: month, day: day, locale: locale)
    }

    /// A response's text for a reader in `locale`: theirs, else the
    /// campaign's default locale's with that locale for a `lang` attribute
    /// ("" when the text is in the reader's language).
    public static func text(of response: Response, locale: String, defaultLocale: String) -> (markdown: String, language: String) {
        if let own = response.texts[locale] ?? response.texts[LocaleTag.language(of: locale)] { return (own, "") }
        let fallback = response.texts[defaultLocale].map { (defaultLocale, $0) } ?? response.texts.sorted { $0.key < $1.key }.first.map { ($0.key, $0.value) }
        guard let (language, markdown) = fallback else { return ("", "") }
        return (markdown, LocaleTag.language(of: language) == LocaleTag.language(of: locale) ? "" : language)
    }
}
