@testable import Campaign
@testable import CampaignWeb
import Foundation
import Testing

/// Form tokens: sessions the server issued, tokens bound to a session, a
/// campaign and a lifetime; and posts from other sites.
@Suite struct CSRFProtectionTests {
    static let csrf = CSRFProtection(secret: Array(repeating: 7, count: 32))
    static let noon = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func onlySessionsTheServerIssuedAreTaken() {
        let tokens = TokenSource.seeded(1)
        let session = Self.csrf.newSession(tokens)
        #expect(session.utf8.count == 45 && Self.csrf.isIssued(session))
        #expect(Self.csrf.newSession(tokens) != session)
        #expect(!CSRFProtection(secret: Array(repeating: 8, count: 32)).isIssued(session), "another server's secret")
        for chosen in ["", "aaaaaaaaaaaaaaaaaaaaaa", String(session.dropLast()) + (session.hasSuffix("A") ? "B" : "A"),
                       "aaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaa", session + "x", "x" + session.dropFirst()] {
            #expect(!Self.csrf.isIssued(chosen), "taken: \(chosen)")
        }
    }

    @Test func aTokenIsBoundToItsSessionCampaignAndLifetime() {
        let tokens = TokenSource.seeded(2)
        let session = Self.csrf.newSession(tokens), other = Self.csrf.newSession(tokens)
        let token = Self.csrf.token(session: session, campaign: "dc-protect", at: Self.noon)
        #expect(Self.csrf.isValid(token, session: session, campaign: "dc-protect", now: Self.noon))
        #expect(Self.csrf.isValid(token, session: session, campaign: "dc-protect", now: Self.noon + CSRFProtection.lifetime))
        #expect(!Self.csrf.isValid(token, session: session, campaign: "dc-protect", now: Self.noon + CSRFProtection.lifetime + 1), "expired")
        #expect(!Self.csrf.isValid(token, session: session, campaign: "dc-protect", now: Self.noon - 120), "made in the future")
        #expect(!Self.csrf.isValid(token, session: other, campaign: "dc-protect", now: Self.noon), "another session")
        #expect(!Self.csrf.isValid(token, session: session, campaign: "seattle-note", now: Self.noon), "another campaign")
        // The time cannot be moved on: it is part of what the MAC covers.
        let mac = token.split(separator: ".")[1]
        #expect(!Self.csrf.isValid("\(Int(Self.noon.timeIntervalSince1970) + 3600).\(mac)", session: session, campaign: "dc-protect", now: Self.noon + 3600))
        // A client-chosen session gets no valid token, whatever it is given.
        let chosen = "aaaaaaaaaaaaaaaaaaaaaa"
        #expect(!Self.csrf.isValid(Self.csrf.token(session: chosen, campaign: "dc-protect", at: Self.noon), session: chosen, campaign: "dc-protect",
                                   now: Self.noon))
        for malformed in ["", ".", "\(Int(Self.noon.timeIntervalSince1970))", "+1795000000.\(mac)", "01795000000.\(mac)", "x.\(mac)", "1795000000.%%%"] {
            #expect(!Self.csrf.isValid(malformed, session: session, campaign: "dc-protect", now: Self.noon), "taken: \(malformed)")
        }
    }

    static func request(_ headers: [String: String], secure: Bool = false) -> Request {
        Request(method: "POST", target: "/c/x/sign", headers: ["host": "act.example.org"].merging(headers) { _, given in given },
                clientAddress: "198.51.100.7", isSecure: secure)
    }

    @Test func postsFromOtherSitesAreTold() {
        let check = CrossSiteCheck(baseURL: "https://act.example.org/")
        #expect(check.siteOrigin == "https://act.example.org")
        #expect(!check.isCrossSite(Self.request([:])), "no header: a client that is not a browser")
        #expect(!check.isCrossSite(Self.request(["origin": "https://act.example.org"])))
        #expect(!check.isCrossSite(Self.request(["origin": "https://ACT.example.org:443", "sec-fetch-site": "same-origin"])))
        #expect(!check.isCrossSite(Self.request(["sec-fetch-site": "none"])), "typed into the address bar")
        #expect(check.isCrossSite(Self.request(["origin": "https://evil.example"])))
        #expect(check.isCrossSite(Self.request(["origin": "null"])))
        #expect(check.isCrossSite(Self.request(["origin": "http://act.example.org"], secure: true)), "plain HTTP is not the HTTPS site")
        #expect(check.isCrossSite(Self.request(["origin": "https://act.example.org.evil.example"])))
        #expect(check.isCrossSite(Self.request(["sec-fetch-site": "cross-site"])))
        #expect(check.isCrossSite(Self.request(["sec-fetch-site": "same-site", "origin": "https://www.example.org"])))
        #expect(check.isCrossSite(Self.request(["sec-fetch-site": "cross-site", "origin": "https://act.example.org"])))

        // Without a base URL of its own, the address the request was made
        // to: its Host, over HTTPS when the (trusted) proxy says so.
        let local = CrossSiteCheck(baseURL: "http://127.0.0.1:8080")
        #expect(!local.isCrossSite(Self.request(["origin": "http://127.0.0.1:8080"])))
        #expect(!local.isCrossSite(Self.request(["origin": "http://act.example.org"])))
        #expect(local.isCrossSite(Self.request(["origin": "https://act.example.org"])))
        #expect(!local.isCrossSite(Self.request(["origin": "https://act.example.org"], secure: true)))
        #expect(local.isCrossSite(Self.request(["origin": "http://act.example.org:8081"])))
    }
}
