import Campaign
import Foundation

/// The text `officials show` prints. Every value is one line, its control
/// characters (from a file imported before they were refused) escaped.
/// Fields edited by hand (`localFields`, with the source's value) and
/// contacts added by hand are marked local.
enum OfficialReport {
    static func text(_ official: Official, in directory: Directory, today: Date, staleAfterDays: Int = 180,
                     localFields: [OfficialField: String?] = [:]) -> String {
        let lines = rawLines(official, in: directory, today: today, staleAfterDays: staleAfterDays, localFields: localFields)
        return lines.map { ControlCharacters.escaped($0, keepingLayout: false) }.joined(separator: "\n") + "\n"
    }

    private static func rawLines(_ official: Official, in directory: Directory, today: Date, staleAfterDays: Int,
                                 localFields: [OfficialField: String?]) -> [String] {
        let office = directory.office(official.officeID)
        let jurisdiction = office.flatMap { directory.jurisdiction($0.jurisdictionID) }
        func verified(_ date: PartialDate?) -> String {
            guard let date else { return "never (the source is undated)" }
            return date.isOlder(thanDays: staleAfterDays, before: today) ? "\(date) (stale: over \(staleAfterDays) days)" : date.description
        }
        var lines = [official.name]
        /// " (local edit; the source gives …)" for each of `fields` edited here.
        func local(_ fields: [OfficialField]) -> String {
            fields.compactMap { field in
                localFields[field].map { source in
                    let prefix = fields.count > 1 ? "\(field) " : ""
                    return "  (\(prefix)local edit; the source gives \(source.map { "'\($0)'" } ?? "nothing"))"
                }
            }.joined()
        }
        func field(_ label: String, _ value: String?, _ edited: [OfficialField] = []) {
            let marks = local(edited)
            guard let value, !value.isEmpty || !marks.isEmpty else { return }
            lines.append("  " + (label + ":").padding(toLength: 14, withPad: " ", startingAt: 0) + value + marks)
        }
        field("ID", official.id)
        field("Office", [official.title(in: "en", office: office), jurisdiction?.name].compactMap { $0 }.joined(separator: ", "), [.office])
        if let office {
            let titleFields = Set(official.titles.keys).union(localFields.keys.compactMap { if case .title(let locale) = $0 { locale } else { nil } })
            field("Titles", office.titles.merging(official.titles) { _, own in own }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; "),
                  titleFields.sorted().map { .title(locale: $0) })
            field("Seat", office.seat)
            field("District", office.districtCode)
            field("Office ID", office.id)
        }
        field("Sort name", official.sortName, [.sortName])
        field("Party", official.party ?? "", [.party])
        field("Pronouns", official.pronouns ?? "", [.pronouns])
        field("Language", official.language ?? "", [.language])
        field("Term", official.termStart == nil && official.termEnd == nil ? "" : (official.termStart.map { "\($0) " } ?? "") + "– \(official.termEnd?.description ?? "")",
              [.termStart, .termEnd])
        field("Source", official.source, [.source])
        field("Verified", verified(official.verified), [.verified])
        field("Identifiers", ExternalIdentifier.cell(official.identifiers))
        func contactLines(_ heading: String, _ contacts: [Contact]) {
            guard !contacts.isEmpty else { return }
            lines.append("")
            lines.append(heading)
            for contact in contacts {
                var line = "  " + contact.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + oneLine(contact.display)
                if contact.kind == .phone { line += "  (\(contact.value))" }
                if !contact.label.isEmpty { line += "  — \(contact.label)" }
                lines.append(line)
                if !contact.hours.isEmpty { lines.append("          hours: \(contact.hours)") }
                if !contact.note.isEmpty { lines.append("          note: \(oneLine(contact.note))") }
                lines.append("          source: \(contact.source); verified: \(verified(contact.verified))" + (contact.origin == .local ? "; added here (local)" : ""))
            }
        }
        contactLines("Contacts:", official.contacts)
        if official.contacts.isEmpty { lines += ["", "Contacts: none on record"] }
        contactLines("Office contacts:", office?.contacts ?? [])
        return lines
    }

    /// A postal address or note written over several lines, on one.
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).joined(separator: ", ")
    }
}
