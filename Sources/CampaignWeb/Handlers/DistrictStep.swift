import Campaign
import Foundation

/// The sign form's extra step where a signer's ZIP code spans districts of
/// a district seat the petition goes to: choose the district, share a
/// location, or give a street address (when the site has a geocoder). It
/// is part of the same form, so everything typed comes back with it, and
/// it works without JavaScript.
struct DistrictStep: Sendable {
    /// What the form sent about the signer's place, besides the ZIP code.
    struct Fields: Sendable {
        /// The district chosen in each jurisdiction asked about, by field:
        /// `district` holds a code; `district_2`… (when several jurisdictions
        /// are asked about) hold "jurisdiction-id#code".
        var chosen: [String]
        /// The signer answered "I'm not sure".
        var unsure: Bool
        /// "latitude,longitude" from the browser, with the signer's consent.
        var at: String
        /// The street address typed; used once to find the district, never stored.
        var address: String
        /// The step was on the page the form was sent from.
        var wasShown: Bool

        /// The place fields of a sent form.
        init(_ field: (String) -> String, names: [String]) {
            let answers = names.filter { $0 == "district" || ($0.hasPrefix("district_") && Int($0.dropFirst("district_".count)) != nil) }
                .map(field)
            chosen = answers.filter { $0 != Self.unsureValue && !$0.isEmpty && $0.count <= 300 }
            unsure = answers.contains(Self.unsureValue)
            at = field("at")
            // An address is one line; what is longer than any address is not one.
            let typed = field("address").split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            address = typed.count <= Self.maximumAddress ? typed : String(typed.prefix(Self.maximumAddress))
            wasShown = !field("asked_district").isEmpty
        }

        init() {
            chosen = []
            unsure = false
            at = ""
            address = ""
            wasShown = false
        }

        /// The radio button's value for "I'm not sure".
        static let unsureValue = "unsure"
        static let maximumAddress = 200

        /// The position from the browser, when it sent a well-formed one.
        var point: DistrictResolver.Point? {
            guard !at.isEmpty, let coordinates = try? Lookup.coordinates(at),
                  (-90...90).contains(coordinates.latitude), (-180...180).contains(coordinates.longitude) else { return nil }
            return DistrictResolver.Point(latitude: coordinates.latitude, longitude: coordinates.longitude, method: .located)
        }
    }

    /// Why the step is shown again.
    enum Problem: String, Sendable {
        /// The step was shown, and sent back with no answer.
        case unanswered = "sign.district.error.unanswered"
        /// The shared location lies in none of the districts.
        case locationMissed = "sign.district.error.location"
        /// The geocoder found no such address, or none in the districts.
        case addressNotFound = "sign.district.error.address"
        /// The geocoder did not answer in time, or at all.
        case geocoderUnavailable = "sign.district.error.geocoder"
    }

    /// The jurisdictions still to answer for, with their choices.
    let areas: [LookupResult.Area]
    let problem: Problem?
    /// What the signer sent, shown again.
    let fields: Fields
    /// Whether the site can look up a street address.
    let offersAddress: Bool

    /// The name of the choice field of the `index`th area.
    static func fieldName(_ index: Int) -> String { index == 0 ? "district" : "district_\(index + 1)" }

    /// The value a choice sends: the code alone in the first area, which
    /// the call page's `district` shares; qualified by its jurisdiction after.
    static func value(_ district: District, index: Int) -> String {
        index == 0 ? district.code : DistrictReference(district).description
    }

    /// The template's values.
    func value(zip: String, locale: String, localizer: Localizer) -> TemplateValue {
        func t(_ key: String, _ arguments: [String: String] = [:]) -> String { localizer.string(key, locale: locale, arguments) }
        let several = areas.count > 1
        return .object([
            "areas": .list(areas.enumerated().map { index, area in
                let field = Self.fieldName(index)
                // Names in the page's language where the directory has them, else marked with their own.
                let heading = area.jurisdiction.name(in: locale)
                return .object([
                    "field": .text(field),
                    "heading": .text(several ? heading.text : ""), "heading_lang": .text(heading.languageMark),
                    "choices": .list(area.choices.map { district in
                        let value = Self.value(district, index: index)
                        let name = district.name(in: locale)
                        return .object(["value": .text(value), "name": .text(name.text), "name_lang": .text(name.languageMark),
                                        "checked": .bool(fields.chosen.contains(value))])
                    }),
                    "unsure_value": .text(Fields.unsureValue),
                    "unsure_checked": .bool(fields.unsure && !area.choices.contains { fields.chosen.contains(Self.value($0, index: index)) }),
                ])
            }),
            "legend": several || areas.isEmpty ? .text(t("sign.district.legend.several"))
                : localizer.sentence("sign.district.legend", locale: locale, place: areas[0].jurisdiction.name(in: locale)),
            "hint": .text(t(areas.contains { !$0.spansDistricts } ? "sign.district.hint.unknown" : "sign.district.hint.spans", ["zip": zip])),
            "problem": problem.map { .text(t($0.rawValue)) } ?? .text(""),
            "offers_address": .bool(offersAddress),
            "address": .text(fields.address),
        ])
    }
}
