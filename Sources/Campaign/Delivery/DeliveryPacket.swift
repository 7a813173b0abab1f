import Foundation

/// The printable packet handed to an official: a cover letter that greets
/// them, gives the petition in the packet's language, says who delivers it
/// and how to reply, how many of their constituents signed (those known to
/// live where they serve, then apart those who may), when, where they live
/// and how many signed in all, a chart over time; then the signers and
/// their reasons in a table, and those who may be constituents in a second
/// table under its own heading, each header repeated on every printed page,
/// and every page numbered "page N of M" by the browser.
struct DeliveryPacket {
    let writer: SignerExport.Writer
    let total: Int

    func write(_ db: Database) throws -> SignerExport.Summary {
        let locale = writer.locale
        let localizer = writer.presentation.localizer
        func t(_ key: String, _ arguments: [String: String] = [:]) -> String { localizer.string(key, locale: locale, arguments) }

        // First pass: the counts, the days and the places, for the cover and the chart.
        var summary = SignerExport.Summary(total: total)
        var perDay: [String: Int] = [:]
        var places = PlaceTally(lookup: writer.lookup, unknownDistrict: t("mail.digest.zip_spans"), jurisdictions: writer.tallied, locale: locale)
        summary.leftOut = try writer.forEachSigner(db, .all) { signer in
            writer.count(signer, into: &summary)
            perDay[String(signer.createdAt.prefix(10)), default: 0] += 1
            places.add(zip: signer.zip, district: signer.district, resolution: signer.resolution)
        }
        let allPerDay = try SignatureStore.countedPerDay(campaignID: writer.campaignID, db)

        let definition = writer.folder.definition
        let campaignTitle = ScriptContext.localized(definition.title, locale, definition.defaultLocale)
        var context: [String: TemplateValue] = ["lang": .text(locale), "dir": .text(LocaleTag.direction(of: locale)), "t": localizer.templateStrings(locale: locale),
                                                "campaign_title": .text(campaignTitle)]
        let number = { (value: Int) in LocaleFormatting.number(value, locale: locale) }
        if let constituency = writer.constituency {
            let title = constituency.official.title(in: locale, office: constituency.office, catalogs: localizer)
            let jurisdictionName = constituency.jurisdiction.name(in: locale).text
            let place = constituency.district.map { $0.name(in: locale).text + ", " + jurisdictionName } ?? jurisdictionName
            context["to_line"] = .text(t("delivery.to", ["name": constituency.official.name, "title": title, "place": place]))
            context["greeting"] = .text(t("delivery.greeting", ["title": title, "name": Self.familyName(of: constituency.official)]))
            context["intro"] = .text(localizer.plural("delivery.intro", count: summary.known, locale: locale,
                                                      ["count": number(summary.known), "total": number(total), "place": place]))
            var figures: [TemplateValue] = [.object(["count": .text(number(summary.known)), "label": .text(t("delivery.figure.known"))])]
            if summary.possible > 0 {
                context["possible_line"] = .text(localizer.plural("delivery.possible", count: summary.possible, locale: locale,
                                                                  ["count": number(summary.possible)]))
                figures.append(.object(["count": .text(number(summary.possible)), "label": .text(t("delivery.figure.possible"))]))
            }
            context["figures"] = .list(figures)
        } else {
            context["to_line"] = .text(t("delivery.to_organizer"))
            context["intro"] = .text(localizer.plural("delivery.intro_all", count: summary.rows, locale: locale, ["count": number(summary.rows)]))
            context["figures"] = .list([.object(["count": .text(number(summary.rows)), "label": .text(t("delivery.figure.constituents"))])])
        }
        context["generated_line"] = .text(t("delivery.generated", ["date": LocaleFormatting.date(writer.generatedAt, locale: locale)]))
        if let first = perDay.keys.min().flatMap({ Self.date($0, locale: locale) }), let last = perDay.keys.max().flatMap({ Self.date($0, locale: locale) }) {
            context["dates_line"] = .text(first == last ? t("delivery.dates_one_day", ["date": first]) : t("delivery.dates", ["from": first, "to": last]))
        }
        if summary.rows > 0, definition.petition?.confirmEmail == true { context["confirmed_line"] = .text(t("delivery.confirmed")) }
        context["constituents_any"] = .bool(summary.rows > 0)
        context["total"] = .text(number(total))
        context["petition"] = writer.folder.petitionMarkup[locale] ?? writer.folder.petitionMarkup[definition.defaultLocale] ?? .text("")
        context["translation_note"] = definition.translations[locale].map(TemplateValue.text)
        context["organizer"] = Self.organizer(definition.organizer, t)
        func counts(_ lines: [PlaceTally.Count]) -> TemplateValue {
            .list(lines.map { .object(["name": .text($0.name), "count": .text(number($0.count)), "parts": CampaignPage.parts($0.parts)]) })
        }
        context["by_district"] = counts(places.districts)
        context["has_districts"] = .bool(!places.districts.isEmpty)
        context["by_zip"] = counts(places.zips)
        let chart = SignatureChart.svg([
            .init(label: t("delivery.chart.constituents"), perDay: perDay),
            .init(label: t("delivery.chart.all"), perDay: allPerDay, dashed: true),
        ], title: t("delivery.chart.heading"))
        context["chart"] = .markup(html: chart, plain: "")
        context["page_counter"] = .markup(html: Self.pageCounter(t("delivery.page")), plain: "")
        let marker = "\u{1}signers\u{1}"
        context["signers"] = .markup(html: marker, plain: marker)

        guard let template = try writer.presentation.library.template(named: "delivery/packet.html") else {
            throw InputError("no delivery/packet.html in the templates folder")
        }
        let page = try writer.presentation.library.renderer(mode: .html).render(template, .object(context))
        let parts = page.components(separatedBy: marker)
        writer.output.write(parts[0])

        // Then the signers, a pass per table: the known constituents, then
        // apart those who may be; print repeats each table's header on each page.
        try table(db, .known, locale: locale)
        if summary.possible > 0 { try table(db, .possible, locale: locale) }
        writer.output.write(parts.count > 1 ? parts[1] : "")
        return summary
    }

    /// Writes the table of one section's signers, under its heading (for an
    /// official), or nothing when the section has none.
    private func table(_ db: Database, _ section: SignerExport.Section, locale: String) throws {
        let localizer = writer.presentation.localizer
        func t(_ key: String) -> String { localizer.string(key, locale: locale) }
        let number = { (value: Int) in LocaleFormatting.number(value, locale: locale) }
        var index = 0
        try writer.forEachSigner(db, section) { signer in
            if index == 0 {
                var opening = "<section class=\"signers\(section == .possible ? " possible" : "")\">"
                if !writer.isOrganizer {
                    opening += section == .possible
                        ? "<h2>\(HTMLEscaping.escape(t("delivery.section.possible")))</h2><p class=\"why\">\(HTMLEscaping.escape(t("delivery.section.possible_why")))</p>"
                        : "<h2>\(HTMLEscaping.escape(t("delivery.section.known")))</h2>"
                }
                let columns = [("number", "#"), ("name", t("delivery.column.name")), ("place", t("delivery.column.place")),
                               ("date", t("delivery.column.date")), ("reason", t("delivery.column.reason"))]
                writer.output.write(opening + "<table><colgroup>"
                    + columns.map { "<col class=\"\($0.0)\">" }.joined() + "</colgroup><thead><tr>"
                    + columns.map { "<th scope=\"col\">\(HTMLEscaping.escape($0.1))</th>" }.joined() + "</tr></thead><tbody>\n")
            }
            index += 1
            // What signers typed goes without bidi controls and is isolated (`<bdi>`,
            // `dir="auto"`), as on the site: a right-to-left override in a name
            // must not reverse it, nor the e-mail address after it.
            func typed(_ text: String) -> String { HTMLEscaping.escape(BidiControls.removed(from: text)) }
            var row = "<tr><td>\(number(index))</td><td><bdi>" + typed(signer.name) + "</bdi>"
            if !writer.isOrganizer, signer.consentShareEmail { row += "<span class=\"note\"><bdi>" + typed(signer.email) + "</bdi></span>" }
            if writer.isOrganizer { row += "<span class=\"note\"><bdi>" + typed(signer.email) + "</bdi></span>" }
            row += "</td><td>" + HTMLEscaping.escape(signer.locality) + " " + HTMLEscaping.escape(signer.zip)
            if !writer.isOrganizer { row += "<span class=\"note\">" + HTMLEscaping.escape(writer.methodNote(signer)) + "</span>" }
            let note = writer.districtNote(signer)
            if !note.isEmpty { row += "<span class=\"note\">" + HTMLEscaping.escape(note) + "</span>" }
            row += "</td><td>" + HTMLEscaping.escape(String(signer.createdAt.prefix(10)))
            row += "</td><td class=\"reason\" dir=\"auto\">" + TextLines.html(BidiControls.removed(from: writer.deliveredReason(signer)))
            if writer.isOrganizer, signer.reasonState != .shown, !signer.reason.isEmpty {
                row += "<span class=\"note reason-state\">" + HTMLEscaping.escape(t("delivery.reason_state." + signer.reasonState.rawValue)) + "</span>"
            }
            row += "</td></tr>\n"
            writer.output.write(row)
        }
        if index > 0 { writer.output.write("</tbody></table></section>\n") }
    }

    /// The name a letter greets an official by with their title: the
    /// family name of their sort name ("Bowser, Muriel"), else their name.
    static func familyName(of official: Official) -> String {
        let family = official.sortName.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return family.isEmpty ? official.name : family
    }

    /// "YYYY-MM-DD" in the locale's long style.
    static func date(_ day: String, locale: String) -> String? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return LocaleFormatting.date(year: parts[0], month: parts[1], day: parts[2], locale: locale)
    }

    /// Who delivers the packet and how to reach them, as far as `[organizer]` says.
    static func organizer(_ organizer: CampaignDefinition.Organizer, _ t: (String, [String: String]) -> String) -> TemplateValue? {
        guard organizer.missing.count < 3 else { return nil }
        // E.164 with an extension as ";ext=" is already an RFC 3966 tel: URI's number.
        let phoneURI = (try? PhoneNumber.normalize(organizer.phone).get()) ?? ""
        return .object([
            "delivered_by": .text(t("delivery.delivered_by", ["name": organizer.name.isEmpty ? t("delivery.organizers", [:]) : organizer.name])),
            "email": .text(organizer.email), "phone": .text(organizer.phone), "phone_uri": .text(phoneURI),
            "both": .bool(!organizer.email.isEmpty && !organizer.phone.isEmpty),
            "reply": .bool(!organizer.email.isEmpty || !organizer.phone.isEmpty),
        ])
    }

    /// The catalog's "Page {page} of {pages}" as a CSS `content` value for a
    /// page margin box, where print fills in the counters: literal text as
    /// CSS strings, escaped so nothing can end the string or the style.
    static func pageCounter(_ text: String) -> String {
        var parts: [String] = []
        var literal = ""
        var rest = Substring(text)
        func flush() {
            guard !literal.isEmpty else { return }
            var quoted = "\""
            for scalar in literal.unicodeScalars {
                switch scalar {
                case "\"", "\\": quoted += "\\" + String(scalar)
                case "<", ">", "&": quoted += "\\" + String(scalar.value, radix: 16) + " "
                case _ where scalar.properties.generalCategory == .control: quoted += "\\" + String(scalar.value, radix: 16) + " "
                default: quoted.unicodeScalars.append(scalar)
                }
            }
            parts.append(quoted + "\"")
            literal = ""
        }
        while let first = rest.first {
            if rest.hasPrefix("{pages}") {
                flush(); parts.append("counter(pages)"); rest = rest.dropFirst("{pages}".count)
            } else if rest.hasPrefix("{page}") {
                flush(); parts.append("counter(page)"); rest = rest.dropFirst("{page}".count)
            } else {
                literal.append(first); rest = rest.dropFirst()
            }
        }
        flush()
        return parts.isEmpty ? "counter(page)" : parts.joined(separator: " ")
    }
}
