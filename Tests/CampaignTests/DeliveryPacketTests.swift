import Foundation
import Testing
@testable import Campaign

/// The printable delivery packet as an office reads it: text that wraps
/// inside the page, a chart to scale that prints with its heading, pages
/// numbered by the browser, and a cover letter that greets the official,
/// says who delivers it and how to reply, when and where the signers
/// signed and that they confirmed their addresses. Signatures go through
/// the real writer into a seeded database; the packet is the real export.
@Suite struct DeliveryPacketTests {
    static let dc = "dc-protect-residents-from-ice"
    static let seattle = "seattle-thank-welcoming-city"
    static let templates = TestSupport.repository.appendingPathComponent("templates").path

    /// One signature to make.
    struct Signer {
        var name: String
        var zip: String
        var district = ""
        var reason = ""
        var consent: Set<CampaignDefinition.Consent> = [.public]
        var locale = "en"
        /// The day it was made, at noon UTC.
        var day = (2026, 11, 1)
        var confirmed = true
        var suspect = false
        /// How the signer's districts were known, as the sign form records it.
        var resolution = DistrictResolution.zipOnly
    }

    /// A seeded database with `signers` signed on campaign `slug` through the writer.
    static func database(_ signers: [Signer], slug: String = dc, pool existing: DatabasePool? = nil) async throws -> DatabasePool {
        let pool = try existing ?? TestSupport.seededDatabase()
        let campaignID = try #require(try pool.read { try CampaignStore.id(of: slug, $0) })
        let writer = SignatureWriter(pool: pool, counts: try SignatureCounts(pool: pool))
        defer { writer.stop() }
        for signer in signers {
            let form = SignatureForm(name: signer.name, email: "signer-\(UUID().uuidString.prefix(12))@example.org", zip: signer.zip,
                                     reason: signer.reason, consent: signer.consent, district: signer.district)
            let signature = NewSignature(campaignID: campaignID, form: form, locale: signer.locale, suspect: signer.suspect, confirmed: signer.confirmed,
                                         confirmationHash: signer.confirmed ? nil : ConfirmationLink.hash(secret: ConfirmationLink.makeSecret(.live)),
                                         unsubscribeToken: SignerToken.make(.live, at: Date()),
                                         createdAt: TestSupport.noon(signer.day.0, signer.day.1, signer.day.2), resolution: signer.resolution)
            let outcome = await withCheckedContinuation { continuation in writer.submit(.signature(signature)) { continuation.resume(returning: $0) } }
            try #require(outcome == .stored(duplicate: false), "signing \(signer.name): \(outcome)")
        }
        return pool
    }

    /// The HTML packet for `official` (every signer when nil), prepared on 21 November 2026.
    static func packet(_ pool: DatabasePool, slug: String = dc, official: String?, locale: String? = nil, exactOnly: Bool = false) throws -> String {
        try export(pool, slug: slug, format: .html, official: official, locale: locale, exactOnly: exactOnly).text
    }

    /// An export of campaign `slug` for `official` (every signer when nil), made on 21 November 2026, and what it wrote.
    static func export(_ pool: DatabasePool, slug: String = dc, format: SignerExport.Format, official: String?, locale: String? = nil,
                       exactOnly: Bool = false) throws -> (text: String, summary: SignerExport.Summary) {
        let path = TestSupport.temporaryFolder() + "/export." + format.rawValue
        let presentation = SignerExport.Presentation(localizer: try Localizer.load(folder: templates + "/locales"),
                                                     library: TemplateLibrary(folders: [templates]))
        let summary = try SignerExport.run(slug: slug, options: SignerExport.Options(format: format, audience: official.map { .official(id: $0) } ?? .organizer,
                                                                                    locale: locale, exactOnly: exactOnly),
                                           pool: pool, presentation: presentation, generatedAt: TestSupport.noon(2026, 11, 21),
                                           to: try ByteOutput(path: path, name: "export"))
        return (try String(contentsOfFile: path, encoding: .utf8), summary)
    }

    /// `html` with every run of white space made one space.
    static func squeezed(_ html: String) -> String {
        html.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    // MARK: - Text that fits the page

    @Test func longReasonsAndURLsWrapInsideThePageAndKeepTheirLineBreaks() async throws {
        let sentences = (1...12).map { "Sentence \($0) of a reason long enough to need several lines in a narrow table cell." }.joined(separator: " ")
        let url = "https://example.org/" + String(repeating: "a-very-long-path-segment-", count: 12)
        let pool = try await Self.database([
            Signer(name: "李小龙", zip: "20002", reason: sentences + "\nA second paragraph.\r\n" + url),
            Signer(name: "Ana Long", zip: "20001", reason: "One\r\n\r\nTwo"),
        ])
        let html = try Self.packet(pool, official: "dc-muriel-bowser")
        // The table keeps to the page's width and breaks what does not fit, URLs included.
        #expect(html.contains("table { width: 100%; table-layout: fixed;"))
        #expect(html.contains("th, td {") && html.contains("overflow-wrap: anywhere; }"))
        // Every sentence, and the signer's own line breaks.
        #expect(html.contains("<td class=\"reason\" dir=\"auto\">Sentence 1 of a reason"))
        #expect(html.contains("Sentence 12 of a reason long enough to need several lines in a narrow table cell.<br>A second paragraph.<br>" + url + "</td>"))
        #expect(html.contains("<td class=\"reason\" dir=\"auto\">One<br><br>Two</td>"))
        // CJK names print where Noto's CJK faces are installed, whatever the serif faces lack.
        #expect(html.contains("<td><bdi>李小龙"))
        #expect(html.contains(#"Georgia, "Times New Roman", "Noto Serif", "DejaVu Serif", "Noto Serif CJK SC""#))
    }

    // MARK: - The chart

    @Test func theChartsTimeAxisIsToScale() {
        // A day, the next day, then a month later.
        let svg = SignatureChart.svg([.init(label: "All", perDay: ["2026-01-01": 1, "2026-01-02": 1, "2026-01-31": 1])], title: "Signatures")
        // 48 to 628 for 30 days: day 1 at 67.3; flat to day 29 (608.7), up on day 30. Totals 1, 2, 3 of 3.
        #expect(svg.contains("points=\"48.0,124.7 67.3,69.3 608.7,69.3 628.0,14.0\""), "\(svg)")
        // Dates along the axis, at their places.
        #expect(svg.contains("<text x=\"48.0\" y=\"196.0\" text-anchor=\"start\">2026-01-01</text>"))
        #expect(svg.contains("<text x=\"338.0\" y=\"196.0\" text-anchor=\"middle\">2026-01-16</text>"))
        #expect(svg.contains("<text x=\"628.0\" y=\"196.0\" text-anchor=\"end\">2026-01-31</text>"))
    }

    @Test func aOneDayChartLabelsItsDayUnderItsDot() {
        let svg = SignatureChart.svg([.init(label: "All", perDay: ["2026-01-01": 4])], title: "Signatures")
        #expect(svg.contains("<circle cx=\"338.0\" cy=\"14.0\" r=\"3\""))
        #expect(svg.contains("<text x=\"338.0\" y=\"196.0\" text-anchor=\"middle\">2026-01-01</text>"), "\(svg)")
    }

    @Test func theChartsHeadingPrintsOnThePageOfTheChart() async throws {
        let pool = try await Self.database([Signer(name: "Ana Chart", zip: "20002")])
        let html = try Self.packet(pool, official: "dc-muriel-bowser")
        #expect(Self.squeezed(html).contains("<section class=\"chart\"> <h2>Signatures over time</h2> <figure><svg"))
        #expect(html.contains(".chart { break-inside: avoid; page-break-inside: avoid; }"))
        #expect(html.contains("h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; break-after: avoid;"))
    }

    // MARK: - Page numbers

    @Test func printedPagesAreNumberedByTheBrowserNotBySheetsOfRows() async throws {
        let pool = try await Self.database((1...60).map { Signer(name: "Signer \($0)", zip: "20002", reason: "Reason \($0)") })
        let html = try Self.packet(pool, official: "dc-muriel-bowser")
        #expect(html.contains(#"@bottom-right { content: "Page " counter(page) " of " counter(pages);"#))
        #expect(!html.contains("Sheet") && !html.contains("sheet"))
        #expect(html.contains("Prepared November 21, 2026</p>"))
        // One table whose header print repeats on each page, its rows kept whole.
        #expect(html.components(separatedBy: "<table>").count == 2)
        #expect(html.components(separatedBy: "<thead>").count == 2)
        #expect(html.contains("thead { display: table-header-group; }") && html.contains("tr { break-inside: avoid;"))
        #expect(html.contains("<td>60</td><td><bdi>Signer 60"))

        let spanish = try Self.packet(pool, official: "dc-muriel-bowser", locale: "es")
        #expect(spanish.contains(#"@bottom-right { content: "Página " counter(page) " de " counter(pages);"#))
        #expect(spanish.contains("Preparado el 21 de noviembre de 2026</p>"))
    }

    @Test func thePageCounterIsCSSThatNoCatalogTextCanBreakOutOf() {
        #expect(DeliveryPacket.pageCounter("Seite {page} von {pages}") == #""Seite " counter(page) " von " counter(pages)"#)
        #expect(DeliveryPacket.pageCounter("{page}/{pages}") == #"counter(page) "/" counter(pages)"#)
        #expect(DeliveryPacket.pageCounter("</style>\"\\{page}") == #""\3c /style\3e \"\\" counter(page)"#)
        #expect(DeliveryPacket.pageCounter("") == "counter(page)")
    }

    // MARK: - The cover letter

    /// Two Ward 5 signers and one whose ZIP does not tell the ward, over three weeks.
    static func wardFive() async throws -> DatabasePool {
        try await database([
            Signer(name: "Wanda Cinco", zip: "20002", district: "5", reason: "For Ward 5", day: (2026, 11, 1)),
            Signer(name: "Otro Cinco", zip: "20002", district: "5", day: (2026, 11, 5)),
            Signer(name: "Nadie Sabe", zip: "20020", locale: "es", day: (2026, 11, 20)),
            Signer(name: "Pat Pending", zip: "20002", district: "5", day: (2026, 11, 20), confirmed: false),
        ])
    }

    @Test func theCoverLetterGreetsTheOfficialAndSaysWhoDeliversItAndHowToReply() async throws {
        let html = Self.squeezed(try Self.packet(try await Self.wardFive(), official: "dc-kenyan-mcduffie"))
        #expect(html.contains("<p>Dear Councilmember McDuffie,</p>"), "\(html)")
        #expect(html.contains("<p>2 of your constituents in Ward 5, District of Columbia signed this petition. 3 people have signed it in all.</p>"))
        #expect(html.contains("<p>1 more signer gave a ZIP code that spans your district and others without saying which one they live in;"
            + " they are listed apart, after your constituents.</p>"))
        // The ask: the petition itself, in the letter.
        #expect(html.contains("<h2>The petition</h2> <div class=\"petition\"><p>"))
        #expect(html.contains("<p>Delivered on behalf of the signers by DC Petition Organizers.</p>"))
        #expect(html.contains("<p>To reply or to ask about this petition: <a href=\"mailto:organizers@example.org\">organizers@example.org</a>"
            + " · <a href=\"tel:+12025550100\">+1 202 555 0100</a></p>"))
        #expect(!html.contains("Pat Pending"))
    }

    @Test func theCoverLetterGivesTheDatesThePlacesAndThatEverySignerConfirmed() async throws {
        let pool = try await Self.wardFive()
        let html = Self.squeezed(try Self.packet(pool, official: "dc-kenyan-mcduffie"))
        #expect(html.contains("<p>The signatures in this packet were made between November 1, 2026 and November 20, 2026."
            + " Every signer listed confirmed their e-mail address by opening a link sent to it.</p>"), "\(html)")
        #expect(html.contains("<h2>Where the signers live</h2>"))
        #expect(html.contains("<h3>By district</h3> <ul class=\"counts\"><li>District of Columbia — Ward 5: 2</li>"
            + "<li>District of Columbia — District not known from the ZIP code: 1</li></ul>"))
        #expect(html.contains("<h3>By ZIP code</h3> <ul class=\"counts\"><li>20002: 2</li><li>20020: 1</li></ul>"))

        let spanish = Self.squeezed(try Self.packet(pool, official: "dc-kenyan-mcduffie", locale: "es"))
        #expect(spanish.contains("<p>Estimado/a Concejal McDuffie:</p>"), "\(spanish)")
        #expect(spanish.contains("Las firmas de este paquete se hicieron entre el 1 de noviembre de 2026 y el 20 de noviembre de 2026."))
        #expect(spanish.contains("<h3>Por código postal</h3> <ul class=\"counts\"><li>20002: 2</li><li>20020: 1</li></ul>"))
    }

    @Test func aOneDayPacketSaysTheDayAndTheOrganizersPacketGreetsNoOne() async throws {
        let pool = try await Self.database([Signer(name: "Uno Solo", zip: "20002", day: (2026, 11, 3))])
        let html = Self.squeezed(try Self.packet(pool, official: nil))
        #expect(html.contains("<p>The signatures in this packet were all made on November 3, 2026."))
        #expect(!html.contains("Dear "))
    }

    /// A campaign that does not confirm e-mail never says its signers did,
    /// and one without `[organizer]` says nothing of who delivers it.
    @Test func withoutEmailConfirmationOrAnOrganizerTheCoverSaysNeither() async throws {
        let folder = TestSupport.temporaryFolder() + "/unconfirmed"
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder + "/campaigns/" + Self.seattle, toPath: folder)
        var toml = try String(contentsOfFile: folder + "/campaign.toml", encoding: .utf8)
        toml = toml.replacingOccurrences(of: "slug = \"\(Self.seattle)\"", with: "slug = \"seattle-unconfirmed\"")
            .replacingOccurrences(of: "confirm_email = true", with: "confirm_email = false")
        let organizer = try #require(toml.range(of: "[organizer]"))
        toml = String(toml[..<organizer.lowerBound]) + "[digest]\nofficials = false\n"
        try toml.write(toFile: folder + "/campaign.toml", atomically: false, encoding: .utf8)
        let pool = try TestSupport.seededDatabase()
        let published = TestSupport.campaignInProcess(["publish", folder], database: pool.path)
        try #require(published.status == 0, "\(published.errors)")
        _ = try await Self.database([Signer(name: "Sam Seattle", zip: "98104")], slug: "seattle-unconfirmed", pool: pool)
        let html = Self.squeezed(try Self.packet(pool, slug: "seattle-unconfirmed", official: "seattle-jenny-durkan"))
        #expect(html.contains("<p>The signatures in this packet were all made on November 1, 2026.</p>"), "\(html)")
        #expect(!html.contains("confirmed their e-mail address"))
        #expect(!html.contains("Delivered on behalf") && !html.contains("mailto:"))
        #expect(html.contains("Sam Seattle"))
    }

    // MARK: - Known constituents first, possible ones apart

    static let dcID = "ocd-division/country:us/district:dc"
    static func ward(_ code: String) -> DistrictReference { DistrictReference(jurisdictionID: dcID, code: code) }

    /// Signers of ZIP 20002, which spans every ward, known to Ward 5's
    /// councilmember in every way a district is known: chosen on the form,
    /// located, chosen before districts were recorded with their
    /// jurisdiction; one geocoded to Ward 8; two known only by their ZIP code.
    static func wardFiveResolved(pool: DatabasePool? = nil) async throws -> DatabasePool {
        try await database([
            Signer(name: "Ana Elige", zip: "20002", reason: "Chose Ward 5", consent: [.public, .shareEmail], day: (2026, 11, 1),
                   resolution: DistrictResolution(method: .chosen, districts: [ward("5")])),
            Signer(name: "Beto Ubica", zip: "20002", day: (2026, 11, 2), resolution: DistrictResolution(method: .located, districts: [ward("5")])),
            Signer(name: "Cora Calle", zip: "20002", day: (2026, 11, 3), resolution: DistrictResolution(method: .geocoded, districts: [ward("8")])),
            Signer(name: "Dario Zip", zip: "20002", day: (2026, 11, 4), resolution: DistrictResolution(method: .zip, districts: (1...8).map { ward(String($0)) })),
            Signer(name: "Eva Antes", zip: "20002", district: "5", day: (2026, 11, 5)),
            Signer(name: "Gil Sinlista", zip: "20020", day: (2026, 11, 6)),
        ], pool: pool)
    }

    /// The part of `html` from `start` up to `end` (or its end).
    static func part(_ html: String, from start: String, to end: String? = nil) -> String {
        guard let from = html.range(of: start) else { return "" }
        let rest = html[from.lowerBound...]
        guard let end, let to = rest.range(of: end, range: rest.index(after: rest.startIndex)..<rest.endIndex) else { return String(rest) }
        return String(rest[..<to.lowerBound])
    }

    @Test func aDistrictSeatsPacketListsItsKnownConstituentsFirstAndThePossibleOnesApart() async throws {
        let pool = try await Self.wardFiveResolved()
        let html = Self.squeezed(try Self.packet(pool, official: "dc-kenyan-mcduffie"))
        // The cover counts the known constituents first, then the possible ones, then everyone.
        #expect(html.contains("<p>3 of your constituents in Ward 5, District of Columbia signed this petition. 6 people have signed it in all.</p>"), "\(html)")
        #expect(html.contains("<p>2 more signers gave a ZIP code that spans your district and others without saying which one they live in;"
            + " they are listed apart, after your constituents.</p>"))
        #expect(html.contains("<div class=\"figures\"> <div><strong>3</strong>your constituents</div> <div><strong>2</strong>who may be your constituents</div>"
            + " <div><strong>6</strong>signers in all</div> </div>"))
        #expect(html.contains("<h3>By district</h3> <ul class=\"counts\"><li>District of Columbia — Ward 5: 3</li>"
            + "<li>District of Columbia — District not known from the ZIP code: 2</li></ul>"))
        #expect(html.contains("<h3>By ZIP code</h3> <ul class=\"counts\"><li>20002: 4</li><li>20020: 1</li></ul>"))

        // The main table: exactly the known constituents, each with how their district was known.
        let known = Self.part(html, from: "<section class=\"signers\">", to: "<section class=\"signers possible\">")
        #expect(known.hasPrefix("<section class=\"signers\"><h2>Your constituents</h2><table>"), "\(known)")
        #expect(known.components(separatedBy: "<tr><td>").count - 1 == 3)
        #expect(known.contains("<tr><td>1</td><td><bdi>Ana Elige</bdi><span class=\"note\"><bdi>"))
        #expect(known.contains("District of Columbia 20002<span class=\"note\">District chosen on the form</span></td><td>2026-11-01"))
        #expect(known.contains("<tr><td>2</td><td><bdi>Beto Ubica</bdi></td><td>District of Columbia 20002<span class=\"note\">District from their location</span>"))
        #expect(known.contains("<tr><td>3</td><td><bdi>Eva Antes</bdi></td><td>District of Columbia 20002<span class=\"note\">District chosen on the form</span>"))
        #expect(!known.contains("Dario") && !known.contains("Gil") && !html.contains("Cora Calle"))

        // Apart, under a heading that says why they are there.
        let possible = Self.part(html, from: "<section class=\"signers possible\">")
        #expect(possible.hasPrefix("<section class=\"signers possible\"><h2>Signers who may be your constituents</h2><p class=\"why\">Each of these signers"
            + " gave a ZIP code that spans your district and others, and did not say which one they live in. They may or may not live in yours.</p><table>"), "\(possible)")
        #expect(possible.contains("<tr><td>1</td><td><bdi>Dario Zip</bdi></td><td>District of Columbia 20002<span class=\"note\">ZIP code only</span>"
            + "<span class=\"note\">ZIP 20002 may lie in any of districts 1, 2, 3, 4, 5, 6, 7, 8</span>"))
        #expect(possible.contains("<tr><td>2</td><td><bdi>Gil Sinlista</bdi></td><td>District of Columbia 20020<span class=\"note\">ZIP code only</span>"))
        #expect(possible.components(separatedBy: "<tr><td>").count - 1 == 2)
        #expect(html.contains(".signers { break-before: page; page-break-before: always; }"), "each table starts a page")

        let spanish = Self.squeezed(try Self.packet(pool, official: "dc-kenyan-mcduffie", locale: "es"))
        #expect(spanish.contains("<p>3 personas de su circunscripción en Ward 5, District of Columbia firmaron esta petición."), "\(spanish)")
        #expect(spanish.contains("<p>2 firmantes más dieron un código postal que abarca su distrito y otros, sin indicar en cuál viven;"
            + " aparecen aparte, después de las personas de su circunscripción.</p>"))
        #expect(spanish.contains("<div><strong>2</strong>que pueden ser de su circunscripción</div>"))
        #expect(spanish.contains("<section class=\"signers\"><h2>Personas de su circunscripción</h2>"))
        #expect(spanish.contains("<section class=\"signers possible\"><h2>Firmantes que pueden ser de su circunscripción</h2><p class=\"why\">Cada una"))
        #expect(spanish.contains("<span class=\"note\">Distrito según su ubicación</span>") && spanish.contains("<span class=\"note\">Solo el código postal</span>"))
    }

    @Test func exactOnlyLeavesThePossibleConstituentsOutOfThePacketEntirely() async throws {
        let pool = try await Self.wardFiveResolved()
        let (text, summary) = try Self.export(pool, format: .html, official: "dc-kenyan-mcduffie", exactOnly: true)
        let html = Self.squeezed(text)
        #expect(summary == SignerExport.Summary(rows: 3, possible: 0, total: 6, leftOut: 2))
        #expect(html.contains("<p>3 of your constituents in Ward 5, District of Columbia signed this petition. 6 people have signed it in all.</p>"))
        #expect(html.contains("<div class=\"figures\"> <div><strong>3</strong>your constituents</div> <div><strong>6</strong>signers in all</div> </div>"), "\(html)")
        #expect(html.contains("<h3>By district</h3> <ul class=\"counts\"><li>District of Columbia — Ward 5: 3</li></ul>"))
        #expect(html.contains("<h3>By ZIP code</h3> <ul class=\"counts\"><li>20002: 3</li></ul>"))
        for absent in ["signers possible", "Dario", "Gil", "more signers", "may be your constituents", "ZIP code only", "not known"] {
            #expect(!html.contains(absent), "\(absent)")
        }
    }

    @Test func aWholeJurisdictionSeatsPacketSaysHowEachSignersDistrictWasKnown() async throws {
        let pool = try await Self.wardFiveResolved()
        let html = Self.squeezed(try Self.packet(pool, official: "dc-muriel-bowser"))
        #expect(html.contains("<p>6 of your constituents in District of Columbia signed this petition."), "\(html)")
        #expect(!html.contains("signers possible"))
        #expect(html.contains("<bdi>Cora Calle</bdi></td><td>District of Columbia 20002<span class=\"note\">District from their street address</span>"))
        #expect(html.contains("<li>District of Columbia — Ward 5: 3</li><li>District of Columbia — District not known from the ZIP code: 2</li>"
            + "<li>District of Columbia — Ward 8: 1</li>"))
    }
}
