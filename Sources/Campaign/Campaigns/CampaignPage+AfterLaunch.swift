/// What the campaign page shows of its life after launch: milestones with
/// progress, deliveries, and officials' responses in the page's language.
extension CampaignPage {
    /// The milestones, deliveries and responses as template values.
    func afterLaunch() -> [String: TemplateValue] {
        let campaign = folder.definition
        var values: [String: TemplateValue] = ["has_milestones": .bool(!campaign.milestones.isEmpty),
                                               "has_deliveries": .bool(!record.deliveries.isEmpty),
                                               "has_responses": .bool(!record.responses.isEmpty)]
        if !campaign.milestones.isEmpty {
            let reached = Self.milestonesReached(signatures: signatureCount, milestones: campaign.milestones)
            let toGo = Self.milestoneToGo(signatures: signatureCount, milestones: campaign.milestones, locale: locale, localizer: localizer)
            values["milestones"] = .list(campaign.milestones.enumerated().map { index, milestone in
                let text = Self.localizedText(milestone.text, locale: locale, defaultLocale: campaign.defaultLocale)
                return .object([
                    "at": .text(localizer.plural("milestones.at", count: milestone.signatures, locale: locale)),
                    "text": .text(text.text), "text_lang": .text(text.languageMark),
                    "reached": .bool(index < reached),
                    // A closed petition gathers no more: nothing is "to go".
                    "next": .bool(index == reached && status == .live),
                    "to_go": .text(index == reached ? toGo ?? "" : ""),
                ])
            })
        }
        if !record.deliveries.isEmpty {
            // The organizers' note stays with them (`campaign deliveries`).
            values["deliveries"] = .list(record.deliveries.map { delivery in
                let name = CampaignRecord.who(officialID: delivery.officialID, recordedName: delivery.officialName, directory: directory,
                                              locale: locale, localizer: localizer)
                return .object(["text": .text(localizer.plural("deliveries.line", count: delivery.signatures, locale: locale,
                                                               ["name": name, "date": CampaignRecord.day(delivery.date, locale: locale)]))])
            })
        }
        if !record.responses.isEmpty {
            values["responses"] = .list(record.responses.map { response in
                let who = CampaignRecord.who(officialID: response.officialID, recordedName: response.officialName, directory: directory,
                                             locale: locale, localizer: localizer)
                let text = CampaignRecord.text(of: response, locale: locale, defaultLocale: campaign.defaultLocale)
                return .object(["by": .text(localizer.string("responses.by", locale: locale, ["who": who, "date": CampaignRecord.day(response.date, locale: locale)])),
                                "text": Markdown.render(text.markdown), "text_lang": .text(text.language), "id": .text("response-\(response.id)")])
            })
        }
        return values
    }

    /// How many milestones `signatures` reached.
    public static func milestonesReached(signatures: Int, milestones: [Milestone]) -> Int {
        milestones.prefix { $0.signatures <= signatures }.count
    }

    /// The sentence of how many more signatures the next milestone needs
    /// (nil once every one is reached): the only part of the milestones
    /// that changes with each signature, made with the count's texts.
    public static func milestoneToGo(signatures: Int, milestones: [Milestone], locale: String, localizer: Localizer) -> String? {
        let reached = milestonesReached(signatures: signatures, milestones: milestones)
        guard reached < milestones.count else { return nil }
        return localizer.plural("milestones.to_go", count: milestones[reached].signatures - signatures, locale: locale)
    }

    /// An organizer's text in the page's language, else the default locale's, marked with it.
    static func localizedText(_ texts: [String: String], locale: String, defaultLocale: String) -> LocalizedName {
        if let own = texts[locale] ?? texts[LocaleTag.language(of: locale)] { return LocalizedName(text: own, language: nil) }
        return LocalizedName(text: texts[defaultLocale] ?? "", language: LocaleTag.language(of: defaultLocale) == LocaleTag.language(of: locale) ? nil : defaultLocale)
    }
}
