import Campaign
import Foundation

/// `campaign export SLUG --official ID | --all`: signer lists for delivery.
struct ExportCommand: Command {
    static let name = "export"
    static let abstract = "Export a petition's signers: an official's constituents for delivery, or every signer for the organizers."
    static let discussion = """
        --official lists the signers who are that official's constituents (their district for a district seat, the whole \
        jurisdiction otherwise), counted signatures only, with e-mail addresses only of signers who agreed to share them with \
        the targets; signers whose ZIP code is split between districts are listed and marked. --all lists every confirmed \
        signer, with e-mail, consents and whether the signature was kept as suspect (over the rate limit), for the organizers; \
        --confirmed-only leaves out the suspect ones. Unconfirmed signatures are never exported. CSV cells that a spreadsheet would run as formulas are neutralised. \
        The file is written whole or not at all.
        """
    static let arguments: [ArgumentSpec] = [
        .positional("slug", help: "The campaign's slug."),
        .option("official", "id", help: "The official whose constituents to list."),
        .flag("all", help: "Every confirmed signer, for the organizers (includes e-mail addresses)."),
        .option("format", "format", help: "csv, html (a printable packet) or json (default: csv)."),
        .option("out", "file", help: "Where to write (default: standard output)."),
        .option("since", "date", help: "Only signatures made on or after this date (2026-11-01)."),
        .flag("confirmed-only", help: "With --all: only signatures that count (not those kept as suspect)."),
        .flag("bom", help: "Start a CSV with a byte order mark, for Excel."),
        .option("lang", "locale", help: "The packet's language (default: the campaign's)."),
        CampaignFiles.templateOption,
    ]

    let slug: String
    let options: SignerExport.Options
    let out: String?
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        slug = arguments.positional("slug") ?? ""
        let official = arguments.option("official")
        let all = arguments.flag("all")
        guard (official != nil) != all else {
            throw UsageError("Give either --official ID (an official's constituents) or --all (every signer).", commandPath: "campaign export")
        }
        let format = SignerExport.Format(rawValue: try arguments.choice("format", from: SignerExport.Format.allCases.map(\.rawValue), default: "csv"))!
        var since: PartialDate?
        if let text = arguments.option("since") {
            guard let date = PartialDate(text) else { throw UsageError("Invalid value '\(text)' for '--since': expected a date like 2026-11-01.", commandPath: "campaign export") }
            since = date
        }
        if arguments.flag("confirmed-only") && !all { throw UsageError("--confirmed-only goes with --all: officials only ever get confirmed signatures.", commandPath: "campaign export") }
        options = SignerExport.Options(format: format, audience: official.map { .official(id: $0) } ?? .organizer, since: since,
                                       confirmedOnly: arguments.flag("confirmed-only"), byteOrderMark: arguments.flag("bom"),
                                       locale: arguments.option("lang"))
        out = arguments.option("out").flatMap { $0 == "-" ? nil : $0 }
        files = CampaignFiles(arguments)
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        let presentation = SignerExport.Presentation(localizer: try files.localizer(), library: files.library())
        guard let out else {
            let output = ByteOutput(descriptor: 1, name: "standard output")
            let summary = try SignerExport.run(slug: slug, options: options, pool: pool, presentation: presentation, to: output)
            return report(summary, to: "standard output", context)
        }
        // A failed export leaves no half file.
        let summary = try WholeFile.write(to: out, name: "--out") { partial in
            try SignerExport.run(slug: slug, options: options, pool: pool, presentation: presentation,
                                 to: try ByteOutput(path: partial, name: "--out \(out)"))
        }
        report(summary, to: out, context)
    }

    private func report(_ summary: SignerExport.Summary, to place: String, _ context: CommandContext) {
        var line = "Exported \(summary.rows) signer\(summary.rows == 1 ? "" : "s")"
        if summary.possible > 0 { line += " (\(summary.possible) in ZIP codes split between districts, marked)" }
        context.errors.line(line + " of \(summary.total) counted to \(place).")
    }
}
