import Campaign

/// A published campaign as the site serves it. A class: every request for
/// the campaign passes it along, and a reference is cheaper to pass than
/// the definition and templates it holds.
public final class PublishedCampaign: Sendable {
    /// The row id signatures refer to.
    public let id: Int64
    public let folder: CampaignFolder
    public let status: CampaignDefinition.Status
    /// The published version, which changes whenever the files do.
    public let version: Int
    public let definition: CampaignDefinition
    /// When it closed (a stored timestamp): its signers' data is kept until
    /// `retain_days_after_close` days after.
    public let closedAt: String?

    public init(id: Int64, folder: CampaignFolder, status: CampaignDefinition.Status, version: Int, closedAt: String? = nil) {
        self.id = id
        self.folder = folder
        self.status = status
        self.version = version
        self.closedAt = closedAt
        definition = folder.definition
    }
}
