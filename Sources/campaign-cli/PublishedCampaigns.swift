import Campaign

/// Finds a campaign by folder or published slug.
enum PublishedCampaigns {
    /// The campaign in folder `name`, else the published campaign with slug
    /// `name` (with its stored status).
    static func folder(_ name: String, pool: DatabasePool) throws -> CampaignFolder {
        if CampaignFiles.isFolder(name) { return try CampaignFolder(path: name) }
        guard let published = try pool.read({ try CampaignStore.current(name, $0) }) else {
            throw InputError("no campaign folder or published campaign '\(name)' (see `campaign list`)")
        }
        return published.folder
    }
}
