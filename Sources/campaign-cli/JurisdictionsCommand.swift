import Campaign

/// `campaign jurisdictions …`: the places and bodies officials serve.
struct JurisdictionsCommand: Command {
    static let name = "jurisdictions"
    static let abstract = "List and add jurisdictions (cities, counties, states, organizations)."
    static var subcommands: [any Command.Type] { [List.self, Add.self] }
    init(_ arguments: ParsedArguments) throws {}
    func run(_ context: CommandContext) throws {}

    struct List: Command {
        static let name = "list"
        static let abstract = "List jurisdictions with their kind, parent and number of officials."
        static let arguments: [ArgumentSpec] = [.option("format", "format", help: "table or csv (default: table).")]
        let format: String

        init(_ arguments: ParsedArguments) throws {
            format = try arguments.choice("format", from: ["table", "csv"], default: "table")
        }

        func run(_ context: CommandContext) throws {
            let directory = try context.pool().read { try DirectoryStore.load($0) }
            if format == "csv" { return context.output.write(DirectoryCSV.jurisdictionsCSV(directory)) }
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
        static let arguments: [ArgumentSpec] = [
            .option("id", "ocd-id", help: "The Open Civic Data id, e.g. ocd-division/country:us/state:wa/place:tacoma."),
            .option("name", "name", help: "The name people use."),
            .option("kind", "kind", help: "\(Jurisdiction.Kind.allCases.map(\.rawValue).joined(separator: ", "))."),
            .option("parent", "ocd-id", help: "The jurisdiction it lies in."),
        ]
        let jurisdiction: Jurisdiction

        init(_ arguments: ParsedArguments) throws {
            let kindText = try arguments.required("kind")
            guard let kind = Jurisdiction.Kind(rawValue: kindText) else {
                throw UsageError("Invalid value '\(kindText)' for '--kind': expected one of \(Jurisdiction.Kind.allCases.map(\.rawValue).joined(separator: ", ")).",
                                 commandPath: "campaign jurisdictions add")
            }
            jurisdiction = Jurisdiction(id: try arguments.required("id"), name: try arguments.required("name"), kind: kind,
                                        parentID: arguments.option("parent").flatMap { $0.isEmpty ? nil : $0 })
        }

        func validate() throws {
            for (option, id) in [("id", jurisdiction.id), ("parent", jurisdiction.parentID ?? "ocd-division/country:us")] {
                if let problem = OCDIdentifier.problem(with: id) { throw InputError("--\(option): malformed OCD id '\(id)': \(problem)") }
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
