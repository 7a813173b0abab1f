import ArgumentParsing
import Campaign
import Foundation

/// `campaign lookup`: who represents a ZIP code or a point.
struct LookupCommand: Command {
    static let name = "lookup"
    static let abstract = "Show the jurisdictions, districts and officials for a ZIP code or a latitude,longitude."
    static let discussion = """
        Where a ZIP code spans several districts, all of them are shown, so the supporter can choose. Only officials in office \
        today (or on the --as-of day) are shown: a term that started on or before the day and ends on or after it, a date \
        known only to its year or month covering all of it.
        """
    enum Format: String, CaseIterable, ExpressibleByArgument { case text, json }
    static let zip = Option<String?>(name: "zip", valueName: "zip", help: "A five-digit ZIP code.")
    static let point = Option<String?>(name: "at", valueName: "lat,lon", help: "A point, e.g. 47.6038,-122.3298.")
    static let format = Option<Format>(name: "format", default: .text, valueName: "format", help: "How to print the result.")
    static let asOf = Option<PartialDate?>(name: "as-of", valueName: "date", help: "Show the officials in office on this day (YYYY-MM-DD) instead of today.")
    static let arguments: [any ArgumentSpec] = [zip, point, format, asOf]
    let zip: String?
    let point: String?
    let format: Format
    let day: PartialDate?

    init(_ arguments: ParsedArguments) throws {
        zip = try arguments[Self.zip]
        point = try arguments[Self.point]
        format = try arguments[Self.format]
        day = try SupporterPlace.day(arguments, Self.asOf)
    }

    func validate() throws {
        if (zip == nil) == (point == nil) {
            throw UsageError("Give exactly one of '--zip <zip>' and '--at <lat,lon>'.", commandPath: "campaign lookup")
        }
    }

    func run(_ context: CommandContext) throws {
        // One place: read what it needs, not the whole directory and every boundary.
        var result: LookupResult
        if let zip {
            result = try Lookup.locate(zip: zip, in: context.pool())
        } else {
            let coordinates = try Lookup.coordinates(point ?? "")
            result = try Lookup.locate(latitude: coordinates.latitude, longitude: coordinates.longitude, in: context.pool())
        }
        result = result.inOffice(on: day ?? PartialDate(context.clock.now()))
        let place = zip.map { "ZIP \($0)" } ?? "\(point ?? "")"
        if format == .json { return context.output.write(json(result).rendered()) }
        guard !result.isEmpty else {
            context.output.line("No jurisdiction in the directory covers \(place).")
            return
        }
        context.output.line("\(place) lies in:")
        for area in result.areas {
            var line = "  \(area.jurisdiction.name)"
            if !area.districts.isEmpty {
                line += ": " + area.districts.map(\.name).joined(separator: " or ")
                if area.districts.count > 1 { line += " (the ZIP spans \(area.districts.count) districts; choose one)" }
            } else if !area.choices.isEmpty {
                line += ": district not known; one of " + area.choices.map(\.name).joined(separator: ", ")
            }
            context.output.line(line)
        }
        context.output.line("")
        context.output.line("Representatives:")
        for representative in result.representatives {
            var place = representative.jurisdiction.name
            if let district = representative.district { place += " (\(district.name))" } else if !representative.office.seat.isEmpty {
                place += " (\(representative.office.seat))"
            }
            if representative.officials.isEmpty {
                context.output.line("  \(representative.office.title(in: "en")), \(place): no one on record")
            }
            for official in representative.officials {
                context.output.line("  \(official.title(in: "en", office: representative.office)), \(place): \(official.name)")
                context.output.line("      source \(Self.sourced(official.source, official.verified))")
                printContacts(official.contacts, source: official.source, verified: official.verified, context)
            }
            printContacts(representative.office.contacts, source: nil, verified: nil, context)
        }
    }

    /// Each contact, with its own source where it is not the record's.
    private func printContacts(_ contacts: [Contact], source: String?, verified: PartialDate?, _ context: CommandContext) {
        for contact in contacts {
            // A postal address's later lines stand under its first.
            let display = contact.display.split(whereSeparator: \.isNewline).joined(separator: "\n" + String(repeating: " ", count: 7 + contact.kind.rawValue.count))
            var line = "      \(contact.kind.rawValue) \(display)\(contact.label.isEmpty ? "" : " — \(contact.label)")"
            if contact.source != source || contact.verified != verified { line += " (source \(Self.sourced(contact.source, contact.verified)))" }
            context.output.line(line)
        }
    }

    /// "https://… , verified 2026-08-01", or "…, not verified".
    static func sourced(_ source: String, _ verified: PartialDate?) -> String {
        "\(source), \(verified.map { "verified \($0)" } ?? "not verified")"
    }

    private func json(_ result: LookupResult) -> JSONOutput {
        func district(_ district: District) -> JSONOutput {
            .object([("jurisdiction", .string(district.jurisdictionID)), ("code", .string(district.code)), ("name", .string(district.name))])
        }
        return .object([
            ("areas", .array(result.areas.map { area in
                .object([("jurisdiction", .string(area.jurisdiction.id)), ("name", .string(area.jurisdiction.name)),
                         ("districts", .array(area.districts.map(district))), ("choices", .array(area.choices.map(district)))])
            })),
            ("representatives", .array(result.representatives.map { representative in
                .object([("office", .string(representative.office.id)), ("title", .string(representative.office.title(in: "en"))),
                         ("district", representative.district.map(district) ?? .null),
                         ("officials", .array(representative.officials.map { official in
                             .object([("id", .string(official.id)), ("name", .string(official.name)),
                                      ("title", .string(official.title(in: "en", office: representative.office))),
                                      ("source", .string(official.source)), ("verified", .string(official.verified?.description)),
                                      ("contacts", .array(official.contacts.map {
                                          .object([("kind", .string($0.kind.rawValue)), ("value", .string($0.value)), ("display", .string($0.display)),
                                                   ("label", .string($0.label)), ("source", .string($0.source)), ("verified", .string($0.verified?.description))])
                                      }))])
                         }))])
            })),
        ])
    }
}
