import Foundation

/// The digests of one campaign, worked out inside one read transaction.
struct CampaignDigest {
    let planner: DigestPlanner
    let db: Database
    let campaignID: Int64
    let folder: CampaignFolder
    let directory: Directory
    let now: Date
    /// The official a digest is for, whose language it is written in.
    var reader: Official?

    var definition: CampaignDefinition { folder.definition }
    var locale: String { SignerExport.language(asked: planner.locale, official: reader, directory: directory, definition: definition) }
    var localizer: Localizer { planner.composer.localizer }
    var title: String { ScriptContext.localized(definition.title, locale, definition.defaultLocale) }
    var campaignURL: String { planner.composer.settings.baseURL + "/c/" + definition.slug }

    func t(_ key: String, _ arguments: [String: String] = [:]) -> String { localizer.string(key, locale: locale, arguments) }
    func plural(_ key: String, _ count: Int, _ arguments: [String: String] = [:]) -> String {
        localizer.plural(key, count: count, locale: locale, arguments.merging(["count": number(count)]) { $1 })
    }
    func number(_ value: Int) -> String { LocaleFormatting.number(value, locale: locale) }

    /// The same campaign's digest, written for `official`.
    func reading(_ official: Official) -> CampaignDigest {
        var digest = self
        digest.reader = official
        return digest
    }

    /// Every official the campaign's rules can reach, in rule order: one
    /// named by id, and the holders of a role in office now.
    var targetOfficials: [Official] {
        let today = PartialDate(now)
        var seen = Set<String>()
        var officials: [Official] = []
        func add(_ official: Official) { if seen.insert(official.id).inserted { officials.append(official) } }
        for rule in definition.targets {
            switch rule {
            case .official(let id): directory.officials.first { $0.id == id }.map(add)
            case .office(let role, let jurisdiction), .own(let role, let jurisdiction?):
                let offices = Set(directory.offices.filter { $0.role == role && $0.jurisdictionID == jurisdiction }.map(\.id))
                directory.officials.filter { offices.contains($0.officeID) && $0.isInOffice(on: today) }.sorted { $0.sortName < $1.sortName }.forEach(add)
            case .own(let role, nil):
                let offices = Set(directory.offices.filter { $0.role == role }.map(\.id))
                directory.officials.filter { offices.contains($0.officeID) && $0.isInOffice(on: today) }.sorted { $0.sortName < $1.sortName }.forEach(add)
            }
        }
        return officials
    }

    /// The window from where the audience's last digest ended to now.
    func window(audience: String) throws -> (DigestPlan.Window, previousCount: Int?, since: String?) {
        let last = try DigestPlanner.lastWindow(campaignID: campaignID, audience: audience, db)
        let seq = try SignatureStore.lastValidatedSeq(db)
        let call = try CallStore.lastID(db)
        return (DigestPlan.Window(afterSeq: last.seq, throughSeq: max(seq, last.seq), afterCall: last.call, throughCall: max(call, last.call)),
                last.count, last.at)
    }

    /// The signatures that began to count in a window, in that order.
    func signers(in window: DigestPlan.Window) throws -> [SignatureStore.Counted] {
        try SignatureStore.counted(campaignID: campaignID, afterSeq: window.afterSeq, throughSeq: window.throughSeq, db)
    }

    /// The jurisdictions whose district seats the campaign targets, in order.
    var districtSeatJurisdictions: [String] {
        TargetResolver(directory: directory, districts: []).districtSeatJurisdictions(definition.targets).sorted()
    }

    /// Lines of a tally for a template.
    func counts(_ lines: ArraySlice<PlaceTally.Count>) -> TemplateValue {
        .list(lines.map { .object(["name": .text($0.name), "count": .text(number($0.count)), "parts": CampaignPage.parts($0.parts)]) })
    }

    func windowLine(_ since: String?) -> String {
        let to = LocaleFormatting.date(now, locale: locale)
        guard let since, let date = ISO8601DateFormatter().date(from: since) else { return t("mail.digest.window_first", ["to": to]) }
        return t("mail.digest.window", ["from": LocaleFormatting.date(date, locale: locale), "to": to])
    }

    // MARK: - Organizers

    /// The newest public reasons an organizer digest quotes; the rest are in the export.
    static let listedReasons = 20
    /// The ZIP codes an organizer digest lists by name, those with most new signers first.
    static let listedZIPs = 25

    func organizerDigest() throws -> DigestPlan {
        let audience = "organizers"
        let (window, previousCount, since) = try window(audience: audience)
        let signers = try signers(in: window)
        var calls: [String: [String: Int]] = [:]
        var callCount = 0
        for outcome in try CallStore.outcomes(campaignID: campaignID, afterID: window.afterCall, throughID: window.throughCall, db) {
            calls[outcome.target, default: [:]][outcome.outcome] = outcome.count
            callCount += outcome.count
        }
        let total = try CountStore.signatures(campaignID: campaignID, db)

        // Per target: constituents among the new signers, and call outcomes.
        var targets: [TemplateValue] = []
        for official in targetOfficials {
            var constituency = try Constituency(officialID: official.id, directory: directory, lookup: planner.lookup)
            var inside = 0, possible = 0
            for signer in signers {
                switch constituency.match(zip: signer.zip, district: signer.district, resolution: signer.resolution) {
                case .inside?: inside += 1
                case .possibly?: possible += 1
                case nil: break
                }
            }
            var signatures = plural("mail.digest.target_signatures", inside)
            if possible > 0 { signatures += "; " + plural("mail.digest.target_possible", possible) }
            let outcomes = CallReport.Outcome.allCases.compactMap { outcome in
                calls[official.id]?[outcome.rawValue].map { t("mail.digest.outcome.\(outcome.rawValue)", ["count": number($0)]) }
            }
            let office = directory.offices.first { $0.id == official.officeID }
            targets.append(.object([
                "name": .text(official.name), "title": .text(official.title(in: locale, office: office, catalogs: localizer)), "signatures": .text(signatures),
                "calls": .text(outcomes.isEmpty ? "" : t("mail.digest.calls", ["list": outcomes.joined(separator: ", ")])),
            ]))
        }

        // Per district, per ZIP code and per language.
        var places = PlaceTally(lookup: planner.lookup, unknownDistrict: t("mail.digest.zip_spans"), jurisdictions: districtSeatJurisdictions, locale: locale)
        var languages: [String: Int] = [:]
        for signer in signers {
            places.add(zip: signer.zip, district: signer.district, resolution: signer.resolution)
            languages[signer.locale, default: 0] += 1
        }
        let zips = places.zips
        let otherZIPs = zips.dropFirst(Self.listedZIPs)
        let languageList = languages.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { code, count in
            (localizer.ownString("language.name", locale: code) ?? code) + " " + number(count)
        }

        // What happened beside the counted signatures: confirmations, suspect ones, unsubscribes.
        let activity = try SignatureStore.activity(campaignID: campaignID, since: since ?? "", db)
        var confirmationLine = ""
        if definition.petition?.confirmEmail == true, activity.made > 0 {
            confirmationLine = plural("mail.digest.confirmation", activity.made, [
                "confirmed": number(activity.confirmed), "percent": number(activity.confirmed * 100 / activity.made)])
        }

        var localities: [String: String] = [:]
        let publicReasons = definition.sharesReasons ? signers.filter { $0.isPublic && !$0.reason.isEmpty } : []
        let reasons = publicReasons.suffix(Self.listedReasons).reversed().map { signer -> TemplateValue in
            .object(["name": .text(signer.publicName),
                     "locality": .text(Constituency.locality(zip: signer.zip, lookup: planner.lookup, cache: &localities)),
                     "lines": TextLines.templateValue(signer.reason), "html": .markup(html: TextLines.html(BidiControls.removed(from: signer.reason)), plain: BidiControls.removed(from: signer.reason))])
        }
        let subject = localizer.plural("mail.digest.subject", count: signers.count, locale: locale, ["title": title, "count": number(signers.count)])
        let context: [String: TemplateValue] = [
            "campaign_title": .text(title), "window_line": .text(windowLine(since)),
            "headline": .text(plural("mail.digest.headline", signers.count)),
            "trend_line": .text(previousCount.map { plural("mail.digest.trend", $0) } ?? t("mail.digest.trend_first")),
            "total_line": .text(plural("mail.digest.total", total)),
            "targets": .list(targets), "has_targets": .bool(!targets.isEmpty),
            "districts": counts(places.districts[...]), "has_districts": .bool(!places.districts.isEmpty),
            "zips": counts(zips.prefix(Self.listedZIPs)), "has_zips": .bool(!zips.isEmpty),
            "more_zips": .text(otherZIPs.isEmpty ? "" : plural("mail.digest.more_zips", otherZIPs.count,
                                                                ["signatures": number(otherZIPs.reduce(0) { $0 + $1.count })])),
            "languages_line": .text(languageList.isEmpty ? "" : t("mail.digest.languages", ["list": languageList.joined(separator: " · ")])),
            "confirmation_line": .text(confirmationLine),
            "updates_line": .text(signers.isEmpty ? "" : plural("mail.digest.opt_ins", signers.filter(\.wantsUpdates).count)),
            "unsubscribes_line": .text(plural("mail.digest.unsubscribes", activity.unsubscribed)),
            // Suspect signatures count once confirmed by e-mail where the campaign confirms, else once an organizer approves them.
            "suspect_line": .text(activity.suspect == 0 ? "" : definition.petition?.confirmEmail == true
                ? plural("mail.digest.suspect_confirm", activity.suspect)
                : plural("mail.digest.suspect", activity.suspect, ["command": "campaign signatures suspect \(definition.slug)"])),
            "reasons": .list(Array(reasons)), "has_reasons": .bool(!reasons.isEmpty),
            "more_reasons": .text(publicReasons.count > reasons.count ? plural("mail.digest.more_reasons", publicReasons.count - reasons.count) : ""),
            "exports_line": .text(t("mail.digest.exports", ["command": "campaign export \(definition.slug) --all"])),
            "export_url": .text(planner.composer.settings.baseURL + "/admin/campaigns/" + definition.slug + "/export?all=1&format=csv"),
            "campaign_url": .text(campaignURL),
        ]
        let (text, html) = try planner.composer.render("organizer-digest", locale: locale, subject: subject, context)
        let recipients = planner.organizers ?? definition.digest.organizers
        var skipped: String?
        if signers.isEmpty && callCount == 0 { skipped = "nothing new since the last digest" }
        else if recipients.isEmpty { skipped = "no organizer addresses: add [digest] organizers = [\"you@example.org\"] to campaign.toml, or pass --to" }
        let messages = skipped != nil ? [] : try message(to: recipients, subject: subject, text: text, html: html, audience: audience,
                                                          window: window, kind: .organizerDigest)
        return DigestPlan(campaignID: campaignID, slug: definition.slug, audience: audience, window: window, newSignatures: signers.count,
                          newCalls: callCount, messages: messages, subject: subject, text: text, skipped: skipped)
    }

    // MARK: - Officials

    /// The digest for `reader`, in their language.
    func officialDigest() throws -> DigestPlan {
        guard let official = reader else { throw InputError("an official digest needs its official") }
        let audience = official.id
        let (window, _, _) = try window(audience: audience)
        var constituency = try Constituency(officialID: official.id, directory: directory, lookup: planner.lookup)
        // As in their packet: those known to live where they serve, then apart those who may.
        var known: [TemplateValue] = [], possibly: [TemplateValue] = []
        var places = PlaceTally(lookup: planner.lookup, unknownDistrict: t("mail.digest.zip_spans"), jurisdictions: [constituency.jurisdiction.id], locale: locale)
        var localities: [String: String] = [:]
        for signer in try signers(in: window) {
            guard let match = constituency.match(zip: signer.zip, district: signer.district, resolution: signer.resolution) else { continue }
            places.add(zip: signer.zip, district: signer.district, resolution: signer.resolution)
            var note = t("delivery.district_known." + signer.resolution.method.rawValue)
            if case .possibly(let codes) = match {
                note += ". " + t("delivery.zip_spans", ["zip": signer.zip, "districts": codes.joined(separator: ", ")])
            }
            let reason = definition.sharesReasons ? signer.reason : ""
            let entry = TemplateValue.object([
                "name": .text(signer.name),
                "place": .text(Constituency.locality(zip: signer.zip, lookup: planner.lookup, cache: &localities) + " " + signer.zip),
                "email": .text(signer.sharesEmail ? signer.email : ""), "note": .text(note), "reason": .text(reason),
                "reason_lines": TextLines.templateValue(reason), "reason_html": .markup(html: TextLines.html(reason), plain: reason),
            ])
            if match == .inside { known.append(entry) } else { possibly.append(entry) }
        }
        let inside = known.count, possible = possibly.count
        // Their constituents in all, whatever the window.
        var allInside = 0
        try SignatureStore.forEachCountedPlace(campaignID: campaignID, db) { zip, district, resolution in
            if constituency.match(zip: zip, district: district, resolution: resolution) == .inside { allInside += 1 }
        }
        // The subject and the headline count the same signers: their known
        // constituents, and those who may be apart; when there are none
        // known, those who may be.
        let certain = inside > 0 || possible == 0
        let subject: String
        if !certain {
            subject = localizer.plural("mail.official.subject_possible", count: possible, locale: locale, ["title": title, "count": number(possible)])
        } else if possible > 0 {
            subject = localizer.plural("mail.official.subject_with_possible", count: inside, locale: locale,
                                       ["title": title, "count": number(inside), "possible": plural("mail.official.possible_count", possible)])
        } else {
            subject = localizer.plural("mail.official.subject", count: inside, locale: locale, ["title": title, "count": number(inside)])
        }
        let context: [String: TemplateValue] = [
            "greeting": .text(t("mail.official.greeting", ["name": official.title(in: locale, office: constituency.office, catalogs: localizer) + " " + official.name])),
            "headline": .text(certain ? plural("mail.official.headline", inside) : plural("mail.official.headline_possible", possible)),
            "campaign_title": .text(title),
            "total_line": .text(plural("mail.official.total", allInside)),
            "possible_line": .text(certain && possible > 0 ? plural("mail.official.possible", possible) : ""),
            "districts": counts(places.districts[...]), "has_districts": .bool(!places.districts.isEmpty),
            "zips": counts(places.zips.prefix(Self.listedZIPs)), "has_zips": .bool(!places.zips.isEmpty),
            "more_zips": .text(places.zips.count <= Self.listedZIPs ? "" : plural("mail.digest.more_zips", places.zips.count - Self.listedZIPs,
                ["signatures": number(places.zips.dropFirst(Self.listedZIPs).reduce(0) { $0 + $1.count })])),
            "signers": .list(known), "has_signers": .bool(!known.isEmpty),
            "possible_signers": .list(possibly), "has_possible": .bool(!possibly.isEmpty),
            "campaign_url": .text(campaignURL),
        ]
        let (text, html) = try planner.composer.render("official-digest", locale: locale, subject: subject, context)
        let email = official.contacts.first { $0.kind == .email }?.value
            ?? directory.offices.first { $0.id == official.officeID }?.contacts.first { $0.kind == .email }?.value
        var skipped: String?
        if known.isEmpty && possibly.isEmpty { skipped = "no new signatures from \(official.name)'s constituents" }
        else if email == nil { skipped = "the directory has no e-mail address for \(official.name)" }
        else if !definition.digest.officials { skipped = "the campaign does not send digests to officials ([digest] officials = true turns them on)" }
        var messages: [OutboxMessage] = []
        if skipped == nil, let email {
            messages = try message(to: [MailAddress(name: official.name, address: email)], subject: subject, text: text, html: html,
                                   audience: audience, window: window, kind: .officialDigest)
        }
        return DigestPlan(campaignID: campaignID, slug: definition.slug, audience: audience, window: window, newSignatures: inside + possible,
                          newCalls: 0, messages: messages, subject: subject, text: text, skipped: skipped)
    }

    func message(to recipients: [MailAddress], subject: String, text: String, html: String, audience: String,
                 window: DigestPlan.Window, kind: OutboxMessage.Kind) throws -> [OutboxMessage] {
        let settings = planner.composer.settings
        let key = "digest:\(campaignID):\(audience):\(window.afterSeq)-\(window.throughSeq):\(window.afterCall)-\(window.throughCall)"
        return recipients.flatMap { recipient in
            let message = MailMessage(from: settings.from, to: [recipient], subject: subject, text: text, html: html, date: now,
                                      messageID: MailMessage.messageID(key: key + ":" + recipient.address, domain: settings.messageDomain),
                                      replyTo: settings.replyTo, headers: [("Auto-Submitted", "auto-generated"), ("X-Campaign", definition.slug)])
            return OutboxMessage.of(message, key: key + ":" + recipient.address, kind: kind, campaignID: campaignID)
        }
    }
}
