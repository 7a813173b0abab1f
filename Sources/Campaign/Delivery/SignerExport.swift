import Foundation

/// Signer lists: for an official, the signers who are their constituents
/// (no e-mail unless the signer agreed to share it with the targets), those
/// known to live in their district first, then apart those whose ZIP code
/// spans it and others; for the organizer, every signer. Rows stream from
/// one read transaction to the output, a pass per section, so a million
/// signatures never sit in memory at once.
public struct SignerExport {
    /// The file format.
    public enum Format: String, Sendable, CaseIterable {
        case csv, html, json
    }

    /// Who the list is for.
    public enum Audience: Sendable {
        /// The official's constituents, as delivered to them.
        case official(id: String)
        /// Every confirmed signer, with e-mail addresses, consents and the
        /// suspect flag of signatures kept over the rate limit.
        case organizer
    }

    /// What to export.
    public struct Options: Sendable {
        public var format: Format
        public var audience: Audience
        /// Only signatures made on or after this day ("2026-11-01").
        public var since: PartialDate?
        /// For the organizer: only signatures that count, leaving out those
        /// kept as suspect. Officials only ever get those. Unconfirmed
        /// signatures are never exported.
        public var confirmedOnly: Bool
        /// Starts a CSV with a byte order mark, for Excel.
        public var byteOrderMark: Bool
        /// The language of an HTML packet; the campaign's default when nil.
        public var locale: String?
        /// For an official: only the signers known to live in their
        /// district, leaving out entirely those whose ZIP code spans it and others.
        public var exactOnly: Bool

        public init(format: Format, audience: Audience, since: PartialDate? = nil, confirmedOnly: Bool = false,
                    byteOrderMark: Bool = false, locale: String? = nil, exactOnly: Bool = false) {
            self.format = format
            self.audience = audience
            self.since = since
            self.confirmedOnly = confirmedOnly
            self.byteOrderMark = byteOrderMark
            self.locale = locale
            self.exactOnly = exactOnly
        }
    }

    /// What an export wrote.
    public struct Summary: Sendable, Equatable {
        /// Rows written.
        public var rows = 0
        /// Of those, signers whose ZIP spans several districts, the official's
        /// among them, listed after the known constituents.
        public var possible = 0
        /// Every counted signature of the campaign.
        public var total = 0
        /// Signers whose ZIP spans the official's district and others, left out by `exactOnly`.
        public var leftOut = 0

        public init(rows: Int = 0, possible: Int = 0, total: Int = 0, leftOut: Int = 0) {
            self.rows = rows
            self.possible = possible
            self.total = total
            self.leftOut = leftOut
        }

        /// Rows of signers known to be the official's constituents (every row for the organizer).
        public var known: Int { rows - possible }
    }

    /// Where the packet's words and page come from.
    public struct Presentation: Sendable {
        public let localizer: Localizer
        public let library: TemplateLibrary
        public init(localizer: Localizer, library: TemplateLibrary) {
            self.localizer = localizer
            self.library = library
        }
    }

    /// The language to write to an official in: the one asked for, else
    /// theirs, else their jurisdiction's or that of one it lies within,
    /// nearest first (`Directory.languages(of:)`), each (or its base
    /// language) only when the campaign has it; else the campaign's.
    public static func language(asked: String?, official: Official?, directory: Directory, definition: CampaignDefinition) -> String {
        if let asked, definition.locales.contains(asked) { return asked }
        for wanted in official.map(directory.languages(of:)) ?? [] {
            for tag in [wanted, LocaleTag.language(of: wanted)] where definition.locales.contains(tag) { return tag }
        }
        return definition.defaultLocale
    }

    /// Writes the export of campaign `slug` to `output`.
    public static func run(slug: String, options: Options, pool: DatabasePool, presentation: Presentation,
                           generatedAt: Date, to output: ByteOutput) throws -> Summary {
        let lookup = try Lookup.load(from: pool)
        return try pool.read { db in
            guard let campaignID = try CampaignStore.id(of: slug, db), let (folder, _, _) = try CampaignStore.current(slug, db) else {
                throw InputError("no published campaign '\(slug)' (see `campaign list`)")
            }
            var constituency: Constituency?
            let directory = try DirectoryStore.load(db)
            if case .official(let id) = options.audience {
                let found = try Constituency(officialID: id, directory: directory, lookup: lookup)
                // Signers asked the campaign's targets; anyone else's list would be empty, and mislead.
                try folder.definition.requireTarget(found.official, office: found.office, directory: directory)
                constituency = found
            }
            let asked = TargetResolver(directory: directory, districts: []).districtSeatJurisdictions(folder.definition.targets)
            let writer = Writer(campaignID: campaignID, folder: folder, options: options, constituency: constituency, directory: directory,
                                lookup: lookup, asked: asked, presentation: presentation, generatedAt: generatedAt, output: output)
            let summary = try writer.write(db)
            try output.flush()
            return summary
        }
    }

    /// One signature as it is exported: as stored, with where its signer
    /// lives and, for an official, how surely they are a constituent.
    @dynamicMemberLookup
    struct Signer {
        var stored = SignatureStore.Exported()
        var locality = ""
        var match: Constituency.Match?

        subscript<Value>(dynamicMember path: KeyPath<SignatureStore.Exported, Value>) -> Value { stored[keyPath: path] }
    }

    /// The signers one pass over the signatures reads.
    enum Section {
        /// Every signer the export holds: for an official, their known
        /// constituents and (unless `exactOnly`) those who may be.
        case all
        /// For an official, those known to live where they serve; every signer for the organizer.
        case known
        /// Those whose ZIP code spans the official's district and others.
        case possible
    }

    /// The export in progress: a pass over the signatures in signing order
    /// per section (and one more for the packet, whose cover needs the counts).
    final class Writer {
        let campaignID: Int64
        let folder: CampaignFolder
        let options: Options
        var constituency: Constituency?
        let directory: Directory
        let lookup: Lookup
        /// The jurisdictions of the campaign's district seats.
        let asked: Set<String>
        let presentation: Presentation
        let generatedAt: Date
        let output: ByteOutput
        var localities: [String: String] = [:]
        var districtNames: DistrictNames

        init(campaignID: Int64, folder: CampaignFolder, options: Options, constituency: Constituency?, directory: Directory, lookup: Lookup,
             asked: Set<String>, presentation: Presentation, generatedAt: Date, output: ByteOutput) {
            self.campaignID = campaignID
            self.folder = folder
            self.options = options
            self.constituency = constituency
            self.directory = directory
            self.lookup = lookup
            self.asked = asked
            self.presentation = presentation
            self.generatedAt = generatedAt
            self.output = output
            districtNames = DistrictNames(lookup: lookup)
        }

        var isOrganizer: Bool { constituency == nil }
        var onlyCounted: Bool { !isOrganizer || options.confirmedOnly }
        /// The packet's language: the one asked for, else the official's or their jurisdiction's, else the campaign's.
        var locale: String {
            SignerExport.language(asked: options.locale, official: constituency?.official, directory: directory, definition: folder.definition)
        }
        /// The jurisdictions whose districts the tallies name first: the official's, else the campaign's district seats'.
        var tallied: [String] { constituency.map { [$0.jurisdiction.id] } ?? asked.sorted() }

        func write(_ db: Database) throws -> Summary {
            var summary = Summary()
            summary.total = try CountStore.signatures(campaignID: campaignID, db)
            switch options.format {
            case .csv:
                if options.byteOrderMark { output.write(CSVWriter.byteOrderMark) }
                CSVWriter.writeRecord(csvHeader, to: output)
                let passedOver = try forEachSigner(db, .known) { signer in
                    writeCSV(signer)
                    count(signer, into: &summary)
                }
                if passedOver > 0 && options.exactOnly { summary.leftOut = passedOver }
                if passedOver > 0 && !options.exactOnly {
                    try forEachSigner(db, .possible) { signer in
                        writeCSV(signer)
                        count(signer, into: &summary)
                    }
                }
            case .json:
                output.write("{\n  \"campaign\": " + JSONOutput.quote(folder.definition.slug) + ",\n")
                if let constituency {
                    output.write("  \"official\": {\"id\": \(JSONOutput.quote(constituency.official.id)), \"name\": \(JSONOutput.quote(constituency.official.name))},\n")
                }
                output.write("  \"generated_at\": \"\(CampaignStore.timestamp(generatedAt))\",\n  \"signers\": [")
                var written = 0
                let passedOver = try forEachSigner(db, .known) { signer in
                    output.write(written == 0 ? "\n    " : ",\n    ")
                    writeJSON(signer)
                    count(signer, into: &summary)
                    written += 1
                }
                output.write(written == 0 ? "],\n" : "\n  ],\n")
                if !isOrganizer && options.exactOnly { summary.leftOut = passedOver }
                if !isOrganizer && !options.exactOnly {
                    // Apart from the known constituents, as in the packet.
                    output.write("  \"possibly_yours\": [")
                    written = 0
                    if passedOver > 0 {
                        try forEachSigner(db, .possible) { signer in
                            output.write(written == 0 ? "\n    " : ",\n    ")
                            writeJSON(signer)
                            count(signer, into: &summary)
                            written += 1
                        }
                    }
                    output.write(written == 0 ? "],\n" : "\n  ],\n")
                    output.write("  \"possibly_yours_count\": \(summary.possible),\n")
                }
                output.write("  \"count\": \(summary.known)\n}\n")
            case .html:
                summary = try DeliveryPacket(writer: self, total: summary.total).write(db)
            }
            return summary
        }

        func count(_ signer: Signer, into summary: inout Summary) {
            summary.rows += 1
            if case .possibly = signer.match { summary.possible += 1 }
        }

        /// Calls `body` with each signer of `section` to export, in signing
        /// order; returns how many signers whose ZIP code spans the
        /// official's district and others it passed over unread.
        @discardableResult
        func forEachSigner(_ db: Database, _ section: Section, _ body: (Signer) throws -> Void) throws -> Int {
            var signer = Signer()
            var passedOver = 0
            let withPossible = section == .possible || (section == .all && !options.exactOnly)
            try SignatureStore.forEachConfirmed(campaignID: campaignID, onlyCounted: onlyCounted, since: options.since?.description, db,
                                                include: { zip, district, resolution in
                // The constituency caches its answer per ZIP, so it is kept and changed in place.
                guard constituency != nil else { return section != .possible }
                signer.match = constituency?.match(zip: zip, district: district, resolution: resolution)
                switch signer.match {
                case .inside?: return section != .possible
                case .possibly?:
                    if !withPossible { passedOver += 1 }
                    return withPossible
                case nil: return false
                }
            }) { stored in
                signer.stored = stored
                signer.locality = Constituency.locality(zip: stored.zip, lookup: lookup, cache: &localities)
                try body(signer)
            }
            return passedOver
        }

        /// The district note for a signer whose ZIP spans districts.
        func districtNote(_ signer: Signer) -> String {
            guard case .possibly(let codes)? = signer.match else { return "" }
            return presentation.localizer.string("delivery.zip_spans", locale: locale, ["zip": signer.zip, "districts": codes.joined(separator: ", ")])
        }

        /// How the signer's district was known, in the packet's language.
        func methodNote(_ signer: Signer) -> String {
            presentation.localizer.string("delivery.district_known." + signer.resolution.method.rawValue, locale: locale)
        }

        /// The district code the organizer's `district` column has always
        /// held: the one chosen before districts were recorded with their
        /// jurisdiction, else the one recorded in the campaign's district seats.
        func seatDistrict(_ signer: Signer) -> String {
            if !signer.district.isEmpty { return signer.district }
            let seats = signer.resolution.districts.filter { asked.contains($0.jurisdictionID) }
            return seats.count == 1 ? seats[0].code : ""
        }

        /// The reason as an official may read it: only one that may be
        /// shown; a held or hidden one is left out (the organizer's export marks it).
        func deliveredReason(_ signer: Signer) -> String {
            isOrganizer || (signer.reasonState == .shown && folder.definition.sharesReasons) ? signer.reason : ""
        }

        var csvHeader: [String] {
            isOrganizer
                ? ["id", "name", "email", "locality", "zip", "district", "district_known", "districts", "signed_at", "confirmed_at", "state",
                   "suspect", "language", "reason", "reason_state", "consent_public", "consent_share_email", "consent_updates", "unsubscribed",
                   "consent_updates_at", "unsubscribed_at"]
                : ["name", "locality", "zip", "signed_on", "reason", "email", "note", "section", "district_known"]
        }

        func writeCSV(_ signer: Signer) {
            let comma = UInt8(ascii: ",")
            // A spreadsheet shows a cell's bidi override across the row: cells go without them.
            func field(_ text: String) { CSVWriter.writeField(BidiControls.removed(from: text), to: output); output.write(byte: comma) }
            func last(_ text: String) { CSVWriter.writeField(BidiControls.removed(from: text), to: output); output.write(byte: 0x0D); output.write(byte: 0x0A) }
            func flag(_ value: Bool) -> String { value ? "yes" : "no" }
            if isOrganizer {
                output.write(String(signer.id)); output.write(byte: comma)
                field(signer.name); field(signer.email); field(signer.locality); field(signer.zip); field(seatDistrict(signer))
                field(signer.resolution.method.rawValue); field(districtNames.readable(signer.resolution.districts)); field(signer.createdAt)
                field(signer.validatedAt); field(signer.state); field(flag(signer.suspect)); field(signer.locale); field(signer.reason)
                field(signer.reasonState.rawValue)
                field(flag(signer.consentPublic)); field(flag(signer.consentShareEmail)); field(flag(signer.consentUpdates))
                field(flag(signer.unsubscribed)); field(signer.consentUpdatesAt); last(signer.unsubscribedAt)
            } else {
                field(signer.name); field(signer.locality); field(signer.zip); field(String(signer.createdAt.prefix(10)))
                field(deliveredReason(signer)); field(signer.consentShareEmail ? signer.email : ""); field(districtNote(signer))
                field(signer.match == .inside ? "known" : "possible"); last(methodNote(signer))
            }
        }

        func writeJSON(_ signer: Signer) {
            var members: [(String, String)] = [("name", JSONOutput.quote(signer.name)), ("locality", JSONOutput.quote(signer.locality)),
                                               ("zip", JSONOutput.quote(signer.zip))]
            if isOrganizer {
                let districts = signer.resolution.districts.map { reference in
                    "{\"jurisdiction\": \(JSONOutput.quote(reference.jurisdictionID)), \"code\": \(JSONOutput.quote(reference.code)), "
                        + "\"name\": \(JSONOutput.quote(districtNames.readable(reference)))}"
                }
                members = [("id", String(signer.id))] + members + [
                    ("email", JSONOutput.quote(signer.email)), ("district", JSONOutput.quote(seatDistrict(signer))),
                    ("district_known", JSONOutput.quote(signer.resolution.method.rawValue)), ("districts", "[" + districts.joined(separator: ", ") + "]"),
                    ("signed_at", JSONOutput.quote(signer.createdAt)),
                    ("confirmed_at", signer.validatedAt.isEmpty ? "null" : JSONOutput.quote(signer.validatedAt)),
                    ("state", JSONOutput.quote(signer.state)), ("suspect", String(signer.suspect)), ("language", JSONOutput.quote(signer.locale)),
                    ("reason", JSONOutput.quote(signer.reason)), ("reason_state", JSONOutput.quote(signer.reasonState.rawValue)),
                    ("consent", "{\"public\": \(signer.consentPublic), \"share_email\": \(signer.consentShareEmail), \"updates\": \(signer.consentUpdates)}"),
                    ("unsubscribed", String(signer.unsubscribed)),
                    ("consent_updates_at", signer.consentUpdatesAt.isEmpty ? "null" : JSONOutput.quote(signer.consentUpdatesAt)),
                    ("unsubscribed_at", signer.unsubscribedAt.isEmpty ? "null" : JSONOutput.quote(signer.unsubscribedAt)),
                ]
            } else {
                members += [("signed_on", JSONOutput.quote(String(signer.createdAt.prefix(10)))), ("reason", JSONOutput.quote(deliveredReason(signer)))]
                if signer.consentShareEmail { members.append(("email", JSONOutput.quote(signer.email))) }
                members += [("district_known", JSONOutput.quote(signer.resolution.method.rawValue)),
                            ("district_known_text", JSONOutput.quote(methodNote(signer)))]
                if case .possibly(let codes)? = signer.match {
                    members.append(("zip_spans_districts", "[" + codes.map(JSONOutput.quote).joined(separator: ", ") + "]"))
                }
            }
            output.write("{" + members.map { JSONOutput.quote($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}")
        }
    }
}
