import Foundation
import Testing
@testable import Campaign

/// Bidi controls in what supporters type: left out of rendered text, and a
/// name of nothing visible refused.
@Suite struct BidiControlsTests {
    @Test func embeddingsOverridesAndIsolatesAreRemovedAndMarksKept() {
        #expect(BidiControls.removed(from: "Eve\u{202E}evil, Seattle") == "Eveevil, Seattle")
        #expect(BidiControls.removed(from: "\u{202A}\u{202B}\u{202C}\u{202D}\u{2066}\u{2067}\u{2068}\u{2069}x") == "x")
        #expect(BidiControls.removed(from: "\u{200F}محمد\u{200E} \u{061C}") == "\u{200F}محمد\u{200E} \u{061C}", "marks are names' own")
        #expect(BidiControls.removed(from: "Renée — “quoted”") == "Renée — “quoted”")
    }

    @Test func renderedValuesCarryNoBidiControlsInEitherMode() throws {
        let template = try Template("{{name}}, Seattle", name: "test")
        let value: TemplateValue = ["name": .text("Eve\u{202E}<evil>")]
        #expect(try TemplateRenderer(mode: .html).render(template, value) == "Eve&lt;evil&gt;, Seattle")
        #expect(try TemplateRenderer(mode: .plain).render(template, value) == "Eve<evil>, Seattle")
    }

    @Test(arguments: [
        ("\u{200B}", false), ("\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}", false), ("\u{3164}\u{115F}", false),
        ("\u{2800}", false), ("\u{00AD}", false), ("\u{202E}\u{2066}", false), ("\u{0301}\u{FE0F}", false), ("\u{E0041}", false),
        ("李小龙", true), ("Zoë\u{200B}", true), ("محمد", true), ("O'Brien", true), ("X Æ A-12", true), ("😀", true), ("·", true),
    ])
    func aNameOfNothingVisibleIsRefused(name: String, accepted: Bool) {
        let problems = SignatureForm(name: name, email: "ana@example.org", zip: "98104").problems
        #expect(problems.isEmpty == accepted, "\(name.unicodeScalars.map { String($0.value, radix: 16) }): \(problems)")
        if !accepted { #expect(problems.map(\.messageKey) == ["error.name.invisible"]) }
    }
}
