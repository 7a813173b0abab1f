import Campaign
import Foundation

/// What the site is made of on disk: the templates (an organizer's own
/// folder first), the catalogs of text, and the static files. Read once at
/// start; a missing page is refused then, not on the first request.
public struct SiteResources: Sendable {
    public let localizer: Localizer
    public let library: TemplateLibrary
    let staticFiles: StaticFiles

    /// The pages and mail the site renders.
    static let requiredTemplates = ["pages/campaign", "pages/index", "pages/thanks", "pages/reasons", "pages/error", "pages/message",
                                    "mail/confirmation.txt", "mail/confirmation.html"]

    /// Loads the templates of `configuration` (its own folder first, then the built-in one).
    public static func load(_ configuration: Configuration) throws -> SiteResources {
        let folders = (configuration.customTemplates.map { [$0] } ?? []) + [configuration.templates]
        let library = TemplateLibrary(folders: folders)
        let catalogs = folders.map { ($0 as NSString).appendingPathComponent("locales") }
            .first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("en.json")) }
        guard let catalogs else { throw InputError("--templates: no locales/en.json in \(folders.joined(separator: " or "))") }
        for page in requiredTemplates where try library.template(named: page) == nil {
            throw InputError("--templates: no \(page)\(page.contains(".") ? "" : ".html") in \(folders.joined(separator: " or "))")
        }
        return SiteResources(localizer: try Localizer.load(folder: catalogs), library: library,
                             staticFiles: StaticFiles(folders: folders.map { ($0 as NSString).appendingPathComponent("static") }))
    }

    /// The composer of the site's mail: confirmations with links to
    /// `configuration.baseURL`, from its sender (no-reply at the base URL's
    /// host by default).
    public func composer(_ configuration: Configuration) throws -> MailComposer {
        let from = try configuration.mailFrom.map { try MailAddress(parsing: $0) }
            ?? (try? MailAddress(address: MailSettings.defaultSender(baseURL: configuration.baseURL)))
            ?? MailAddress(address: "no-reply@localhost.localdomain")
        let replyTo = try configuration.replyTo.map { try MailAddress(parsing: $0) }
        return MailComposer(settings: MailSettings(from: from, replyTo: replyTo, baseURL: configuration.baseURL), localizer: localizer, library: library)
    }
}
