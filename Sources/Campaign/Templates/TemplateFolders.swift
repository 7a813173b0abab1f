import Foundation

/// An organizer's templates folder (`--templates`, `CAMPAIGN_TEMPLATES`)
/// laid over the built-in one: pages, mail, the scaffold and static files
/// are taken file by file from the organizer's folder when it has them,
/// and catalogs merge key by key, so a folder holding only
/// `locales/pl.json` adds Polish and nothing else. The CLI and the server
/// read templates through this one value.
public struct TemplateFolders: Sendable, Equatable {
    /// The organizer's folder, searched first.
    public let custom: String?
    /// The built-in templates (`BuiltInTemplates.folder()`), when found.
    public let builtIn: String?

    public init(custom: String?, builtIn: String?) {
        self.custom = custom
        self.builtIn = builtIn
    }

    /// The folders searched, the organizer's first; one that is both is named once.
    public var folders: [String] {
        guard let custom, let builtIn else { return [custom, builtIn].compactMap { $0 } }
        return Self.standardized(custom) == Self.standardized(builtIn) ? [custom] : [custom, builtIn]
    }

    /// The `locales` folders there are, the organizer's first.
    public var catalogFolders: [String] {
        folders.map { ($0 as NSString).appendingPathComponent("locales") }.filter { folder in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue
        }
    }

    /// Where a new catalog goes: the organizer's `locales` folder when they
    /// have a templates folder, else the built-in one.
    public var newCatalogFolder: String {
        ((custom ?? builtIn ?? "templates") as NSString).appendingPathComponent("locales")
    }

    /// Whether some folder has the English catalog, which every other falls back on.
    public var hasEnglishCatalog: Bool {
        catalogFolders.contains { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("\(Localizer.fallbackLocale).json")) }
    }

    /// Every catalog, the organizer's merged over the built-in ones key by key.
    public func localizer() throws -> Localizer {
        try Localizer.load(folders: catalogFolders)
    }

    /// The templates, the organizer's file first.
    public func library() -> TemplateLibrary {
        TemplateLibrary(folders: folders)
    }

    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
