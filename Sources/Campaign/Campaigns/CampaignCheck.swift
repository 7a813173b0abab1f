import Foundation

/// Lints a campaign folder against the directory and the UI catalogs:
/// everything an organizer should fix before supporters see the campaign,
/// each finding at file:line:column.
public enum CampaignCheck {
    /// One thing found.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        public enum Severity: String, Sendable { case error, warning }
        public let severity: Severity
        public let location: SourceLocation
        public let message: String

        public var description: String { "\(location): \(severity.rawValue): \(message)" }
    }

    /// Every finding for `folder`, in file order. Without a `directory` (no
    /// database), targets are not looked up: the roles of targets named by
    /// official are then unknown, and script variants are not checked
    /// against them. With the `scaffold` `campaign new` copies, example
    /// text left unedited is found too. With `today`, a target named by
    /// official whose term ended before it is warned of. Each text a
    /// declared locale's catalog lacks is an error (its pages would mix in
    /// English); another catalog's gaps are one warning, as the site's own
    /// pages show every catalog's language. `catalogFolder` is where a new
    /// catalog goes.
    public static func run(_ folder: CampaignFolder, directory: Directory?, localizer: Localizer, catalogFolder: String,
                           scaffold: CampaignScaffold? = nil, today: PartialDate? = nil) -> [Finding] {
        var findings: [Finding] = []
        func error(_ message: String, _ location: SourceLocation) { findings.append(Finding(severity: .error, location: location, message: message)) }
        func warning(_ message: String, _ location: SourceLocation) { findings.append(Finding(severity: .warning, location: location, message: message)) }
        let campaign = folder.definition
        let metadata = SourceLocation(file: (folder.path as NSString).appendingPathComponent(CampaignFolder.metadataFile), line: 1)
        func fileLocation(_ name: String) -> SourceLocation { SourceLocation(file: (folder.path as NSString).appendingPathComponent(name), line: 1) }

        // Each locale has its texts and its files.
        for locale in campaign.locales {
            if campaign.title[locale] == nil { error("no title for locale '\(locale)': add \(locale) = \"…\" under [title]", metadata) }
            if campaign.summary[locale] == nil { warning("no summary for locale '\(locale)'", metadata) }
            if let petition = campaign.petition, petition.text[locale] == nil {
                error("locale '\(locale)' has no petition text: add petition.\(locale).md", fileLocation("petition.\(locale).md"))
            }
            if let call = campaign.call, call.scripts[locale] == nil {
                error("locale '\(locale)' has no call script: add script.\(locale).md", fileLocation("script.\(locale).md"))
            }
            if let call = campaign.call, !call.talkingPoints.isEmpty, call.talkingPoints[locale] == nil {
                let others = call.talkingPoints.keys.sorted().map { "points.\($0).md" }.joined(separator: ", ")
                warning("locale '\(locale)' has no talking points: add points.\(locale).md (the other languages have \(others))", fileLocation("points.\(locale).md"))
            }
            // A declared language's page would otherwise mix in English: each missing text is an error, at the file to add it to.
            if localizer.locales.contains(where: { LocaleTag.language(of: $0) == LocaleTag.language(of: locale) }) {
                let file = catalogFile(for: locale, localizer: localizer, catalogFolder: catalogFolder)
                for key in localizer.missingKeys(in: locale) {
                    error("the \(locale) catalog has no string '\(key)'", SourceLocation(file: file, line: 1))
                }
            } else {
                error("no UI catalog for locale '\(locale)': add \(locale).json to \(catalogFolder)", folder.localesLocation)
            }
        }
        // Other catalogs show on the site's own pages (the front page, messages) in their language.
        let declared = Set(campaign.locales.compactMap(LocaleTag.key))
        for locale in localizer.locales where !declared.contains(LocaleTag.key(locale) ?? locale) {
            let missing = localizer.missingKeys(in: locale)
            guard !missing.isEmpty else { continue }
            let listed = missing.count > 5 ? missing.prefix(5).joined(separator: ", ") + " and \(missing.count - 5) more" : missing.joined(separator: ", ")
            warning("the \(locale) catalog lacks \(missing.count) texts, which the site's pages in \(locale) show in English: \(listed); "
                    + "checking a campaign that declares \(locale) lists each",
                    SourceLocation(file: catalogFile(for: locale, localizer: localizer, catalogFolder: catalogFolder), line: 1))
        }
        if campaign.petition == nil && campaign.call == nil {
            error("the campaign has neither a [petition] nor a [call]: supporters would have nothing to do", metadata)
        }

        // Example text from the scaffold, left unedited.
        for (message, location) in scaffold?.leftovers(in: folder) ?? [] { warning(message, location) }

        // The delivery packet's cover letter says who delivers the petition and how an office replies.
        if campaign.petition != nil {
            let missing = campaign.organizer.missing
            if folder.organizerLocation == nil {
                warning("no [organizer]: the delivery packet's cover letter cannot say who delivers the petition or how an office can reply; "
                        + "add [organizer] with name, email and phone", metadata)
            } else if let location = folder.organizerLocation, !missing.isEmpty {
                let fields = missing.map { "organizer.\($0)" }
                let list = fields.count == 1 ? fields[0] : fields.dropLast().joined(separator: ", ") + " and " + (fields.last ?? "")
                warning("\(list) \(fields.count == 1 ? "is" : "are") empty: the delivery packet's cover letter gives the organizer's name, "
                        + "e-mail and phone for an office to reply to", location)
            }
        }
        // A word list holds reasons only where they would otherwise show at once.
        if let petition = campaign.petition, !petition.holdWords.isEmpty, petition.reasons != .after {
            warning("petition.hold_words holds nothing with reasons = \"\(petition.reasons.rawValue)\": "
                    + (petition.reasons == .before ? "every reason is held until approved" : "the form asks for no reason"),
                    folder.holdWordsLocation ?? metadata)
        }

        // An embed is the sign form inside another site's frame, where only a Secure cookie reaches it.
        if let location = folder.embedOriginsLocation, !campaign.embedOrigins.isEmpty {
            warning(campaign.petition == nil
                    ? "embed_origins: the embed is the sign form, and the campaign has no [petition]: /c/\(campaign.slug)/embed will not be found"
                    : "embed_origins: embeds work only over HTTPS, with the server told so (--trust-proxy behind a proxy that sends "
                    + "X-Forwarded-Proto, as in docs/deploy.md): inside another site's frame the form's session cookie is "
                    + "SameSite=None; Secure; Partitioned, which browsers keep only from an https:// page", location)
        }

        // Targets exist in the directory, can be reached, and have a title in every language.
        var targetRoles: Set<String> = []
        var rolesUnknown = false
        /// Offices a call can reach nobody at: no contact of their own or of any holder.
        func checkContacts(_ offices: [Office], in directory: Directory, _ location: SourceLocation) {
            guard campaign.call != nil else { return }
            for office in offices where office.contacts.isEmpty {
                let holders = directory.officials.filter { $0.officeID == office.id }
                if holders.allSatisfy(\.contacts.isEmpty) {
                    let who = holders.map(\.name).joined(separator: ", ")
                    warning("office \(office.title(in: "en"))\(office.seat.isEmpty ? "" : " (\(office.seat))") has no contact\(who.isEmpty ? "" : " (\(who))")", location)
                }
            }
        }
        /// Holders (or offices nobody holds) whose title falls back to another language's in one of the campaign's.
        func checkTitles(_ offices: [Office], in directory: Directory, only official: Official? = nil, _ location: SourceLocation) {
            let targets: [(official: Official?, office: Office)] = offices.flatMap { office -> [(official: Official?, office: Office)] in
                let holders = official.map { [$0] } ?? directory.officials.filter { $0.officeID == office.id }
                return holders.isEmpty ? [(nil, office)] : holders.map { ($0, office) }
            }
            // A language with no catalog at all is one finding already.
            for locale in campaign.locales where localizer.locales.contains(where: { LocaleTag.language(of: $0) == LocaleTag.language(of: locale) }) {
                let untitled = targets.filter { target in
                    target.official?.titles[locale] == nil && target.office.titles[locale] == nil && folder.roles.named(target.office.role)?.titles[locale] == nil
                        && localizer.ownString("role.\(target.office.role)", locale: locale) == nil
                }
                guard let first = untitled.first else { continue }
                let names = untitled.map { $0.official?.name ?? "the office of \($0.office.title(in: "en"))" + ($0.office.seat.isEmpty ? "" : " (\($0.office.seat))") }
                let shown = names.count > 3 ? names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more" : names.joined(separator: ", ")
                let fallback = first.official?.title(in: locale, office: first.office, catalogs: localizer) ?? first.office.title(in: locale, catalogs: localizer)
                let edit = untitled.count == 1 ? first.official.map { " (or `campaign officials edit \($0.id) --title \(locale)=…`)" } ?? "" : ""
                warning("no title in '\(locale)' for \(shown): the \(locale) texts would call them \"\(fallback)\"; add title_\(locale) to officials.csv\(edit)", location)
            }
        }
        for (rule, location) in zip(campaign.targets, folder.targetLocations) {
            guard let directory else {
                if let role = rule.role { targetRoles.insert(role) } else { rolesUnknown = true }
                continue
            }
            switch rule {
            case .official(let id):
                guard let official = directory.officials.first(where: { $0.id == id }) else {
                    error("unknown official '\(id)' (see `campaign officials list`)", location)
                    continue
                }
                let office = directory.office(official.officeID)
                if let role = office?.role { targetRoles.insert(role) }
                if let today, official.hasLeftOffice(before: today), let end = official.termEnd {
                    // Named by id, they stay a target: the campaign may be about them.
                    warning("\(official.name)'s term ended on \(end); supporters are still asked to contact them, as the campaign names "
                            + "them by id: name whoever holds the office now, or target the role", location)
                }
                if campaign.call != nil && official.contacts.isEmpty && (office?.contacts.isEmpty ?? true) {
                    warning("\(official.name) has no contact in the directory; supporters will have no number to call", location)
                }
                if let office { checkTitles([office], in: directory, only: official, location) }
            case let .office(role, jurisdictionID):
                targetRoles.insert(role)
                guard directory.jurisdiction(jurisdictionID) != nil else {
                    error("unknown jurisdiction '\(jurisdictionID)' (see `campaign jurisdictions list`)", location)
                    continue
                }
                let offices = directory.offices.filter { $0.role == role && $0.jurisdictionID == jurisdictionID }
                if offices.isEmpty { error("no \(role) office in \(jurisdictionID) in the directory", location) }
                checkContacts(offices, in: directory, location)
                checkTitles(offices, in: directory, location)
            case let .own(role, only):
                targetRoles.insert(role)
                if let only, directory.jurisdiction(only) == nil {
                    error("unknown jurisdiction '\(only)' (see `campaign jurisdictions list`)", location)
                    continue
                }
                let offices = directory.offices.filter { office in office.role == role && (only.map { office.jurisdictionID == $0 } ?? true) }
                if offices.isEmpty { error("no \(role) office\(only.map { " in \($0)" } ?? "") in the directory", location) }
                checkContacts(offices, in: directory, location)
                checkTitles(offices, in: directory, location)
            }
        }
        if campaign.targets.isEmpty && campaign.call != nil { error("a call needs targets: add [[targets]] tables", metadata) }

        // Scripts name only known placeholders and partials, and variants match targets.
        if let call = campaign.call {
            for (locale, variants) in call.scripts {
                for (role, template) in variants {
                    if !role.isEmpty && !targetRoles.contains(role) && !rolesUnknown {
                        error("a script variant for '\(role)', but no target has that role", SourceLocation(file: template.name, line: 1))
                    }
                    findings += placeholderFindings(template, partials: folder.partials, locale: locale)
                }
                if variants[""] == nil {
                    for role in targetRoles.sorted() where variants[role] == nil {
                        error("no \(locale) script for '\(role)' targets: add script.\(locale).md or script.\(locale).\(role).md", fileLocation("script.\(locale).md"))
                    }
                }
            }
            for byLocale in folder.partials.values {
                for (locale, template) in byLocale {
                    findings += placeholderFindings(template, partials: folder.partials, locale: locale)
                }
            }
        }
        return findings.sorted { ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column) }
    }

    /// The file a locale's missing texts go in: its own catalog (the
    /// organizer's, when they have one), else a new one in `catalogFolder`.
    private static func catalogFile(for locale: String, localizer: Localizer, catalogFolder: String) -> String {
        localizer.files(of: locale).first ?? (catalogFolder as NSString).appendingPathComponent("\(locale).json")
    }

    private static func placeholderFindings(_ template: Template, partials: [String: [String: Template]], locale: String) -> [Finding] {
        var findings: [Finding] = []
        for placeholder in template.placeholders {
            let known = ScriptContext.placeholders.contains(placeholder.name) || placeholder.name == "."
            if !known {
                let suggestion = ScriptContext.placeholders.filter { $0.contains(".") }.sorted().joined(separator: ", ")
                findings.append(Finding(severity: .error, location: placeholder.location,
                                        message: "unknown placeholder {{\(placeholder.name)}} (known: \(suggestion))"))
            } else if placeholder.isRaw {
                findings.append(Finding(severity: .error, location: placeholder.location,
                                        message: "{{{\(placeholder.name)}}} would output text unescaped; write {{\(placeholder.name)}}"))
            } else if placeholder.name == "target.district" && !placeholder.isSection {
                // "Ward {{target.district}}" once printed "Ward Ward 3".
                findings.append(Finding(severity: .warning, location: placeholder.location,
                                        message: "{{target.district}} writes the district's name (\"Ward 3\"); write {{target.district.name}} for the name or {{target.district.code}} for its code (\"3\")"))
            }
        }
        for (name, location) in template.partials where partials[name]?[locale] == nil {
            findings.append(Finding(severity: .error, location: location, message: "unknown partial {{> \(name)}}: add \(name).\(locale).md"))
        }
        return findings
    }
}
