import Campaign

/// The text `campaign render` prints: each target, how to reach them, and
/// the script filled in for them.
struct CallSheet {
    let folder: CampaignFolder
    let locale: String
    let caller: Caller
    let localizer: Localizer

    func text(_ resolution: TargetResolver.Resolution) throws -> String {
        let campaign = folder.definition
        func t(_ key: String, _ arguments: [String: String] = [:]) -> String { localizer.string(key, locale: locale, arguments) }
        var lines = [ScriptContext.localized(campaign.title, locale, campaign.defaultLocale) + "  (\(campaign.slug), \(locale))"]
        let placeholders = ScriptContext.value(caller: caller, target: nil, campaign: campaign, locale: locale, localizer: localizer)
        if case .text(let name)? = placeholders["caller"]?["name"], case .text(let place)? = placeholders["caller"]?["place"] {
            lines.append(t("call.caller", ["name": name, "place": place]))
        }
        if let note = campaign.translations[locale] { lines.append(t("campaign.translation", ["note": note])) }
        if resolution.targets.isEmpty && resolution.pending.isEmpty { lines += ["", t("targets.none")] }
        let renderer = TemplateRenderer(mode: .plain, partials: folder.partialLookup(locale: locale))
        for (number, target) in resolution.targets.enumerated() {
            lines.append("")
            var heading = "\(number + 1). "
            let title = target.official?.title(in: locale, office: target.office, catalogs: localizer)
                ?? target.office.title(in: locale, catalogs: localizer)
            heading += target.official.map { "\($0.name) — \(title), \(target.jurisdiction.name(in: locale).text)" } ?? "\(title), \(target.jurisdiction.name(in: locale).text)"
            if let district = target.district { heading += " (\(district.name(in: locale).text))" } else if !target.office.seat.isEmpty { heading += " (\(target.office.seat))" }
            lines.append(heading)
            if target.official == nil { lines.append("   " + t("call.target.vacant")) }
            for contact in target.contacts {
                let label = contact.label.isEmpty ? "" : " (\(localizer.contactLabel(contact.label, locale: locale).text))"
                switch contact.kind {
                case .phone: lines.append("   " + t("call.phone", ["phone": contact.display]) + label)
                case .email: lines.append("   " + t("call.email", ["email": contact.display]) + label)
                case .web: lines.append("   " + t("call.web", ["url": contact.display]) + label)
                case .address: lines.append("   " + t("call.address", ["address": contact.display]) + label)
                }
                if !contact.hours.isEmpty { lines.append("   " + t("call.hours", ["hours": contact.hours])) }
            }
            if target.phones.isEmpty { lines.append("   " + t("call.no_phone")) }
            if let script = campaign.script(locale: locale, role: target.office.role) {
                let context = ScriptContext.value(caller: caller, target: target, campaign: campaign, locale: locale, localizer: localizer)
                let text = try renderer.render(script, context).trimmingCharacters(in: .whitespacesAndNewlines)
                lines.append("")
                lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "   " + $0 }
            }
        }
        for pending in resolution.pending {
            lines.append("")
            switch pending.reason {
            case .needsPlace: lines.append("• " + t("call.pending.place"))
            case let .needsDistrict(jurisdiction, choices, spans):
                lines.append("• \(jurisdiction.name(in: locale).text): " + t(spans ? "lookup.district.choose" : "lookup.district.unknown") + " " + choices.map { "\($0.name(in: locale).text) (--district \($0.code))" }.joined(separator: ", "))
            case .outside(let jurisdiction): lines.append("• " + t("call.pending.outside", ["place": jurisdiction.name(in: locale).text]))
            case let .cannotTell(jurisdiction, finders):
                if case .zip(let zip)? = resolution.source {
                    lines.append("• " + t("call.pending.cannot_tell.zip", ["place": jurisdiction.name(in: locale).text, "zip": zip]))
                } else {
                    lines.append("• " + t("call.pending.cannot_tell.location", ["place": jurisdiction.name(in: locale).text]))
                }
                lines += finders.map { "  " + t("call.web", ["url": $0.display]) }
            case .noneFound:
                if case .zip(let zip)? = resolution.source {
                    lines.append("• " + t("call.pending.none.zip", ["zip": zip]) + " " + t("lookup.finder.url"))
                } else {
                    lines.append("• " + t("call.pending.none.location"))
                }
            case .notInDirectory: lines.append("• " + t("targets.none"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
