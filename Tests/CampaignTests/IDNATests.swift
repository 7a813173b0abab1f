@testable import Campaign
import Testing

/// Internationalised domain names through libidn2, UTS #46
/// non-transitional processing.
@Suite struct IDNATests {
    @Test(arguments: [
        ("bücher.example", "xn--bcher-kva.example"),
        // Non-transitional: ß is kept (transitional processing made it "fass.de").
        ("Faß.de", "xn--fa-hia.de"),
        // Upper case and full-width letters are mapped; ASCII labels beside them are lowercased too.
        ("BÜCHER.Example", "xn--bcher-kva.example"),
        ("ＡＢＣ.ｅｘａｍｐｌｅ", "abc.example"),
        // The ideographic full stop separates labels.
        ("日本語。ＪＰ", "xn--wgv71a119e.jp"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("españa.example", "xn--espaa-rta.example"),
        // NFC: u and a combining diaeresis are ü.
        ("bu\u{308}cher.example", "xn--bcher-kva.example"),
        // A label already in Punycode is checked and kept.
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ("XN--BCHER-KVA.example", "xn--bcher-kva.example"),
    ])
    func internationalisedNamesBecomeASCII(_ domain: String, _ expected: String) throws {
        #expect(try IDNA.asciiDomain(domain) == expected)
    }

    @Test(arguments: ["example.org", "Example.ORG", "a-b.example", "xn.example", "x.n--a.example", "localhost", ""])
    func anASCIINameWithoutPunycodeIsReturnedAsItIs(_ domain: String) throws {
        #expect(IDNA.isPlainASCII(domain.utf8))
        #expect(try IDNA.asciiDomain(domain) == domain)
    }

    @Test(arguments: [
        ("☃.example", "string contains a disallowed character"),
        ("a\u{200D}b.example", "string contains a forbidden context-j character"),
        ("xn--zz.example", "string contains invalid punycode data"),
        ("mail.xn--a.example", "domain label has character forbidden in non-transitional mode (TR46)"),
        ("bü--cher.example", "string contains forbidden two hyphens pattern"),
        ("-bücher.example", "string start/ends with forbidden hyphen"),
        ("bücher\u{0}.example", "it contains a NUL character"),
    ])
    func aNameIDNARefusesIsAnErrorNamingItWithTheReason(_ domain: String, _ reason: String) {
        #expect(throws: IDNA.Refusal(domain: domain, reason: reason)) { try IDNA.asciiDomain(domain) }
        #expect(!IDNA.accepts(domain.utf8))
    }

    @Test func aRefusalDescribesTheNameWithoutItsControlCharacters() {
        let refusal = IDNA.Refusal(domain: "b\u{1B}[31mücher.example", reason: "string contains a disallowed character")
        #expect(refusal.description
            == "domain 'b\\u{1B}[31mücher.example' is not a valid internationalised domain name: string contains a disallowed character")
    }

    @Test func punycodeLabelsAreFoundInAnyCaseAndPosition() {
        for domain in ["xn--bcher-kva.example", "mail.XN--bcher-kva.example", "a.b.Xn--c", "xN--"] {
            #expect(!IDNA.isPlainASCII(domain.utf8), "\(domain)")
        }
        for domain in ["axn--b.example", "x-n--.example", "xn-.example", "xn", "x", "..", "x.xn-"] {
            #expect(IDNA.isPlainASCII(domain.utf8), "\(domain)")
        }
        #expect(!IDNA.isPlainASCII("exämple.org".utf8))
    }

    /// What the sign form and the directory accept: a domain IDNA refuses
    /// is not an e-mail address, so a signer is asked for another rather
    /// than never getting their confirmation.
    @Test func emailAddressesWithADomainIDNARefusesAreInvalid() {
        #expect(EmailAddress.isValid("ana@bücher.example"))
        #expect(EmailAddress.isValid("ana@xn--bcher-kva.example"))
        #expect(!EmailAddress.isValid("ana@☃.example"))
        #expect(!EmailAddress.isValid("ana@xn--zz.example"))
        #expect(EmailAddress.isWellFormed("ana@☃.example"), "the shape is an address's; only the domain is refused")
    }
}
