/// The values a call script can name. What the supporter has not given yet
/// shows as a visible blank in their language ("[tu nombre]"), never as a
/// gap.
public enum ScriptContext {
    /// Every placeholder a script may use.
    public static let placeholders: Set<String> = [
        "caller", "caller.name", "caller.place", "caller.zip",
        "target", "target.name", "target.title", "target.role", "target.jurisdiction", "target.district", "target.district.code",
        "target.district.name", "target.seat",
        "campaign", "campaign.title", "campaign.summary", "campaign.slug",
    ]

    /// The context for one target (nil before targets are known).
    public static func value(caller: Caller, target: TargetResolver.Target?, campaign: CampaignDefinition,
                             locale: String, localizer: Localizer) -> TemplateValue {
        func blank(_ key: String) -> TemplateValue { .text(localizer.string(key, locale: locale)) }
        var context: [String: TemplateValue] = [
            "caller": .object([
                "name": caller.name.map(TemplateValue.text) ?? blank("caller.name.blank"),
                "place": (caller.place ?? caller.zip).map(TemplateValue.text) ?? blank("caller.place.blank"),
                "zip": caller.zip.map(TemplateValue.text) ?? blank("caller.place.blank"),
            ]),
            "campaign": .object([
                "title": .text(localized(campaign.title, locale, campaign.defaultLocale)),
                "summary": .text(localized(campaign.summary, locale, campaign.defaultLocale)),
                "slug": .text(campaign.slug),
            ]),
        ]
        if let target {
            context["target"] = .object([
                "name": target.official.map { .text($0.name) } ?? blank("target.name.blank"),
                "title": .text(target.official?.title(in: locale, office: target.office, catalogs: localizer)
                ?? target.office.title(in: locale, catalogs: localizer)),
                "role": .text(target.office.role),
                // Names in the script's language where the directory has them.
                "jurisdiction": .text(target.jurisdiction.name(in: locale).text),
                // The name ("Ward 3") as it always was, and its parts: "Ward {{target.district.code}}".
                "district": .textWithParts(target.district?.name(in: locale).text ?? "", [
                    "name": .text(target.district?.name(in: locale).text ?? ""),
                    "code": .text(target.district?.code ?? target.office.districtCode ?? ""),
                ]),
                "seat": .text(target.office.seat),
            ])
        }
        return .object(context)
    }

    /// The text in `locale`, else in the campaign's default locale.
    public static func localized(_ texts: [String: String], _ locale: String, _ fallback: String) -> String {
        texts[locale] ?? texts[LocaleTag.language(of: locale)] ?? texts[fallback] ?? texts.values.sorted().first ?? ""
    }
}
