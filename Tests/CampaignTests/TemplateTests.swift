import Foundation
import Testing
@testable import Campaign

@Suite struct TemplateTests {
    func render(_ text: String, _ context: TemplateValue, mode: TemplateRenderer.Mode = .html, strict: Bool = false,
                partials: [String: String] = [:]) throws -> String {
        let parsed = try partials.mapValues { try Template($0, name: "partial.html") }
        let renderer = TemplateRenderer(mode: mode, strict: strict) { parsed[$0] }
        return try renderer.render(Template(text, name: "test.html"), context)
    }

    func parseError(_ text: String) -> String? {
        do { _ = try Template(text, name: "script.en.md"); return nil } catch { return "\(error)" }
    }

    // MARK: - Variables and escaping

    @Test func escapesScriptTagsQuotesAndAmpersandsForPages() throws {
        let name = "<script>alert('x')</script> & \"Ana\""
        #expect(try render("Hi {{name}}!", ["name": .text(name)])
                == "Hi &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Ana&quot;!")
    }

    @Test func leavesTextPlainForTheTerminal() throws {
        #expect(try render("Hi {{name}}!", ["name": "Ana & <Bob>"], mode: .plain) == "Hi Ana & <Bob>!")
    }

    @Test func rawOutputIsForTrustedMarkupOnly() throws {
        let context: TemplateValue = ["body": .markup(html: "<p>Protect DC</p>", plain: "Protect DC"), "name": "<b>Ana</b>"]
        #expect(try render("{{{body}}}", context) == "<p>Protect DC</p>")
        #expect(try render("{{& body}}", context) == "<p>Protect DC</p>")
        #expect(try render("{{body}}", context) == "&lt;p&gt;Protect DC&lt;/p&gt;")
        #expect(try render("{{{name}}}", context) == "&lt;b&gt;Ana&lt;/b&gt;", "supporter text is escaped even when raw is asked for")
        #expect(try render("{{{body}}}", context, mode: .plain) == "Protect DC")
    }

    @Test func resolvesDottedNamesAndOuterContexts() throws {
        let context: TemplateValue = ["caller": ["name": "Ana"], "targets": [["name": "Jay Inslee"], ["name": "Marilyn Strickland"]]]
        #expect(try render("{{#targets}}{{name}} from {{caller.name}}; {{/targets}}", context)
                == "Jay Inslee from Ana; Marilyn Strickland from Ana; ")
        #expect(try render("{{#targets}}{{.}}{{/targets}}", ["targets": ["a", "b"]]) == "ab")
    }

    @Test func missingNamesRenderEmptyUnlessStrict() throws {
        #expect(try render("[{{nothing}}]", [:]) == "[]")
        #expect(throws: InputError.self) { try render("a\n  {{nothing}}", [:], strict: true) }
        do { _ = try render("a\n  {{nothing}}", [:], strict: true) } catch {
            #expect("\(error)" == "test.html:2:3: unknown placeholder {{nothing}}")
        }
    }

    // MARK: - Sections

    @Test func sectionsOverEmptyListsAndFalseRenderNothingAndInvertedRenders() throws {
        let template = "{{#targets}}<li>{{name}}</li>{{/targets}}{{^targets}}No one to call.{{/targets}}"
        #expect(try render(template, ["targets": []]) == "No one to call.")
        #expect(try render(template, [:]) == "No one to call.")
        #expect(try render(template, ["targets": [["name": "A"]]]) == "<li>A</li>")
        #expect(try render("{{#open}}yes{{/open}}{{^open}}no{{/open}}", ["open": false]) == "no")
        #expect(try render("{{#open}}yes{{/open}}", ["open": true]) == "yes")
        #expect(try render("{{#name}}Hi {{name}}{{/name}}{{^name}}Hi there{{/name}}", ["name": ""]) == "Hi there")
    }

    @Test func standaloneTagsTakeTheirLineWithThem() throws {
        let template = """
            Call:
              {{#targets}}
              - {{name}}
              {{/targets}}
            {{! a comment line }}
            Thanks.
            """
        #expect(try render(template, ["targets": [["name": "A"], ["name": "B"]]], mode: .plain) == "Call:\n  - A\n  - B\nThanks.")
    }

    @Test func commentsRenderNothing() throws {
        #expect(try render("a{{! note to translators }}b", [:]) == "ab")
        #expect(try render("a{{! spans\nlines }}b", [:]) == "ab")
    }

    // MARK: - Partials

    @Test func partialsRenderInTheCurrentContext() throws {
        let output = try render("{{#targets}}{{> card}}{{/targets}}", ["targets": [["name": "A & B"]]],
                                partials: ["card": "<p>{{name}}</p>"])
        #expect(output == "<p>A &amp; B</p>")
    }

    @Test func anUnknownPartialIsAnErrorAtItsTag() throws {
        do {
            _ = try render("line\n {{> missing}}", [:])
            Issue.record("an unknown partial rendered")
        } catch {
            #expect("\(error)" == "test.html:2:2: unknown partial {{> missing}}")
        }
    }

    @Test func aPartialIncludingItselfStops() throws {
        #expect(throws: InputError.self) { try render("{{> loop}}", [:], partials: ["loop": "x{{> loop}}"]) }
    }

    // MARK: - Errors and their positions

    @Test func reportsAnUnclosedSectionAtItsOpeningTag() {
        #expect(parseError("Hello\n  {{#targets}}\n{{name}}\n") == "script.en.md:2:3: section {{#targets}} is never closed; add {{/targets}}")
    }

    @Test func reportsAMismatchedClosingTag() {
        #expect(parseError("{{#a}}\n{{#b}}x{{/a}}") == "script.en.md:2:8: closing tag {{/a}} does not match the open section {{#b}} at 2:1")
    }

    @Test func reportsAClosingTagWithNothingOpen() {
        #expect(parseError("x {{/a}}") == "script.en.md:1:3: closing tag {{/a}} has no open section")
    }

    @Test func reportsAnUnclosedTag() {
        #expect(parseError("Hi {{name\nthere") == "script.en.md:1:4: tag is not closed with }} before the end of the line")
        #expect(parseError("Hi {{{name}}") == "script.en.md:1:4: tag is not closed with }}}")
    }

    @Test func reportsABadPlaceholderName() {
        #expect(parseError("Hi {{your name}}") == "script.en.md:1:4: 'your name' is not a placeholder name; use letters, digits, '_' and '-', with '.' between parts")
        #expect(parseError("{{}}") == "script.en.md:1:1: empty tag {{}}")
    }

    @Test func countsColumnsInCharactersNotBytes() {
        #expect(parseError("Señora González {{/x}}") == "script.en.md:1:17: closing tag {{/x}} has no open section")
    }

    @Test func listsPlaceholdersWithTheirSectionsAndLocations() throws {
        let template = try Template("Hi {{caller.name}}\n{{#targets}}{{title}}{{/targets}}", name: "t")
        #expect(template.placeholders.map(\.name) == ["caller.name", "targets", "title"])
        #expect(template.placeholders[2].enclosingSections == ["targets"])
        #expect(template.placeholders[2].location == SourceLocation(file: "t", line: 2, column: 13))
    }

    // MARK: - Library

    @Test func libraryPrefersTheOrganizersFolderAndCachesParsedTemplates() throws {
        let builtIn = TestSupport.temporaryFolder(), custom = TestSupport.temporaryFolder()
        try "built-in {{> part}}".write(toFile: builtIn + "/page.html", atomically: false, encoding: .utf8)
        try "[{{x}}]".write(toFile: builtIn + "/part.html", atomically: false, encoding: .utf8)
        try "custom {{> part}}".write(toFile: custom + "/page.html", atomically: false, encoding: .utf8)
        let library = TemplateLibrary(folders: [custom, builtIn])
        let page = try #require(try library.template(named: "page"))
        #expect(try library.renderer(mode: .html).render(page, ["x": "<y>"]) == "custom [&lt;y&gt;]")
        try "changed".write(toFile: custom + "/page.html", atomically: false, encoding: .utf8)
        #expect(try library.template(named: "page")?.name == page.name, "parsed once, then served from the cache")
        #expect(try library.renderer(mode: .html).render(#require(try library.template(named: "page")), [:]).hasPrefix("custom"))
    }

    @Test func libraryRefusesNamesOutsideItsFolders() throws {
        let library = TemplateLibrary(folders: [TestSupport.temporaryFolder()])
        for name in ["../../etc/passwd", "/etc/passwd", "a/../../b"] {
            #expect(throws: InputError.self) { try library.template(named: name) }
        }
        #expect(try library.template(named: "absent") == nil)
    }
}
