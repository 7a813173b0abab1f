import ArgumentParsing
import Campaign

/// Finds a campaign by folder or published slug.
enum PublishedCampaigns {
    /// The argument of the commands that take a published campaign.
    static let slug = Positional<String>(name: "slug", help: "The campaign's slug.")

    /// The campaign in folder `name` with the status its files give, else the
    /// published campaign with slug `name` and its stored status (none
    /// without a database). A folder's targets may have any of `roles`.
    static func folder(_ name: String, pool: DatabasePool?, roles: OfficeRoles) throws -> (folder: CampaignFolder, status: CampaignDefinition.Status) {
        if CampaignFiles.isFolder(name) {
            let folder = try CampaignFolder(path: name, roles: roles)
            return (folder, folder.definition.status)
        }
        guard let published = try pool?.read({ try CampaignStore.current(name, $0) }) else {
            throw InputError("no campaign folder or published campaign '\(name)' (see `campaign list`)")
        }
        return (published.folder, published.status)
    }
}
