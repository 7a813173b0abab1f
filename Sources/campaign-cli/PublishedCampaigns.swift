import Campaign

/// Finds a campaign by folder or published slug.
enum PublishedCampaigns {
    static func folder(_ name: String, pool: DatabasePool) throws -> CampaignFolder {
        if CampaignFiles.isFolder(name) { return try CampaignFolder(path: name) }
        throw InputError("no campaign folder or published campaign '\(name)' (see `campaign list`)")
    }
}
