import Foundation
import Testing
@testable import Campaign

/// What digests say, read as a mail program reads them (Python's standard
/// e-mail parser): an official's subject and body agree, the organizer
/// digest names the district it means and carries what organizers ask for.
@Suite struct CampaignDigestTests {
    typealias Signer = DeliveryPacketTests.Signer
    static let dc = DeliveryPacketTests.dc
    static let now = TestSupport.noon(2026, 11, 21)

    static func planner(_ pool: DatabasePool, locale: String? = nil) throws -> DigestPlanner {
        let templates = DeliveryPacketTests.templates
        let composer = MailComposer(settings: MailSettings(from: try MailAddress(name: "Campaign", address: "act@example.org"),
                                                           baseURL: "https://act.example.org"),
                                    localizer: try Localizer.load(folder: templates + "/locales"), library: TemplateLibrary(folders: [templates]))
        return try DigestPlanner(pool: pool, composer: composer, locale: locale, organizers: [try MailAddress(address: "organizers@example.org")])
    }

    /// The one message of a plan, parsed.
    static func mail(_ plan: DigestPlan?) throws -> ParsedMail {
        let plan = try #require(plan)
        try #require(plan.messages.count == 1, "\(plan.skipped ?? "no message")")
        let parsed = try ParsedMail.parse(plan.messages[0].bytes)
        #expect(parsed.defects == [])
        return parsed
    }

    // MARK: - The official digest

    /// The Ward 5 councilmember with an e-mail address, and the DC campaign
    /// published again with digests to officials on.
    static func wardFiveDigests() throws -> DatabasePool {
        let pool = try TestSupport.seededDatabase()
        let edited = TestSupport.campaignInProcess(["officials", "edit", "dc-kenyan-mcduffie", "--email", "ward5@example.gov", "--contact-source", "https://example.gov/ward5"], database: pool.path)
        try #require(edited.status == 0, "\(edited.errors)")
        let folder = TestSupport.temporaryFolder() + "/dc"
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder + "/campaigns/" + dc, toPath: folder)
        let toml = try String(contentsOfFile: folder + "/campaign.toml", encoding: .utf8)
        try #require(toml.contains("[digest]\nofficials = false"))
        try toml.replacingOccurrences(of: "[digest]\nofficials = false", with: "[digest]\nofficials = true")
            .write(toFile: folder + "/campaign.toml", atomically: false, encoding: .utf8)
        let published = TestSupport.campaignInProcess(["publish", folder], database: pool.path)
        try #require(published.status == 0, "\(published.errors)")
        return pool
    }

    @Test func anOfficialsSubjectCountsWhomItsBodyCounts() async throws {
        // DC's ZIPs do not tell the ward: none of these three is certainly in Ward 5.
        let pool = try await DeliveryPacketTests.database([
            Signer(name: "Ana Uno", zip: "20002", reason: "First line\nsecond line"),
            Signer(name: "Bea Dos", zip: "20002"),
            Signer(name: "Cy Tres", zip: "20020"),
        ], pool: try Self.wardFiveDigests())
        let mail = try Self.mail(try Self.planner(pool).plan(slug: Self.dc, scope: .official("dc-kenyan-mcduffie"), now: Self.now).first)
        #expect(mail.subject == "3 people who may be your constituents signed: Mayor Bowser: Protect DC residents from ICE raids!")
        let text = try #require(mail.text)
        #expect(text.contains("Since our last update, 3 people signed this petition with a ZIP code that may lie in your district or another:"), "\(text)")
        #expect(!text.contains("Since our last update, 0 of your constituents"))
        // A reason's second line stays under the first, indented.
        #expect(text.contains("\n  First line\n  second line\n"), "\(text)")
        #expect(try #require(mail.html).contains("“First line<br>second line”"))

        // One certain constituent: the subject and the headline count that one.
        let more = try await DeliveryPacketTests.database([Signer(name: "Dee Cinco", zip: "20002", district: "5")], pool: pool)
        let both = try Self.mail(try Self.planner(more).plan(slug: Self.dc, scope: .official("dc-kenyan-mcduffie"), now: Self.now).first)
        #expect(both.subject == "1 of your constituents signed (and 3 more who may be): Mayor Bowser: Protect DC residents from ICE raids!")
        #expect(both.text?.contains("Since our last update, 1 of your constituents signed this petition:") == true, "\(both.text ?? "")")
        #expect(both.text?.contains("3 more signers gave a ZIP code that spans your district and others without saying which one they live in;"
            + " they are listed apart, below.") == true)
    }

    /// The digest gives the numbers the packet gives: the known
    /// constituents in the subject and the headline, the possible ones said
    /// apart, each group listed under its own heading, and the signers per
    /// district and per ZIP code.
    @Test func anOfficialsDigestGivesItsPacketsNumbersWithThePossibleConstituentsApart() async throws {
        let pool = try await DeliveryPacketTests.wardFiveResolved(pool: try Self.wardFiveDigests())
        let mail = try Self.mail(try Self.planner(pool).plan(slug: Self.dc, scope: .official("dc-kenyan-mcduffie"), now: Self.now).first)
        #expect(mail.subject == "3 of your constituents signed (and 2 more who may be): Mayor Bowser: Protect DC residents from ICE raids!")
        let text = try #require(mail.text)
        #expect(text.contains("\nSince our last update, 3 of your constituents signed this petition:\n"), "\(text)")
        #expect(text.contains("\n3 of your constituents have signed it in all.\n2 more signers gave a ZIP code that spans your district and others"
            + " without saying which one they live in; they are listed apart, below.\n"))
        #expect(text.contains("\nBy district\n- District of Columbia — Ward 5: 3\n- District of Columbia — District not known from the ZIP code: 2\n"))
        #expect(text.contains("\nBy ZIP code\n- 20002: 4\n- 20020: 1\n"))
        let known = try #require(text.range(of: "\nSigners and their reasons\n"))
        let apart = try #require(text.range(of: "\nSigners who may be your constituents\nEach of these signers gave a ZIP code that spans your district and others,"
            + " and did not say which one they live in. They may or may not live in yours.\n"))
        #expect(known.upperBound < apart.lowerBound)
        let knownList = String(text[known.upperBound..<apart.lowerBound]), possibleList = String(text[apart.upperBound...])
        #expect(knownList.contains("- Ana Elige, District of Columbia 20002 <") && knownList.contains("> (District chosen on the form)\n  Chose Ward 5\n"))
        #expect(knownList.contains("- Beto Ubica, District of Columbia 20002 (District from their location)\n"))
        #expect(knownList.contains("- Eva Antes, District of Columbia 20002 (District chosen on the form)\n"))
        #expect(!knownList.contains("Dario") && !knownList.contains("Gil") && !text.contains("Cora"))
        #expect(possibleList.contains("- Dario Zip, District of Columbia 20002 (ZIP code only. ZIP 20002 may lie in any of districts 1, 2, 3, 4, 5, 6, 7, 8)\n"))
        #expect(possibleList.contains("- Gil Sinlista, District of Columbia 20020 (ZIP code only. ZIP 20020 may lie"))
        let html = try #require(mail.html)
        #expect(html.contains("<h2 style=\"font-size: 18px;\">Signers who may be your constituents</h2>"))
        #expect(html.contains("<li>District of Columbia — Ward 5: 3</li><li>District of Columbia — District not known from the ZIP code: 2</li>"))

        let spanish = try Self.mail(try Self.planner(pool, locale: "es").plan(slug: Self.dc, scope: .official("dc-kenyan-mcduffie"), now: Self.now).first)
        #expect(spanish.subject == "3 personas de su circunscripción firmaron (y 2 más que podrían serlo): "
            + "Alcaldesa Bowser: ¡Proteja a los residentes de DC de las redadas de ICE!")
        #expect(spanish.text?.contains("\nFirmantes que pueden ser de su circunscripción\n") == true, "\(spanish.text ?? "")")
        #expect(spanish.text?.contains("(Solo el código postal. El código postal 20002 puede estar en cualquiera de los distritos 1, 2, 3, 4, 5, 6, 7, 8)") == true)
    }

    // MARK: - The organizer digest

    /// Signatures of every kind on the DC campaign: counted ones in two
    /// languages and three ZIP codes, 23 public reasons, one still waiting
    /// for its signer to confirm, one kept as suspect, one unsubscribed.
    static func busyCampaign() async throws -> DatabasePool {
        var signers = [
            Signer(name: "Ana Uno", zip: "20002", reason: "First line\nsecond line", consent: [.public, .updates]),
            Signer(name: "Bea Dos", zip: "20001", district: "2", reason: "Ward two", consent: [.public, .updates], locale: "es"),
            Signer(name: "Cy Tres", zip: "20020", reason: "Private reason", consent: []),
            Signer(name: "Pat Pending", zip: "20002", confirmed: false),
            Signer(name: "Sus Pect", zip: "20002", suspect: true),
        ]
        signers += (1...21).map { Signer(name: "Many \($0)", zip: "20002", reason: "Reason number \($0)") }
        let pool = try await DeliveryPacketTests.database(signers)
        // One signer unsubscribes from the campaign's mail.
        // Only a hash of the token is stored: give the signer one whose token is known.
        let token = "0123456789ab.digest-test-unsubscribe"
        try pool.write { try $0.execute("UPDATE signatures SET unsubscribe_token = ? WHERE name = 'Many 1'", [SignerToken.storedHash(token)]) }
        let unsubscribed = try pool.write { try SignatureStore.unsubscribe(token: token, at: CampaignStore.timestamp(now), $0) }
        #expect(unsubscribed != nil)
        return pool
    }

    /// Without e-mail confirmation a suspect signature waits for an
    /// organizer, and the digest names the command that settles it.
    @Test func withoutConfirmationTheDigestSaysHowASuspectSignatureCounts() async throws {
        let pool = try TestSupport.seededDatabase()
        let folder = TestSupport.temporaryFolder() + "/dc"
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder + "/campaigns/" + Self.dc, toPath: folder)
        let toml = try String(contentsOfFile: folder + "/campaign.toml", encoding: .utf8)
        try #require(toml.contains("confirm_email = true"))
        try toml.replacingOccurrences(of: "confirm_email = true", with: "confirm_email = false")
            .write(toFile: folder + "/campaign.toml", atomically: false, encoding: .utf8)
        let published = TestSupport.campaignInProcess(["publish", folder], database: pool.path)
        try #require(published.status == 0, "\(published.errors)")
        _ = try await DeliveryPacketTests.database([Signer(name: "Ana Uno", zip: "20002"), Signer(name: "Sus Pect", zip: "20002", suspect: true)], pool: pool)
        let mail = try Self.mail(try Self.planner(pool).plan(slug: Self.dc, scope: .organizers, now: Self.now).first)
        let text = try #require(mail.text)
        #expect(text.contains("\n1 signature came in over the per-address limit and was kept as suspect: it counts once an organizer approves it "
            + "(campaign signatures suspect dc-protect-residents-from-ice).\n"), "\(text)")
    }

    @Test func theOrganizerDigestSaysWhatOrganizersAskFor() async throws {
        let pool = try await Self.busyCampaign()
        let mail = try Self.mail(try Self.planner(pool).plan(slug: Self.dc, scope: .organizers, now: Self.now).first)
        let text = try #require(mail.text)
        #expect(mail.subject == "Mayor Bowser: Protect DC residents from ICE raids!: 24 new signatures")
        // 24 counted and 1 waiting: 25 made, the suspect one aside.
        #expect(text.contains("\nConfirmed by e-mail: 24 of 25 signatures made so far (96%).\n"), "\(text)")
        #expect(text.contains("\nLanguages: English 23 · Español 1\n"))
        #expect(text.contains("\n2 new signers asked for updates from the campaign.\n"))
        #expect(text.contains("\n1 signer unsubscribed from the campaign's mail in this period.\n"))
        // The campaign confirms e-mail: a suspect signature counts once its signer confirms.
        #expect(text.contains("\n1 signature came in over the per-address limit and was kept as suspect: it counts once its signer "
            + "confirms their e-mail address.\n"))
        #expect(text.contains("\nBy ZIP code\n- 20002: 22\n- 20001: 1\n- 20020: 1\n"))
        #expect(text.contains("\nBy district\n- District of Columbia — District not known from the ZIP code: 23\n- District of Columbia — Ward 2: 1\n"))
        // Twenty reasons, newest first, each line under its signer; the rest are in the export.
        #expect(text.contains("\n- Many, District of Columbia:\n  Reason number 21\n"))
        #expect(text.contains("\n- Many, District of Columbia:\n  Reason number 2\n"))
        #expect(!text.contains("Reason number 1\n") && !text.contains("Ward two") && !text.contains("Private reason"))
        #expect(text.contains("\n3 more public reasons are in the export.\n"))
        #expect(text.components(separatedBy: "\n  Reason number ").count - 1 == 20)
        #expect(text.contains("run campaign export dc-protect-residents-from-ice --all, or download it with an organizer token (campaign token create) from\n"
            + "https://act.example.org/admin/campaigns/dc-protect-residents-from-ice/export?all=1&format=csv\n"))
        let html = try #require(mail.html)
        #expect(html.contains("<a href=\"https://act.example.org/admin/campaigns/dc-protect-residents-from-ice/export?all=1&amp;format=csv\">"))
        #expect(html.contains("<li>20002: 22</li>"))
    }

    /// Two servers (two pools on one database) that work out the same
    /// digest record its window, and queue its mail, once.
    @Test func aDigestWindowPlannedTwiceIsRecordedOnce() async throws {
        let pool = try await Self.busyCampaign()
        let other = try DatabasePool(path: pool.path)
        let plans = try Self.planner(pool).plan(slug: Self.dc, scope: .organizers, now: Self.now)
        let same = try Self.planner(other).plan(slug: Self.dc, scope: .organizers, now: Self.now)
        #expect(plans.count == 1 && same.count == 1)
        #expect(try Self.planner(pool).record(plans, now: Self.now).count == 1)
        #expect(try Self.planner(other).record(same, now: Self.now).isEmpty)
        #expect(try pool.read { try $0.value("SELECT COUNT(*) FROM outbox", as: Int.self) } == plans[0].messages.count)
    }

    @Test func theOrganizerDigestShowsAMultilineReasonIndentedAndFirstAmongTheNewest() async throws {
        let pool = try await DeliveryPacketTests.database([
            Signer(name: "Old Reason", zip: "20002", reason: "Older"),
            Signer(name: "Ana Uno", zip: "20002", reason: "First line\nsecond line\r\nthird line"),
        ])
        let mail = try Self.mail(try Self.planner(pool).plan(slug: Self.dc, scope: .organizers, now: Self.now).first)
        #expect(mail.text?.contains("\nNewest public reasons\n- Ana, District of Columbia:\n  First line\n  second line\n  third line\n- Old, District of Columbia:\n  Older\n") == true,
                "\(mail.text ?? "")")
        #expect(mail.html?.contains("“First line<br>second line<br>third line”") == true)
    }

    @Test func theOrganizerDigestCountsSignersInTheDistrictsRecordedForThem() async throws {
        let pool = try await DeliveryPacketTests.wardFiveResolved()
        let mail = try Self.mail(try Self.planner(pool).plan(slug: Self.dc, scope: .organizers, now: Self.now).first)
        let text = try #require(mail.text)
        #expect(text.contains("\nBy district\n- District of Columbia — Ward 5: 3\n- District of Columbia — District not known from the ZIP code: 2\n"
            + "- District of Columbia — Ward 8: 1\n"), "\(text)")
        #expect(text.contains("- Kenyan McDuffie (Councilmember): 3 new signatures from constituents; 2 more whose ZIP code may lie in this district or another\n"))
        #expect(try #require(mail.html).contains("<li>District of Columbia — Ward 8: 1</li>"))
    }

    @Test func aTargetsPossibleConstituentsAreSaidToMayLieInTheirDistrict() async throws {
        let pool = try await DeliveryPacketTests.database([Signer(name: "Ana Uno", zip: "20002"), Signer(name: "Bea Dos", zip: "20002")])
        let mail = try Self.mail(try Self.planner(pool).plan(slug: Self.dc, scope: .organizers, now: Self.now).first)
        #expect(mail.text?.contains("- Kenyan McDuffie (Councilmember): 0 new signatures from constituents; 2 more whose ZIP code may lie in this district or another\n") == true,
                "\(mail.text ?? "")")
    }
}
