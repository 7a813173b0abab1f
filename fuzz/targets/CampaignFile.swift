@testable import Campaign
import Foundation

/// A campaign folder: `campaign.toml` (TOML) and the Markdown and template
/// files beside it, as `CampaignFolder` reads them.
///
/// Input: the files separated by NUL bytes; the first is `campaign.toml`,
/// each other one is its file name, a line feed, then its text (names not
/// ending in `.md` are left out, as the folder reader does). Invariants:
/// every mistake is an `InputError` naming a line of one of the files; a
/// campaign that reads has a well-formed slug, offers its default locale and
/// knows where each target was written, and its scripts render or fail
/// with an `InputError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let pieces = fuzzInput(data, size).split(separator: 0, omittingEmptySubsequences: false)
    let path = "campaigns/fuzz"
    let metadataPath = (path as NSString).appendingPathComponent(CampaignFolder.metadataFile)

    // The TOML parser sees the raw bytes, invalid UTF-8 included.
    do {
        _ = try TOMLParser.parse(bytes: Array(pieces[0]), file: metadataPath)
    } catch {
        checkErrors(error, lineCounts: [metadataPath: Invariant.lineCount(pieces[0])])
    }

    var files = [CampaignFolder.metadataFile: String(decoding: pieces[0], as: UTF8.self)]
    for piece in pieces.dropFirst() {
        let text = String(decoding: piece, as: UTF8.self)
        let name = String(text.prefix { $0 != "\n" })
        guard name.hasSuffix(".md"), !name.contains("/") else { continue }
        files[name] = String(text.dropFirst(name.count + 1))
    }
    var lineCounts: [String: Int] = [:]
    for (name, text) in files { lineCounts[(path as NSString).appendingPathComponent(name)] = Invariant.lineCount(text.utf8) }

    let folder: CampaignFolder
    do {
        folder = try CampaignFolder(files: files, path: path)
    } catch {
        checkErrors(error, lineCounts: lineCounts)
        return 0
    }
    let definition = folder.definition
    Invariant.require(CampaignDefinition.isValidSlug(definition.slug), "campaign read with slug \(String(reflecting: definition.slug))")
    Invariant.require(definition.locales.contains(definition.defaultLocale), "default locale \(definition.defaultLocale) not in \(definition.locales)")
    Invariant.require(folder.targetLocations.count == definition.targets.count, "\(definition.targets.count) targets, \(folder.targetLocations.count) locations")
    for location in folder.targetLocations + [folder.localesLocation] {
        Invariant.requireInside(location, lineCount: lineCounts[metadataPath] ?? 1, "a target or the locales")
    }
    for (locale, scripts) in definition.call?.scripts ?? [:] {
        let renderer = TemplateRenderer(mode: .html, partials: folder.partialLookup(locale: locale))
        for script in scripts.values {
            do {
                _ = try renderer.render(script, context)
            } catch {
                checkErrors(error, lineCounts: lineCounts)
            }
        }
    }
    return 0
}

/// A call script's values, as `ScriptContext` makes them.
private let context: TemplateValue = [
    "caller": ["name": "Ana", "place": "Tacoma", "zip": "98402"],
    "target": ["name": "Victoria Woodards", "title": "Mayor", "role": "mayor", "jurisdiction": "Tacoma", "district": "", "seat": ""],
    "campaign": ["title": "Support sanctuary", "summary": "Ask the council", "slug": "tacoma-support-sanctuary"],
]

/// Requires `error` to be input errors, each at a line of a file it names.
private func checkErrors(_ error: any Error, lineCounts: [String: Int]) {
    guard let errors = Invariant.inputErrors(in: error) else { fatalError("invariant broken: \(error) is not an InputError") }
    Invariant.require(!errors.isEmpty, "an empty list of input errors")
    for error in errors {
        guard let location = error.location else { continue }
        guard let lineCount = lineCounts[location.file] else {
            fatalError("invariant broken: '\(error.message)' names \(location.file), which is not one of \(lineCounts.keys.sorted())")
        }
        Invariant.requireInside(location, lineCount: lineCount, "'\(error.message)'")
    }
}
