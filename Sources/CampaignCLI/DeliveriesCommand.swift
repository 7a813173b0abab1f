import ArgumentParsing
import Campaign
import Foundation

/// `campaign deliver SLUG --official ID`: records a packet handed to an office.
struct DeliverCommand: Command {
    static let name = "deliver"
    static let abstract = "Record that a petition's packet was delivered to an official's office."
    static let discussion = """
        Records the day (default today), a note for the organizers, and the number of the official's constituents the packet \
        holds, counted as `campaign export SLUG --official ID` counts them (those whose ZIP code spans the district and others \
        apart). With --packet, also the file's name and the SHA-256 of its bytes, so the organizers can later show which packet \
        it was. The campaign page shows each delivery: "Delivered to … on …: N signatures". The official must be one of the \
        campaign's targets.
        """
    static let official = Option<String>(name: "official", valueName: "id", check: .nonEmpty("an official's id"), help: "The official the packet went to.")
    static let date = Option<PartialDate?>(name: "date", valueName: "date", help: "The day it was delivered (default today): 2026-12-01.")
    static let note = Option<String>(name: "note", default: "", valueName: "text", help: "A note for the organizers (not shown on the page).")
    static let packet = Option<String?>(name: "packet", valueName: "file", check: .nonEmpty("a file name"), help: "The packet file delivered.")
    static let arguments: [any ArgumentSpec] = [PublishedCampaigns.slug, official, date, note, packet, CampaignFiles.templates]

    let slug: String
    let officialID: String
    let date: PartialDate?
    let note: String
    let packet: String?
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[PublishedCampaigns.slug]
        officialID = try arguments[Self.official]
        date = try arguments[Self.date]
        note = try arguments[Self.note].trimmingCharacters(in: .whitespacesAndNewlines)
        packet = try arguments[Self.packet]
        files = try CampaignFiles(arguments)
    }

    func validate() throws {
        if let date, !date.isDay { throw UsageError("--date \(date): give a whole day, as 2026-12-01.", commandPath: "campaign deliver") }
    }

    func run(_ context: CommandContext) throws {
        let packetHash = try packet.map { path -> String in
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw InputError("--packet \(path): cannot read the file (\(FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"))")
            }
            return SHA256.hex(SHA256.hash([UInt8](bytes)))
        }
        let pool = try context.pool()
        let now = context.clock.now()
        // Counted as the packet counts them; the rows themselves go nowhere.
        let presentation = SignerExport.Presentation(localizer: try files.localizer(), library: files.library())
        let summary = try SignerExport.run(slug: slug, options: SignerExport.Options(format: .csv, audience: .official(id: officialID)), pool: pool,
                                           presentation: presentation, generatedAt: now, to: try ByteOutput(path: "/dev/null", name: "the count"))
        let day = date ?? PartialDate(now)
        let name = try pool.write { db -> String in
            guard let campaignID = try CampaignStore.id(of: slug, db) else { throw InputError("no published campaign '\(slug)' (see `campaign list`)") }
            let name = try DirectoryStore.official(officialID, db)?.name ?? officialID
            try DeliveryStore.recordDelivery(DeliveryStore.NewDelivery(officialID: officialID, officialName: name, date: day, signatures: summary.known,
                                                                       possible: summary.possible, note: note,
                                                                       packetName: packet.map { ($0 as NSString).lastPathComponent }, packetSHA256: packetHash),
                                             campaignID: campaignID, at: now, db)
            return name
        }
        var line = "Recorded the delivery to \(name) (\(officialID)) on \(day): \(summary.known) signature\(summary.known == 1 ? "" : "s")"
        if summary.possible > 0 { line += ", and \(summary.possible) whose ZIP code spans the district and others" }
        if let packet, let packetHash { line += "; packet \((packet as NSString).lastPathComponent), SHA-256 \(packetHash)" }
        context.output.line(line + ".")
    }
}

/// `campaign deliveries SLUG`: what was delivered, and who responded.
struct DeliveriesCommand: Command {
    static let name = "deliveries"
    static let abstract = "List a campaign's deliveries and the officials' responses."
    static let arguments: [any ArgumentSpec] = [PublishedCampaigns.slug]
    let slug: String

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[PublishedCampaigns.slug]
    }

    func run(_ context: CommandContext) throws {
        let record = try context.pool().read { db -> CampaignRecord in
            guard let campaignID = try CampaignStore.id(of: slug, db) else { throw InputError("no published campaign '\(slug)' (see `campaign list`)") }
            return try DeliveryStore.record(campaignID: campaignID, db)
        }
        if record.deliveries.isEmpty { context.output.line("No deliveries recorded; `campaign deliver \(slug) --official ID` records one.") }
        for delivery in record.deliveries {
            var line = "\(delivery.date)  delivered to \(delivery.officialName) (\(delivery.officialID)): \(delivery.signatures) signature\(delivery.signatures == 1 ? "" : "s")"
            if delivery.possible > 0 { line += " + \(delivery.possible) possible" }
            if let name = delivery.packetName { line += "; packet \(name)" }
            if let hash = delivery.packetSHA256 { line += " sha256:\(hash)" }
            if !delivery.note.isEmpty { line += "; note: \(delivery.note)" }
            context.output.line(line)
        }
        for response in record.responses {
            context.output.line("\(response.date)  response from \(response.officialName) (\(response.officialID)) in \(response.texts.keys.sorted().joined(separator: ", "))")
        }
    }
}

/// `campaign respond SLUG --official ID --file response.en.md…`: an official's answer.
struct RespondCommand: Command {
    static let name = "respond"
    static let abstract = "Record an official's response, shown on the campaign page and mailed to supporters who asked for news."
    static let discussion = """
        Each --file is the response in one language, Markdown, named for its locale: response.en.md, response.es.md; every \
        locale must be one of the campaign's, and the default locale's text is required (pages in a language the response \
        lacks show it). The first response of an official is mailed once, through the outbox, to each signer who agreed to \
        hear about the campaign and has not unsubscribed, in their language (--no-mail records it without mail). Responding \
        again for the same official replaces the text (a correction) and mails no one.
        """
    static let official = Option<String>(name: "official", valueName: "id", check: .nonEmpty("an official's id"), help: "The official who responded.")
    static let files = Option<[String]>(name: "file", valueName: "response.LOCALE.md", help: "The response in one language; repeat for each.")
    static let date = Option<PartialDate?>(name: "date", valueName: "date", help: "The day the official responded (default today).")
    static let noMail = Flag(name: "no-mail", help: "Record the response without mailing supporters.")
    static let arguments: [any ArgumentSpec] = [PublishedCampaigns.slug, official, files, date, noMail] + MailOptions.arguments

    let slug: String
    let officialID: String
    let paths: [String]
    let date: PartialDate?
    let noMail: Bool
    let mail: MailOptions

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[PublishedCampaigns.slug]
        officialID = try arguments[Self.official]
        paths = try arguments[Self.files]
        date = try arguments[Self.date]
        noMail = try arguments[Self.noMail]
        mail = try MailOptions(arguments)
    }

    func validate() throws {
        if paths.isEmpty { throw UsageError("Give the response with --file response.LOCALE.md, once per language.", commandPath: "campaign respond") }
        if let date, !date.isDay { throw UsageError("--date \(date): give a whole day, as 2026-12-05.", commandPath: "campaign respond") }
    }

    /// The locale a response file's name gives: `response.es.md` is `es`.
    static func locale(ofFile path: String) -> String? {
        let name = (path as NSString).lastPathComponent
        guard name.hasSuffix(".md") else { return nil }
        let parts = name.dropLast(3).split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 ? parts.last.map(String.init) : nil
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        guard let (folder, _) = try pool.read({ try CampaignStore.current(slug, $0) }).map({ ($0.folder, $0.status) }) else {
            throw InputError("no published campaign '\(slug)' (see `campaign list`)")
        }
        let definition = folder.definition
        var texts: [String: String] = [:]
        for path in paths {
            guard let locale = Self.locale(ofFile: path) else {
                throw InputError("--file \(path): name the file for its language, as response.\(definition.defaultLocale).md")
            }
            guard definition.locales.contains(locale) else {
                throw InputError("--file \(path): '\(locale)' is not a locale of \(slug) (\(definition.locales.joined(separator: ", ")))")
            }
            guard texts[locale] == nil else { throw InputError("--file \(path): a second file for '\(locale)'") }
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw InputError("--file \(path): cannot read the file (\(FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"))")
            }
            guard let decoded = String(data: bytes, encoding: .utf8) else { throw InputError("--file \(path): not UTF-8 text") }
            let text = decoded.replacingOccurrences(of: "\r\n", with: "\n")
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw InputError("--file \(path): the file is empty") }
            texts[locale] = text
        }
        guard texts[definition.defaultLocale] != nil else {
            throw InputError("--file: the response needs its text in \(slug)'s default locale, \(definition.defaultLocale) (response.\(definition.defaultLocale).md)")
        }
        let composer = try mail.composer()
        let now = context.clock.now()
        let day = date ?? PartialDate(now)
        let (outcome, name, queued) = try pool.write { db -> (DeliveryStore.ResponseOutcome, String, Int) in
            guard let campaignID = try CampaignStore.id(of: slug, db) else { throw InputError("no published campaign '\(slug)' (see `campaign list`)") }
            guard let official = try DirectoryStore.official(officialID, db) else {
                throw InputError("--official \(officialID): no such official in the directory (see `campaign officials list`)")
            }
            let directory = try DirectoryStore.load(db)
            try definition.requireTarget(official, office: directory.office(official.officeID), directory: directory)
            let outcome = try DeliveryStore.recordResponse(campaignID: campaignID, officialID: officialID, officialName: official.name, date: day,
                                                           texts: texts, at: now, db)
            // A correction mails no one again; the response and its mail commit together.
            guard case .added(let id) = outcome, !noMail else { return (outcome, official.name, 0) }
            let response = CampaignRecord.Response(id: id, officialID: officialID, officialName: official.name, date: day, texts: texts)
            let queued = try ResponseMail.queue(response, campaign: folder, campaignID: campaignID, composer: composer,
                                                directory: directory, tokens: context.tokens, at: now, db)
            return (outcome, official.name, queued)
        }
        let verb = if case .replaced = outcome { "Replaced the earlier response" } else { "Recorded the response" }
        context.output.line("\(verb) of \(name) (\(officialID)) on \(day) in \(texts.keys.sorted().joined(separator: ", ")).")
        if case .replaced = outcome {
            context.output.line("No mail: supporters were told of the first response.")
        } else if noMail {
            context.output.line("No mail (--no-mail).")
        } else {
            context.output.line("Queued \(queued) message\(queued == 1 ? "" : "s") to supporters who asked for news.")
            mail.noteDefaultLinks(queued: queued, context)
            if queued > 0, let smtp = mail.smtp { _ = mail.drain(pool, smtp, context) }
        }
    }
}
