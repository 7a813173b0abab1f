import Campaign

/// A published campaign as the site serves it.
public struct PublishedCampaign: Sendable {
    /// The row id signatures refer to.
    public let id: Int64
    public let folder: CampaignFolder
    public let status: CampaignDefinition.Status
    /// The published version, which changes whenever the files do.
    public let version: Int
    public var definition: CampaignDefinition { folder.definition }
}
