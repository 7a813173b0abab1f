@testable import Campaign
import Foundation
import Testing

/// The built-in roles, their titles in English and Spanish, the Open States
/// types they map from, and roles an organizer adds in a roles file.
@Suite struct OfficeRoleTests {
    static let tacoma = "ocd-division/country:us/state:wa/place:tacoma"

    static let rolesFile = """
        # Roles this organizer's campaigns need beyond the built-in ones.
        [water-commissioner]
        en = "Water Commissioner"
        es = "Comisionado del Agua"
        legislative = true

        """

    /// A templates folder holding only a roles file.
    func templatesFolder(_ text: String = rolesFile) -> String {
        let folder = TestSupport.temporaryFolder()
        _ = FileManager.default.createFile(atPath: folder + "/roles.toml", contents: Data(text.utf8))
        return folder
    }

    // MARK: - Titles from catalogs

    /// Catalogs where Polish titles the mayor's role, and Spanish another way than the built-in role does.
    static let catalogs = Localizer(catalogs: [
        Catalog(locale: "en", entries: ["role.mayor": .text("Mayor"), "role.water-commissioner": .text("Water Commissioner")]),
        Catalog(locale: "es", entries: ["role.mayor": .text("Alcalde o alcaldesa")]),
        Catalog(locale: "pl", entries: ["role.mayor": .text("Burmistrz"), "role.water-commissioner": .text("Komisarz ds. wody")]),
    ])

    @Test func anOfficesTitleComesFromItsOwnThenItsRolesThenTheCatalogThenEnglish() throws {
        let mayor = Office(jurisdictionID: "ocd-division/country:us/state:il/place:chicago", role: "mayor")
        // A language the built-in role has no title in takes the catalog's role.mayor.
        #expect(mayor.title(in: "pl", catalogs: Self.catalogs) == "Burmistrz")
        #expect(mayor.title(in: "pl-PL", catalogs: Self.catalogs) == "Burmistrz")
        // The built-in English and Spanish titles stay as they are.
        #expect(mayor.title(in: "es", catalogs: Self.catalogs) == "Alcalde")
        #expect(mayor.title(in: "en", catalogs: Self.catalogs) == "Mayor")
        // The office's own title wins; a language no catalog titles falls back to English.
        var titled = mayor
        titled.titles = ["pl": "Burmistrz Miasta Chicago", "en": "Mayor of Chicago"]
        #expect(titled.title(in: "pl", catalogs: Self.catalogs) == "Burmistrz Miasta Chicago")
        #expect(titled.title(in: "ko", catalogs: Self.catalogs) == "Mayor of Chicago")
        #expect(mayor.title(in: "ko", catalogs: Self.catalogs) == "Mayor")
        // Without catalogs, as before.
        #expect(mayor.title(in: "pl") == "Mayor")
        // A holder's own title wins over the office's.
        let official = Official(id: "chicago-mayor", name: "Ana Nowak", sortName: "Nowak, Ana", officeID: mayor.id, source: "test", verified: nil,
                                titles: ["pl": "Pani Burmistrz"])
        #expect(official.title(in: "pl", office: mayor, catalogs: Self.catalogs) == "Pani Burmistrz")
        #expect(official.title(in: "es", office: mayor, catalogs: Self.catalogs) == "Alcalde")
    }

    @Test func anAddedRolesTitlesWinOverTheCatalogs() throws {
        let roles = try OfficeRoles.load(folders: [templatesFolder()])
        let office = roles.completingTitles(of: Office(jurisdictionID: Self.tacoma, role: "water-commissioner"))
        #expect(office.title(in: "es", catalogs: Self.catalogs) == "Comisionado del Agua")
        #expect(office.title(in: "pl", catalogs: Self.catalogs) == "Komisarz ds. wody")
    }

    // MARK: - Built-in roles

    @Test(arguments: [
        ("us-senator", "U.S. Senator", "Senador de los Estados Unidos"),
        ("us-representative", "U.S. Representative", "Representante de los Estados Unidos"),
        ("lieutenant-governor", "Lieutenant Governor", "Vicegobernador"),
        ("secretary-of-state", "Secretary of State", "Secretario de Estado"),
        ("state-treasurer", "State Treasurer", "Tesorero Estatal"),
        ("state-auditor", "State Auditor", "Auditor Estatal"),
        ("state-senator", "State Senator", "Senador Estatal"),
        ("state-representative", "State Representative", "Representante Estatal"),
        ("state-superintendent", "Superintendent of Public Instruction", "Superintendente de Instrucción Pública"),
        ("county-commissioner", "County Commissioner", "Comisionado del Condado"),
        ("county-supervisor", "County Supervisor", "Supervisor del Condado"),
        ("county-councilmember", "County Councilmember", "Concejal del Condado"),
        ("sheriff", "Sheriff", "Alguacil"),
        ("county-prosecutor", "Prosecuting Attorney", "Fiscal del Condado"),
        ("county-assessor", "County Assessor", "Tasador del Condado"),
        ("county-clerk", "County Clerk", "Secretario del Condado"),
        ("alderperson", "Alderperson", "Concejal"),
        ("council-president", "Council President", "Presidente del Concejo Municipal"),
        ("comptroller", "Comptroller", "Contralor"),
        ("public-advocate", "Public Advocate", "Defensor del Pueblo"),
        ("city-clerk", "City Clerk", "Secretario Municipal"),
        ("school-board-member", "School Board Member", "Miembro de la Junta Escolar"),
    ])
    func builtInRoleHasItsTitles(slug: String, english: String, spanish: String) throws {
        let role = try #require(OfficeRole.named(slug))
        #expect(role.titles == ["en": english, "es": spanish])
        // An office with no titles of its own shows the role's.
        let office = Office(jurisdictionID: Self.tacoma, role: slug)
        #expect(office.title(in: "en") == english)
        #expect(office.title(in: "es") == spanish)
    }

    @Test func everyBuiltInRoleHasEnglishAndSpanishTitlesAndASlug() {
        for role in OfficeRole.all {
            #expect(role.titles["en"]?.isEmpty == false, "\(role.slug)")
            #expect(role.titles["es"]?.isEmpty == false, "\(role.slug)")
            #expect(CampaignDefinition.isValidSlug(role.slug), "\(role.slug)")
        }
        #expect(Set(OfficeRole.all.map(\.slug)).count == OfficeRole.all.count)
    }

    /// Every role `type` in Open States' people data (its snapshot of
    /// 2026-08-05) names a built-in role.
    @Test func everyOpenStatesTypeMapsToABuiltInRole() {
        let types = ["mayor", "lower", "upper", "governor", "attorney general", "lt_governor", "secretary of state", "legislature",
                     "chief election officer", "treasurer", "auditor"]
        for type in types {
            #expect(OfficeRole.openStatesTypes[type].flatMap(OfficeRole.named) != nil, "\(type)")
        }
        #expect(OfficeRole.openStatesTypes["lt_governor"] == "lieutenant-governor")
        #expect(OfficeRole.openStatesTypes["secretary of state"] == "secretary-of-state")
        #expect(OfficeRole.openStatesTypes["upper"] == "state-senator")
        // A unicameral legislature's members: DC's Council, Nebraska's senators.
        #expect(OfficeRole.openStates(type: "legislature", jurisdiction: "ocd-jurisdiction/country:us/district:dc/government")?.slug == "councilmember")
        #expect(OfficeRole.openStates(type: "legislature", jurisdiction: "ocd-jurisdiction/country:us/state:ne/government")?.slug == "state-senator")
        #expect(OfficeRole.openStates(type: "governor", jurisdiction: "ocd-jurisdiction/country:us/district:dc/government")?.slug == "mayor",
                "DC's executive is its mayor")
        #expect(OfficeRole.openStates(type: "governor", jurisdiction: "ocd-jurisdiction/country:us/state:wa/government")?.slug == "governor")
        #expect(OfficeRole.openStates(type: "dogcatcher", jurisdiction: "ocd-jurisdiction/country:us/state:ne/government") == nil)
    }

    // MARK: - Roles files

    @Test func aRolesFileAddsRolesAfterTheBuiltInOnes() throws {
        let roles = try OfficeRoles.load(folders: [templatesFolder(), TestSupport.templatesFolder])
        let role = try #require(roles.named("water-commissioner"))
        #expect(role.titles == ["en": "Water Commissioner", "es": "Comisionado del Agua"])
        #expect(role.isLegislative)
        #expect(roles.knows("mayor") && roles.knows("water-commissioner") && !roles.knows("dogcatcher"))
        #expect(roles.slugList == OfficeRole.slugList + ", water-commissioner")
        #expect(try OfficeRoles.load(folders: [TestSupport.temporaryFolder()]).slugList == OfficeRole.slugList)
    }

    @Test func aBadRolesFileNamesEachProblemWithItsLine() throws {
        let text = """
            [mayor]
            en = "Mayor"

            [Bad_Role]
            en = "Bad"

            [no-english]
            es = "Sin inglés"
            title = "x"
            legislative = "yes"

            """
        let file = TestSupport.write(text, named: "roles.toml")
        do {
            _ = try OfficeRoles.load(file: file)
            Issue.record("a bad roles file loaded")
        } catch let error as InputErrors {
            #expect(error.errors.map(\.description) == [
                "\(file):1:1: role 'mayor' is built in; give an office its own titles instead",
                "\(file):4:1: malformed role 'Bad_Role'; use lowercase letters, digits and dashes",
                "\(file):7:1: role 'no-english' has no English title: en = \"…\"",
                "\(file):9:9: unknown key 'title' in role 'no-english' (a locale such as en or es, or legislative)",
                "\(file):10:15: 'legislative' must be true or false, not a string",
            ])
        }
    }

    @Test func aCampaignMayTargetAnAddedRoleOnlyWithTheRolesFile() throws {
        var files = try CampaignFolder(path: TestSupport.fixture("campaigns/valid")).allFiles
        let metadata = try #require(files[CampaignFolder.metadataFile])
        files[CampaignFolder.metadataFile] = metadata + """

            [[targets]]
            own = "water-commissioner"

            """
        let roles = try OfficeRoles.load(folders: [templatesFolder()])
        let folder = try CampaignFolder(files: files, path: "/campaign", roles: roles)
        #expect(folder.definition.targets.last == .own(role: "water-commissioner", jurisdictionID: nil))
        #expect(throws: InputError("unknown role 'water-commissioner' (known roles: \(OfficeRole.slugList))",
                                   at: SourceLocation(file: "/campaign/campaign.toml", line: 35, column: 7))) {
            try CampaignFolder(files: files, path: "/campaign")
        }
    }

    // MARK: - End to end

    /// An organizer adds a role in their templates folder, imports an
    /// official holding it, and a campaign targets the role: check passes,
    /// and the texts give the role's title in each language.
    @Test func anOrganizerRoleIsImportedCheckedAndRenderedAsATarget() throws {
        let templates = templatesFolder()
        let environment = ["CAMPAIGN_TEMPLATES": templates]
        let database = TestSupport.temporaryDatabasePath()
        let officialsFolder = TestSupport.dataFolder + "/officials"
        #expect(TestSupport.campaignInProcess(["officials", "import", officialsFolder], database: database).status == 0)

        let officials = TestSupport.write("""
            id,name,jurisdiction,role,source,contact_kind,contact_value
            tacoma-pat-rivera,Pat Rivera,\(Self.tacoma),water-commissioner,Tacoma Public Utilities board page,email,pat.rivera@example.org

            """, named: "officials.csv")
        let refused = TestSupport.campaignInProcess(["officials", "import", officials], database: database)
        #expect(refused.status == 65)
        #expect(refused.errors == "Error: \(officials):2:76: unknown role 'water-commissioner' (known roles: \(OfficeRole.slugList))\n")
        let imported = TestSupport.campaignInProcess(["officials", "import", officials], database: database, environment: environment)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("officials: 1 added"), "\(imported.output)")
        let listedRoles = TestSupport.campaignInProcess(["roles"], environment: environment)
        #expect(listedRoles.status == 0, "\(listedRoles.errors)")
        let lastRow = listedRoles.output.split(separator: "\n").last.map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lastRow == "water-commissioner Water Commissioner Comisionado del Agua roles.toml", "\(listedRoles.output)")
        #expect(listedRoles.output.contains("us-senator"))
        let listed = TestSupport.campaignInProcess(["officials", "list", "--role", "water-commissioner", "--format", "csv"],
                                                   database: database, environment: environment)
        #expect(listed.status == 0, "\(listed.errors)")
        // The holder, and the office with the role's titles.
        #expect(listed.output.contains("tacoma-pat-rivera,Pat Rivera,"), "\(listed.output)")
        #expect(listed.output.contains(",water-commissioner,,,Water Commissioner,Comisionado del Agua,"), "\(listed.output)")
        #expect(TestSupport.campaignInProcess(["officials", "list", "--role", "water-commissioner"], database: database).status == 64)
        // Editing the holder needs no roles file: the role is the one the office has.
        let edited = TestSupport.campaignInProcess(["officials", "edit", "tacoma-pat-rivera", "--party", "Nonpartisan"], database: database)
        #expect(edited.status == 0, "\(edited.errors)")

        let campaign = TestSupport.temporaryFolder() + "/water"
        try FileManager.default.copyItem(atPath: TestSupport.fixture("campaigns/valid"), toPath: campaign)
        let metadataPath = campaign + "/" + CampaignFolder.metadataFile
        let metadata = try String(contentsOfFile: metadataPath, encoding: .utf8)
        let targetsStart = try #require(metadata.range(of: "[[targets]]"))
        let organizerStart = try #require(metadata.range(of: "[organizer]"))
        let rewritten = metadata[..<targetsStart.lowerBound] + """
            [[targets]]
            role = "water-commissioner"
            jurisdiction = "\(Self.tacoma)"

            """ + metadata[organizerStart.lowerBound...]
        try rewritten.write(toFile: metadataPath, atomically: true, encoding: .utf8)
        // The mayor's script variants become the water commissioner's.
        for locale in ["en", "es"] {
            try FileManager.default.moveItem(atPath: campaign + "/script.\(locale).mayor.md", toPath: campaign + "/script.\(locale).water-commissioner.md")
        }

        let withoutRoles = TestSupport.campaignInProcess(["check", campaign], database: database)
        #expect(withoutRoles.status == 65)
        #expect(withoutRoles.errors.contains("\(metadataPath):20:8: unknown role 'water-commissioner' (known roles: \(OfficeRole.slugList))"),
                "\(withoutRoles.errors)")
        let check = TestSupport.campaignInProcess(["check", campaign], database: database, environment: environment)
        #expect(check.status == 0, "\(check.errors)")
        #expect(!check.errors.contains("water-commissioner") && !check.errors.contains("no title"), "\(check.errors)")

        for (language, title) in [("en", "Water Commissioner"), ("es", "Comisionado del Agua")] {
            let render = TestSupport.campaignInProcess(["render", campaign, "--lang", language],
                                                       database: database, environment: environment)
            #expect(render.status == 0, "\(render.errors)")
            #expect(render.output.contains(title) && render.output.contains("Pat Rivera"), "\(render.output)")
        }
    }

    // MARK: - Titles by gender

    @Test func pronounsPickAGrammaticalGenderOrNone() {
        for pronouns in ["she/her", "She/Her/Hers", "she/they", "ella", "Ella/ella", "ona/jej", "она"] {
            #expect(GrammaticalGender(pronouns: pronouns) == .feminine, "\(pronouns)")
        }
        for pronouns in ["he/him", "He/Him", "él", "el/él", "on/jego", "он"] {
            #expect(GrammaticalGender(pronouns: pronouns) == .masculine, "\(pronouns)")
        }
        for pronouns in ["they/them", "he/she", "elle", "ze/zir", "", nil] as [String?] {
            #expect(GrammaticalGender(pronouns: pronouns) == nil, "\(pronouns ?? "nil")")
        }
    }

    /// A councilmember whose pronouns are she/her, with no Spanish title of
    /// their own, is "Concejala" on the Spanish page and in the Spanish
    /// packet; one with he/him keeps "Concejal", and so do they/them.
    @Test func aCouncilmemberWithSheHerIsConcejalaOnTheSpanishPageAndInTheSpanishPacket() throws {
        let database = try CallDistrictEndToEndTests.database()
        let dc = "ocd-division/country:us/district:dc"
        let added = TestSupport.campaignInProcess(["officials", "add", "--id", "dc-janeese-lewis-george", "--name", "Janeese Lewis George",
                                                   "--jurisdiction", dc, "--role", "councilmember", "--seat", "Ward 4", "--district", "4",
                                                   "--pronouns", "she/her", "--source", "test", "--phone", "202-724-8052"], database: database)
        try #require(added.status == 0, "\(added.errors)")
        func page(_ language: String) throws -> String {
            let out = TestSupport.temporaryFolder() + "/page.html"
            let previewed = TestSupport.campaignInProcess(["preview", CallDistrictEndToEndTests.slug, "--lang", language, "--zip", "20011",
                                                           "--district", "4", "--out", out], database: database)
            try #require(previewed.status == 0, "\(previewed.errors)")
            return try String(contentsOfFile: out, encoding: .utf8)
        }
        func packet() throws -> String {
            let out = TestSupport.temporaryFolder() + "/packet.html"
            let exported = TestSupport.campaignInProcess(["export", "dc-protect-residents-from-ice", "--official", "dc-janeese-lewis-george",
                                                          "--format", "html", "--lang", "es", "--out", out], database: database)
            try #require(exported.status == 0, "\(exported.errors)")
            return try String(contentsOfFile: out, encoding: .utf8)
        }
        #expect(try page("es").contains("Janeese Lewis George <span class=\"title\">Concejala</span>"))
        #expect(try page("en").contains("Janeese Lewis George <span class=\"title\">Councilmember</span>"))
        #expect(try packet().contains("Estimado/a Concejala George:"))

        for (pronouns, title) in [("he/him", "Concejal"), ("they/them", "Concejal")] {
            let edited = TestSupport.campaignInProcess(["officials", "edit", "dc-janeese-lewis-george", "--pronouns", pronouns], database: database)
            try #require(edited.status == 0, "\(edited.errors)")
            #expect(try page("es").contains("Janeese Lewis George <span class=\"title\">\(title)</span>"), "\(pronouns)")
            #expect(try packet().contains("Estimado/a \(title) George:"), "\(pronouns)")
        }
    }
}
