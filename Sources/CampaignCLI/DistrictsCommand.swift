import ArgumentParsing
import Campaign
import Foundation

/// `campaign districts …`: district boundaries and ZIP coverage.
struct DistrictsCommand: CommandGroup {
    static let name = "districts"
    static let abstract = "Import and list districts (boundaries from GeoJSON, ZIP codes from CSV)."
    static var subcommands: [any Command.Type] { [Import.self, List.self, Overlay.self] }

    struct Import: Command {
        static let name = "import"
        static let abstract = "Import district boundaries (.geojson) or ZIP codes (.csv) for a jurisdiction."
        static let discussion = """
            GeoJSON: a FeatureCollection of Polygon or MultiPolygon features; --property names the property \
            holding the district code. CSV: a column of ZIP codes and a column of district codes; without a \
            district column (--zip-column alone), the ZIPs lie in the jurisdiction as a whole. ZIP codes go to \
            districts the database has: import the boundaries first, or, where you have none, a plain list: a CSV \
            with district and name columns (district,name then 1,Council District 1) adds districts without \
            boundaries (campaign districts import districts.csv --jurisdiction ID), and a name column beside zip \
            and district adds them and their ZIP codes from one file. A CSV may be UTF-8 or UTF-16 with a byte-order \
            mark, or windows-1252 with --encoding, separated by commas, semicolons or tabs. Features that share a code \
            make one district of several polygons. Coordinates are longitude and latitude in degrees (CRS84, \
            EPSG:4326); a file whose "crs" names another system is refused: reproject it first.
            """
        static let file = Positional<String>(name: "file", help: "A .geojson or .csv file.")
        static let jurisdiction = Option<String>(name: "jurisdiction", valueName: "id", check: .nonEmpty("an OCD id"),
                                                 help: "The OCD id of the jurisdiction the districts divide.")
        static let property = Option<String?>(name: "property", valueName: "name", help: "GeoJSON: the feature property with the district code.")
        static let namePattern = Option<String?>(name: "name", valueName: "pattern", help: "District names, {code} for the code (default: \"District {code}\").")
        static let kind = Option<String?>(name: "kind", valueName: "kind", help: "ward, council-district, … (default: district).")
        static let source = Option<String?>(name: "source", valueName: "text", help: "Where the data comes from (default: the file name).")
        static let zipColumn = Option<String?>(name: "zip-column", valueName: "name", help: "CSV: the ZIP column (default: zip).")
        static let districtColumn = Option<String?>(name: "district-column", valueName: "name", help: "CSV: the district column (default: district).")
        static let filter = Option<String?>(name: "where", valueName: "column=value", help: "CSV: only rows where the column has this value.")
        static let encoding = Option<SpreadsheetEncoding?>(name: "encoding", valueName: "encoding",
                                                           help: "CSV: utf-8 (UTF-16 is recognised by its byte-order mark) or windows-1252.")
        static let dryRun = Flag(name: "dry-run", help: "Check the file; write nothing.")
        static let arguments: [any ArgumentSpec] = [
            file, jurisdiction, property, namePattern, kind, source, zipColumn, districtColumn, filter, encoding, dryRun,
        ]
        let file: String
        let options: DistrictImport.Options
        let dryRun: Bool

        init(_ arguments: ParsedArguments) throws {
            file = try arguments[Self.file]
            options = DistrictImport.Options(
                jurisdiction: try arguments[Self.jurisdiction], property: try arguments[Self.property],
                name: try arguments[Self.namePattern], kind: try arguments[Self.kind], source: try arguments[Self.source],
                zipColumn: try arguments[Self.zipColumn], districtColumn: try arguments[Self.districtColumn],
                where: try arguments[Self.filter], encoding: try arguments[Self.encoding])
            dryRun = try arguments[Self.dryRun]
        }

        func validate() throws {
            if !file.lowercased().hasSuffix(".csv") && options.property == nil {
                throw UsageError("Missing expected option '--property' for a GeoJSON file.", commandPath: "campaign districts import")
            }
        }

        func run(_ context: CommandContext) throws {
            let summary = try DistrictImport.run(path: file, options: options, into: context.pool(), dryRun: dryRun)
            let prefix = dryRun ? "Dry run: nothing was written. Would import" : "Imported"
            context.output.line("\(prefix) \(summary.districts.count) district\(summary.districts.count == 1 ? "" : "s") and \(summary.zipCount) ZIP code\(summary.zipCount == 1 ? "" : "s") for \(options.jurisdiction).")
        }
    }

    struct List: Command {
        static let name = "list"
        static let abstract = "List districts with their boundary size and ZIP codes."
        static let jurisdiction = Option<String?>(name: "jurisdiction", valueName: "id", help: "Only this jurisdiction's districts.")
        static let arguments: [any ArgumentSpec] = [jurisdiction]
        let jurisdiction: String?

        init(_ arguments: ParsedArguments) throws { jurisdiction = try arguments[Self.jurisdiction] }

        func run(_ context: CommandContext) throws {
            let (entries, zips) = try context.pool().read { db in (try DistrictStore.all(db), try DistrictStore.jurisdictionZIPs(db)) }
            var table = TableFormatter(headers: ["JURISDICTION", "CODE", "NAME", "KIND", "BOUNDARY", "ZIPS"])
            for entry in entries where jurisdiction == nil || entry.district.jurisdictionID == jurisdiction {
                let vertices = try entry.district.boundary()?.vertexCount
                table.rows.append([entry.district.jurisdictionID, entry.district.code, entry.district.name, entry.district.kind,
                                   vertices.map { "\($0) points" } ?? "none", entry.zips.joined(separator: " ")])
            }
            for (jurisdictionID, group) in Dictionary(grouping: zips, by: \.jurisdictionID).sorted(by: { $0.key < $1.key })
            where jurisdiction == nil || jurisdictionID == jurisdiction {
                table.rows.append([jurisdictionID, "", "(whole jurisdiction)", "", "", group.map(\.zip).joined(separator: " ")])
            }
            context.output.write(table.render(width: context.output.width, colour: context.output.isTerminal))
        }
    }

    struct Overlay: Command {
        static let name = "overlay"
        static let abstract = "Work out which of a jurisdiction's districts each ZIP area reaches into; prints CSV for `districts import`."
        static let file = Positional<String>(name: "file", help: "A GeoJSON FeatureCollection of ZIP areas (ZCTAs).")
        static let jurisdiction = Option<String>(name: "jurisdiction", valueName: "id", check: .nonEmpty("an OCD id"),
                                                 help: "The jurisdiction whose district boundaries to overlay.")
        static let property = Option<String>(name: "property", valueName: "name", check: .nonEmpty("a property name"),
                                             help: "The feature property with the ZIP code.")
        static let minimumShare = Option<Double>(name: "min-share", default: 0.02, valueName: "fraction",
                                                 check: ValueCheck(expected: "expected a fraction above 0 and at most 1") { $0 > 0 && $0 <= 1 },
                                                 help: "The least share of a ZIP area that counts.")
        static let arguments: [any ArgumentSpec] = [file, jurisdiction, property, minimumShare]
        let file: String
        let jurisdiction: String
        let property: String
        let minimumShare: Double

        init(_ arguments: ParsedArguments) throws {
            file = try arguments[Self.file]
            jurisdiction = try arguments[Self.jurisdiction]
            property = try arguments[Self.property]
            minimumShare = try arguments[Self.minimumShare]
        }

        func run(_ context: CommandContext) throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw InputError("cannot read \(file): no such file, or it is not readable") }
            let root = try JSONParser.parse(bytes: [UInt8](data), file: file)
            guard let features = root["features"]?.array else { throw InputError("expected a GeoJSON FeatureCollection", at: root.location) }
            let zipAreas = try features.map { feature -> (zip: String, boundary: Boundary) in
                guard let zip = feature["properties"]?[property]?.string ?? feature["properties"]?[property]?.quoted else {
                    throw InputError("feature has no property '\(property)'", at: feature.location)
                }
                guard let geometry = feature["geometry"] else { throw InputError("feature '\(zip)' has no geometry", at: feature.location) }
                return (zip, try GeoJSONGeometry.boundary(from: geometry))
            }
            let entries = try context.pool().read { try DistrictStore.all($0) }.filter { $0.district.jurisdictionID == jurisdiction }
            let districts = try entries.compactMap { entry in try entry.district.boundary().map { (code: entry.district.code, boundary: $0) } }
            guard !districts.isEmpty else { throw InputError("--jurisdiction: \(jurisdiction) has no district boundaries; import them first") }
            context.output.write(CSVWriter.record(["zip", "district", "share"]))
            for share in ZIPOverlay.shares(zipAreas: zipAreas, districts: districts, minimumShare: minimumShare) {
                context.output.write(CSVWriter.record([share.zip, share.district, String(format: "%.3f", share.share)]))
            }
        }
    }
}
