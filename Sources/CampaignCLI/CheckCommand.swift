import ArgumentParsing
import Campaign
import Foundation

/// `campaign check PATH`: lint a campaign folder.
struct CheckCommand: Command {
    static let name = "check"
    static let abstract = "Check a campaign folder: placeholders, targets, translations, variants, contacts, titles, leftover example text, the organizer to reply to."
    static let discussion = """
        Each finding is printed as file:line:column. Exit status 65 when there is an error; warnings alone pass. \
        Targets are checked against the directory in the database (--db, $CAMPAIGN_DB) when its file exists; \
        without one they are not, and no database is created. Target roles and script variants may name the built-in roles \
        and those in roles.toml in your templates folder (--templates, $CAMPAIGN_TEMPLATES). A text the catalog of one of the campaign's languages \
        lacks (your own locales/<tag>.json merged over the built-in one) is an error at that file. Warnings: another catalog's missing texts \
        (one warning per language), a call target nobody can be called at \
        (no contact for the official or office, for every kind of target), an official named as a target whose term has ended \
        (they stay a target; a target by role takes whoever is in office today), a target with no title in one of the \
        campaign's languages (the texts would fall back to another's), text left from the scaffold (its title, \
        summary and every line with …), a language without the talking points others have, and \
        {{target.district}}, which is the district's name: {{target.district.code}} is its code; and, with a database, the \
        campaign's coverage holes (how many, the first three, and the campaign coverage command that shows them all), and for each \
        of the campaign's languages one warning listing every text its page would show in another language: the target \
        jurisdictions' and their districts' names, contact labels and hours, office titles that fall back to another language, \
        and the campaign's own texts it lacks, each with the directory record or the file:line it comes from.
        """
    static let path = Positional<String>(name: "path", help: "The campaign folder (with campaign.toml).")
    static let arguments: [any ArgumentSpec] = [path, CampaignFiles.templates]
    let path: String
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        path = try arguments[Self.path]
        files = try CampaignFiles(arguments)
    }

    /// `path` as one word a shell reads back unchanged: as it is when it
    /// holds only letters, digits and `_./:@%+=,-`, else in single quotes.
    static func shellWord(_ path: String) -> String {
        let plain = !path.isEmpty && path.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_./:@%+=,-".unicodeScalars.contains($0)) }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    func run(_ context: CommandContext) throws {
        let folder = try CampaignFolder(path: path, roles: files.roles())
        let (errors, warnings) = try Self.report(folder, files: files, coverageCommand: "campaign coverage \(Self.shellWord(path))", context)
        let summary = "\(folder.definition.slug): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        if errors > 0 { throw CheckFailed(summary: summary) }
        context.output.line(summary)
    }

    /// Checks `folder`, prints each finding on standard error, then (with
    /// a database) the summary of its coverage as one more warning, naming
    /// `coverageCommand` for the whole report; and counts errors and warnings.
    static func report(_ folder: CampaignFolder, files: CampaignFiles, coverageCommand: String,
                       _ context: CommandContext) throws -> (errors: Int, warnings: Int) {
        let pool = try context.existingPool()
        let directory = try pool?.read { try DirectoryStore.load($0) }
        if directory == nil { context.noteMissingDatabase("targets were not checked against the directory") }
        let today = PartialDate(context.clock.now())
        let localizer = try files.localizer()
        var findings = CampaignCheck.run(folder, directory: directory, localizer: localizer, catalogFolder: files.catalogFolder,
                                         scaffold: try? files.scaffold(), today: today)
        if let pool, let directory {
            // What each language's page would show in another, the districts read only for the seats' jurisdictions.
            findings += try CampaignCheck.foreignTexts(folder, directory: directory, districts: { id in try pool.read { try DistrictStore.districts(of: id, $0) } },
                                                       localizer: localizer, today: today)
            findings.sort { ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column) }
        }
        for finding in findings { context.errors.line(finding.description) }
        let errors = findings.filter { $0.severity == .error }.count
        // Holes are a warning: a campaign may launch with some, knowingly.
        // With errors, they wait: a rule the check refuses would be a hole too.
        guard errors == 0 else { return (errors, findings.count - errors) }
        let holes = try pool.map { try CoverageCommand.coverage(of: folder.definition, pool: $0, on: today).summaryLines(command: coverageCommand) } ?? []
        guard !holes.isEmpty else { return (errors, findings.count - errors) }
        let location = folder.targetLocations.first ?? SourceLocation(file: (folder.path as NSString).appendingPathComponent(CampaignFolder.metadataFile), line: 1)
        context.errors.line("\(location): warning: " + holes.joined(separator: "\n"))
        return (errors, findings.count - errors + 1)
    }

    /// Findings were printed; this carries the exit status.
    struct CheckFailed: Error, CustomStringConvertible {
        let summary: String
        var description: String { summary }
    }
}
