import ArgumentParsing

/// The root of the `campaign` tool.
public struct CampaignCommand: CommandGroup {
    static let name = "campaign"
    static let abstract = "Run advocacy campaigns aimed at local officials: the directory, campaigns and delivery."
    static let discussion = """
        Results go to standard output and messages to standard error. Exit status: 0 on success, \
        64 for a command line that does not fit, 65 for bad data (nothing is written then), 1 otherwise. \
        Durations are a whole number and a unit: s, m (minutes), h, d, w, mo (months) or y, as in 30m, 12h, 180d, 6mo; \
        months and years are counted on the calendar.
        """
    static var subcommands: [any Command.Type] { [
        OfficialsCommand.self, JurisdictionsCommand.self, DistrictsCommand.self, LookupCommand.self,
        NewCommand.self, CheckCommand.self, PublishCommand.self, CoverageCommand.self, ListCommand.self, ShowCommand.self, CloseCommand.self, SignaturesCommand.self, ReasonsCommand.self, SignersCommand.self, PurgeCommand.self,
        RenderCommand.self, PreviewCommand.self, ExportCommand.self, DeliverCommand.self, DeliveriesCommand.self, RespondCommand.self, DigestCommand.self, OutboxCommand.self, MailCommand.self,
        TokenCommand.self, DatabaseCommand.self, RolesCommand.self,
    ] }

    /// The database every command works on; given anywhere before `--`.
    static let database = Option<String>(name: "db", default: "campaign.sqlite", valueName: "path|url", check: .nonEmpty("a file name or a postgres:// URL"),
                                         environment: "CAMPAIGN_DB", help: "The database file, created on first use, or a PostgreSQL URL (postgres://user@host/database).")
    static let arguments: [any ArgumentSpec] = [database]
}
