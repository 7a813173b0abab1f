import Foundation
import Testing
@testable import Campaign

@Suite struct CampaignPreviewTests {
    static let seeded: Result<String, any Error> = Result { try TestSupport.seededDatabasePath() }

    func preview(_ arguments: [String]) throws -> TestSupport.CommandResult {
        let out = TestSupport.temporaryFolder() + "/page.html"
        let result = try TestSupport.campaign(["preview"] + arguments + ["--out", out], database: Self.seeded.get())
        let html = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return TestSupport.CommandResult(status: result.status, output: html, errors: result.errors)
    }

    @Test func theDCPetitionPreviewsInEnglishAndSpanish() throws {
        let english = try preview(["dc-protect-residents-from-ice", "--lang", "en"])
        #expect(english.status == 0, "\(english.errors)")
        #expect(english.output.contains("<html lang=\"en\" dir=\"ltr\">"))
        #expect(english.output.contains("<h1>Mayor Bowser: Protect DC residents from ICE raids!</h1>"))
        #expect(english.output.contains("In light of recent threats from the Trump adminstration against immigrants"))
        #expect(english.output.contains("<button type=\"submit\">Add my name</button>"))
        #expect(english.output.contains("0 signatures"))
        #expect(english.output.contains("<a href=\"/c/dc-protect-residents-from-ice?lang=es\" lang=\"es\" hreflang=\"es\" dir=\"auto\">Español</a>"))

        let spanish = try preview(["dc-protect-residents-from-ice", "--lang", "es"])
        #expect(spanish.status == 0, "\(spanish.errors)")
        #expect(spanish.output.contains("<html lang=\"es\" dir=\"ltr\">"))
        #expect(spanish.output.contains("Ante las amenazas recientes por parte de la administración del presidente Trump"))
        #expect(spanish.output.contains("si no se elimina ..."), "the seed's elision is kept")
        #expect(spanish.output.contains("0 firmas"))
        #expect(spanish.output.contains("<label for=\"sign-email\">"))
        #expect(!spanish.output.contains("Add my name"))
    }

    /// Contact labels of the usual vocabulary are the catalog's text in the
    /// page's language; another label shows as stored, marked English.
    @Test func contactLabelsAreTranslatedOnTheSpanishPageAndOthersMarkedEnglish() throws {
        let spanish = try preview(["king-county-ice-accountability", "--lang", "es", "--zip", "98052"])
        #expect(spanish.status == 0, "\(spanish.errors)")
        #expect(spanish.output.contains(">206-263-9600</a> <span class=\"label\">Oficina</span>"), "\(spanish.output)")
        #expect(spanish.output.contains(">kcexec@kingcounty.gov</a> <span class=\"label\">Oficina</span>"))
        #expect(spanish.output.contains("rel=\"noopener\" lang=\"en\">Find your King County Councilmember</a>"))
        let english = try preview(["king-county-ice-accountability", "--lang", "en", "--zip", "98052"])
        #expect(english.output.contains(">206-263-9600</a> <span class=\"label\">Office</span>"))
        #expect(english.output.contains("rel=\"noopener\">Find your King County Councilmember</a>"))
    }

    @Test func aContactLabelIsLookedUpWhateverItsCase() throws {
        #expect(Localizer.contactLabelKey("Capitol Office") == "contact.label.capitol_office")
        #expect(Localizer.contactLabelKey("district-mail  address") == "contact.label.district_mail_address")
        let localizer = try Localizer.load(folder: DeliveryPacketTests.templates + "/locales")
        #expect(localizer.contactLabel("CAPITOL OFFICE", locale: "es-MX") == LocalizedName(text: "Oficina en el Capitolio", language: nil))
        #expect(localizer.contactLabel("Olympia office", locale: "es") == LocalizedName(text: "Olympia office", language: "en"))
        #expect(localizer.contactLabel("Olympia office", locale: "en") == LocalizedName(text: "Olympia office", language: nil))
        // Every label Open States' office classifications give has a text in every shipped catalog.
        for label in OpenStatesContacts.labels.values.sorted() + ["Office", "Main", "Mobile", "Feedback", "Press office", "Homepage", "Webform"] {
            for locale in localizer.locales {
                #expect(localizer.ownString(Localizer.contactLabelKey(label), locale: locale) != nil, "\(locale) has no text for \(label)")
            }
        }
    }

    @Test func everyFieldHasALabelAndTheStylesheetIsInlined() throws {
        let page = try preview(["dc-protect-residents-from-ice"]).output
        let ids = page.matches(of: /<(?:input|textarea)[^>]* id="([^"]+)"/).map { String($0.1) }
        #expect(!ids.isEmpty)
        for id in ids { #expect(page.contains("<label for=\"\(id)\">"), "no label for \(id)") }
        #expect(page.contains("<style>/*") && page.contains("--accent: #0b4f9c"))
        #expect(!page.contains("/static/campaign.css"))
    }

    @Test func aCallPreviewFillsTheScriptPerTargetAndEscapesTheCallersName() throws {
        let page = try preview(["tacoma-support-sanctuary", "--lang", "es", "--zip", "98405", "--district", "2", "--name", "<script>alert('x')</script>"])
        #expect(page.status == 0, "\(page.errors)")
        #expect(page.output.contains("<a class=\"phone\" href=\"tel:+13609024110\">(360) 902-4110</a>"))
        #expect(page.output.contains("<a class=\"phone\" href=\"tel:+12535947848\">(253) 594-7848</a>"))
        #expect(page.output.contains("le pido al Gobernador"))
        #expect(page.output.contains("le pido a la Alcaldesa"))
        #expect(page.output.contains("le pido a su concejal o concejala"))
        #expect(page.output.contains("me llamo &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!page.output.contains("<script>alert"))
    }

    @Test func aTacomaZIPAsksForTheDistrictWithoutClaimingItSpansSeveral() throws {
        let page = try preview(["tacoma-support-sanctuary", "--lang", "en", "--zip", "98405"]).output
        #expect(page.contains("Tacoma: Choose your district:"))
        #expect(page.contains("<input type=\"radio\" name=\"district\" value=\"5\" required> <span>Council District 5</span>"))
        let spanning = try preview(["king-county-ice-accountability", "--zip", "98104"]).output
        #expect(!spanning.contains("name=\"district\""), "King County has no districts in the data, so nothing to choose")
    }

    @Test func aClosedCampaignShowsNoSignForm() throws {
        let path = try TestSupport.seededDatabasePath()
        #expect(try TestSupport.campaign(["close", "dc-protect-residents-from-ice"], database: path).status == 0)
        let out = TestSupport.temporaryFolder() + "/closed.html"
        #expect(try TestSupport.campaign(["preview", "dc-protect-residents-from-ice", "--out", out], database: path).status == 0)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("This campaign has ended."))
        #expect(!html.contains("<form class=\"sign\""))
    }
}
