import Foundation

/// The printable packet handed to an official: a cover letter with the
/// petition in the packet's language, how many of their constituents signed
/// and how many in all, a chart over time, then the signers and reasons on
/// numbered sheets with page breaks for print.
struct DeliveryPacket {
    let writer: SignerExport.Writer
    let total: Int

    func write(_ db: Database) throws -> SignerExport.Summary {
        let locale = writer.locale
        let localizer = writer.presentation.localizer
        func t(_ key: String, _ arguments: [String: String] = [:]) -> String { localizer.string(key, locale: locale, arguments) }

        // First pass: the counts and the days, for the cover and the chart.
        var summary = SignerExport.Summary(total: total)
        var perDay: [String: Int] = [:]
        try writer.forEachSigner(db) { signer in
            writer.count(signer, into: &summary)
            perDay[String(signer.createdAt.prefix(10)), default: 0] += 1
        }
        let allPerDay = try SignatureStore.countedPerDay(campaignID: writer.campaignID, db)

        let definition = writer.folder.definition
        let campaignTitle = ScriptContext.localized(definition.title, locale, definition.defaultLocale)
        var context: [String: TemplateValue] = ["lang": .text(locale), "t": localizer.templateStrings(locale: locale),
                                                "campaign_title": .text(campaignTitle)]
        let number = { (value: Int) in LocaleFormatting.number(value, locale: locale) }
        let sheets = max(1, (summary.rows + SignerExport.rowsPerSheet - 1) / SignerExport.rowsPerSheet)
        if let constituency = writer.constituency {
            let title = constituency.official.title(in: locale, office: constituency.office)
            let place = constituency.district.map { $0.name + ", " + constituency.jurisdiction.name } ?? constituency.jurisdiction.name
            context["to_line"] = .text(t("delivery.to", ["name": constituency.official.name, "title": title, "place": place]))
            context["intro"] = .text(localizer.plural("delivery.intro", count: summary.rows - summary.possible, locale: locale,
                                                      ["count": number(summary.rows - summary.possible), "total": number(total), "place": place]))
            if summary.possible > 0 {
                context["possible_line"] = .text(localizer.plural("delivery.possible", count: summary.possible, locale: locale,
                                                                  ["count": number(summary.possible)]))
            }
        } else {
            context["to_line"] = .text(t("delivery.to_organizer"))
            context["intro"] = .text(localizer.plural("delivery.intro_all", count: summary.rows, locale: locale, ["count": number(summary.rows)]))
        }
        context["generated_line"] = .text(localizer.plural("delivery.generated", count: sheets, locale: locale,
                                                           ["date": LocaleFormatting.date(writer.generatedAt, locale: locale), "sheets": number(sheets)]))
        context["constituents"] = .text(number(summary.rows))
        context["constituents_any"] = .bool(summary.rows > 0)
        context["total"] = .text(number(total))
        context["petition"] = writer.folder.petitionMarkup[locale] ?? writer.folder.petitionMarkup[definition.defaultLocale] ?? .text("")
        context["translation_note"] = definition.translations[locale].map(TemplateValue.text)
        let chart = SignatureChart.svg([
            .init(label: t("delivery.chart.constituents"), perDay: perDay),
            .init(label: t("delivery.chart.all"), perDay: allPerDay, dashed: true),
        ], title: t("delivery.chart.heading"))
        context["chart"] = .markup(html: chart, plain: "")
        let marker = "\u{1}signers\u{1}"
        context["signers"] = .markup(html: marker, plain: marker)

        guard let template = try writer.presentation.library.template(named: "delivery/packet.html") else {
            throw InputError("no delivery/packet.html in the templates folder")
        }
        let page = try writer.presentation.library.renderer(mode: .html).render(template, .object(context))
        let parts = page.components(separatedBy: marker)
        writer.output.write(parts[0])

        // Second pass: the signers, a sheet at a time.
        let header = "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">\(HTMLEscaping.escape(t("delivery.column.name")))</th>"
            + "<th scope=\"col\">\(HTMLEscaping.escape(t("delivery.column.place")))</th>"
            + "<th scope=\"col\">\(HTMLEscaping.escape(t("delivery.column.date")))</th>"
            + "<th scope=\"col\">\(HTMLEscaping.escape(t("delivery.column.reason")))</th></tr></thead>"
        var index = 0
        func closeSheet() {
            let sheet = (index - 1) / SignerExport.rowsPerSheet + 1
            writer.output.write("</tbody></table><p class=\"page-number\">"
                + HTMLEscaping.escape(t("delivery.sheet", ["sheet": number(sheet), "sheets": number(sheets)])) + "</p></section>\n")
        }
        try writer.forEachSigner(db) { signer in
            if index % SignerExport.rowsPerSheet == 0 {
                if index > 0 { closeSheet() }
                writer.output.write("<section class=\"sheet\"><table>" + header + "<tbody>\n")
            }
            index += 1
            // What signers typed goes without bidi controls and is isolated (`<bdi>`,
            // `dir="auto"`), as on the site: a right-to-left override in a name
            // must not reverse it, nor the e-mail address after it.
            func typed(_ text: String) -> String { HTMLEscaping.escape(BidiControls.removed(from: text)) }
            var row = "<tr><td>\(index)</td><td><bdi>" + typed(signer.name) + "</bdi>"
            if !writer.isOrganizer, signer.consentShareEmail { row += "<span class=\"note\"><bdi>" + typed(signer.email) + "</bdi></span>" }
            if writer.isOrganizer { row += "<span class=\"note\"><bdi>" + typed(signer.email) + "</bdi></span>" }
            row += "</td><td>" + HTMLEscaping.escape(signer.locality) + " " + HTMLEscaping.escape(signer.zip)
            let note = writer.districtNote(signer)
            if !note.isEmpty { row += "<span class=\"note\">" + HTMLEscaping.escape(note) + "</span>" }
            row += "</td><td>" + HTMLEscaping.escape(String(signer.createdAt.prefix(10)))
            row += "</td><td class=\"reason\" dir=\"auto\">" + typed(signer.reason) + "</td></tr>\n"
            writer.output.write(row)
        }
        if index > 0 { closeSheet() }
        writer.output.write(parts.count > 1 ? parts[1] : "")
        return summary
    }
}
