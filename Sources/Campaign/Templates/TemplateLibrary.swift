import Foundation
import Synchronization

/// Templates read from folders, parsed once and kept (a new reading of
/// changed files is a new library). Folders are searched in order, so an
/// organizer's own folder placed first restyles pages by holding only the
/// files it changes.
public final class TemplateLibrary: Sendable {
    /// The folders searched, first match wins.
    public let folders: [String]
    /// The extension tried after a bare name (`page` → `page.html`).
    public let defaultExtension: String
    private let cache = Mutex<[String: Template]>([:])

    /// Makes a library over `folders`.
    public init(folders: [String], defaultExtension: String = "html") {
        self.folders = folders
        self.defaultExtension = defaultExtension
    }

    /// The template with this name, or nil when no folder has it.
    /// Names are relative paths inside the folders; `..` and absolute paths
    /// are refused, so a name can never reach outside them.
    public func template(named name: String) throws -> Template? {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        guard Self.isSafe(name) else { throw InputError("template name '\(name)' must be a relative path inside the templates folder") }
        for folder in folders {
            for candidate in [name, name + "." + defaultExtension] {
                let path = (folder as NSString).appendingPathComponent(candidate)
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                      let data = FileManager.default.contents(atPath: path) else { continue }
                let text = try TextDecoding.utf8([UInt8](data), file: path)
                let template = try Template(text, name: path)
                cache.withLock { $0[name] = template }
                return template
            }
        }
        return nil
    }

    /// A renderer whose partials come from this library.
    public func renderer(mode: TemplateRenderer.Mode, strict: Bool = false) -> TemplateRenderer {
        TemplateRenderer(mode: mode, strict: strict) { [self] name in try self.template(named: name) }
    }

    static func isSafe(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("/") && !name.contains("\\") && !name.contains("\0")
            && !name.split(separator: "/").contains("..")
    }
}
