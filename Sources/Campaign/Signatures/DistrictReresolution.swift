/// Finds again the districts of a campaign's signatures and call reports
/// that were known only by a ZIP code, or by a district chosen before
/// districts were recorded with their jurisdiction, once boundaries or ZIP
/// tables have been imported since: a ZIP code that turns out to lie in one
/// ward settles its signers' ward. The rules are the sign form's and the
/// call page's (`DistrictResolver`), for a person who said they do not know
/// their district, so a record moves only as far as the tables now allow.
public enum DistrictReresolution {
    /// How the records of one kind moved.
    public struct Moves: Sendable, Equatable {
        /// The records that were looked at.
        public var examined = 0
        /// Now in one district of a jurisdiction where several were possible.
        public var settled = 0
        /// Still in several possible districts, but fewer.
        public var narrowed = 0
        /// A district chosen before districts were recorded with their
        /// jurisdiction, now recorded with it.
        public var recorded = 0
        /// Any other change: other or more possible districts.
        public var changed = 0

        public init() {}

        /// The records whose districts changed.
        public var moved: Int { settled + narrowed + recorded + changed }
        /// The records left as they were.
        public var unchanged: Int { examined - moved }
    }

    /// What a run found, and (unless it was a dry run) stored.
    public struct Outcome: Sendable, Equatable {
        public var signatures = Moves()
        public var calls = Moves()
    }

    /// How one record's districts changed.
    enum Change: Equatable {
        case settled, narrowed, recorded, changed
    }

    /// Records read and written at a time, so a large campaign never sits in memory whole.
    static let page = 500

    /// Re-resolves the records of campaign `slug`, all in one write
    /// transaction; a dry run reads them and writes nothing.
    public static func run(slug: String, pool: DatabasePool, dryRun: Bool) throws -> Outcome {
        let lookup = try Lookup.load(from: pool)
        let body = { (db: Database) throws -> Outcome in
            guard let campaignID = try CampaignStore.id(of: slug, db), let (folder, _, _) = try CampaignStore.current(slug, db) else {
                throw InputError("no published campaign '\(slug)' (see `campaign list`)")
            }
            let directory = try DirectoryStore.load(db)
            let asked = TargetResolver(directory: directory, districts: []).districtSeatJurisdictions(folder.definition.targets)
            let resolver = DistrictResolver(lookup: lookup, asked: asked)
            return Outcome(signatures: try signatures(campaignID: campaignID, resolver: resolver, dryRun: dryRun, db),
                           calls: try calls(campaignID: campaignID, resolver: resolver, dryRun: dryRun, db))
        }
        return dryRun ? try pool.read(body) : try pool.write(body)
    }

    private static func signatures(campaignID: Int64, resolver: DistrictResolver, dryRun: Bool, _ db: Database) throws -> Moves {
        var moves = Moves()
        var last: Int64 = 0
        while true {
            let batch = try SignatureStore.unresolved(campaignID: campaignID, afterID: last, limit: page, db)
            for signature in batch {
                moves.examined += 1
                // A district chosen with nothing recorded is still the signer's choice, as `Constituency` reads it.
                let legacy = signature.resolution.districts.isEmpty ? signature.district : ""
                let found = resolver.resolve(.init(zip: signature.zip, chosen: legacy.isEmpty ? [] : [legacy], unsure: true))
                guard case .resolved(let now) = found, let change = change(from: signature.resolution, legacyChoice: legacy, to: now) else { continue }
                moves.count(change)
                if !dryRun { try SignatureStore.setResolution(id: signature.id, now, db) }
            }
            guard let next = batch.last?.id, batch.count == page else { return moves }
            last = next
        }
    }

    private static func calls(campaignID: Int64, resolver: DistrictResolver, dryRun: Bool, _ db: Database) throws -> Moves {
        var moves = Moves()
        var last: Int64 = 0
        while true {
            let batch = try CallStore.unresolved(campaignID: campaignID, afterID: last, limit: page, db)
            for report in batch {
                moves.examined += 1
                guard case .resolved(let now) = resolver.resolve(.init(zip: report.zip, unsure: true)),
                      let change = change(from: report.resolution, legacyChoice: "", to: now) else { continue }
                moves.count(change)
                if !dryRun { try CallStore.setResolution(id: report.id, now, db) }
            }
            guard let next = batch.last?.id, batch.count == page else { return moves }
            last = next
        }
    }

    /// How a record's districts change from `old` to `new`; nil when they
    /// do not where it matters. A jurisdiction where nothing was recorded is
    /// no change: `Constituency` reads the record's ZIP code there through
    /// the tables as they are, so it follows every import without being
    /// written. A district chosen before districts were recorded with their
    /// jurisdiction (`legacyChoice`) is recorded with it where the ZIP code
    /// still leaves it open.
    static func change(from old: DistrictResolution, legacyChoice: String, to new: DistrictResolution) -> Change? {
        if new == old { return nil }
        if !legacyChoice.isEmpty && new.method == .chosen && new.districts.contains(where: { $0.code == legacyChoice }) { return .recorded }
        var settled = false, narrowed = false
        for jurisdiction in Set(old.districts.map(\.jurisdictionID)) {
            let before = Set(old.codes(in: jurisdiction)), after = Set(new.codes(in: jurisdiction))
            if before == after { continue }
            if after.count == 1 && before.count > 1 && after.isSubset(of: before) {
                settled = true
            } else if after.count > 1 && after.count < before.count && after.isSubset(of: before) {
                narrowed = true
            } else {
                return .changed
            }
        }
        return narrowed ? .narrowed : settled ? .settled : nil
    }
}

extension DistrictReresolution.Moves {
    mutating func count(_ change: DistrictReresolution.Change) {
        switch change {
        case .settled: settled += 1
        case .narrowed: narrowed += 1
        case .recorded: recorded += 1
        case .changed: changed += 1
        }
    }
}
