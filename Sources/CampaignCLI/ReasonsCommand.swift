import ArgumentParsing
import Campaign
import Foundation

/// `campaign reasons SLUG [--held]`, `campaign reasons hide|approve ID…`:
/// the reasons signers gave, and an organizer's decisions on them.
struct ReasonsCommand: Command {
    static let name = "reasons"
    static let abstract = "List a campaign's reasons for signing (--held: those waiting for review); hide or approve them by id."
    static let discussion = """
        Usage: campaign reasons SLUG [--held] | campaign reasons hide ID… | campaign reasons approve ID…
        [petition] reasons in campaign.toml says when a reason is shown: "after" (at once; hide it if it should not be), \
        "before" (held until approved) or "off" (the form asks for none). A reason with a word of [petition] hold_words \
        is held in either mode. Only shown reasons appear on the campaign's pages (of signers who agreed to be shown), \
        in officials' packets and in digests; the organizer's export marks each reason's state. Approving a hidden \
        reason shows it again. A running server follows a decision within a second.
        """
    static let target = Positional<String>(name: "slug|hide|approve", help: "The campaign whose reasons to list, or the decision to make.")
    static let ids = Positional<[String]>(name: "ids", allowingNone: true, help: "With hide or approve: the signature ids from the list.")
    static let held = Flag(name: "held", help: "List only the reasons waiting for review.")
    static let arguments: [any ArgumentSpec] = [target, ids, held]

    /// What the command line asks for.
    enum Action: Equatable {
        case list(slug: String, heldOnly: Bool)
        case decide(ReasonReview.Decision, ids: [Int64])
    }

    let action: Action

    init(_ arguments: ParsedArguments) throws {
        let target = try arguments[Self.target], texts = try arguments[Self.ids], held = try arguments[Self.held]
        let path = "campaign reasons"
        // A campaign named hide or approve is listed as one: a decision names ids.
        guard let decision = ReasonReview.Decision(rawValue: target), !texts.isEmpty else {
            if let extra = texts.first { throw UsageError("Unexpected argument '\(extra)': list with campaign reasons SLUG, decide with campaign reasons hide|approve ID…", commandPath: path) }
            action = .list(slug: target, heldOnly: held)
            return
        }
        if held { throw UsageError("--held lists reasons; it does not go with '\(target)'.", commandPath: path) }
        action = .decide(decision, ids: try texts.map { text in
            guard let id = Int64(text), id > 0 else {
                throw UsageError("Invalid id '\(text)' for '\(target)': expected a signature id (a whole number above zero).", commandPath: path)
            }
            return id
        })
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        switch action {
        case let .decide(decision, ids):
            let outcome = try pool.write { db in try ReasonReview.decide(decision, ids: ids, by: "cli", at: context.clock.now(), db) }
            func reasons(_ count: Int) -> String { "\(count) reason\(count == 1 ? "" : "s")" }
            let done = decision == .hide ? "Hid" : "Approved"
            context.output.line("\(done) \(reasons(outcome.changed))" + (outcome.unchanged > 0 ? "; \(reasons(outcome.unchanged)) already \(decision == .hide ? "hidden" : "shown")." : "."))
        case let .list(slug, heldOnly):
            guard let campaignID = try pool.read({ try CampaignStore.id(of: slug, $0) }) else {
                throw InputError("no published campaign '\(slug)' (see `campaign list`)")
            }
            let entries = try pool.read { db in try ReasonStore.reasons(campaignID: campaignID, heldOnly: heldOnly, db) }
            func oneLine(_ text: String) -> String { text.split(whereSeparator: \.isNewline).joined(separator: " ") }
            var table = TableFormatter(headers: ["ID", "STATE", "SIGNED", "LANGUAGE", "PUBLIC", "NAME", "REASON"])
            for entry in entries {
                table.rows.append([String(entry.id), entry.state.rawValue, entry.createdAt, entry.locale, entry.isPublic ? "yes" : "no",
                                   oneLine(entry.publicName), oneLine(entry.reason)])
            }
            if !entries.isEmpty { context.output.write(table.render(width: context.output.width, colour: context.output.isTerminal)) }
            let waiting = heldOnly ? entries.count : entries.filter { $0.state == .held }.count
            if entries.isEmpty {
                context.errors.line(heldOnly ? "No reasons of \(slug) wait for review." : "No counted signature of \(slug) gives a reason.")
            } else {
                context.errors.line(waiting == 0 ? "None waits for review."
                    : "\(waiting) reason\(waiting == 1 ? "" : "s") wait\(waiting == 1 ? "s" : "") for review: campaign reasons approve ID (or hide ID).")
            }
        }
    }
}
