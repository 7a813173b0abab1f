/// The contacts of an Open States person: each of their `offices` (a phone
/// and an address, labelled by the office's classification, a fax number in
/// their note), their `email` and their `links`.
enum OpenStatesContacts {
    /// Labels for the classifications Open States gives offices.
    static let labels: [String: String] = [
        "capitol": "Capitol office", "district": "District office", "primary": "Main office",
        "district-mail": "District mailing address",
    ]

    /// The contacts of `person`, each with `source` and `verified`.
    static func read(_ person: YAMLNode, source: String, verified: PartialDate?) throws -> [Contact] {
        var contacts: [Contact] = []
        func add(_ kind: Contact.Kind, _ display: String, label: String = "", note: String = "", at location: SourceLocation?) throws {
            do {
                let contact = try Contact(kind: kind, display: display, label: label, note: note, source: source, verified: verified)
                if !contacts.contains(where: { $0.kind == kind && $0.value == contact.value && $0.label == label }) { contacts.append(contact) }
            } catch {
                throw InputError(error.description, at: location)
            }
        }
        for office in try OpenStatesField.list(person, "offices") {
            guard office.mapping != nil else { throw InputError("an office must be a mapping, not \(office.kindName)", at: office.location) }
            let label = try label(of: office)
            let voice = try OpenStatesField.optionalString(office, "voice")
            let address = try OpenStatesField.optionalString(office, "address").map(addressLines)
            // contacts.kind has no fax: the number goes in the note of the
            // office's phone, or else of its address.
            let faxNote = try OpenStatesField.optionalString(office, "fax").map { "Fax \($0)" } ?? ""
            if let voice { try add(.phone, voice, label: label, note: faxNote, at: office["voice"]?.location) }
            if let address { try add(.address, address, label: label, note: voice == nil ? faxNote : "", at: office["address"]?.location) }
        }
        if var email = try OpenStatesField.optionalString(person, "email") {
            // Some addresses are written with the full stop of a sentence.
            while email.hasSuffix(".") { email.removeLast() }
            try add(.email, email, at: person["email"]?.location)
        }
        for link in try OpenStatesField.list(person, "links") {
            guard link.mapping != nil else { throw InputError("a link must be a mapping, not \(link.kindName)", at: link.location) }
            let url = try OpenStatesField.string(link, "url")
            let note = try OpenStatesField.optionalString(link, "note") ?? ""
            if let index = contacts.firstIndex(where: { $0.kind == .web && $0.value == url }) {
                // The same page listed twice, once with what it is: keep one, described.
                if contacts[index].label.isEmpty { contacts[index].label = capitalized(note) }
                continue
            }
            try add(.web, url, label: capitalized(note), at: link["url"]?.location)
        }
        return contacts
    }

    /// The label of an office: its own name, else its classification's.
    private static func label(of office: YAMLNode) throws -> String {
        if let name = try OpenStatesField.optionalString(office, "name") { return name }
        guard let classification = try OpenStatesField.optionalString(office, "classification") else { return "Office" }
        return labels[classification] ?? capitalized(classification.replacingOccurrences(of: "-", with: " ")) + " office"
    }

    /// An address with its `;` separators as line breaks.
    static func addressLines(_ text: String) -> String {
        text.split(separator: ";").map { String($0).trimmedWhitespace }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    private static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
