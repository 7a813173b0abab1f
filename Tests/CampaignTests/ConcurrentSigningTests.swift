import Campaign
import Foundation
import Glibc
import Testing

/// The same signature sent many times at once (a double-clicking supporter,
/// a retrying browser, a replaying script) is one signature: one row, the
/// count up by one, and every sender gets the usual thank-you answer.
@Suite struct ConcurrentSigningTests {
    static let senders = 100

    @Test func aHundredIdenticalSubmissionsAtOnceStoreOneSignature() async throws {
        let data = try E2E.noConfirmData.get()
        try await onThread { check in
            // The Seattle note needs no confirmation in this data, so a signature counts at once.
            let server = try ServerProcess.start([], data: data)
            defer { server.kill() }
            let client = server.client()
            let token = try E2E.openForm(client, E2E.seattle, "en", check)
            let email = E2E.uniqueEmail("concurrent")
            let form = E2E.signature(token: token, name: "Ana Concurrente", email: email, zip: "98104", reason: "Once is enough",
                                     consent: ["public"], language: "en")
            // One session, one token, one body: the same request byte for byte.
            let request = client.requestBytes("POST", "/c/\(E2E.seattle)/sign", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                              body: Array(HTTPTestClient.encode(form).utf8))
            let before = try E2E.storedCounts(server, E2E.seattle)
            let apiBefore = try E2E.apiSignatures(client, E2E.seattle)

            // Each sender connects from its own loopback address, as a hundred devices
            // would: the server's connection limit (64 per address) and its signing rate
            // limit (10 an hour per address) both count per address, so neither
            // --trust-proxy with X-Forwarded-For nor a higher --sign-limit is needed.
            let ready = Locked(0)
            let go = Locked(false)
            let answers = Locked<[Result<HTTPResponse, HTTPTestError>]>([])
            let senders: [@Sendable () -> Void] = (0..<Self.senders).map { number in
                {
                    let result: Result<HTTPResponse, HTTPTestError>
                    do {
                        let connection = try HTTPConnection(port: server.port, timeout: 30, from: "127.0.1.\(number + 1)")
                        // All but the last byte first, so that the requests complete together.
                        try connection.send(Array(request.dropLast()))
                        ready.withLock { $0 += 1 }
                        while !go.withLock({ $0 }) { usleep(1_000) }
                        try connection.send([request.last!])
                        result = .success(try connection.readResponse(method: "POST"))
                    } catch let error as HTTPTestError {
                        ready.withLock { $0 += 1 }
                        result = .failure(error)
                    } catch {
                        result = .failure(.malformed("\(error)"))
                    }
                    answers.withLock { $0.append(result) }
                }
            }
            concurrently(senders + [{
                let deadline = Date().addingTimeInterval(20)
                while ready.withLock({ $0 }) < Self.senders && Date() < deadline { usleep(1_000) }
                go.withLock { $0 = true }
            }])

            let results = answers.withLock { $0 }
            let responses = results.compactMap { try? $0.get() }
            let failures = results.compactMap { result -> String? in if case .failure(let error) = result { "\(error)" } else { nil } }
            check.expect(responses.count == Self.senders, "\(responses.count) of \(Self.senders) answered; failures: \(failures.prefix(5))")
            let thanks = "/c/\(E2E.seattle)/thanks?lang=en"
            let unusual = responses.filter { $0.status != 303 || $0.header("Location") != thanks || !$0.body.isEmpty }
            check.expect(unusual.isEmpty, "\(unusual.count) answers were not the usual thank-you redirect: \(unusual.prefix(3).map(\.summary))")

            let rows = try E2E.signatureRows(server, email: email)
            check.expect(rows == 1, "\(rows) rows for one signer")
            let after = try E2E.storedCounts(server, E2E.seattle)
            check.expect(after.rows == before.rows + 1 && after.count == before.count + 1 && after.validated == before.validated + 1 && after.suspect == before.suspect,
                         "stored counts went from \(before) to \(after)")
            check.expect(try E2E.apiSignatures(client, E2E.seattle) == apiBefore.map { $0 + 1 }, "the public count did not rise by exactly one")
            check.expect(server.stop().exit == .success, "SIGTERM afterwards")
        }
    }
}
