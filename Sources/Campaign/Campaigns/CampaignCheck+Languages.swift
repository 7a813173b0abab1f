import Foundation

extension CampaignCheck {
    /// A text a page in one of the campaign's languages would show in
    /// another, with where it comes from: a directory record's id, or a
    /// campaign file's file:line.
    struct ForeignText: Hashable {
        let origin: String
        let what: String
        let text: String
        let language: String

        var line: String { "\(origin): \(what) \"\(text)\" (\(language))" }
    }

    /// How many texts one warning lists before it counts the rest.
    static let listedForeignTexts = 25

    /// For each of the campaign's languages, one warning (at its `locales`)
    /// listing every text its page would show in another language: the
    /// names of the target jurisdictions and of their districts (the
    /// district question lists them all), the targets' contact labels and
    /// hours, office titles that fall back to another language, and the
    /// campaign's own texts it lacks in that language. Warnings, as a page
    /// in mixed languages still works; a name marked with its language
    /// still reads right.
    public static func foreignTexts(_ folder: CampaignFolder, directory: Directory, districts: (String) throws -> [District],
                                    localizer: Localizer, today: PartialDate?) rethrows -> [Finding] {
        let campaign = folder.definition
        let reached = reach(campaign.targets, in: directory, today: today)
        var findings: [Finding] = []
        for locale in campaign.locales {
            var texts: [ForeignText] = []
            texts += missingCampaignTexts(folder, locale: locale)
            if LocaleTag.language(of: locale) != LocaleTag.language(of: LocalizedName.storedLanguage) {
                for jurisdiction in reached.jurisdictions {
                    let name = jurisdiction.name(in: locale)
                    if let language = name.language {
                        texts.append(ForeignText(origin: jurisdiction.id, what: "name", text: name.text, language: language))
                    }
                }
                for jurisdictionID in reached.districtJurisdictions {
                    for district in try districts(jurisdictionID).sorted(by: { DistrictStore.naturalKey("", $0.code) < DistrictStore.naturalKey("", $1.code) }) {
                        let name = district.name(in: locale)
                        if let language = name.language {
                            texts.append(ForeignText(origin: DistrictReference(district).description, what: "district name", text: name.text, language: language))
                        }
                    }
                }
                for (origin, contact) in reached.contacts {
                    let label = localizer.contactLabel(contact.label, locale: locale)
                    if !contact.label.isEmpty, let language = label.language {
                        texts.append(ForeignText(origin: origin, what: "contact label", text: contact.label, language: language))
                    }
                    if !contact.hours.isEmpty, let language = LocalizedName.stored(contact.hours, on: locale).language {
                        texts.append(ForeignText(origin: origin, what: "contact hours", text: contact.hours, language: language))
                    }
                }
            }
            for (official, office) in reached.titled where !hasTitle(official, office, locale: locale, roles: folder.roles, localizer: localizer) {
                let shown = official?.title(in: locale, office: office, catalogs: localizer) ?? office.title(in: locale, catalogs: localizer)
                texts.append(ForeignText(origin: official?.id ?? office.id, what: "title", text: shown, language: LocalizedName.storedLanguage))
            }
            var seen: Set<ForeignText> = []
            texts = texts.filter { seen.insert($0).inserted }
            guard !texts.isEmpty else { continue }
            let listed = texts.prefix(listedForeignTexts).map { "  " + $0.line }
            let more = texts.count > listedForeignTexts ? ["  and \(texts.count - listedForeignTexts) more"] : []
            let message = "the \(locale) page would show \(texts.count) text\(texts.count == 1 ? "" : "s") in another language than \(locale) "
                + "(give names as name:\(locale), titles as title_\(locale), labels in the \(locale) catalog's contact.label.*):\n"
                + (listed + more).joined(separator: "\n")
            findings.append(Finding(severity: .warning, location: folder.localesLocation, message: message))
        }
        return findings
    }

    /// The campaign's own texts missing in `locale`, which its pages take from the default language.
    private static func missingCampaignTexts(_ folder: CampaignFolder, locale: String) -> [ForeignText] {
        let campaign = folder.definition
        guard locale != campaign.defaultLocale else { return [] }
        let fallback = campaign.defaultLocale
        let metadata = (folder.path as NSString).appendingPathComponent(CampaignFolder.metadataFile)
        func place(_ key: String) -> String { folder.textLocations[key].map { "\($0.file):\($0.line)" } ?? metadata }
        var texts: [ForeignText] = []
        if campaign.title[locale] == nil, let text = campaign.title[fallback] {
            texts.append(ForeignText(origin: place("title"), what: "title", text: text, language: fallback))
        }
        if campaign.summary[locale] == nil, let text = campaign.summary[fallback] {
            texts.append(ForeignText(origin: place("summary"), what: "summary", text: text, language: fallback))
        }
        func file(_ name: String) -> String { (folder.path as NSString).appendingPathComponent(name) + ":1" }
        if let petition = campaign.petition, petition.text[locale] == nil, petition.text[fallback] != nil {
            texts.append(ForeignText(origin: file("petition.\(fallback).md"), what: "petition text", text: "petition.\(fallback).md", language: fallback))
        }
        if let call = campaign.call, !call.talkingPoints.isEmpty, call.talkingPoints[locale] == nil, call.talkingPoints[fallback] != nil {
            texts.append(ForeignText(origin: file("points.\(fallback).md"), what: "talking points", text: "points.\(fallback).md", language: fallback))
        }
        return texts
    }

    /// Whether a holder (or an office nobody holds) has a title in `locale` of
    /// its own language, rather than another's standing in.
    private static func hasTitle(_ official: Official?, _ office: Office, locale: String, roles: OfficeRoles, localizer: Localizer) -> Bool {
        official?.titles[locale] != nil || office.titles[locale] != nil || roles.named(office.role)?.titles[locale] != nil
            || localizer.ownString("role.\(office.role)", locale: locale) != nil
    }

    /// What a campaign's targets show on its pages.
    struct Reach {
        /// Their jurisdictions, in rule order.
        var jurisdictions: [Jurisdiction] = []
        /// The jurisdictions whose districts seats represent: the district question lists each one's.
        var districtJurisdictions: [String] = []
        /// Each target's contacts (a holder's and their office's), with the record they belong to.
        var contacts: [(origin: String, contact: Contact)] = []
        /// Each holder with their office, and offices nobody holds.
        var titled: [(official: Official?, office: Office)] = []
    }

    /// The offices the rules reach, their holders in office on `today` (any, without a day), and the rest.
    static func reach(_ rules: [TargetRule], in directory: Directory, today: PartialDate?) -> Reach {
        var reach = Reach()
        var seenJurisdictions: Set<String> = [], seenDistricts: Set<String> = [], seenOffices: Set<String> = [], seenOfficials: Set<String> = []
        func add(_ office: Office, holders: [Official]) {
            if seenJurisdictions.insert(office.jurisdictionID).inserted, let jurisdiction = directory.jurisdiction(office.jurisdictionID) {
                reach.jurisdictions.append(jurisdiction)
            }
            if office.districtCode != nil, seenDistricts.insert(office.jurisdictionID).inserted { reach.districtJurisdictions.append(office.jurisdictionID) }
            if seenOffices.insert(office.id).inserted {
                reach.contacts += office.contacts.map { (office.id, $0) }
                if holders.isEmpty { reach.titled.append((nil, office)) }
            }
            for holder in holders where seenOfficials.insert(holder.id).inserted {
                reach.contacts += holder.contacts.map { (holder.id, $0) }
                reach.titled.append((holder, office))
            }
        }
        func holders(of office: Office) -> [Official] {
            directory.officials.filter { $0.officeID == office.id && (today.map($0.isInOffice(on:)) ?? true) }.sorted { $0.sortName < $1.sortName }
        }
        for rule in rules {
            switch rule {
            case .official(let id):
                guard let official = directory.officials.first(where: { $0.id == id }), let office = directory.office(official.officeID) else { continue }
                add(office, holders: [official])
            case let .office(role, jurisdictionID):
                for office in directory.offices where office.role == role && office.jurisdictionID == jurisdictionID { add(office, holders: holders(of: office)) }
            case let .own(role, only):
                for office in directory.offices where office.role == role && (only.map { office.jurisdictionID == $0 } ?? true) {
                    add(office, holders: holders(of: office))
                }
            }
        }
        return reach
    }
}
