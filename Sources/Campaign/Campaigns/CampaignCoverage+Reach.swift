import Foundation

extension CampaignCoverage {
    /// The loaded records, indexed for working out what each rule reaches.
    struct KnownPlaces {
        let directory: Directory
        let jurisdictions: [String: Jurisdiction]
        let districtsByJurisdiction: [String: [DistrictStore.Entry]]
        let zipsByJurisdiction: [String: Set<String>]

        init(directory: Directory, districts: [DistrictStore.Entry], jurisdictionZIPs: [(jurisdictionID: String, zip: String)]) {
            self.directory = directory
            jurisdictions = Dictionary(directory.jurisdictions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            districtsByJurisdiction = Dictionary(grouping: districts, by: \.district.jurisdictionID)
            zipsByJurisdiction = Dictionary(grouping: jurisdictionZIPs, by: \.jurisdictionID).mapValues { Set($0.map(\.zip)) }
        }

        /// What `rule` reaches on `day`, adding its holes to `holes`.
        func reach(of rule: TargetRule, on day: PartialDate, holes: inout [Hole]) -> [Reach] {
            switch rule {
            case .official(let id):
                guard let official = directory.officials.first(where: { $0.id == id }), let office = directory.office(official.officeID),
                      let jurisdiction = jurisdictions[office.jurisdictionID] else {
                    holes.append(Hole(kind: .notInDirectory, jurisdictionID: nil, summary: "\(id): not in the directory",
                                      message: "The campaign names the official \(id), whom the directory does not hold. "
                                        + "Add them (campaign officials add --id \(id) …) or name another."))
                    return []
                }
                if !official.isInOffice(on: day) { holes.append(notInOffice(official, office: office, in: jurisdiction)) }
                if let hole = noContact(official, office: office, in: jurisdiction) { holes.append(hole) }
                return [reach(jurisdiction, role: office.role, offices: [office], placing: false, on: day, named: official, holes: &holes)]
            case let .office(role, jurisdictionID):
                guard let jurisdiction = jurisdictions[jurisdictionID] else {
                    holes.append(missingJurisdiction(jurisdictionID))
                    return []
                }
                let offices = directory.offices.filter { $0.role == role && $0.jurisdictionID == jurisdictionID }
                guard !offices.isEmpty else {
                    holes.append(noOffice(role, in: jurisdiction))
                    return []
                }
                return [reach(jurisdiction, role: role, offices: offices, placing: false, on: day, holes: &holes)]
            case let .own(role, only):
                if let only, jurisdictions[only] == nil {
                    holes.append(missingJurisdiction(only))
                    return []
                }
                let offices = directory.offices.filter { office in office.role == role && (only.map { office.jurisdictionID == $0 } ?? true) }
                let reached = directory.jurisdictions.filter { jurisdiction in offices.contains { $0.jurisdictionID == jurisdiction.id } }
                guard !reached.isEmpty else {
                    if let only, let jurisdiction = jurisdictions[only] {
                        holes.append(noOffice(role, in: jurisdiction))
                    } else {
                        holes.append(Hole(kind: .notInDirectory, jurisdictionID: nil, summary: "no \(role) office in the directory",
                                          message: "The directory has no \(role) office anywhere, so the rule reaches no one. "
                                            + "Add the officials: campaign officials add --id ID --name NAME --jurisdiction OCD-ID --role \(role) --source SOURCE."))
                    }
                    return []
                }
                return reached.map { jurisdiction in
                    reach(jurisdiction, role: role, offices: offices.filter { $0.jurisdictionID == jurisdiction.id }, placing: true, on: day, holes: &holes)
                }
            }
        }

        /// One jurisdiction's seats of `role`, its districts and, when the
        /// rule must place a supporter (`placing`), whether ZIP codes and
        /// boundaries can. `named` is the official a rule names by id.
        private func reach(_ jurisdiction: Jurisdiction, role: String, offices: [Office], placing: Bool, on day: PartialDate,
                           named: Official? = nil, holes: inout [Hole]) -> Reach {
            let entries = districtsByJurisdiction[jurisdiction.id] ?? []
            let offices = offices.sorted { (Self.codeKey($0.districtCode), $0.seat) < (Self.codeKey($1.districtCode), $1.seat) }
            let codes = Self.unique(offices.compactMap(\.districtCode))
            let entryByCode = Dictionary(entries.map { ($0.district.code, $0) }, uniquingKeysWith: { first, _ in first })
            let seatKinds = Set(codes.compactMap { entryByCode[$0]?.district.kind })
            // A named official's district alone; for a role, every district of the kinds its seats name.
            let relevant = entries.filter { codes.contains($0.district.code) || (named == nil && seatKinds.contains($0.district.kind)) }
            let zips = (zipsByJurisdiction[jurisdiction.id] ?? []).union(entries.flatMap(\.zips))
            let title = offices.first?.title(in: "en") ?? role
            let within: [Jurisdiction] = zips.isEmpty ? directory.jurisdictions.filter { isWithin($0, jurisdiction.id) && !self.zips(of: $0.id).isEmpty } : []
            let boundaryCount = entries.filter { $0.district.boundaryGeoJSON != nil }.count
            let bounded: [Jurisdiction] = boundaryCount == 0 ? directory.jurisdictions.filter { isWithin($0, jurisdiction.id) && hasBoundaries($0.id) } : []

            let seats = offices.map { office in
                let holders = named.map { [$0] }
                    ?? directory.officials.filter { $0.officeID == office.id && $0.isInOffice(on: day) }.sorted { $0.sortName < $1.sortName }
                return Seat(office: office, district: office.districtCode.flatMap { entryByCode[$0]?.district }, holders: holders)
            }
            if placing {
                if zips.isEmpty { holes.append(noZIPTable(jurisdiction, role: role, within: within.map(\.name), districtSeats: !codes.isEmpty)) }
                let unbounded = codes.filter { entryByCode[$0]?.district.boundaryGeoJSON == nil }
                if !unbounded.isEmpty {
                    holes.append(noBoundaries(unbounded, of: codes, in: jurisdiction, kind: seatKinds.count == 1 ? seatKinds.first : nil, title: title))
                }
                let zipless = codes.filter { entryByCode[$0]?.zips.isEmpty ?? true }
                if !zips.isEmpty && !zipless.isEmpty {
                    // The district question offers every district of the seats' kinds, not only the seats asked.
                    let choices = max(codes.count, entries.filter { seatKinds.contains($0.district.kind) }.count)
                    holes.append(noDistrictZIPs(zipless, of: codes, choices: choices, in: jurisdiction,
                                                kind: seatKinds.count == 1 ? seatKinds.first : nil, bounded: codes.count > unbounded.count))
                }
            }
            if named == nil {
                let unseated = relevant.map(\.district).filter { !codes.contains($0.code) }
                if !unseated.isEmpty { holes.append(noSeat(unseated, in: jurisdiction, role: role, title: title, placing: placing)) }
                for seat in seats {
                    if seat.holders.isEmpty { holes.append(vacant(seat.office, in: jurisdiction, on: day)) }
                    for holder in seat.holders {
                        if let hole = noContact(holder, office: seat.office, in: jurisdiction) { holes.append(hole) }
                    }
                }
            }
            return Reach(jurisdiction: jurisdiction, zipCount: zips.count, zipsWithin: within, boundaryCount: boundaryCount, boundariesWithin: bounded,
                         districts: relevant.map { DistrictReach(district: $0.district, hasBoundary: $0.district.boundaryGeoJSON != nil, zipCount: $0.zips.count) },
                         seats: seats)
        }

        // MARK: - Holes

        private func missingJurisdiction(_ id: String) -> Hole {
            Hole(kind: .notInDirectory, jurisdictionID: id, summary: "\(id): not in the directory",
                 message: "The campaign names the jurisdiction \(id), which the directory does not hold. "
                    + "Add it (campaign jurisdictions add --id \(id) --name NAME) with its officials, or correct the id.")
        }

        private func noOffice(_ role: String, in jurisdiction: Jurisdiction) -> Hole {
            Hole(kind: .notInDirectory, jurisdictionID: jurisdiction.id, summary: "\(jurisdiction.name): no \(role) office",
                 message: "\(jurisdiction.name) has no \(role) office in the directory, so the rule reaches no one there. "
                    + "Add the officials: campaign officials add --id ID --name NAME --jurisdiction \(jurisdiction.id) --role \(role) --source SOURCE.")
        }

        private func noZIPTable(_ jurisdiction: Jurisdiction, role: String, within: [String], districtSeats: Bool) -> Hole {
            let columns = districtSeats ? "zip and district columns, a row for each district a ZIP code reaches" : "a zip column"
            let message = "\(jurisdiction.name) has no ZIP codes loaded" + (within.isEmpty ? "" : " (only those of \(Self.list(within)), within it)")
                + ", so a supporter who gives a ZIP code\(within.isEmpty ? "" : " elsewhere in it") is not known to live there "
                + "and is given no \(role) of it. Import its ZIP codes: campaign districts import ZIPS.csv --jurisdiction \(jurisdiction.id) (\(columns))."
            return Hole(kind: .noZIPTable, jurisdictionID: jurisdiction.id, summary: "\(jurisdiction.name): no ZIP codes", message: message)
        }

        private func noBoundaries(_ missing: [String], of codes: [String], in jurisdiction: Jurisdiction, kind: String?, title: String) -> Hole {
            let which = Self.districts(missing, of: codes, kind: kind)
            let verb = missing.count == 1 && missing.count < codes.count ? "has" : "have"
            return Hole(kind: .noBoundaries, jurisdictionID: jurisdiction.id, summary: "\(jurisdiction.name): \(which) \(verb) no boundaries",
                        message: "\(jurisdiction.name)'s \(title.lowercased()) seats name \(which), which \(verb) no boundaries loaded, "
                            + "so a supporter's location cannot tell their district. Import the boundaries: campaign districts import "
                            + "BOUNDARIES.geojson --jurisdiction \(jurisdiction.id) --property PROPERTY --kind \(kind ?? "district").")
        }

        private func noDistrictZIPs(_ missing: [String], of codes: [String], choices: Int, in jurisdiction: Jurisdiction, kind: String?,
                                    bounded: Bool) -> Hole {
            let which = Self.districts(missing, of: codes, kind: kind)
            let verb = missing.count == 1 && missing.count < codes.count ? "has" : "have"
            let overlay = bounded
                ? ", or make one from the boundaries: campaign districts overlay ZIPAREAS.geojson --jurisdiction \(jurisdiction.id) --property NAME" : ""
            return Hole(kind: .noDistrictZIPs, jurisdictionID: jurisdiction.id, summary: "\(jurisdiction.name): no ZIP codes for \(which)",
                        message: "\(jurisdiction.name)'s \(which) \(verb) no ZIP codes loaded, so a supporter who gives a ZIP code there "
                            + "chooses their district from all \(choices) themselves. Import a ZIP-to-district table: campaign districts import "
                            + "ZIPS.csv --jurisdiction \(jurisdiction.id) (zip and district columns)\(overlay).")
        }

        private func noSeat(_ districts: [District], in jurisdiction: Jurisdiction, role: String, title: String, placing: Bool) -> Hole {
            let names = Self.list(districts.map(\.name))
            let them = districts.count == 1 ? "it" : "them"
            let example = districts[0]
            let consequence = placing ? "a supporter there is given no \(title.lowercased()) of their own" : "the campaign reaches no \(title.lowercased()) for \(them)"
            return Hole(kind: .noSeat, jurisdictionID: jurisdiction.id, summary: "\(jurisdiction.name): no \(title.lowercased()) for \(names)",
                        message: "\(jurisdiction.name) has \(names) loaded, but no \(title.lowercased()) seat in the directory names \(them), so \(consequence). "
                            + "Add each seat's holder: campaign officials add --id ID --name NAME --jurisdiction \(jurisdiction.id) --role \(role) "
                            + "--seat \"\(example.name)\" --district \(example.code) --source SOURCE.")
        }

        private func vacant(_ office: Office, in jurisdiction: Jurisdiction, on day: PartialDate) -> Hole {
            let title = office.title(in: "en")
            let place = jurisdiction.name + (office.seat.isEmpty ? "" : " (\(office.seat))")
            let earlier = directory.officials.filter { $0.officeID == office.id && $0.hasLeftOffice(before: day) }
                .max { ($0.termEnd?.latestOrdinal ?? 0) < ($1.termEnd?.latestOrdinal ?? 0) }
            let record = earlier.flatMap { official in official.termEnd.map { " (the term of \(official.name), \(official.id), ended on \($0))" } }
                ?? " in the directory"
            let seat = (office.seat.isEmpty ? "" : " --seat \"\(office.seat)\"") + (office.districtCode.map { " --district \($0)" } ?? "")
            let mend = earlier.map { ", or mend the end date: campaign officials edit \($0.id) --term-end DATE" } ?? ""
            return Hole(kind: .vacantSeat, jurisdictionID: jurisdiction.id, summary: "\(place): no \(title.lowercased()) in office",
                        message: "No one is in office as \(title) of \(place) on \(day)\(record); supporters are given the office alone, with its "
                            + "contacts. Add who holds it: campaign officials add --id ID --name NAME --jurisdiction \(jurisdiction.id) "
                            + "--role \(office.role)\(seat) --source SOURCE\(mend).")
        }

        private func notInOffice(_ official: Official, office: Office, in jurisdiction: Jurisdiction) -> Hole {
            let (summary, when) = official.termEnd.map { ("term ended \($0)", "their term ended on \($0)") }
                ?? official.termStart.map { ("term begins \($0)", "their term begins on \($0)") } ?? ("not in office", "they are not in office")
            return Hole(kind: .notInOffice, jurisdictionID: jurisdiction.id, summary: "\(official.name): \(summary)",
                        message: "The campaign names \(official.name) (\(official.id)), but \(when); supporters are still asked to contact them. "
                            + "Name whoever holds the office, or target the role (role = \"\(office.role)\" with jurisdiction = \"\(jurisdiction.id)\"); "
                            + "if the date is wrong: campaign officials edit \(official.id) --term-end DATE.")
        }

        /// A hole when neither the official nor their office has a phone number or an e-mail address.
        private func noContact(_ official: Official, office: Office, in jurisdiction: Jurisdiction) -> Hole? {
            guard !(official.contacts + office.contacts).contains(where: { $0.kind == .phone || $0.kind == .email }) else { return nil }
            return Hole(kind: .noContact, jurisdictionID: jurisdiction.id, summary: "\(official.name): no phone or e-mail",
                        message: "\(official.name) (\(official.id), \(official.title(in: "en", office: office)) of \(jurisdiction.name)) has no phone "
                            + "number or e-mail address in the directory, nor has the office, so supporters have no one to call or write to. "
                            + "Add one: campaign officials edit \(official.id) --phone NUMBER --email ADDRESS --contact-source SOURCE.")
        }

        // MARK: - Helpers

        private func zips(of id: String) -> Set<String> {
            (zipsByJurisdiction[id] ?? []).union((districtsByJurisdiction[id] ?? []).flatMap(\.zips))
        }

        private func hasBoundaries(_ id: String) -> Bool {
            (districtsByJurisdiction[id] ?? []).contains { $0.district.boundaryGeoJSON != nil }
        }

        /// Whether `jurisdiction` lies (at any depth) within the one with id `ancestor`.
        private func isWithin(_ jurisdiction: Jurisdiction, _ ancestor: String) -> Bool {
            var seen: Set<String> = [jurisdiction.id]
            var current = jurisdiction.parentID
            while let id = current, seen.insert(id).inserted {
                if id == ancestor { return true }
                current = jurisdictions[id]?.parentID
            }
            return false
        }

        /// "council districts" when `missing` is all of `codes`, else "council districts 3 and 4".
        private static func districts(_ missing: [String], of codes: [String], kind: String?) -> String {
            let plural = (kind ?? "district").replacingOccurrences(of: "-", with: " ") + "s"
            if missing.count == codes.count { return plural }
            return (missing.count == 1 ? String(plural.dropLast()) : plural) + " " + list(missing)
        }

        /// "A", "A and B", "A, B and C".
        static func list(_ items: [String]) -> String {
            items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
        }

        /// Sorts district code "2" before "10", and seats without one last.
        private static func codeKey(_ code: String?) -> String {
            guard let code else { return "\u{10FFFF}" }
            return Int(code).map { String(repeating: "0", count: max(0, 8 - String($0).count)) + String($0) } ?? code
        }

        private static func unique(_ codes: [String]) -> [String] {
            var seen: Set<String> = []
            return codes.filter { seen.insert($0).inserted }
        }
    }
}
