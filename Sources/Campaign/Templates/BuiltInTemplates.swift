import Foundation

/// Where the built-in templates (pages, mail, catalogs, the scaffold) are,
/// wherever `campaign` or `campaign-server` runs from: installed beside the
/// binary, else in the source tree it was built from. An organizer's own
/// folder (`--templates`, `CAMPAIGN_TEMPLATES`) is searched before it.
public enum BuiltInTemplates {
    /// The folders tried, in order, for a binary at `executable`:
    /// `../share/campaign/templates` (an install under a prefix such as
    /// /usr/local), `../templates` (the /opt/campaign/bin layout of
    /// docs/deploy.md), `templates` beside it, then the source tree's.
    public static func candidates(executable: String?) -> [String] {
        var folders: [String] = []
        if let executable {
            let binFolder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            folders += [binFolder.appendingPathComponent("../share/campaign/templates"), binFolder.appendingPathComponent("../templates"),
                        binFolder.appendingPathComponent("templates")].map { $0.standardizedFileURL.path }
        }
        return folders + [sourceTree]
    }

    /// The built-in templates folder, or nil when none of the candidates
    /// holds the templates (no `locales/en.json`).
    public static func folder(executable: String? = currentExecutable) -> String? {
        candidates(executable: executable).first { isTemplatesFolder($0) }
    }

    /// Whether `folder` holds templates: it has the English catalog.
    public static func isTemplatesFolder(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("locales/en.json"))
    }

    /// The repository's `templates/`, as it was when this file was compiled
    /// (Sources/Campaign/Templates/ is three folders below the root).
    static let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates").path

    /// The running binary's file, links resolved.
    public static var currentExecutable: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first
    }
}
