import ArgumentParsing
import Campaign
import Foundation

/// `campaign signatures`: signatures that need an organizer.
struct SignaturesCommand: CommandGroup {
    static let name = "signatures"
    static let abstract = "Review the signatures kept as suspect (over the per-address rate limit); find districts again after an import."
    static var subcommands: [any Command.Type] { [SignaturesSuspectCommand.self, SignaturesResolveCommand.self] }
}

/// `campaign signatures resolve SLUG [--dry-run]`.
struct SignaturesResolveCommand: Command {
    static let name = "resolve"
    static let abstract = "Find the districts of signatures and call reports known only by a ZIP code again, after importing boundaries or ZIP tables."
    static let discussion = """
        A signer or caller who gave only a ZIP code that spans districts is kept as a possible constituent of each. Once \
        boundaries or a ZIP table are imported (campaign districts import), their districts can be found again with the \
        rules of the sign form: a ZIP code that turns out to lie in one ward places them in it, and their officials' \
        packets list them among the known constituents. Signatures with a district chosen before districts were \
        recorded with their jurisdiction get it recorded. Each record changes only where the tables now say more; the \
        rest stay as they are. Everything is written in one transaction; --dry-run says what would move and writes nothing.
        """
    static let dryRun = Flag(name: "dry-run", help: "Say what would move; write nothing.")
    static let arguments: [any ArgumentSpec] = [PublishedCampaigns.slug, dryRun]
    let slug: String
    let dryRun: Bool

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[PublishedCampaigns.slug]
        dryRun = try arguments[Self.dryRun]
    }

    func run(_ context: CommandContext) throws {
        let outcome = try DistrictReresolution.run(slug: slug, pool: try context.pool(), dryRun: dryRun)
        if dryRun { context.output.line("Dry run: nothing was written.") }
        context.output.line(Self.line(outcome.signatures, one: "signature", many: "signatures", dryRun: dryRun))
        context.output.line(Self.line(outcome.calls, one: "call report", many: "call reports", dryRun: dryRun))
    }

    /// "12 of 39 signatures moved: 9 to one district, 3 to fewer possible districts; 27 unchanged."
    static func line(_ moves: DistrictReresolution.Moves, one: String, many: String, dryRun: Bool) -> String {
        let parts = [(moves.settled, "to one district"), (moves.narrowed, "to fewer possible districts"),
                     (moves.recorded, "to the district they chose, with its jurisdiction"), (moves.changed, "to other possible districts")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        let verb = dryRun ? "would move" : "moved"
        return "\(moves.moved) of \(moves.examined) \(moves.examined == 1 ? one : many) \(verb)"
            + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")) + "; \(moves.unchanged) unchanged."
    }
}

/// `campaign signatures suspect SLUG [--approve ID|all]… [--reject ID|all]…`.
struct SignaturesSuspectCommand: Command {
    static let name = "suspect"
    static let abstract = "List a campaign's suspect signatures waiting for a decision; approve or reject them."
    static let discussion = """
        A signature from an address over the rate limit (--sign-limit of campaign-server) is kept as suspect and not \
        counted. Where the campaign confirms by e-mail, the signer's confirmation makes it count; elsewhere it waits \
        here. Approved signatures count from then on (the next digest has them); rejected ones never count and leave \
        the exports. A running server shows the new count within a second.
        """

    /// One signature by id, or every one waiting.
    enum Choice: Sendable, Equatable, ExpressibleByArgument {
        case all
        case id(Int64)

        init(argument: String) throws(InvalidArgument) {
            if argument == "all" {
                self = .all
            } else if let id = Int64(argument), id > 0 {
                self = .id(id)
            } else {
                throw InvalidArgument("expected a signature id (a whole number above zero) or 'all'")
            }
        }
        static var defaultValueName: String { "id|all" }
    }

    static let approve = Option<[Choice]>(name: "approve", help: "Count this signature (an id from the list, or all); may be repeated.")
    static let reject = Option<[Choice]>(name: "reject", help: "Never count this signature (an id from the list, or all); may be repeated.")
    static let arguments: [any ArgumentSpec] = [PublishedCampaigns.slug, approve, reject]
    let slug: String
    let approving: SuspectReview.Selection?
    let rejecting: SuspectReview.Selection?

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[PublishedCampaigns.slug]
        approving = Self.selection(try arguments[Self.approve])
        rejecting = Self.selection(try arguments[Self.reject])
    }

    static func selection(_ choices: [Choice]) -> SuspectReview.Selection? {
        if choices.isEmpty { return nil }
        if choices.contains(.all) { return .all }
        return .ids(choices.compactMap { if case .id(let id) = $0 { id } else { nil } })
    }

    func validate() throws {
        let path = "campaign signatures suspect"
        switch (approving, rejecting) {
        case (.all?, _?), (_?, .all?):
            throw UsageError("'all' leaves nothing for the other decision: give '--approve all' or '--reject all' alone, or ids to both.", commandPath: path)
        case (.ids(let approved)?, .ids(let rejected)?):
            let both = Set(approved).intersection(rejected).sorted()
            if !both.isEmpty {
                throw UsageError("Signature \(both.map(String.init).joined(separator: ", ")) is given to both '--approve' and '--reject'.", commandPath: path)
            }
        default:
            break
        }
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        guard let campaignID = try pool.read({ try CampaignStore.id(of: slug, $0) }) else {
            throw InputError("no published campaign '\(slug)' (see `campaign list`)")
        }
        if approving != nil || rejecting != nil {
            let outcome = try pool.write { db in
                try SuspectReview.settle(campaignID: campaignID, slug: slug, approve: approving, reject: rejecting, at: context.clock.now(), db)
            }
            func signatures(_ count: Int) -> String { "\(count) signature\(count == 1 ? "" : "s")" }
            context.output.line("Approved \(signatures(outcome.approved)) and rejected \(signatures(outcome.rejected)) of \(slug); it counts \(signatures(outcome.count)).")
            return
        }
        let (suspects, unconfirmed) = try pool.read { db in
            (try SignatureStore.suspects(campaignID: campaignID, db), try SignatureStore.suspectsAwaitingConfirmation(campaignID: campaignID, db))
        }
        // What an organizer's export shows of a signer, on one line each.
        func oneLine(_ text: String) -> String { text.split(whereSeparator: \.isNewline).joined(separator: " ") }
        var table = TableFormatter(headers: ["ID", "SIGNED", "NAME", "EMAIL", "ZIP", "LANGUAGE", "REASON"])
        for suspect in suspects {
            table.rows.append([String(suspect.id), suspect.createdAt, oneLine(suspect.name), suspect.email, suspect.zip, suspect.locale, oneLine(suspect.reason)])
        }
        if !suspects.isEmpty { context.output.write(table.render(width: context.output.width, colour: context.output.isTerminal)) }
        let count = suspects.count
        context.errors.line(count == 0
            ? "No suspect signatures of \(slug) wait for a decision."
            : "\(count) suspect signature\(count == 1 ? "" : "s") of \(slug) wait\(count == 1 ? "s" : "") for a decision: --approve ID or --reject ID (or all).")
        if unconfirmed > 0 {
            context.errors.line("\(unconfirmed) more wait\(unconfirmed == 1 ? "s" : "") for the signer to confirm by e-mail, which makes \(unconfirmed == 1 ? "it" : "them") count.")
        }
    }
}
