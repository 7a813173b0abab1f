@testable import Campaign
import Foundation
import Synchronization
import Testing

/// Two `campaign-server` processes on one PostgreSQL database act as one
/// site: a form one served posts to the other, counts agree across them
/// within a second, and a campaign closed from the command line closes on
/// both. Runs on PostgreSQL whichever backend the rest of the suite uses.
@Suite(.enabled(if: PostgresCluster.isInstalled, "needs PostgreSQL (apt-get install postgresql)"))
struct TwoServersTests {
    static func signatures(_ response: HTTPResponse) -> Int? {
        (E2E.json(response)?["petition"] as? [String: Any])?["signatures"] as? Int
    }

    @Test func twoServersOnOneDatabaseShareFormsCountsAndStatus() async throws {
        let data = try E2E.noConfirmData.get()
        let url = try PostgresCluster.shared().database()
        try await onThread { check in
            let first = try ServerProcess.start(["--sign-limit", "1000"], data: data, database: url)
            defer { first.kill() }
            let second = try ServerProcess.start(["--sign-limit", "1000"], data: data, database: url)
            defer { second.kill() }
            let api = "/api/v1/campaigns/\(E2E.seattle)"

            // The session and the form token's secret are the database's, not a server's.
            let onFirst = first.client()
            let token = try E2E.openForm(onFirst, E2E.seattle, "en", check)
            let onSecond = second.client()
            onSecond.setCookie("sid", onFirst.cookie("sid"))
            let signed = try onSecond.post("/c/\(E2E.seattle)/sign", form: E2E.signature(token: token, email: E2E.uniqueEmail("two"), zip: "98104"))
            check.expect(signed.status == 303, "a form from the first server, posted to the second: \(signed.summary)")
            let seen = try OrganizerChangesEndToEndTests.secondsUntil(onFirst, api) { Self.signatures($0) == 1 }
            check.expect(seen.map { $0 < 1 } == true, "the first server shows the second's signature after \(seen.map { String(format: "%.2f s", $0) } ?? "more than 10 s")")

            // Signing on both at once: every acknowledged signature is stored and counted once, and both show the same count.
            let acknowledged = Mutex(1)
            concurrently([first, second].flatMap { server in
                (0..<3).map { _ in { @Sendable in
                    let client = server.client()
                    guard let token = try? E2E.openForm(client, E2E.seattle, "en", check) else { return }
                    for _ in 0..<10 {
                        let response = try? client.post("/c/\(E2E.seattle)/sign", form: E2E.signature(token: token, email: E2E.uniqueEmail("both"), zip: "98104"))
                        if response?.status == 303 { acknowledged.withLock { $0 += 1 } }
                    }
                } }
            })
            let total = acknowledged.withLock { $0 }
            check.expect(total == 61, "\(total) of 61 signatures acknowledged")
            let stored = try E2E.storedCounts(first, E2E.seattle)
            check.expect(stored.count == total && stored.rows == total, "stored \(stored), acknowledged \(total)")
            for (name, client) in [("first", onFirst), ("second", onSecond)] {
                let agreed = try OrganizerChangesEndToEndTests.secondsUntil(client, api) { Self.signatures($0) == total }
                check.expect(agreed.map { $0 < 1 } == true, "the \(name) server's count reached \(total) after \(agreed.map { String(format: "%.2f s", $0) } ?? "more than 10 s")")
            }

            // Closing from the command line reaches both servers.
            let closed = TestSupport.campaignInProcess(["close", E2E.seattle], database: url)
            check.expect(closed.status == 0, "close: \(closed.errors)")
            for (name, client) in [("first", onFirst), ("second", onSecond)] {
                let shown = try OrganizerChangesEndToEndTests.secondsUntil(client, api) { (E2E.json($0)?["status"] as? String) == "closed" }
                check.expect(shown.map { $0 < 1 } == true, "the \(name) server shows the close after \(shown.map { String(format: "%.2f s", $0) } ?? "more than 10 s")")
            }
        }
    }

    /// A client's signatures count toward one limit on every server: past
    /// it, what it signs on either is kept as suspect.
    @Test func aClientsSignaturesOnBothServersCountTowardOneLimit() async throws {
        let data = try E2E.noConfirmData.get()
        let url = try PostgresCluster.shared().database()
        try await onThread { check in
            let first = try ServerProcess.start(["--sign-limit", "3"], data: data, database: url)
            defer { first.kill() }
            let second = try ServerProcess.start(["--sign-limit", "3"], data: data, database: url)
            defer { second.kill() }
            var emails: [String] = []
            for (server, times) in [(first, 2), (second, 2)] {
                let client = server.client()
                let token = try E2E.openForm(client, E2E.seattle, "en", check)
                for _ in 0..<times {
                    let email = E2E.uniqueEmail("limit")
                    emails.append(email)
                    let signed = try client.post("/c/\(E2E.seattle)/sign", form: E2E.signature(token: token, email: email, zip: "98104"))
                    check.expect(signed.status == 303, "\(signed.summary)")
                }
                // The servers exchange their counts twice a second.
                Thread.sleep(forTimeInterval: 1.2)
            }
            let suspect = try emails.map { try SecurityEndToEndTests.suspect(first, $0) }
            check.expect(suspect == [0, 0, 0, 1], "the fourth signature from one client, on the other server, is over the limit of 3: \(suspect)")
        }
    }
}
