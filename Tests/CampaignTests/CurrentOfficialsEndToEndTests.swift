@testable import Campaign
import Foundation
import Testing

/// `campaign-server` over a real socket offers supporters only the
/// officials in office today (the server's clock): a campaign that asks
/// for the supporter's own mayor shows the current one, while a campaign
/// that names the earlier mayor by id still shows her.
@Suite struct CurrentOfficialsEndToEndTests {
    @Test func campaignPagesOfferTodaysMayorAndKeepAnOfficialNamedById() async throws {
        try await onThread { check in
            let database = try TestSupport.seededDatabasePath()
            // Tacoma's mayor from 2018: the demo's mayor, with no end date, left the day before.
            let file = TestSupport.write("""
                id,name,jurisdiction,role,term_start,source,contact_kind,contact_value
                tacoma-victoria-woodards,Victoria Woodards,ocd-division/country:us/state:wa/place:tacoma,mayor,2018-01-01,Tacoma city website,phone,(253) 591-5100

                """, named: "officials.csv")
            let imported = TestSupport.campaignInProcess(["officials", "import", file], database: database)
            try check.require(imported.status == 0, "import: \(imported.errors)")
            let server = try ServerProcess.start(["--sign-limit", "1000"], database: database)
            defer { server.stop() }
            let client = server.client()

            let own = try client.get("/c/thank-your-mayor-amicus?lang=en&zip=98402")
            check.expect(own.status == 200, "own mayor: \(own.summary)")
            check.expect(own.text.contains("Victoria Woodards"), "today's Mayor of Tacoma is offered")
            check.expect(!own.text.contains("Marilyn Strickland"), "the mayor whose term ended is not offered")

            let named = try client.get("/c/tacoma-support-sanctuary?lang=en&zip=98402")
            check.expect(named.status == 200, "named: \(named.summary)")
            check.expect(named.text.contains("Marilyn Strickland"), "an official named by id stays a target")
            check.expect(!named.text.contains("Victoria Woodards"), "the campaign names no mayor by role")
        }
    }
}
