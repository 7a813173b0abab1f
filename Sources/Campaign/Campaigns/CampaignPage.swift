import Foundation

/// The values the supporter page of a campaign renders: texts in the
/// supporter's language, the petition, and each target with `tel:` links and
/// the script filled in for them. The CLI's preview and the server use it.
public struct CampaignPage: Sendable {
    public let folder: CampaignFolder
    public let status: CampaignDefinition.Status
    public let locale: String
    public let localizer: Localizer
    public let caller: Caller
    /// Who to contact, for the supporter's place if known.
    public let resolution: TargetResolver.Resolution
    /// Signatures counted so far.
    public let signatureCount: Int
    /// The page's own address, for language links and forms ("/c/slug").
    public let path: String
    /// Deliveries and responses recorded after launch.
    public let record: CampaignRecord
    /// Where the officials of `record` are titled from.
    public let directory: Directory?
    /// When the campaign closed, while it stays closed: the privacy notice
    /// gives the day its signers' data is erased.
    public let closedAt: Date?

    /// Makes a page model.
    public init(folder: CampaignFolder, status: CampaignDefinition.Status, locale: String, localizer: Localizer, caller: Caller,
                resolution: TargetResolver.Resolution, signatureCount: Int = 0, path: String, record: CampaignRecord = .empty,
                directory: Directory? = nil, closedAt: Date? = nil) {
        self.record = record
        self.directory = directory
        self.folder = folder
        self.status = status
        self.locale = locale
        self.localizer = localizer
        self.caller = caller
        self.resolution = resolution
        self.signatureCount = signatureCount
        self.path = path
        self.closedAt = closedAt
    }

    /// The template context.
    public func context() throws -> TemplateValue {
        let campaign = folder.definition
        func t(_ key: String, _ arguments: [String: String] = [:]) -> String { localizer.string(key, locale: locale, arguments) }
        var context: [String: TemplateValue] = [
            "lang": .text(locale),
            "dir": .text(LocaleTag.direction(of: locale)),
            "slug": .text(campaign.slug),
            "path": .text(path),
            "title": .text(ScriptContext.localized(campaign.title, locale, campaign.defaultLocale)),
            "summary": .text(ScriptContext.localized(campaign.summary, locale, campaign.defaultLocale)),
            "t": localizer.templateStrings(locale: locale),
            "is_draft": .bool(status == .draft),
            "is_closed": .bool(status == .closed),
            "is_open": .bool(status == .live),
            "languages": .list(campaign.locales.map { code in
                // Each language named in itself, never in another's words (nor English's, for a catalog without its name).
                .object(["code": .text(code), "name": .text(localizer.ownString("language.name", locale: code) ?? code),
                         "url": .text("\(path)?lang=\(code)"), "current": .bool(code == locale)])
            }),
        ]
        if let note = campaign.translations[locale] { context["translation_note"] = .text(t("campaign.translation", ["note": note])) }
        if let petition = campaign.petition {
            let counted = Self.countTexts(signatures: signatureCount, goal: petition.goal, locale: locale, localizer: localizer)
            var model: [String: TemplateValue] = [
                "text": folder.petitionMarkup[locale] ?? folder.petitionMarkup[campaign.defaultLocale]
                    ?? Markdown.render(ScriptContext.localized(petition.text, locale, campaign.defaultLocale)),
                "count": .text(counted.count),
                "consent": .list(petition.consent.map { question in
                    .object(["name": .text("consent_\(question.rawValue)"), "label": .text(t("consent.\(question.rawValue)"))])
                }),
                "has_consent": .bool(!petition.consent.isEmpty),
                "asks_public": .bool(petition.consent.contains(.public)),
                "asks_reason": .bool(petition.reasons != .off),
                "reasons_reviewed": .bool(petition.reasons == .before),
                "action": .text("\(path)/sign"),
                "privacy": .text(privacyNotice()),
            ]
            if !campaign.organizer.email.isEmpty { model["privacy_contact"] = .text(campaign.organizer.email) }
            if let percent = counted.percent, let text = counted.goal {
                model["goal"] = .object(["percent": .number(percent), "text": .text(text)])
            }
            context["petition"] = .object(model)
        }
        if let call = campaign.call {
            context["call"] = .object(try callModel(call))
        }
        context.merge(afterLaunch()) { _, new in new }
        return .object(context)
    }

    /// What is kept of a signer and who sees it, until when (the day, once
    /// the campaign has closed), and how to ask for it: of the organizers,
    /// whose address the page links after the notice when campaign.toml gives one.
    func privacyNotice() -> String {
        func t(_ key: String, _ arguments: [String: String] = [:]) -> String { localizer.string(key, locale: locale, arguments) }
        var sentences = [t("privacy.notice")]
        if let days = folder.definition.retainDaysAfterClose {
            if let closedAt {
                let day = LocaleFormatting.date(RetentionPurge.eraseFrom(closedAt: closedAt, retainDays: days), locale: locale)
                sentences.append(t("privacy.erased_on", ["date": day]))
            } else {
                sentences.append(localizer.plural("privacy.erased_after_close", count: days, locale: locale,
                                                  ["count": LocaleFormatting.number(days, locale: locale)]))
            }
        }
        sentences.append(t(folder.definition.organizer.email.isEmpty ? "privacy.on_request" : "privacy.on_request_at"))
        return sentences.joined(separator: " ")
    }

    /// What a petition's page says of its count: the count ("1,234
    /// signatures") and, with a goal, the bar's percent and its sentence.
    /// The only texts of the page that change with each signature.
    public static func countTexts(signatures: Int, goal: Int?, locale: String, localizer: Localizer) -> (count: String, percent: Int?, goal: String?) {
        let count = localizer.plural("signatures.count", count: signatures, locale: locale)
        guard let goal else { return (count, nil, nil) }
        return (count, min(100, signatures * 100 / max(goal, 1)),
                localizer.plural("signatures.goal", count: signatures, locale: locale, ["goal": LocaleFormatting.number(goal, locale: locale)]))
    }

    private func callModel(_ call: CampaignDefinition.Call) throws -> [String: TemplateValue] {
        let campaign = folder.definition
        func t(_ key: String, _ arguments: [String: String] = [:]) -> String { localizer.string(key, locale: locale, arguments) }
        let partials = folder.partials.mapValues { $0.mapValues { $0.escapingLiteralText() } }
        let renderer = TemplateRenderer(mode: .html) { name in partials[name]?[locale] }
        let targets: [TemplateValue] = try resolution.targets.map { target in
            let title = target.official?.title(in: locale, office: target.office, catalogs: localizer)
                ?? target.office.title(in: locale, catalogs: localizer)
            // Each part in the page's language where the directory has it, else marked with its own.
            var place = [target.jurisdiction.name(in: locale)]
            if let district = target.district { place.append(district.name(in: locale)) }
            else if !target.office.seat.isEmpty { place.append(.stored(target.office.seat, on: locale)) }
            var script: TemplateValue = .text("")
            if let template = campaign.script(locale: locale, role: target.office.role) {
                let context = ScriptContext.value(caller: caller, target: target, campaign: campaign, locale: locale, localizer: localizer)
                let html = try renderer.render(template.escapingLiteralText(), context)
                let plain = try TemplateRenderer(mode: .plain, partials: folder.partialLookup(locale: locale)).render(template, context)
                script = .markup(html: Self.paragraphs(html), plain: plain)
            }
            func contacts(_ kind: Contact.Kind) -> TemplateValue {
                .list(target.contacts.filter { $0.kind == kind }.map { contact -> TemplateValue in
                    // A label of the usual vocabulary ("Office", "Capitol office") in the page's language; others as stored, marked.
                    let label = localizer.contactLabel(contact.label, locale: locale)
                    return .object(["display": .text(contact.display), "value": .text(contact.value), "label": .text(label.text),
                             "label_lang": .text(label.languageMark),
                             "hours": .text(contact.hours), "hours_lang": .text(LocalizedName.stored(contact.hours, on: locale).languageMark),
                             "tel": .text("tel:" + contact.value.replacingOccurrences(of: ";ext=", with: ",")),
                             "href": .text(kind == .email ? "mailto:" + contact.value : contact.value)])
                })
            }
            // With no number, there is no call to report: say what can be done instead.
            let canWrite = target.contacts.contains { $0.kind == .email || $0.kind == .web }
            let noPhone: TemplateValue = target.phones.isEmpty
                ? localizer.sentence(canWrite ? "call.no_phone.write" : "call.no_phone.nothing", locale: locale, place: target.jurisdiction.name(in: locale))
                : .text("")
            return .object([
                "name": .text(target.official?.name ?? ""), "has_name": .bool(target.official != nil), "title": .text(title),
                "place": .text(place.map(\.text).joined(separator: " · ")), "place_parts": Self.parts(place),
                "phones": contacts(.phone), "emails": contacts(.email), "webs": contacts(.web), "addresses": contacts(.address),
                "no_phone": .bool(target.phones.isEmpty), "no_phone_text": noPhone, "script": script,
                "id": .text(target.official?.id ?? target.office.id),
            ])
        }
        let pending: [TemplateValue] = resolution.pending.compactMap { pending in
            switch pending.reason {
            case .needsPlace: return .object(["text": .text(t("call.pending.place")), "ask_zip": true])
            case let .needsDistrict(jurisdiction, choices, spans):
                let area = jurisdiction.name(in: locale)
                return .object(["area": .text(area.text), "area_lang": .text(area.languageMark),
                                "text": .text(t(spans ? "lookup.district.choose" : "lookup.district.unknown")),
                                "has_choices": .bool(!choices.isEmpty),
                                "choices": .list(choices.map { district -> TemplateValue in
                                    let name = district.name(in: locale)
                                    return .object(["code": .text(district.code), "name": .text(name.text), "name_lang": .text(name.languageMark)])
                                })])
            case .outside(let jurisdiction):
                return .object(["text": localizer.sentence("call.pending.outside", locale: locale, place: jurisdiction.name(in: locale))])
            case let .cannotTell(jurisdiction, finders):
                let place = jurisdiction.name(in: locale)
                let text = switch resolution.source {
                case .zip(let zip)?: localizer.sentence("call.pending.cannot_tell.zip", locale: locale, place: place, ["zip": zip])
                case .location?, nil: localizer.sentence("call.pending.cannot_tell.location", locale: locale, place: place)
                }
                return .object(["text": text, "links": .list(finders.map { finder -> TemplateValue in
                    let label = finder.label.isEmpty ? LocalizedName(text: finder.display, language: nil) : localizer.contactLabel(finder.label, locale: locale)
                    return .object(["href": .text(finder.value), "label": .text(label.text), "label_lang": .text(label.languageMark)])
                })])
            case .noneFound:
                guard case .zip(let zip)? = resolution.source else { return .object(["text": .text(t("call.pending.none.location"))]) }
                return .object(["text": .text(t("call.pending.none.zip", ["zip": zip])),
                                "links": .list([.object(["href": .text(t("lookup.finder.url")), "label": .text(t("lookup.finder.label")), "label_lang": .text("")])])])
            case .notInDirectory: return nil
            }
        }
        var model: [String: TemplateValue] = [
            "targets": .list(targets), "pending": .list(pending), "zip": .text(caller.zip ?? ""), "name": .text(caller.name ?? ""),
            "action": .text(path),
        ]
        if let points = folder.pointsMarkup[locale] ?? folder.pointsMarkup[campaign.defaultLocale] { model["points"] = points }
        return model
    }

    /// Names (a place's parts) for a template, each with `lang` when it is
    /// not in the page's language: `{{#parts}}{{#separated}} · {{/separated}}…{{/parts}}`.
    static func parts(_ names: [LocalizedName]) -> TemplateValue {
        .list(names.enumerated().map { index, name in
            .object(["part": .text(name.text), "part_lang": .text(name.languageMark), "separated": .bool(index > 0)])
        })
    }

    /// Blank-line separated text as paragraphs, line breaks kept.
    static func paragraphs(_ html: String) -> String {
        html.trimmingCharacters(in: .whitespacesAndNewlines)
            .components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { "<p>" + $0.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "<br>\n") + "</p>" }
            .joined(separator: "\n")
    }
}
