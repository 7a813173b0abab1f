import Foundation

/// Reads a Popolo document into directory records: the project's own export
/// and files as civic-tech projects publish them (EveryPolitician's national
/// parliaments, a country's local councillors).
///
/// - Areas with OCD division ids are jurisdictions under those ids; other
///   areas become jurisdictions under `PopoloOptions.within`, their own id
///   kept as a `popolo` external identifier.
/// - Posts are optional: a membership without one makes its office from its
///   organization, area and role.
/// - A person becomes one official record per current membership; the first
///   keeps the person's id, the others `<id>-<role>[-<seat>]`. A person whose
///   memberships have all ended keeps the latest one.
/// - A person id that is not a slug (a UUID, "Q123", "person/xyz") gives way
///   to a slug of the name, and is kept as a `popolo` external identifier.
///
/// Each record is checked on its own: a problem leaves that record out and
/// is listed in `ParsedDirectory.problems` with its file:line:column.
struct PopoloReader {
    let roles: OfficeRoles
    let options: PopoloOptions
    let errors = InputErrorCollector()
    /// Notes on records left out because one they depend on was.
    let along = InputErrorCollector()

    /// The scheme under which a published file's own ids are kept.
    static let scheme = "popolo"

    // MARK: - What the file holds, by id

    struct Organization {
        let name: String
        let classification: String
        let areaID: String?
    }

    /// An area mapped to a jurisdiction, or where it was left out.
    enum AreaOutcome {
        case mapped(Jurisdiction)
        case skipped(SourceLocation)
    }

    struct Post {
        let role: String?
        let areaID: String?
        let organizationID: String?
        let seat: String
        let districtCode: String?
        let titles: [String: String]
        let contacts: [Contact]
        let location: SourceLocation
        /// Where the post names its area.
        let areaLocation: SourceLocation?
    }

    /// A membership mapped to an office, waiting for its person.
    struct Holding {
        let office: Office
        let party: String?
        let termStart: PartialDate?
        let termEnd: PartialDate?
        let titles: [String: String]
        let location: SourceLocation
        let isCurrent: Bool
    }

    func read(_ root: JSONNode) throws -> ParsedDirectory {
        guard root.members != nil else { throw InputError("expected a Popolo object with areas, posts, persons and memberships", at: root.location) }
        var parsed = ParsedDirectory()
        let organizations = readOrganizations(root)
        let periodEnds = readPeriodEnds(root)
        let areas = readAreas(root, into: &parsed)
        let posts = readPosts(root, organizations: organizations, areas: areas, into: &parsed)
        var holdings: [String: [Holding]] = [:]
        // Memberships left out, by person: where, and why when it was for a record they depend on.
        var skippedMemberships: [String: [(location: SourceLocation, reason: String?)]] = [:]
        var parties: [String: String] = [:]
        for membership in list(root, "memberships") {
            var reason: String?
            let outcome = attempt(skippedBecause: &reason) { () throws -> (String, MembershipOutcome?) in
                (try string(membership, "person_id"),
                 try readMembership(membership, organizations: organizations, areas: areas, posts: posts, periodEnds: periodEnds, into: &parsed))
            }
            switch outcome {
            case (let personID, .holding(let holding)?)?: holdings[personID, default: []].append(holding)
            case (let personID, .party(let name)?)?: parties[personID] = parties[personID] ?? name
            case (_, nil)?: break
            case nil:
                if let personID = membership["person_id"]?.string {
                    skippedMemberships[personID, default: []].append((membership.location, reason))
                }
            }
        }
        let persons = list(root, "persons")
        // Ids the file gives as slugs are kept; a slug made from a name gives way to them.
        var usedIDs = Set(persons.compactMap { $0["id"]?.string }.filter(Self.isReadableID))
        for person in persons {
            attempt {
                let personID = try string(person, "id")
                let skipped = skippedMemberships[personID] ?? []
                guard let held = holdings[personID], !held.isEmpty else {
                    if let first = skipped.first {
                        // The person's own problems are still theirs to report.
                        var scratch = ParsedDirectory(), scratchIDs = usedIDs
                        try readPerson(person, id: personID, holdings: [], party: nil, usedIDs: &scratchIDs, into: &scratch)
                        along.add("person '\(personID)' left out: their membership at line \(first.location.line) was left out\(first.reason.map { " (\($0))" } ?? "")",
                                  at: person.location)
                        return
                    }
                    throw InputError("person '\(personID)' has no membership, so no office to import them for", at: person.location)
                }
                for (location, reason) in skipped {
                    if let reason { along.add("membership of person '\(personID)' left out: \(reason)", at: location) }
                }
                try readPerson(person, id: personID, holdings: chosen(held), party: parties[personID], usedIDs: &usedIDs, into: &parsed)
                return ()
            }
        }
        parsed.problems = errors.sorted
        parsed.skippedAlong = along.sorted
        return parsed
    }

    /// Runs the reading of one record; a problem it throws is recorded
    /// and the record left out (nil).
    func attempt<T>(_ body: () throws -> T) -> T? {
        var reason: String?
        return attempt(skippedBecause: &reason, body)
    }

    /// The same, giving why a record was left out for one it depends on.
    func attempt<T>(skippedBecause reason: inout String?, _ body: () throws -> T) -> T? {
        do { return try body() } catch let error as InputError {
            errors.add(error)
        } catch let several as InputErrors {
            several.errors.forEach(errors.add)
        } catch let skipped as SkippedAlong {
            reason = skipped.reason
        } catch {
            errors.add(InputError("\(error)", at: nil))
        }
        return nil
    }

    // MARK: - Organizations and legislative periods

    func readOrganizations(_ root: JSONNode) -> [String: Organization] {
        var organizations: [String: Organization] = [:]
        for node in list(root, "organizations") {
            attempt {
                let id = try string(node, "id")
                if organizations[id] != nil { throw InputError("duplicate organization id '\(id)'", at: node["id"]?.location) }
                organizations[id] = Organization(name: try optionalString(node, "name") ?? id,
                                                 classification: (try optionalString(node, "classification") ?? "").lowercased(),
                                                 areaID: try optionalString(node, "area_id"))
            }
        }
        return organizations
    }

    /// The end of each legislative period (Popolo events), which ends the
    /// memberships of that period that give no end of their own.
    func readPeriodEnds(_ root: JSONNode) -> [String: PartialDate] {
        var ends: [String: PartialDate] = [:]
        for node in list(root, "events") {
            attempt {
                guard let id = try optionalString(node, "id"), let end = try date(node, "end_date") else { return }
                ends[id] = end
            }
        }
        return ends
    }

    // MARK: - Areas

    func readAreas(_ root: JSONNode, into parsed: inout ParsedDirectory) -> [String: AreaOutcome] {
        var outcomes: [String: AreaOutcome] = [:]
        var parents: [(jurisdictionID: String, parent: String, node: JSONNode)] = []
        for area in list(root, "areas") {
            let mapped = attempt { () throws -> Jurisdiction in
                let originalID = try string(area, "id")
                if outcomes[originalID] != nil { throw InputError("duplicate area id '\(originalID)'", at: area["id"]?.location) }
                let name = try string(area, "name")
                let typeText = try optionalString(area, "classification") ?? optionalString(area, "type")
                var jurisdiction: Jurisdiction
                var identifiers = try self.identifiers(area)
                if OCDIdentifier.problem(with: originalID) == nil {
                    jurisdiction = Jurisdiction(id: originalID, name: name,
                                                kind: typeText.flatMap(Self.kind(of:)) ?? Jurisdiction.Kind(ocdID: originalID),
                                                identifiers: identifiers.sorted())
                } else {
                    identifiers.insert(try identifier(originalID, at: area["id"]))
                    jurisdiction = Jurisdiction(id: try builtID(for: originalID, type: typeText, at: area), name: name,
                                                kind: typeText.flatMap(Self.kind(of:)) ?? .division, parentID: options.within,
                                                identifiers: identifiers.sorted())
                    if let within = options.within { parsed.jurisdictionReferences.append(.init(id: within, location: area.location)) }
                }
                jurisdiction.language = try DirectoryCSV.language(try optionalString(area, "language"), at: area["language"]?.location)
                jurisdiction.names = try otherNames(area)
                if let first = parsed.jurisdictionLocations[jurisdiction.id] {
                    throw InputError("duplicate jurisdiction id '\(jurisdiction.id)' (first at \(first))", at: area["id"]?.location)
                }
                // A parent_id of null is a jurisdiction that lies in none (the project's own export).
                if let parentNode = area["parent_id"] {
                    if let parent = try optionalString(area, "parent_id") { parents.append((jurisdiction.id, parent, parentNode)) }
                } else if OCDIdentifier.problem(with: originalID) == nil {
                    parsed.derivedParents.insert(jurisdiction.id)
                }
                return jurisdiction
            }
            let originalID = area["id"]?.string ?? ""
            if let mapped {
                outcomes[originalID] = .mapped(mapped)
                parsed.directory.jurisdictions.append(mapped)
                parsed.jurisdictionLocations[mapped.id] = area.location
            } else if !originalID.isEmpty, outcomes[originalID] == nil {
                outcomes[originalID] = .skipped(area.location)
            }
        }
        // Parents may come later in the file than the areas within them.
        for (jurisdictionID, parent, node) in parents {
            guard let index = parsed.directory.jurisdictions.firstIndex(where: { $0.id == jurisdictionID }) else { continue }
            switch outcomes[parent] {
            case .mapped(let jurisdiction)?:
                parsed.directory.jurisdictions[index].parentID = jurisdiction.id
            case .skipped(let location)?:
                along.add("area '\(jurisdictionID)' left out: its parent area '\(parent)' at line \(location.line) was left out", at: node.location)
                drop(jurisdictionID, from: &parsed, outcomes: &outcomes)
            case nil:
                if let problem = OCDIdentifier.problem(with: parent) {
                    errors.add("unknown parent area '\(parent)': it is not in this file's areas, and \(problem)", at: node.location)
                    drop(jurisdictionID, from: &parsed, outcomes: &outcomes)
                } else {
                    parsed.directory.jurisdictions[index].parentID = parent
                    parsed.jurisdictionReferences.append(.init(id: parent, location: node.location))
                }
            }
        }
        return outcomes
    }

    private func drop(_ jurisdictionID: String, from parsed: inout ParsedDirectory, outcomes: inout [String: AreaOutcome]) {
        guard let location = parsed.jurisdictionLocations[jurisdictionID] else { return }
        parsed.directory.jurisdictions.removeAll { $0.id == jurisdictionID }
        parsed.jurisdictionLocations[jurisdictionID] = nil
        for (key, outcome) in outcomes {
            if case .mapped(let jurisdiction) = outcome, jurisdiction.id == jurisdictionID { outcomes[key] = .skipped(location) }
        }
    }

    /// The jurisdiction id of an area whose own id is not an OCD division
    /// id: `<within>/<type>:<value>`, the value taken from the area's id so
    /// that it stays the same when the area is renamed.
    func builtID(for originalID: String, type: String?, at area: JSONNode) throws -> String {
        guard let within = options.within else {
            let why = originalID.hasPrefix("ocd-division/") ? OCDIdentifier.problem(with: originalID).map { " (\($0))" } ?? "" : ""
            throw InputError("area '\(originalID)' has no OCD division id\(why); give --within OCD-ID to import it under that division, its id kept as an external identifier",
                             at: area["id"]?.location)
        }
        let segmentType = type.map(Self.segmentType) ?? "area"
        // An OCD-like id ("…/constituency:ynys_môn") gives its last value; any other id, all of it.
        let lastSegment = originalID.split(separator: "/").last.map(String.init) ?? originalID
        let source = originalID.contains(":") ? String(lastSegment.split(separator: ":").last ?? Substring(lastSegment)) : originalID
        let value = source.lowercased().map { $0.isLetter || $0.isNumber || "_.~-".contains($0) ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        let id = "\(within)/\(segmentType):\(value)"
        if let problem = OCDIdentifier.problem(with: id) {
            throw InputError("area '\(originalID)' cannot be given an OCD id under \(within): '\(id)' is malformed: \(problem)", at: area["id"]?.location)
        }
        return id
    }

    /// An area's type as an OCD segment type: "constituency", "ward", or "area".
    static func segmentType(_ type: String) -> String {
        let text = type.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        return text.count >= 2 && text.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") }) ? text : "area"
    }

    /// The kind an area's `classification` or `type` names: one of the
    /// directory's kinds, or a word published files use for one.
    static func kind(of type: String) -> Jurisdiction.Kind? {
        let text = type.lowercased()
        if let kind = Jurisdiction.Kind(rawValue: text) { return kind }
        switch text {
        case "constituency", "electoral district", "electoral_district", "riding", "electorate", "council district":
            return .district
        case "ward", "electoral ward", "electoral_ward": return .ward
        case "municipality", "town", "village", "place", "city council", "local authority", "local_authority": return .city
        case "province", "region": return .state
        default: return nil
        }
    }

    // MARK: - Posts

    func readPosts(_ root: JSONNode, organizations: [String: Organization], areas: [String: AreaOutcome],
                   into parsed: inout ParsedDirectory) -> [String: Result<Post, InputError>] {
        var posts: [String: Result<Post, InputError>] = [:]
        for node in list(root, "posts") {
            let post = attempt { () throws -> (String, Post) in
                let postID = try string(node, "id")
                if posts[postID] != nil { throw InputError("duplicate post id '\(postID)'", at: node["id"]?.location) }
                let post = Post(role: try optionalString(node, "role"), areaID: try optionalString(node, "area_id"),
                                organizationID: try optionalString(node, "organization_id"), seat: try optionalString(node, "seat") ?? "",
                                districtCode: try optionalString(node, "district"), titles: try titles(node),
                                contacts: try contacts(node, defaultSource: nil), location: node.location,
                                areaLocation: node["area_id"]?.location)
                // A post that names its role is an office of its own, held or not.
                if post.role != nil {
                    let (office, areaLocation) = try office(role: post.role, post: post, areaID: nil, organizationID: nil,
                                                            organizations: organizations, areas: areas, at: node)
                    parsed.jurisdictionReferences.append(.init(id: office.jurisdictionID, location: areaLocation))
                    if parsed.officeLocations[office.id] == nil {
                        parsed.directory.offices.append(office)
                        parsed.officeLocations[office.id] = node.location
                    }
                    parsed.describedOffices.insert(office.id)
                }
                return (postID, post)
            }
            if let (postID, post) = post {
                posts[postID] = .success(post)
            } else if let postID = node["id"]?.string, posts[postID] == nil {
                posts[postID] = .failure(InputError("post '\(postID)' was skipped", at: node.location))
            }
        }
        return posts
    }

    // MARK: - Memberships

    enum MembershipOutcome {
        case holding(Holding)
        /// Membership of a party: it gives the person's party.
        case party(String)
    }

    /// What a membership stands for; nil for one that is not an office the
    /// directory keeps (a committee's).
    func readMembership(_ node: JSONNode, organizations: [String: Organization], areas: [String: AreaOutcome],
                        posts: [String: Result<Post, InputError>], periodEnds: [String: PartialDate],
                        into parsed: inout ParsedDirectory) throws -> MembershipOutcome? {
        let organizationID = try optionalString(node, "organization_id")
        if let organizationID {
            guard let known = organizations[organizationID] else {
                throw InputError("unknown organization '\(organizationID)'", at: node["organization_id"]?.location)
            }
            if known.classification == "party" { return .party(known.name) }
            if ["committee", "commission", "parliamentary group", "faction"].contains(known.classification) { return nil }
        }
        var post: Post?
        if let postID = try optionalString(node, "post_id") {
            switch posts[postID] {
            case .success(let known)?: post = known
            case .failure(let skipped)?:
                throw SkippedAlong(reason: "its post '\(postID)' at line \(skipped.location?.line ?? 0) was left out")
            case nil: throw InputError("unknown post '\(postID)'", at: node["post_id"]?.location)
            }
        }
        let (office, areaLocation) = try self.office(role: try optionalString(node, "role") ?? post?.role, post: post,
                                                     areaID: try optionalString(node, "area_id"), organizationID: organizationID,
                                                     organizations: organizations, areas: areas, at: node)
        var party = try optionalString(node, "party")
        if let partyID = try optionalString(node, "on_behalf_of_id") {
            guard let known = organizations[partyID] else { throw InputError("unknown organization '\(partyID)'", at: node["on_behalf_of_id"]?.location) }
            party = party ?? known.name
        }
        let termEnd = try date(node, "end_date")
            ?? (try optionalString(node, "legislative_period_id")).flatMap { periodEnds[$0] }
        let isCurrent = termEnd.map { end in options.asOf.map { !(end < $0) } ?? false } ?? true
        parsed.jurisdictionReferences.append(.init(id: office.jurisdictionID, location: areaLocation))
        return .holding(Holding(office: office, party: party, termStart: try date(node, "start_date"), termEnd: termEnd,
                                titles: try titles(node), location: node.location, isCurrent: isCurrent))
    }

    /// The office of a post or membership. Its jurisdiction is the first area
    /// named by the membership, the post, the organization, or `--within`;
    /// its seat is the area's name when a member sits for an area.
    func office(role roleText: String?, post: Post?, areaID: String?, organizationID: String?,
                organizations: [String: Organization], areas: [String: AreaOutcome], at node: JSONNode) throws -> (Office, SourceLocation) {
        let organization = (organizationID ?? post?.organizationID).flatMap { organizations[$0] }
        let role = try self.role(roleText, organization: organization, at: node["role"]?.location ?? node.location)
        let namedArea = areaID ?? post?.areaID
        let areaLocation = (areaID != nil ? node["area_id"]?.location : nil) ?? post?.areaLocation ?? node.location
        var seat = post?.seat ?? ""
        let jurisdictionID: String
        if let areaToMap = namedArea ?? organization?.areaID {
            switch areas[areaToMap] {
            case .mapped(let jurisdiction)?:
                jurisdictionID = jurisdiction.id
                // A member sitting for an area holds its seat; a post says its own seat.
                if post == nil, areaID != nil, roles.named(role)?.isLegislative == true { seat = jurisdiction.name }
            case .skipped(let location)?:
                throw SkippedAlong(reason: "its area '\(areaToMap)' at line \(location.line) was left out")
            case nil:
                if let problem = OCDIdentifier.problem(with: areaToMap) {
                    throw InputError("malformed OCD id '\(areaToMap)': \(problem)", at: areaLocation)
                }
                jurisdictionID = areaToMap
            }
        } else if let within = options.within {
            jurisdictionID = within
        } else {
            throw InputError("no area: the membership, its post and its organization name none; give --within OCD-ID for officials of the whole division",
                             at: node.location)
        }
        return (Office(jurisdictionID: jurisdictionID, role: role, seat: seat, districtCode: post?.districtCode,
                       titles: post?.titles ?? [:], contacts: post?.contacts ?? []), areaLocation)
    }

    /// Words published files use for a member of a council or legislature.
    static let memberWords: Set<String> = ["member", "councillor", "councilor", "council-member", "councilperson", "representative"]

    /// Classifications of an organization whose members the directory
    /// takes for a council's (`PopoloOptions.memberRole`).
    static let legislativeClassifications: Set<String> = ["legislature", "council", "chamber", "house", "assembly", "parliament"]

    /// The role slug a membership or post's role stands for.
    func role(_ text: String?, organization: Organization?, at location: SourceLocation) throws -> String {
        let slug = text.map { $0.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" }).joined(separator: "-") }
        if let slug, roles.knows(slug) { return slug }
        let isGeneric = slug.map(Self.memberWords.contains) ?? true
        if isGeneric {
            if let memberRole = options.memberRole { return memberRole }
            if let organization, Self.legislativeClassifications.contains(organization.classification) { return "councilmember" }
        }
        guard let text else {
            throw InputError("no role: the membership and its post name none, and its organization is no legislature or council; give --role ROLE",
                             at: location)
        }
        let hint = isGeneric ? ", or give --role ROLE for the members of this body" : ""
        throw InputError("\(roles.unknown(text)); add it to \(OfficeRoles.fileName) in your templates folder\(hint)", at: location)
    }

    // MARK: - Persons

    /// The memberships a person becomes records for: every current one (one
    /// per office, the latest started), or when none is current the one
    /// that ended last.
    func chosen(_ holdings: [Holding]) -> [Holding] {
        let current = holdings.filter(\.isCurrent)
        guard !current.isEmpty else {
            return holdings.max { Self.isEarlier($0.termEnd, $1.termEnd) }.map { [$0] } ?? []
        }
        var byOffice: [String: Int] = [:]
        var result: [Holding] = []
        for holding in current {
            if let index = byOffice[holding.office.id] {
                if !Self.isEarlier(holding.termStart, result[index].termStart) { result[index] = holding }
            } else {
                byOffice[holding.office.id] = result.count
                result.append(holding)
            }
        }
        return result
    }

    /// Whether `date` is before `other`, an unknown date being before any.
    static func isEarlier(_ date: PartialDate?, _ other: PartialDate?) -> Bool {
        guard let other else { return false }
        guard let date else { return true }
        return date < other
    }

    func readPerson(_ person: JSONNode, id personID: String, holdings: [Holding], party: String?, usedIDs: inout Set<String>,
                    into parsed: inout ParsedDirectory) throws {
        let name = try string(person, "name")
        let keepsID = Self.isReadableID(personID)
        let slug = OfficialSlug.make(name) ?? "person"
        var baseID = keepsID ? personID : slug
        if !keepsID {
            var candidate = baseID, number = 2
            while usedIDs.contains(candidate) {
                candidate = "\(baseID)-\(number)"
                number += 1
            }
            baseID = candidate
        }
        if keepsID, let first = parsed.officialLocations[baseID] { throw InputError("duplicate id '\(personID)' (first at \(first))", at: person["id"]?.location) }
        let (source, verified) = try sourceOf(person, defaultSource: nil)
        var sortName = try optionalString(person, "sort_name") ?? DirectoryCSV.defaultSortName(name)
        if try optionalString(person, "sort_name") == nil, let family = try optionalString(person, "family_name") {
            sortName = try optionalString(person, "given_name").map { "\(family), \($0)" } ?? family
        }
        let pronouns = try optionalString(person, "pronouns")
        let language = try DirectoryCSV.language(try optionalString(person, "language"), at: person["language"]?.location)
        let contacts = try contacts(person, defaultSource: (source, verified))
        var identifiers = try self.identifiers(person)
        let own = keepsID ? nil : try identifier(personID, at: person["id"])
        if let own { identifiers.insert(own) }
        for (index, holding) in holdings.enumerated() {
            var id = baseID
            let officeSuffix = [holding.office.role, OfficialSlug.seat(holding.office.seat)].filter { !$0.isEmpty }.joined(separator: "-")
            if index > 0 {
                id = "\(baseID)-\(officeSuffix)"
                var candidate = id, number = 2
                while usedIDs.contains(candidate) { candidate = "\(id)-\(number)"; number += 1 }
                id = candidate
            }
            usedIDs.insert(id)
            if parsed.officeLocations[holding.office.id] == nil {
                parsed.directory.offices.append(holding.office)
                parsed.officeLocations[holding.office.id] = holding.location
            }
            parsed.directory.officials.append(Official(
                id: id, name: name, sortName: sortName, party: holding.party ?? party ?? holdings.lazy.compactMap(\.party).first, pronouns: pronouns, language: language,
                officeID: holding.office.id, termStart: holding.termStart, termEnd: holding.termEnd,
                source: source, verified: verified, contacts: contacts, titles: holding.titles, identifiers: identifiers.sorted()))
            parsed.officialLocations[id] = person.location
            if let own {
                parsed.generatedOfficialIDs[id] = GeneratedOfficialID(person: own, slug: slug, qualifiers: [], officeSuffix: index > 0 ? officeSuffix : nil)
            }
        }
    }

    /// Whether a person id can stay the official's id: a slug that says
    /// something. A UUID or a number is a valid slug, but not a readable one.
    static func isReadableID(_ id: String) -> Bool {
        guard Official.isValidID(id), id.contains(where: \.isLetter) else { return false }
        let groups = id.split(separator: "-", omittingEmptySubsequences: false)
        let isUUID = groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
        return !isUUID
    }

    /// The ids a record gives itself in Popolo's `identifiers`
    /// ([{"scheme": …, "identifier": …}]: Wikidata, a parliament's own).
    func identifiers(_ node: JSONNode) throws -> Set<ExternalIdentifier> {
        guard let list = node["identifiers"], !list.isNull else { return [] }
        guard let elements = list.array else { throw InputError("'identifiers' must be an array, not \(list.kindName)", at: list.location) }
        return Set(try elements.map { element in
            let scheme = try string(element, "scheme"), value = try string(element, "identifier")
            if let problem = ExternalIdentifier.problem(scheme: scheme, value: value) { throw InputError(problem, at: element.location) }
            return ExternalIdentifier(scheme: scheme, value: value)
        })
    }

    /// An area's names in other languages: the `other_names` entries with a
    /// `lang`, in EveryPolitician's shape (`{"lang": "es", "name": "Distrito 1",
    /// "note": "multilingual"}`), by locale key; entries without one
    /// (former names, aliases) are not names in a language, and are passed over.
    func otherNames(_ node: JSONNode) throws -> [String: String] {
        guard let list = node["other_names"], !list.isNull else { return [:] }
        guard let elements = list.array else { throw InputError("'other_names' must be an array, not \(list.kindName)", at: list.location) }
        var names: [String: String] = [:]
        for element in elements {
            guard let lang = try optionalString(element, "lang") else { continue }
            guard let key = LocaleTag.key(lang) else {
                throw InputError("'\(lang)' is not a language tag; write en, es or zh-Hans", at: element["lang"]?.location)
            }
            names[key] = try string(element, "name")
        }
        return names
    }

    /// A record's own id in the file, kept under the `popolo` scheme.
    func identifier(_ value: String, at node: JSONNode?) throws -> ExternalIdentifier {
        if let problem = ExternalIdentifier.problem(scheme: Self.scheme, value: value) { throw InputError(problem, at: node?.location) }
        return ExternalIdentifier(scheme: Self.scheme, value: value)
    }

    // MARK: - Values

    func list(_ node: JSONNode, _ key: String) -> [JSONNode] {
        guard let child = node[key] else { return [] }
        guard let elements = child.array else {
            errors.add("'\(key)' must be an array, not \(child.kindName)", at: child.location)
            return []
        }
        return elements
    }

    func string(_ node: JSONNode, _ key: String) throws -> String {
        guard let child = node[key] else { throw InputError("missing '\(key)'", at: node.location) }
        guard let text = child.string, !text.isEmpty else { throw InputError("'\(key)' must be a non-empty string, not \(child.quoted)", at: child.location) }
        try checkCharacters(text, key, child)
        return text
    }

    func optionalString(_ node: JSONNode, _ key: String) throws -> String? {
        guard let child = node[key], !child.isNull else { return nil }
        guard let text = child.string else { throw InputError("'\(key)' must be a string, not \(child.kindName)", at: child.location) }
        try checkCharacters(text, key, child)
        return text.isEmpty ? nil : text
    }

    /// Refuses control characters (NUL, ESC, …), as the CSV import does;
    /// a contact's value (a postal address) and note may have line breaks.
    func checkCharacters(_ text: String, _ key: String, _ node: JSONNode) throws {
        if let scalar = ControlCharacters.first(in: text, allowingLineBreaks: key == "value" || key == "note") {
            throw InputError("'\(key)' holds a control character (\(ControlCharacters.name(scalar))); remove it", at: node.location)
        }
    }

    func titles(_ node: JSONNode) throws -> [String: String] {
        var titles: [String: String] = [:]
        guard let titlesNode = node["titles"], !titlesNode.isNull else { return titles }
        guard let members = titlesNode.members else {
            throw InputError("titles must be an object of locale to title, not \(titlesNode.kindName)", at: titlesNode.location)
        }
        for (locale, title) in members {
            guard let key = LocaleTag.key(locale) else {
                throw InputError("'\(locale)' is not a language tag; write en, es or es-MX", at: title.location)
            }
            guard let text = title.string else { throw InputError("title for '\(locale)' must be a string", at: title.location) }
            try checkCharacters(text, "titles.\(locale)", title)
            titles[key] = text
        }
        return titles
    }

    func date(_ node: JSONNode, _ key: String) throws -> PartialDate? {
        guard let text = try optionalString(node, key) else { return nil }
        guard let date = PartialDate(text) else {
            throw InputError("malformed date '\(text)' in \(key); write YYYY-MM-DD, YYYY-MM or YYYY", at: node[key]?.location)
        }
        return date
    }

    func sourceOf(_ node: JSONNode, defaultSource: (String, PartialDate?)?) throws -> (String, PartialDate?) {
        guard let sources = node["sources"]?.array, let first = sources.first else {
            if let defaultSource { return defaultSource }
            throw InputError("missing 'sources'; say where the record comes from", at: node.location)
        }
        guard let source = try optionalString(first, "url") ?? optionalString(first, "note") else {
            throw InputError("a source needs a 'url' or a 'note'", at: first.location)
        }
        return (source, try date(first, "verified"))
    }

    /// Popolo's contact types the directory keeps; others (fax, twitter,
    /// facebook, …) are not ways a campaign reaches an official, and are left out.
    static let contactKinds: [String: Contact.Kind] = [
        "voice": .phone, "phone": .phone, "cell": .phone, "email": .email, "url": .web, "website": .web, "address": .address,
    ]

    func contacts(_ node: JSONNode, defaultSource: (String, PartialDate?)?) throws -> [Contact] {
        guard let details = node["contact_details"], !details.isNull else { return [] }
        guard let elements = details.array else { throw InputError("'contact_details' must be an array", at: details.location) }
        return try elements.compactMap { detail in
            let type = try string(detail, "type")
            guard let kind = Self.contactKinds[type.lowercased()] else { return nil }
            let (source, verified) = try sourceOf(detail, defaultSource: defaultSource)
            do {
                return try Contact(kind: kind, display: try string(detail, "value"), label: try optionalString(detail, "label") ?? "",
                                   hours: try optionalString(detail, "hours") ?? "", note: try optionalString(detail, "note") ?? "",
                                   source: source, verified: verified)
            } catch let error as ContactError {
                throw InputError(error.description, at: detail["value"]?.location)
            }
        }
    }
}

/// Thrown for a record left out because one it depends on was.
struct SkippedAlong: Error {
    /// Which record, and where: "its area 'Q1004' at line 136 was left out".
    let reason: String
}
