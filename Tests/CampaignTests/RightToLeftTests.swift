@testable import Campaign
import Foundation
import Testing

/// Pages, mail and packets in a right-to-left language: the document says
/// so, the styles mirror through logical properties, and numbers people
/// dial or type stay left to right.
@Suite struct RightToLeftTests {
    @Test(arguments: [("ar", "rtl"), ("ar-EG", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("en", "ltr"), ("es-MX", "ltr"),
                      ("zh-Hant", "ltr"), ("az-Arab", "rtl"), ("uz-Latn", "ltr"), ("pa-Arab", "rtl"), ("so", "ltr"), ("am", "ltr")])
    func theDirectionFollowsTheLanguageAndScript(tag: String, direction: String) {
        #expect(LocaleTag.direction(of: tag) == direction)
    }

    @Test func everyDocumentTemplateCarriesItsDirection() throws {
        let folder = TestSupport.repository.appendingPathComponent("templates").path
        let documents = try ["pages", "mail", "delivery"].flatMap { kind in
            try FileManager.default.contentsOfDirectory(atPath: folder + "/" + kind).filter { $0.hasSuffix(".html") }.map { folder + "/\(kind)/" + $0 }
        }
        #expect(documents.count >= 10)
        for path in documents {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("<html lang=\"{{lang}}\" dir=\"{{dir}}\">"), "\(path) has no direction")
        }
    }

    /// Physical sides would not mirror in a right-to-left page.
    @Test func stylesUseLogicalSides() throws {
        let folder = TestSupport.repository.appendingPathComponent("templates").path
        for path in ["static/campaign.css", "delivery/packet.html", "mail/official-digest.html", "mail/organizer-digest.html"] {
            let text = try String(contentsOfFile: folder + "/" + path, encoding: .utf8)
            for physical in ["border-left", "border-right", "padding-left", "padding-right", "margin-left", "margin-right", "text-align: left",
                             "text-align: right", " left:", " right:"] {
                #expect(!text.contains(physical), "\(path) uses \(physical)")
            }
        }
        let css = try String(contentsOfFile: folder + "/static/campaign.css", encoding: .utf8)
        #expect(css.contains("a.phone, a[href^=\"mailto:\"], input[type=\"email\"], input[inputmode=\"numeric\"], .ltr { direction: ltr;"))
    }

    @Test func aPageRendersItsDirection() throws {
        let localizer = try Localizer.load(folder: TestSupport.repository.appendingPathComponent("templates/locales").path)
        let folder = try CampaignFolder(path: TestSupport.dataFolder + "/campaigns/dc-protect-residents-from-ice")
        let page = CampaignPage(folder: folder, status: .live, locale: "es", localizer: localizer, caller: Caller(name: nil, zip: nil),
                                resolution: TargetResolver.Resolution(), path: "/c/x")
        guard case .object(let values) = try page.context() else { Issue.record("not an object"); return }
        #expect(values["dir"] == .text("ltr"))
        let arabic = CampaignPage(folder: folder, status: .live, locale: "ar", localizer: localizer, caller: Caller(), resolution: TargetResolver.Resolution(),
                                  path: "/c/x")
        guard case .object(let arabicValues) = try arabic.context() else { Issue.record("not an object"); return }
        #expect(arabicValues["dir"] == .text("rtl"))
    }

    /// An e-mail address, a ZIP code or a link typed or shown in a field reads
    /// left to right on every page, even without the style sheet.
    @Test func fieldsForAddressesAndCodesAreLeftToRight() throws {
        let pages = TestSupport.repository.appendingPathComponent("templates/pages")
        var fields = 0
        for name in ["campaign.html", "partials/sign-form.html", "thanks.html"] {
            let text = try String(contentsOf: pages.appendingPathComponent(name), encoding: .utf8)
            for input in text.components(separatedBy: "<input").dropFirst().map({ String($0.prefix { $0 != ">" }) })
            where input.contains("type=\"email\"") || input.contains("inputmode=\"numeric\"") || input.contains("id=\"share-url\"") {
                fields += 1
                #expect(input.contains(" dir=\"ltr\""), "\(name): <input\(input)>")
            }
        }
        #expect(fields == 4, "the caller's ZIP code, the signer's e-mail and ZIP code, the link to share")
    }
}
