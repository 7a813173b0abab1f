import Campaign
import Foundation
import Synchronization

/// What the site is made of on disk: the templates (an organizer's own
/// folder laid over the built-in one, file by file), the catalogs of text
/// (merged key by key), the static files, and the mail composer made from
/// them. Read at start, where a missing page is refused, and read again
/// when a file in the folders changes (`watch`) or on `reload()` (SIGHUP):
/// a new or edited catalog or template shows without a restart. A reading
/// that fails keeps what was loaded, and says why.
public final class SiteResources: Sendable {
    /// One reading of the folders; replaced whole. A class: every request
    /// reads it, and a reference is one retain where the struct was one per member.
    final class Loaded: Sendable {
        let localizer: Localizer
        let library: TemplateLibrary
        let staticFiles: StaticFiles
        let composer: MailComposer
        /// What the folders' files looked like when they were read.
        let stamp: TemplateStamp
        /// Counts readings, so caches of rendered pages know theirs is old.
        let generation: Int

        init(localizer: Localizer, library: TemplateLibrary, staticFiles: StaticFiles, composer: MailComposer, stamp: TemplateStamp, generation: Int) {
            self.localizer = localizer
            self.library = library
            self.staticFiles = staticFiles
            self.composer = composer
            self.stamp = stamp
            self.generation = generation
        }
    }

    private let folders: TemplateFolders
    private let mailSettings: MailSettings
    private let loaded: Mutex<Loaded>
    private let watcher = WakeableThread()

    /// The pages and mail the site renders.
    static let requiredTemplates = ["pages/campaign", "pages/index", "pages/thanks", "pages/reasons", "pages/error", "pages/message",
                                    "mail/confirmation.txt", "mail/confirmation.html"]

    /// The catalogs, as last read.
    public var localizer: Localizer { current.localizer }
    /// The templates, as last read.
    public var library: TemplateLibrary { current.library }
    /// Writes the site's mail: confirmations with links to the base URL,
    /// from its sender (no-reply at the base URL's host by default), with
    /// the templates and catalogs as last read.
    public var composer: MailComposer { current.composer }
    var staticFiles: StaticFiles { current.staticFiles }
    /// Which reading is loaded (1 at start).
    var generation: Int { current.generation }
    private var current: Loaded { loaded.withLock { $0 } }

    private init(folders: TemplateFolders, mailSettings: MailSettings, loaded: Loaded) {
        self.folders = folders
        self.mailSettings = mailSettings
        self.loaded = Mutex(loaded)
    }

    /// Loads the templates of `configuration` (its own folder first, then the built-in one).
    public static func load(_ configuration: Configuration) throws -> SiteResources {
        let folders = TemplateFolders(custom: configuration.customTemplates, builtIn: configuration.templates)
        let from = try configuration.mailFrom.map { try MailAddress(parsing: $0) }
            ?? (try? MailAddress(address: MailSettings.defaultSender(baseURL: configuration.baseURL)))
            ?? MailAddress(address: "no-reply@localhost.localdomain")
        let replyTo = try configuration.replyTo.map { try MailAddress(parsing: $0) }
        let settings = MailSettings(from: from, replyTo: replyTo, baseURL: configuration.baseURL)
        return SiteResources(folders: folders, mailSettings: settings, loaded: try read(folders, settings: settings, generation: 1))
    }

    /// Reads everything again if a file in the folders changed since the
    /// last reading (or always, when `force`), and says what happened: nil
    /// when nothing changed, else the outcome.
    @discardableResult
    public func reload(force: Bool = false) -> Result<Int, any Error>? {
        let before = current
        let stamp = TemplateStamp(folders.folders)
        guard force || stamp != before.stamp else { return nil }
        do {
            let fresh = try Self.read(folders, settings: mailSettings, generation: before.generation + 1, stamp: stamp)
            loaded.withLock { $0 = fresh }
            return .success(fresh.generation)
        } catch {
            // Kept as it was; the failure is not looked at again until a file changes once more.
            loaded.withLock { $0 = Loaded(localizer: $0.localizer, library: $0.library, staticFiles: $0.staticFiles, composer: $0.composer,
                                          stamp: stamp, generation: $0.generation) }
            return .failure(error)
        }
    }

    /// Starts the thread that looks every `interval` seconds whether a
    /// file in the templates folders was added, removed or changed (their
    /// names, sizes and modification times: a few dozen `stat` calls), and
    /// reads them again when one was; `log` is told each reading.
    public func watch(every interval: TimeInterval = 0.25, log: @escaping @Sendable (String) -> Void) {
        watcher.start(name: "site-resources", every: interval, context: false) { [self] _, _ in
            report(reload(), log: log)
        }
    }

    /// Stops the thread `watch` started.
    public func stopWatching() { watcher.stop() }

    /// Tells `log` what a reading found: the catalogs that lack texts
    /// (their pages show English there) or why it failed.
    public func report(_ outcome: Result<Int, any Error>?, log: @Sendable (String) -> Void) {
        switch outcome {
        case nil: return
        case .success: log("templates read again from \(folders.folders.joined(separator: " and "))")
        case .failure(let error): log("templates not read again (the pages stay as they were): \(error)")
        }
        reportGaps(log: log)
    }

    /// Names each catalog that lacks some of English's texts: a page in its
    /// language shows those in English until they are added.
    public func reportGaps(log: @Sendable (String) -> Void) {
        let localizer = self.localizer
        for locale in localizer.locales {
            let missing = localizer.missingKeys(in: locale)
            guard !missing.isEmpty else { continue }
            log("the \(locale) catalog lacks \(missing.count) texts, shown in English on its pages (campaign check lists them): "
                + missing.prefix(3).joined(separator: ", ") + (missing.count > 3 ? ", …" : ""))
        }
    }

    /// One reading of `folders`; refuses a site without one of its pages.
    private static func read(_ folders: TemplateFolders, settings: MailSettings, generation: Int,
                             stamp: TemplateStamp? = nil) throws -> Loaded {
        // Taken before reading, so that a file changed while it is read is read again.
        let stamp = stamp ?? TemplateStamp(folders.folders)
        let places = folders.folders.joined(separator: " or ")
        guard folders.hasEnglishCatalog else { throw InputError("--templates: no locales/en.json in \(places)") }
        let library = folders.library()
        for page in requiredTemplates where try library.template(named: page) == nil {
            throw InputError("--templates: no \(page)\(page.contains(".") ? "" : ".html") in \(places)")
        }
        let localizer = try folders.localizer()
        return Loaded(localizer: localizer, library: library,
                      staticFiles: StaticFiles(folders: folders.folders.map { ($0 as NSString).appendingPathComponent("static") }),
                      composer: MailComposer(settings: settings, localizer: localizer, library: library), stamp: stamp, generation: generation)
    }
}
