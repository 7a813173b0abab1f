/// The root of the `campaign` tool.
struct CampaignCommand: Command {
    static let name = "campaign"
    static let abstract = "Run advocacy campaigns aimed at local officials: the directory, campaigns and delivery."
    static let discussion = """
        Results go to standard output and messages to standard error. Exit status: 0 on success, \
        64 for a command line that does not fit, 65 for bad data (nothing is written then), 1 otherwise.
        """
    static var subcommands: [any Command.Type] { [
        OfficialsCommand.self, JurisdictionsCommand.self, DistrictsCommand.self, LookupCommand.self,
        NewCommand.self, CheckCommand.self, PublishCommand.self, ListCommand.self, ShowCommand.self, CloseCommand.self,
        RenderCommand.self, PreviewCommand.self, ExportCommand.self, DigestCommand.self, OutboxCommand.self, MailCommand.self,
        TokenCommand.self, DatabaseCommand.self,
    ] }

    init(_ arguments: ParsedArguments) throws {}
    func run(_ context: CommandContext) throws {}
}
