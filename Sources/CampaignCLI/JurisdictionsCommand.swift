import ArgumentParsing
import Campaign

/// `campaign jurisdictions …`: the places and bodies officials serve.
struct JurisdictionsCommand: CommandGroup {
    static let name = "jurisdictions"
    static let abstract = "List and add jurisdictions (cities, counties, states, organizations)."
    static var subcommands: [any Command.Type] { [List.self, Add.self] }

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

    struct Add: Command {
        static let name = "add"
        static let abstract = "Add or update one jurisdiction."
        static let id = Option<String>(name: "id", valueName: "ocd-id", check: .nonEmpty("an OCD id"),
                                       help: "The Open Civic Data id, e.g. ocd-division/country:us/state:wa/place:tacoma.")
        static let jurisdictionName = Option<String>(name: "name", valueName: "name", check: .nonEmpty("a name"), help: "The name people use.")
        static let kind = Option<Jurisdiction.Kind>(name: "kind", valueName: "kind", help: "What sort of place or body it is.")
        static let parent = Option<String?>(name: "parent", valueName: "ocd-id", help: "The jurisdiction it lies in.")
        static let arguments: [any ArgumentSpec] = [id, jurisdictionName, kind, parent]
        let jurisdiction: Jurisdiction

        init(_ arguments: ParsedArguments) throws {
            jurisdiction = Jurisdiction(id: try arguments[Self.id], name: try arguments[Self.jurisdictionName], kind: try arguments[Self.kind],
                                        parentID: try arguments[Self.parent].flatMap { $0.isEmpty ? nil : $0 })
        }

        func validate() throws {
            for (option, id) in [("id", jurisdiction.id), ("parent", jurisdiction.parentID ?? "ocd-division/country:us")] {
                if let problem = OCDIdentifier.problem(with: id) { throw InputError("--\(option): malformed OCD id '\(id)': \(problem)") }
            }
            if let scalar = ControlCharacters.first(in: jurisdiction.name) {
                throw InputError("--name: the value holds a control character (\(ControlCharacters.name(scalar))); remove it")
            }
        }

        func run(_ context: CommandContext) throws {
            try context.pool().write { db in
                let directory = try DirectoryStore.load(db)
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
