import ArgumentParsing
import Campaign

/// `campaign jurisdictions …`: the places and bodies officials serve.
struct JurisdictionsCommand: CommandGroup {
    static let name = "jurisdictions"
    static let abstract = "List, import and add jurisdictions (states, counties, cities, wards, districts, organizations)."
    static var subcommands: [any Command.Type] { [List.self, Import.self, Add.self] }

    /// The kinds, for help texts.
    static let kinds = Jurisdiction.Kind.allCases.map(\.rawValue).joined(separator: ", ")

    struct List: Command {
        static let name = "list"
        static let abstract = "List jurisdictions with their kind, parent and number of officials."
        enum Format: String, CaseIterable, ExpressibleByArgument { case table, csv }
        static let format = Option<Format>(name: "format", default: .table, valueName: "format", help: "How to print the list.")
        static let arguments: [any ArgumentSpec] = [format]
        let format: Format

        init(_ arguments: ParsedArguments) throws {
            format = try arguments[Self.format]
        }

        func run(_ context: CommandContext) throws {
            let directory = try context.pool().read { try DirectoryStore.load($0) }
            if format == .csv { return context.output.write(DirectoryCSV.jurisdictionsCSV(directory)) }
            let counts = Dictionary(grouping: directory.officials) { directory.office($0.officeID)?.jurisdictionID ?? "" }.mapValues(\.count)
            var table = TableFormatter(headers: ["ID", "NAME", "KIND", "PARENT", "OFFICIALS"])
            for jurisdiction in DirectoryCSV.parentsFirst(directory.jurisdictions) {
                table.rows.append([jurisdiction.id, jurisdiction.name, jurisdiction.kind.rawValue,
                                   jurisdiction.parentID.flatMap { directory.jurisdiction($0)?.name } ?? "", String(counts[jurisdiction.id] ?? 0)])
            }
            context.output.write(table.render(width: context.output.width, colour: context.output.isTerminal))
        }
    }

    struct Import: Command {
        static let name = "import"
        static let abstract = "Import jurisdictions from CSV files, all or nothing."
        static let discussion = """
            A file is id,name,kind,parent[,language][,identifiers][,name:LOCALE…], where kind and parent may be left empty, \
            language is the language its officials are written to when they have none of their own (es), and name:es, \
            name:zh-Hans, … give its name in other languages; or one of the ocd-division-ids \
            project's own files as published (id,name,… or no header; further columns are ignored). A kind left out \
            follows from the id's type (\(kinds); a type not modelled is a division); a parent left out is the \
            nearest division the id lies in that the files or the database hold. A file that gives no language or no name in a \
            language keeps those stored. Every problem is reported as \
            file:line:column; if there is any, nothing is written.
            """
        static let files = Positional<[String]>(name: "file", help: "CSV files of jurisdictions.")
        static let dryRun = Flag(name: "dry-run", help: "Print how many would be added, changed and unchanged; write nothing.")
        static let arguments: [any ArgumentSpec] = [files, dryRun]
        let files: [String]
        let dryRun: Bool

        init(_ arguments: ParsedArguments) throws {
            files = try arguments[Self.files]
            dryRun = try arguments[Self.dryRun]
        }

        func run(_ context: CommandContext) throws {
            let parsed = try DirectoryImport.read(paths: files)
            if !parsed.directory.officials.isEmpty || !parsed.directory.offices.isEmpty {
                throw InputError("these files describe officials; import them with `campaign officials import`")
            }
            let plan = try DirectoryImport.run(parsed, into: context.pool(), dryRun: dryRun)
            if dryRun { context.output.line("Dry run: nothing was written.") }
            let tally = plan.jurisdictions
            context.output.line("jurisdictions: \(tally.added.count) added, \(tally.changed.count) changed, \(tally.unchanged.count) unchanged")
        }
    }

    struct Add: Command {
        static let name = "add"
        static let abstract = "Add or update one jurisdiction."
        static let id = Option<String>(name: "id", valueName: "ocd-id", check: .nonEmpty("an OCD id"),
                                       help: "The Open Civic Data id, e.g. ocd-division/country:us/state:wa/place:tacoma.")
        static let jurisdictionName = Option<String>(name: "name", valueName: "name", check: .nonEmpty("a name"), help: "The name people use.")
        static let kind = Option<Jurisdiction.Kind?>(name: "kind", valueName: "kind",
                                                     help: "What sort of place or body it is; by default, what the id's type says.")
        static let parent = Option<String?>(name: "parent", valueName: "ocd-id",
                                            help: "The jurisdiction it lies in; by default, the nearest one the id lies in that the database holds.")
        static let language = Option<String?>(name: "language", valueName: "code",
                                              help: "The language its officials are written to when they have none of their own (es); empty for none.")
        static let arguments: [any ArgumentSpec] = [id, jurisdictionName, kind, parent, language]
        let jurisdiction: Jurisdiction
        /// The language given, "" to remove it; nil keeps the stored one.
        let language: String?

        init(_ arguments: ParsedArguments) throws {
            let id = try arguments[Self.id]
            let parent = try arguments[Self.parent]
            jurisdiction = Jurisdiction(id: id, name: try arguments[Self.jurisdictionName], kind: try arguments[Self.kind] ?? Jurisdiction.Kind(ocdID: id),
                                        parentID: parent.flatMap { $0.isEmpty ? nil : $0 })
            derivesParent = parent?.isEmpty ?? true
            language = try arguments[Self.language]
        }
        /// Whether the parent follows from the id.
        let derivesParent: Bool

        func validate() throws {
            for (option, id) in [("id", jurisdiction.id), ("parent", jurisdiction.parentID ?? "ocd-division/country:us")] {
                if let problem = OCDIdentifier.problem(with: id) { throw InputError("--\(option): malformed OCD id '\(id)': \(problem)") }
            }
            if let scalar = ControlCharacters.first(in: jurisdiction.name) {
                throw InputError("--name: the value holds a control character (\(ControlCharacters.name(scalar))); remove it")
            }
            if let language, !language.isEmpty, (try? DirectoryCSV.language(language, at: nil)) == nil {
                throw InputError("--language \(language): use a language code such as es or pt-br")
            }
        }

        func run(_ context: CommandContext) throws {
            var jurisdiction = jurisdiction
            try context.pool().write { db in
                let directory = try DirectoryStore.load(db)
                // What this command does not set stays as stored.
                let stored = directory.jurisdiction(jurisdiction.id)
                jurisdiction.names = stored?.names ?? [:]
                jurisdiction.language = language.map { $0.isEmpty ? nil : $0 } ?? stored?.language
                if derivesParent {
                    jurisdiction.parentID = OCDIdentifier.ancestors(of: jurisdiction.id).first { directory.jurisdiction($0) != nil }
                }
                if let parent = jurisdiction.parentID {
                    guard directory.jurisdiction(parent) != nil else { throw InputError("--parent: unknown jurisdiction '\(parent)'") }
                    if DirectoryQueries.jurisdiction(parent, isWithin: jurisdiction.id, in: directory) {
                        throw InputError("--parent: \(parent) lies within \(jurisdiction.id), which would then lie within itself")
                    }
                }
                try DirectoryStore.save(jurisdiction, db)
            }
            context.errors.line("Saved \(jurisdiction.id).")
        }
    }
}
