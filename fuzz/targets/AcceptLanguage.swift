@testable import Campaign
import CampaignWeb

/// Language choice: `Accept-Language` parsing, locale tags, and the choice a
/// page makes from `?lang=`, the `lang` cookie and the header.
///
/// Input: up to three lines, `Accept-Language` value, request target (such
/// as `/c/x?lang=es`), `Cookie` value. Invariants: parsed weights are in
/// (0, 1] and best first, tags are lower-case ranges; canonical tags are
/// stable; whatever the request says, the locale chosen is one the campaign
/// offers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let lines = String(decoding: fuzzInput(data, size), as: UTF8.self)
        .split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    let header = lines[0]
    let target = lines.count > 1 ? lines[1] : "/"
    let cookie = lines.count > 2 ? lines[2] : ""

    checkParsedHeader(header)
    for text in [header, target, cookie] { checkTag(text) }
    for tag in LocaleNegotiation.parseAcceptLanguage(header).map(\.tag) { checkTag(tag) }

    let request = Request(method: "GET", target: target, headers: ["Accept-Language": header, "Cookie": cookie], clientAddress: "192.0.2.1")
    for (available, fallback) in offers {
        let chosen = LocaleChoice.choose(request, available: available, fallback: fallback).locale
        Invariant.require(available.contains(chosen), "LocaleChoice chose \(chosen) from \(available)")
        // A default the campaign does not offer must not leak through either.
        for (explicit, campaignDefault) in [(nil, "de"), (cookie, header)] {
            let negotiated = LocaleNegotiation.choose(explicit: explicit, acceptLanguage: header, campaignDefault: campaignDefault, available: available)
            Invariant.require(available.contains(negotiated), "LocaleNegotiation chose \(negotiated) from \(available)")
        }
    }
    let nothingOffered = LocaleNegotiation.choose(explicit: target, acceptLanguage: header, campaignDefault: cookie, available: [])
    Invariant.require(nothingOffered == (LocaleTag.canonical(cookie) ?? Localizer.fallbackLocale),
                      "with nothing available the choice is the default's canonical form, not \(nothingOffered)")
    return 0
}

/// Locales campaigns offer, with the default the site falls back to (always
/// one of them, as campaign files are checked for).
private let offers: [(available: [String], fallback: String)] = [
    (["en", "es"], "en"),
    (["es", "en"], "es"),
    (["es-MX", "en"], "en"),
    (["zh-Hant-TW", "pt-BR", "en-GB"], "pt-BR"),
    (["fr"], "fr"),
]

private func checkParsedHeader(_ header: String) {
    let ranges = LocaleNegotiation.parseAcceptLanguage(header)
    for (position, range) in ranges.enumerated() {
        Invariant.require(range.quality > 0 && range.quality <= 1, "weight \(range.quality) of \(range.tag)")
        Invariant.require(position == 0 || ranges[position - 1].quality >= range.quality, "ranges are not best first: \(ranges)")
        Invariant.require(range.tag == "*" || isLanguageRange(range.tag), "\(String(reflecting: range.tag)) is not a lower-case language range")
    }
}

private func isLanguageRange(_ tag: String) -> Bool {
    let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
    return parts.allSatisfy { (1...8).contains($0.utf8.count) && $0.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) } }
        && parts[0].utf8.allSatisfy { (0x61...0x7A).contains($0) }
}

/// Canonical tags are fixed points; keys and lookup chains agree with them.
private func checkTag(_ text: String) {
    guard let canonical = LocaleTag.canonical(text) else {
        Invariant.require(LocaleTag.key(text) == nil && LocaleTag.lookupChain(text).isEmpty, "a malformed tag has a key: \(String(reflecting: text))")
        return
    }
    Invariant.require(LocaleTag.canonical(canonical) == canonical, "canonical form of \(String(reflecting: text)) is not stable: \(canonical)")
    Invariant.require(LocaleTag.key(text) == canonical.lowercased(), "key of \(String(reflecting: text)) is not its lower-case canonical form")
    let chain = LocaleTag.lookupChain(text)
    Invariant.require(chain.first == canonical.lowercased() && chain.last == LocaleTag.language(of: canonical),
                      "lookup chain \(chain) of \(canonical)")
    Invariant.require(chain.allSatisfy { LocaleTag.key($0) == $0 }, "lookup chain \(chain) holds a malformed tag")
}
