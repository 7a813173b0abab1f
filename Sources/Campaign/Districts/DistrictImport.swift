import Foundation

/// Imports district boundaries from GeoJSON and ZIP coverage from CSV, all
/// or nothing, with every bad input named by file:line:column.
public enum DistrictImport {
    /// How to read a district file.
    public struct Options: Sendable, Codable, Equatable {
        /// The jurisdiction the districts divide.
        public var jurisdiction: String
        /// GeoJSON: the feature property holding the district code.
        public var property: String?
        /// The district name; `{code}` stands for the code ("Ward {code}").
        public var name: String?
        /// What kind of district.
        public var kind: String?
        /// Where the data comes from, kept with each district.
        public var source: String?
        /// CSV: the column of ZIP codes.
        public var zipColumn: String?
        /// CSV: the column of district codes; absent means the ZIPs lie in the
        /// jurisdiction without a district being known.
        public var districtColumn: String?
        /// CSV: only rows where this `column=value` holds.
        public var `where`: String?
        /// CSV: how the file's bytes are read; absent means UTF-8, or UTF-16 with a byte-order mark.
        public var encoding: SpreadsheetEncoding?

        public init(jurisdiction: String, property: String? = nil, name: String? = nil, kind: String? = nil, source: String? = nil,
                    zipColumn: String? = nil, districtColumn: String? = nil, where filter: String? = nil, encoding: SpreadsheetEncoding? = nil) {
            self.jurisdiction = jurisdiction
            self.property = property
            self.name = name
            self.kind = kind
            self.source = source
            self.zipColumn = zipColumn
            self.districtColumn = districtColumn
            self.where = filter
            self.encoding = encoding
        }

        enum CodingKeys: String, CodingKey {
            case jurisdiction, property, name, kind, source, `where`, encoding
            case zipColumn = "zip_column", districtColumn = "district_column"
        }
    }

    /// What an import did.
    public struct Summary: Sendable, Equatable {
        public var districts: [String] = []
        public var zipCount = 0
    }

    /// Imports one file: `.geojson`/`.json` boundaries or `.csv` ZIPs.
    @discardableResult
    public static func run(path: String, options: Options, into pool: DatabasePool, dryRun: Bool = false) throws -> Summary {
        try pool.write { db in try apply(path: path, options: options, db, dryRun: dryRun) }
    }

    /// The same inside a transaction the caller holds.
    @discardableResult
    public static func apply(path: String, options: Options, _ db: Database, dryRun: Bool = false) throws -> Summary {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError("cannot read \(path): no such file, or it is not readable") }
        let bytes = [UInt8](data)
        if let problem = OCDIdentifier.problem(with: options.jurisdiction) {
            throw InputError("--jurisdiction: malformed OCD id '\(options.jurisdiction)': \(problem)")
        }
        guard try DirectoryStore.hasJurisdiction(options.jurisdiction, db) else {
            throw InputError("--jurisdiction: unknown jurisdiction '\(options.jurisdiction)'; import it first (campaign officials import, or jurisdictions add)")
        }
        return path.lowercased().hasSuffix(".csv")
            ? try importZIPs(bytes: bytes, file: path, options: options, db, dryRun: dryRun)
            : try importBoundaries(bytes: bytes, file: path, options: options, db, dryRun: dryRun)
    }

    /// Why ZIP codes cannot go to a district the database does not have,
    /// and the ways to add it: boundaries are not needed.
    static func unknownDistrict(_ code: String, _ jurisdiction: String) -> String {
        "unknown district '\(code)' of \(jurisdiction): check the code, or import the districts first; boundaries are not needed: "
            + "a CSV of district,name rows is enough (`campaign districts import districts.csv --jurisdiction \(jurisdiction)`), "
            + "or add a name column to this file"
    }

    static func districtName(_ options: Options, code: String) -> String {
        (options.name ?? "District {code}").replacingOccurrences(of: "{code}", with: code)
    }

    static func importBoundaries(bytes: [UInt8], file: String, options: Options, _ db: Database, dryRun: Bool) throws -> Summary {
        guard let property = options.property else { throw InputError("--property is required for GeoJSON: name the feature property that holds the district code") }
        let root = try JSONParser.parse(bytes: bytes, file: file)
        guard root["type"]?.string == "FeatureCollection", let features = root["features"]?.array else {
            throw InputError("expected a GeoJSON FeatureCollection with \"features\"", at: root.location)
        }
        // A file in another coordinate system is refused once, not feature by feature.
        try GeoJSONGeometry.checkCoordinateSystem(of: root)
        let errors = InputErrorCollector()
        // Features sharing a code are parts of one district, kept in the order of their first feature.
        var codes: [String] = []
        var parts: [String: [Boundary]] = [:]
        var names: [String: [String: String]] = [:]
        for feature in features {
            try errors.collect {
                try GeoJSONGeometry.checkCoordinateSystem(of: feature)
                guard let properties = feature["properties"], properties.members != nil else {
                    throw InputError("a feature needs \"properties\"", at: feature.location)
                }
                guard let codeNode = properties[property] else {
                    throw InputError("feature has no property '\(property)' (it has: \(properties.members?.map(\.key).joined(separator: ", ") ?? ""))", at: properties.location)
                }
                let code: String
                switch codeNode.value {
                case .string(let text) where !text.isEmpty: code = text
                case .number(_, let text): code = text
                default: throw InputError("property '\(property)' must be a string or number, not \(codeNode.kindName)", at: codeNode.location)
                }
                guard let geometry = feature["geometry"], !geometry.isNull else { throw InputError("feature '\(code)' has no geometry", at: feature.location) }
                let boundary = try GeoJSONGeometry.boundary(from: geometry)
                let given = try localizedNames(properties)
                if parts[code] == nil { codes.append(code) }
                parts[code, default: []].append(boundary)
                names[code, default: [:]].merge(given) { first, _ in first }
            }
        }
        try errors.throwIfAny()
        let districts = codes.map { code in
            District(jurisdictionID: options.jurisdiction, code: code, name: districtName(options, code: code), kind: options.kind ?? "district",
                     boundaryGeoJSON: Boundary(merging: parts[code] ?? []).geoJSON, source: options.source ?? file, names: names[code] ?? [:])
        }
        if !dryRun { for district in districts { try DistrictStore.save(district, db) } }
        return Summary(districts: districts.map(\.code), zipCount: 0)
    }

    /// A feature's names in other languages: its `name:<locale>` properties
    /// (`name:es`, `name:zh-Hans`), OpenStreetMap's convention, by locale
    /// key. Properties after `name:` that are no language tag
    /// (`name:left`, `name:etymology`) are other things, and passed over.
    static func localizedNames(_ properties: JSONNode) throws -> [String: String] {
        var names: [String: String] = [:]
        for (key, value) in properties.members ?? [] {
            guard let locale = DirectoryCSV.nameLocale(ofColumn: key) else { continue }
            guard let text = value.string else { throw InputError("property '\(key)' must be a string, not \(value.kindName)", at: value.location) }
            if let scalar = ControlCharacters.first(in: text) {
                throw InputError("property '\(key)' holds a control character (\(ControlCharacters.name(scalar))); remove it", at: value.location)
            }
            if !text.trimmedSpaces.isEmpty { names[locale] = text.trimmedSpaces }
        }
        return names
    }

    /// Reads a CSV of districts and ZIP codes. With a `name` column it
    /// creates or renames the districts it lists (for places whose
    /// boundaries are not shipped); with a ZIP column it sets the ZIPs of
    /// the districts named, or, without a district column, of the
    /// jurisdiction as a whole.
    static func importZIPs(bytes: [UInt8], file: String, options: Options, _ db: Database, dryRun: Bool) throws -> Summary {
        let reader = try CSVReader(bytes: bytes, file: file, encoding: options.encoding ?? .unicode)
        let records = try reader.records()
        guard let headerRecord = records.first else { throw InputError("the file is empty; expected a header row", at: SourceLocation(file: file, line: 1)) }
        let table = try DirectoryCSV.Table(header: headerRecord, reader: reader)
        let createsDistricts = table.has("name")
        let zipColumn: String? = options.zipColumn ?? (table.has("zip") || !createsDistricts ? "zip" : nil)
        let districtColumn = options.districtColumn ?? (table.has("district") ? "district" : nil)
        try table.require((zipColumn.map { [$0] } ?? []) + (districtColumn.map { [$0] } ?? [])) { _ in true }
        var filter: (column: String, value: String)?
        if let text = options.where {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, table.has(parts[0].lowercased()) else {
                throw InputError("--where '\(text)' must be COLUMN=VALUE with a column of the header")
            }
            filter = (parts[0].lowercased(), parts[1].trimmingCharacters(in: .whitespaces))
        }
        let errors = InputErrorCollector()
        var zipsByDistrict: [String: Set<String>] = [:]
        var wholeJurisdiction: Set<String> = []
        var created: [District] = []
        var knownDistricts: [String: Bool] = [:]
        var unknownDistricts: [String: SourceLocation] = [:]
        let nameColumns = table.names.compactMap { column in DirectoryCSV.nameLocale(ofColumn: column).map { (column: column, locale: $0) } }
        for record in records.dropFirst() {
            try errors.collect {
                try table.checkWidth(record)
                if let filter, table.value(filter.column, in: record) != filter.value { return }
                let code = districtColumn.map { table.value($0, in: record) } ?? ""
                if createsDistricts, let districtColumn {
                    guard !code.isEmpty else { throw InputError("empty district code", at: table.field(districtColumn, in: record)?.location) }
                    let name = table.value("name", in: record)
                    var names: [String: String] = [:]
                    for (column, locale) in nameColumns {
                        if let text = table.value(column, in: record).nilIfEmpty { names[locale] = text }
                    }
                    created.append(District(jurisdictionID: options.jurisdiction, code: code, name: name.isEmpty ? districtName(options, code: code) : name,
                                            kind: options.kind ?? "district", source: options.source ?? file, names: names))
                    knownDistricts[code] = true
                }
                guard let zipColumn else { return }
                let zip = table.value(zipColumn, in: record)
                guard zip.count == 5, zip.allSatisfy(\.isASCIIDigit) else {
                    throw InputError("malformed ZIP code '\(zip)'; a ZIP has five digits", at: table.field(zipColumn, in: record)?.location)
                }
                guard let districtColumn else { wholeJurisdiction.insert(zip); return }
                if knownDistricts[code] == nil { knownDistricts[code] = try DistrictStore.exists(jurisdictionID: options.jurisdiction, code: code, db) }
                guard knownDistricts[code] == true else {
                    let location = table.field(districtColumn, in: record)?.location
                    if let first = unknownDistricts[code] {
                        throw InputError("unknown district '\(code)' of \(options.jurisdiction), as on line \(first.line)", at: location)
                    }
                    unknownDistricts[code] = location ?? record.location
                    throw InputError(unknownDistrict(code, options.jurisdiction), at: location)
                }
                zipsByDistrict[code, default: []].insert(zip)
            }
        }
        try errors.throwIfAny()
        if created.isEmpty && zipsByDistrict.isEmpty && wholeJurisdiction.isEmpty {
            // Replacing the stored ZIPs with nothing is never what was meant.
            throw InputError("no rows selected\(options.where.map { " by --where \($0)" } ?? ""); nothing was imported", at: headerRecord.location)
        }
        if !dryRun {
            for district in created { try DistrictStore.save(district, db) }
            for (code, zips) in zipsByDistrict { try DistrictStore.setZIPs(zips, jurisdictionID: options.jurisdiction, code: code, db) }
            if districtColumn == nil { try DistrictStore.setJurisdictionZIPs(wholeJurisdiction, jurisdictionID: options.jurisdiction, db) }
        }
        let codes = Set(zipsByDistrict.keys).union(created.map(\.code))
        return Summary(districts: codes.sorted { DistrictStore.naturalKey("", $0) < DistrictStore.naturalKey("", $1) },
                       zipCount: zipsByDistrict.values.reduce(0) { $0 + $1.count } + wholeJurisdiction.count)
    }
}
