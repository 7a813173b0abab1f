import ArgumentParsing
import Campaign
import Foundation

/// `campaign officials …`: keep the directory of officials current.
struct OfficialsCommand: CommandGroup {
    static let name = "officials"
    static let abstract = "Import, export, list, show, add, edit and remove officials; find stale records."
    static var subcommands: [any Command.Type] { [
        Import.self, Export.self, List.self, Show.self, Add.self, Edit.self, Remove.self, Stale.self,
    ] }
    /// The argument of the commands that take one official.
    static let id = Positional<String>(name: "id", help: "The official's id.")

    // MARK: - import

    struct Import: Command {
        static let name = "import"
        static let abstract = "Import officials from CSV, Popolo JSON or Open States' YAML, all or nothing unless --skip-invalid."
        static let discussion = """
            A folder stands for its jurisdictions.csv, officials.csv and *.json files. A re-import updates \
            officials with the same id, except the fields edited with `campaign officials edit` and the contacts added \
            by hand: those are kept, and each field the file gives another value for is reported as a conflict (take the \
            file's value with `campaign officials edit ID --reset FIELD`). A term the file ends, or gives a new end, is \
            reported; so is the end the import gives the earlier holder of a sole office (a mayor, a governor: no seat, \
            not a council's role) whose new holder it brings, the day before the newcomer's term starts, when the earlier \
            term was open or ended later. Both are reported with --dry-run too. With --format openstates the paths are \
            Open States people data (github.com/openstates/people): a person's .yml file, a state's folder (executive/, \
            legislature/, municipalities/, municipalities.yml), several, or the whole data/ folder. Each role held on the \
            --as-of day becomes an official, and a person who holds none comes in with their most recent role, ended; \
            jurisdictions the database lacks are created (a city named from its state's municipalities.yml). Ids are slugs \
            of the name; a re-import finds each person again by their Open States id, and a record of the same office and \
            name from another source is taken to be the same person. Open States does not date its records: they stay \
            unverified unless --verified is given. CSV files may be UTF-8 (with or without a byte-order mark) or UTF-16 with a \
            byte-order mark ("Unicode text"), or windows-1252 with --encoding; fields are separated by commas, semicolons \
            or tabs, whichever the header uses; a CSV file is read twice (the second time an official at a time), and one that \
            changes in between is refused. No field may hold a control character (a contact's value and note may have line \
            breaks). A role is a built-in one or one in roles.toml in your templates folder (--templates, \
            CAMPAIGN_TEMPLATES). Popolo files may be published ones (EveryPolitician, a council's): areas whose ids are not \
            OCD ids become jurisdictions under --within, a member of a legislature or council takes --role, and a person \
            holding several current memberships becomes one official per membership. Every problem is reported as \
            file:line:column, in file order; if there is any, nothing is written. With --skip-invalid the records without \
            problems are imported, and those with problems, or in a jurisdiction left out, are listed on standard error \
            (and in --report FILE); the exit status is then 0.
            """
        static let files = Positional<[String]>(name: "file", help: "CSV or JSON files, or folders of them.")
        static let dryRun = Flag(name: "dry-run", help: "Print what would be added, changed, unchanged and removed; write nothing.")
        static let prune = Flag(name: "prune", help: "Remove officials (and offices nobody holds) that the files do not describe.")
        static let encoding = Option<SpreadsheetEncoding>(name: "encoding", default: .unicode, valueName: "encoding",
                                                          help: "How CSV files are encoded: utf-8 (UTF-16 is recognised by its byte-order mark) or windows-1252.")
        /// What the files are.
        enum Format: String, CaseIterable, ExpressibleByArgument {
            /// CSV and Popolo JSON, told apart by the file name's extension.
            case auto
            /// Open States' people data, in YAML.
            case openstates
        }
        static let format = Option<Format>(name: "format", default: .auto, valueName: "format",
                                           help: "auto (CSV or Popolo JSON by extension) or openstates (Open States' YAML people files).")
        static let skipInvalid = Flag(name: "skip-invalid",
                                      help: "Import the records without problems; list the others, and those that depend on them, on standard error.")
        static let report = Option<String?>(name: "report", valueName: "file", check: .nonEmpty("a file"),
                                            help: "With --skip-invalid, also write the list of records left out to this file.")
        static let within = Option<String?>(name: "within", valueName: "ocd-id",
                                            help: "Popolo: the OCD division under which areas whose ids are not OCD ids become jurisdictions.")
        static let role = Option<String?>(name: "role", valueName: "role",
                                          help: "Popolo: the role of a member of a legislature or council whose membership names none (default councilmember).")
        static let asOf = Option<PartialDate?>(name: "as-of", valueName: "date",
                                               help: "Popolo and openstates: the day memberships and roles are current on (default today); a person with none then comes in with the one that ended last.")
        static let verified = Option<PartialDate?>(name: "verified", valueName: "date",
                                                   help: "With openstates: the day you checked the data against its sources (default: unverified).")
        static let arguments: [any ArgumentSpec] = [files, dryRun, prune, encoding, format, skipInvalid, report, within, role, asOf, verified,
                                                    CampaignFiles.templates]
        let files: [String]
        let format: Format
        let dryRun: Bool
        let prune: Bool
        let encoding: SpreadsheetEncoding
        let skipInvalid: Bool
        let report: String?
        let within: String?
        let role: String?
        let asOf: PartialDate?
        let verified: PartialDate?
        let templates: CampaignFiles

        init(_ arguments: ParsedArguments) throws {
            files = try arguments[Self.files]
            format = try arguments[Self.format]
            templates = try CampaignFiles(arguments)
            dryRun = try arguments[Self.dryRun]
            prune = try arguments[Self.prune]
            encoding = try arguments[Self.encoding]
            skipInvalid = try arguments[Self.skipInvalid]
            report = try arguments[Self.report]
            within = try arguments[Self.within]
            role = try arguments[Self.role]
            asOf = try arguments[Self.asOf]
            verified = try arguments[Self.verified]
        }

        func validate() throws {
            let path = "campaign officials import"
            if report != nil && !skipInvalid { throw UsageError("--report goes with --skip-invalid: it lists the records left out.", commandPath: path) }
            // A record left out would look removed from the files, and --prune would delete it.
            if prune && skipInvalid { throw UsageError("--prune cannot go with --skip-invalid: it would remove the officials of the records left out.", commandPath: path) }
            if format != .openstates && verified != nil {
                throw UsageError("--verified applies to --format openstates; CSV and Popolo files give terms and verification dates per record.", commandPath: path)
            }
            if format == .openstates, let name = within != nil ? "within" : role != nil ? "role" : nil {
                throw UsageError("--\(name) applies to Popolo files; Open States gives every role's jurisdiction and type.", commandPath: path)
            }
            if let within, let problem = OCDIdentifier.problem(with: within) {
                throw UsageError("Invalid value '\(within)' for '--within': \(problem).", commandPath: path)
            }
            if let role, case let roles = try templates.roles(), !roles.knows(role) {
                throw UsageError("Invalid value '\(role)' for '--role': known roles are \(roles.slugList).", commandPath: path)
            }
        }

        func run(_ context: CommandContext) throws {
            let asOf = asOf ?? PartialDate(context.clock.now())
            let parsed = format == .openstates
                ? try OpenStatesPeople.read(paths: files, asOf: asOf, verified: verified, skipInvalid: skipInvalid)
                : try DirectoryImport.read(paths: files, encoding: encoding, roles: templates.roles(),
                                           popolo: PopoloOptions(within: within, memberRole: role, asOf: asOf), skipInvalid: skipInvalid)
            let plan = try DirectoryImport.run(parsed, into: context.pool(), dryRun: dryRun, prune: prune)
            if skipInvalid { try reportSkipped(plan.skipped, context) }
            let names = plan.names
            if dryRun {
                context.output.line("Dry run: nothing was written.")
                for id in plan.officials.added { context.output.line("  add     \(id)  \(names[id] ?? "")") }
                for id in plan.officials.changed { context.output.line("  change  \(id)  \(names[id] ?? "")") }
                for id in plan.officials.removed { context.output.line("  remove  \(id)") }
            }
            for line in Self.reportLines(plan) { context.output.line(line) }
            for (label, tally) in [("jurisdictions", plan.jurisdictions), ("offices", plan.offices), ("officials", plan.officials)] {
                var line = "\(label): \(tally.added.count) added, \(tally.changed.count) changed, \(tally.unchanged.count) unchanged"
                if prune { line += ", \(tally.removed.count) removed" }
                context.output.line(line)
            }
            if skipInvalid {
                context.output.line("skipped: \(plan.skipped.count) record\(plan.skipped.count == 1 ? "" : "s")" + (plan.skipped.isEmpty ? "" : " (listed on standard error\(report.map { " and in \($0)" } ?? ""))"))
            }
        }

        /// The records left out, one line each as file:line:column, on
        /// standard error and in the report file.
        private func reportSkipped(_ skipped: [InputError], _ context: CommandContext) throws {
            let lines = skipped.map(\.description)
            if !lines.isEmpty {
                context.errors.line("Skipped \(lines.count) record\(lines.count == 1 ? "" : "s"):")
                for line in lines { context.errors.line(line) }
            }
            if let report {
                try WholeFile.write(Data(lines.map { $0 + "\n" }.joined().utf8), to: report, name: "--report")
            }
        }

        /// The terms the import ends and the edits it keeps over the file,
        /// one line each, with where the file says so.
        static func reportLines(_ plan: DirectoryImport.Plan) -> [String] {
            func shown(_ value: String?) -> String { value.map { "'\($0)'" } ?? "(none)" }
            var lines: [String] = []
            for ending in plan.termEnds {
                var line = "  end term  \(ending.officialID)  \(ending.name): \(ending.end) (was \(ending.previous?.description ?? "open"))"
                if let successor = ending.successorID { line += ", the day before \(successor) took office" }
                if let location = ending.location { line += ", \(location)" }
                lines.append(line)
            }
            for conflict in plan.conflicts {
                var line = "  conflict  \(conflict.officialID)  \(conflict.field): kept the local value \(shown(conflict.local)); the file gives \(shown(conflict.incoming))"
                if let location = conflict.location { line += ", \(location)" }
                line += " (to take it: campaign officials edit \(conflict.officialID) --reset \(conflict.field))"
                lines.append(line)
            }
            return lines
        }
    }

    // MARK: - export

    struct Export: Command {
        static let name = "export"
        static let abstract = "Export the directory as CSV or Popolo JSON."
        static let discussion = """
            CSV to standard output or a .csv file is officials.csv; to a folder, jurisdictions.csv and \
            officials.csv, which `officials import FOLDER` reads back unchanged. JSON holds everything.
            """
        enum Format: String, CaseIterable, ExpressibleByArgument { case csv, json }
        static let format = Option<Format>(name: "format", default: .csv, valueName: "format", help: "CSV or Popolo JSON.")
        static let out = Option<String?>(name: "out", valueName: "path", check: .nonEmpty("a file or folder"),
                                         help: "A file, or for CSV a folder; standard output by default.")
        static let arguments: [any ArgumentSpec] = [format, out]
        let format: Format
        let out: String?

        init(_ arguments: ParsedArguments) throws {
            format = try arguments[Self.format]
            out = try arguments[Self.out]
        }

        func run(_ context: CommandContext) throws {
            let directory = try context.pool().read { try DirectoryStore.load($0) }
            if format == .json {
                try write(PopoloJSON.export(directory), to: out, context)
            } else if let out, !out.lowercased().hasSuffix(".csv") {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                try write(DirectoryCSV.jurisdictionsCSV(directory), to: (out as NSString).appendingPathComponent("jurisdictions.csv"), context)
                try write(DirectoryCSV.officialsCSV(directory), to: (out as NSString).appendingPathComponent("officials.csv"), context)
            } else {
                try write(DirectoryCSV.officialsCSV(directory), to: out, context)
            }
        }

        private func write(_ text: String, to path: String?, _ context: CommandContext) throws {
            guard let path else { return context.output.write(text) }
            try WholeFile.write(Data(text.utf8), to: path, name: "--out")
            context.errors.line("Wrote \(path)")
        }
    }

    // MARK: - list

    struct List: Command {
        static let name = "list"
        static let abstract = "List officials, optionally of one jurisdiction (and those within it) or one role."
        enum Format: String, CaseIterable, ExpressibleByArgument { case table, csv, json }
        static let jurisdiction = Option<String?>(name: "jurisdiction", valueName: "id", help: "Only this jurisdiction and those within it.")
        static let role = Option<String?>(name: "role", valueName: "role", help: "Only this role (mayor, councilmember, …).")
        static let format = Option<Format>(name: "format", default: .table, valueName: "format", help: "How to print the list.")
        static let arguments: [any ArgumentSpec] = [jurisdiction, role, format, CampaignFiles.templates]
        let jurisdiction: String?
        let role: String?
        let format: Format
        let templates: CampaignFiles

        init(_ arguments: ParsedArguments) throws {
            templates = try CampaignFiles(arguments)
            jurisdiction = try arguments[Self.jurisdiction]
            role = try arguments[Self.role]
            format = try arguments[Self.format]
        }

        func validate() throws {
            if let role, case let roles = try templates.roles(), !roles.knows(role) {
                throw UsageError("Invalid value '\(role)' for '--role': known roles are \(roles.slugList).", commandPath: "campaign officials list")
            }
        }

        func run(_ context: CommandContext) throws {
            var directory = try context.pool().read { try DirectoryStore.load($0) }
            if let jurisdiction, directory.jurisdiction(jurisdiction) == nil {
                throw InputError("--jurisdiction: unknown jurisdiction '\(jurisdiction)' (see `campaign jurisdictions list`)")
            }
            directory.officials = directory.officials.filter { official in
                guard let office = directory.office(official.officeID) else { return false }
                if let role, office.role != role { return false }
                if let jurisdiction, !DirectoryQueries.jurisdiction(office.jurisdictionID, isWithin: jurisdiction, in: directory) { return false }
                return true
            }
            let heldOffices = Set(directory.officials.map(\.officeID))
            directory.offices = directory.offices.filter { heldOffices.contains($0.id) }
            switch format {
            case .csv: context.output.write(DirectoryCSV.officialsCSV(directory))
            case .json: context.output.write(PopoloJSON.export(directory))
            case .table:
                let today = PartialDate(context.clock.now())
                var table = TableFormatter(headers: ["ID", "NAME", "TITLE", "JURISDICTION", "SEAT", "TERM", "VERIFIED"])
                for official in directory.officialsInDisplayOrder {
                    let office = directory.office(official.officeID)
                    table.rows.append([official.id, official.name, official.title(in: "en", office: office),
                                       office.flatMap { directory.jurisdiction($0.jurisdictionID)?.name } ?? "",
                                       office?.seat ?? "", OfficialsCommand.term(of: official, on: today), official.verified?.description ?? "never"])
                }
                context.output.write(table.render(width: context.output.width, colour: context.output.isTerminal))
                context.errors.line("\(directory.officials.count) official\(directory.officials.count == 1 ? "" : "s")")
            }
        }
    }

    /// A term as a list shows it: "ended 2023-01-01", "until 2029-12-31",
    /// "from 2027-01-01", "since 2026-01-01", or nothing when no date is known.
    static func term(of official: Official, on today: PartialDate) -> String {
        if official.hasLeftOffice(before: today), let end = official.termEnd { return "ended \(end)" }
        if let start = official.termStart, !official.isInOffice(on: today) { return "from \(start)" }
        if let end = official.termEnd { return "until \(end)" }
        return official.termStart.map { "since \($0)" } ?? ""
    }

    /// The error for an id the directory does not hold.
    static func unknownOfficial(_ id: String) -> InputError {
        InputError("no official with id '\(id)' (see `campaign officials list`)")
    }

    // MARK: - show

    struct Show: Command {
        static let name = "show"
        static let abstract = "Show one official: office, titles, contacts and where each came from."
        static let arguments: [any ArgumentSpec] = [OfficialsCommand.id]
        let id: String

        init(_ arguments: ParsedArguments) throws { id = try arguments[OfficialsCommand.id] }

        func run(_ context: CommandContext) throws {
            let (directory, localFields) = try context.pool().read { (try DirectoryStore.load($0), try DirectoryStore.localFields($0)) }
            guard let official = directory.officials.first(where: { $0.id == id }) else {
                throw OfficialsCommand.unknownOfficial(id)
            }
            context.output.write(OfficialReport.text(official, in: directory, today: context.clock.now(), localFields: localFields[id] ?? [:]))
        }
    }

    // MARK: - add and edit

    struct Add: Command {
        static let name = "add"
        static let abstract = "Add one official."
        static let discussion = OfficialFields.discussion
        static let id = Option<String>(name: "id", valueName: "id", check: .nonEmpty("an id"), help: "A stable id: lowercase letters, digits, dashes.")
        static let arguments: [any ArgumentSpec] = [id] + OfficialFields.arguments(requiring: ["name", "jurisdiction", "role", "source"])
        let id: String
        let fields: OfficialFields

        init(_ arguments: ParsedArguments) throws {
            id = try arguments[Self.id]
            fields = try OfficialFields(arguments)
        }

        func run(_ context: CommandContext) throws {
            try context.pool().write { db in
                let directory = try DirectoryStore.load(db)
                if directory.officials.contains(where: { $0.id == id }) {
                    throw InputError("--id: an official with id '\(id)' exists already; use `campaign officials edit \(id)`")
                }
                let (official, office) = try fields.apply(to: nil, id: id, in: directory, today: PartialDate(context.clock.now()))
                try DirectoryStore.save(office, db)
                try DirectoryStore.save(official, db)
            }
            context.errors.line("Added \(id).")
        }
    }

    struct Edit: Command {
        static let name = "edit"
        static let abstract = "Change fields of one official; options not given stay as they are."
        static let discussion = OfficialFields.discussion + " " + """
            A field this changes is marked local (`officials show` says so), and so are the contacts it adds: a re-import \
            keeps them, and reports each field its file gives another value for. --reset FIELD takes back the value the \
            source last gave (FIELD is one of \(OfficialField.nameList)) and unmarks the field. --clear-contacts removes \
            every contact; a re-import brings the file's back.
            """
        static let clearContacts = Flag(name: "clear-contacts", help: "Remove the official's contacts before adding those given.")
        static let reset = Option<[String]>(name: "reset", valueName: "field",
                                            help: "Take back the source's value of a field edited here (term-end, title:es, …) and unmark it.")
        static let arguments: [any ArgumentSpec] = [OfficialsCommand.id] + OfficialFields.arguments + [clearContacts, reset]
        let id: String
        let fields: OfficialFields
        let clearContacts: Bool
        let resets: [OfficialField]

        init(_ arguments: ParsedArguments) throws {
            id = try arguments[OfficialsCommand.id]
            fields = try OfficialFields(arguments)
            clearContacts = try arguments[Self.clearContacts]
            resets = try arguments[Self.reset].map { name in
                guard let field = OfficialField(name) else {
                    throw UsageError("Invalid value '\(name)' for '--reset': fields are \(OfficialField.nameList).", commandPath: arguments.commandPath)
                }
                return field
            }
        }

        func run(_ context: CommandContext) throws {
            try context.pool().write { db in
                let directory = try DirectoryStore.load(db)
                guard var existing = directory.officials.first(where: { $0.id == id }) else {
                    throw OfficialsCommand.unknownOfficial(id)
                }
                let marks = try DirectoryStore.localFields(db)[id] ?? [:]
                let before = existing
                if clearContacts { existing.contacts = [] }
                var (official, office) = try fields.apply(to: existing, id: id, in: directory, today: PartialDate(context.clock.now()))
                let edited = Set(OfficialField.all(of: before) + OfficialField.all(of: official)).filter { $0.value(in: before) != $0.value(in: official) }
                for field in resets {
                    guard let value = marks[field] else {
                        throw InputError("--reset \(field): \(id)'s \(field) is not an edit made here (see `campaign officials show \(id)`)")
                    }
                    guard !edited.contains(field) else { throw InputError("--reset \(field): this command also changes it; give one or the other") }
                    guard field != .office || value.flatMap(directory.office) != nil, field.set(value, in: &official) else {
                        throw InputError("--reset \(field): the source's value \(value.map { "'\($0)'" } ?? "(none)") cannot be set; edit the field instead")
                    }
                }
                if let resetOffice = directory.office(official.officeID), resetOffice.id != office.id { office = resetOffice }
                try DirectoryStore.save(office, db)
                try DirectoryStore.save(official, db)
                // A field edited for the first time keeps the value it had, the source's, to take back.
                for field in edited.sorted() where marks[field] == nil {
                    try DirectoryStore.saveLocalField(officialID: id, field, sourceValue: field.value(in: before), db)
                }
                for field in resets { try DirectoryStore.deleteLocalField(officialID: id, field, db) }
                if office.id != before.officeID, let old = directory.office(before.officeID), old.contacts.isEmpty, old.titles.isEmpty {
                    try DirectoryStore.deleteOffice(old.id, db)
                }
            }
            context.errors.line("Updated \(id).")
        }
    }

    // MARK: - remove

    struct Remove: Command {
        static let name = "remove"
        static let abstract = "Remove one official and their contacts."
        static let arguments: [any ArgumentSpec] = [OfficialsCommand.id]
        let id: String

        init(_ arguments: ParsedArguments) throws { id = try arguments[OfficialsCommand.id] }

        func run(_ context: CommandContext) throws {
            try context.pool().write { db in
                guard try DirectoryStore.hasOfficial(id, db) else {
                    throw OfficialsCommand.unknownOfficial(id)
                }
                try DirectoryStore.deleteOfficial(id, db)
            }
            context.errors.line("Removed \(id).")
        }
    }

    // MARK: - stale

    struct Stale: Command {
        static let name = "stale"
        static let abstract = "List ended terms that leave an office empty, and officials and contacts not verified recently, or never."
        static let discussion = """
            Ended terms come first: for each office nobody holds today, the holder whose term ended last (a holder whose \
            successor is in office is not listed). Mend the record: add the successor, or correct the end date with \
            `campaign officials edit ID --term-end DATE` (or --term-end "" to clear it). A record is stale when the latest \
            day its verification date may stand for ("2018" may be 31 December) lies before the age's cutoff, counted back \
            on the calendar from today: 6mo before 31 August is the end of February.
            """
        static let olderThan = Option<CalendarDuration>(name: "older-than", default: .days(180), valueName: "duration",
                                                        help: "List what was verified longer ago than this (30m is minutes, 6mo months), or never.")
        static let arguments: [any ArgumentSpec] = [olderThan]
        let age: CalendarDuration

        init(_ arguments: ParsedArguments) throws { age = try arguments[Self.olderThan] }

        func run(_ context: CommandContext) throws {
            let directory = try context.pool().read { try DirectoryStore.load($0) }
            let ended = DirectoryQueries.endedTerms(in: directory, on: PartialDate(context.clock.now()))
            let stale = DirectoryQueries.stale(in: directory, verifiedBefore: age.before(context.clock.now()))
            var table = TableFormatter(headers: ["ID", "NAME", "WHAT", "VERIFIED", "SOURCE"])
            for item in ended + stale {
                table.rows.append([item.officialID ?? item.officeID, item.name, item.what, item.verified?.description ?? "never", item.source])
            }
            context.output.write(table.render(width: context.output.width, colour: context.output.isTerminal))
            if !ended.isEmpty {
                context.errors.line("\(ended.count) ended term\(ended.count == 1 ? "" : "s") leaving an office with no one in it today")
            }
            context.errors.line("\(stale.count) record\(stale.count == 1 ? "" : "s") not verified in the last \(age.spoken)")
        }
    }
}
