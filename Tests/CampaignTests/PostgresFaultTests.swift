@testable import Campaign
import Foundation
import Glibc
import Synchronization
import Testing

/// Faults with several servers on one PostgreSQL database, with real
/// processes: a server killed with SIGKILL under signing load, PostgreSQL
/// restarted under load, and two mail senders draining one outbox. What a
/// supporter was told was stored (a 303) must be stored exactly once, and
/// the stored counts must equal the rows.
@Suite(.serialized, .enabled(if: PostgresCluster.isInstalled, "needs PostgreSQL (apt-get install postgresql)"))
struct PostgresFaultTests {
    /// Signatures driven at servers from threads of their own until
    /// stopped, each with a fresh address, every answer kept.
    final class SigningLoad: Sendable {
        /// One request and how it ended.
        struct Answer: Sendable {
            let server: Int
            let email: String
            let started: Date
            let ended: Date
            /// The status, or nil when no answer came (the connection failed).
            let status: Int?
            let response: HTTPResponse?
        }

        private let answers = Mutex<[Answer]>([])
        private let stopping = Atomic(false)
        private let running = DispatchGroup()

        /// Starts `threadsPerServer` signers on each of `servers`.
        init(_ servers: [ServerProcess], threadsPerServer: Int, prefix: String, _ check: Checks) {
            for (number, server) in servers.enumerated() {
                for _ in 0..<threadsPerServer {
                    running.enter()
                    let thread = Thread { [self] in
                        defer { running.leave() }
                        let client = server.client()
                        guard let token = try? E2E.openForm(client, E2E.seattle, "en", check) else { return }
                        while !stopping.load(ordering: .relaxed) {
                            let email = E2E.uniqueEmail(prefix)
                            let started = Date()
                            let response = try? client.post("/c/\(E2E.seattle)/sign", form: E2E.signature(token: token, email: email, zip: "98104"))
                            answers.withLock {
                                $0.append(Answer(server: number, email: email, started: started, ended: Date(), status: response?.status, response: response))
                            }
                            // A server that is gone refuses at once: no need to spin on it.
                            if response == nil { usleep(20_000) }
                        }
                    }
                    thread.stackSize = 8 << 20
                    thread.start()
                }
            }
        }

        /// Every answer so far.
        var all: [Answer] { answers.withLock { $0 } }

        /// Stops the signers and waits for their last answers.
        func stop() -> [Answer] {
            stopping.store(true, ordering: .relaxed)
            running.wait()
            return all
        }

        /// Waits until `predicate` holds for the answers, at most `timeout` seconds.
        func wait(timeout: Double, until predicate: ([Answer]) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if predicate(all) { return true }
                usleep(20_000)
            }
            return predicate(all)
        }
    }

    /// Checks on the database that every acknowledged address is there
    /// exactly once and that the stored count equals the rows, all counted.
    static func checkStored(_ acknowledged: [String], on server: ServerProcess, _ check: Checks) throws {
        let pool = try server.database()
        let id = try E2E.campaignID(server, E2E.seattle)
        let rows = try pool.read { db in
            try db.rows("SELECT canonical_email, COUNT(*) AS rows FROM signatures WHERE campaign_id = ? GROUP BY canonical_email", [id])
        }
        var stored: [String: Int] = [:]
        for row in rows { stored[try row.decode("canonical_email", as: String.self)] = try row.decode("rows", as: Int.self) }
        let lost = acknowledged.filter { stored[CanonicalEmail.of($0)] == nil }
        let repeated = acknowledged.filter { (stored[CanonicalEmail.of($0)] ?? 0) > 1 }
        check.expect(lost.isEmpty, "\(lost.count) of \(acknowledged.count) acknowledged signatures are not stored")
        check.expect(repeated.isEmpty, "\(repeated.count) acknowledged signatures are stored more than once")
        let counts = try E2E.storedCounts(server, E2E.seattle)
        check.expect(counts.count == counts.rows && counts.validated == counts.rows && counts.suspect == 0,
                     "stored count \(counts.count), rows \(counts.rows), validated \(counts.validated), suspect \(counts.suspect)")
        check.expect(counts.rows >= acknowledged.count, "\(counts.rows) rows for \(acknowledged.count) acknowledged signatures")
    }

    /// Waits until the server's API shows the stored count; the seconds it took, or nil.
    static func secondsUntilAPIShowsStoredCount(_ server: ServerProcess) throws -> Double? {
        let stored = try E2E.storedCounts(server, E2E.seattle).count
        return try OrganizerChangesEndToEndTests.secondsUntil(server.client(), "/api/v1/campaigns/\(E2E.seattle)") {
            TwoServersTests.signatures($0) == stored
        }
    }

    static func seconds(_ value: Double?) -> String { value.map { String(format: "%.2f s", $0) } ?? "more than 10 s" }

    @Test func killingOneOfTwoServersLosesNothingAcknowledgedAndTheOtherKeepsAnswering() async throws {
        let data = try E2E.noConfirmData.get()
        let url = try PostgresCluster.shared().database()
        try await onThread { check in
            let doomed = try ServerProcess.start(["--sign-limit", "1000000"], data: data, database: url)
            defer { doomed.kill() }
            let survivor = try ServerProcess.start(["--sign-limit", "1000000"], data: data, database: url)
            defer { survivor.kill() }

            let load = SigningLoad([doomed, survivor], threadsPerServer: 3, prefix: "kill9", check)
            // Both servers are signing (each has commits behind it) before the kill.
            let busy = load.wait(timeout: 20) { answers in
                (0...1).allSatisfy { server in answers.filter { $0.server == server && $0.status == 303 }.count >= 20 }
            }
            try check.require(busy, "the servers did not take signatures: \(load.all.count) answers")
            doomed.send(signal: SIGKILL)
            let killed = Date()
            _ = doomed.waitForExit(timeout: 10)
            // The survivor goes on signing after the kill, through whatever the dead one held.
            let carriedOn = load.wait(timeout: 20) { answers in
                answers.filter { $0.server == 1 && $0.started > killed && $0.status == 303 }.count >= 30
            }
            let answers = load.stop()
            check.expect(carriedOn, "the surviving server acknowledged \(answers.filter { $0.server == 1 && $0.started > killed && $0.status == 303 }.count) signatures after the kill")
            let failedOnSurvivor = answers.filter { $0.server == 1 && $0.status != 303 }
            check.expect(failedOnSurvivor.isEmpty,
                         "\(failedOnSurvivor.count) of \(answers.filter { $0.server == 1 }.count) requests to the surviving server failed: "
                         + (failedOnSurvivor.first.map { $0.response?.summary ?? "no answer" } ?? ""))
            check.expect(answers.contains { $0.server == 0 && $0.started > killed && $0.status == nil }, "the killed server still answered")

            let acknowledged = answers.filter { $0.status == 303 }.map(\.email)
            try Self.checkStored(acknowledged, on: survivor, check)
            let shown = try Self.secondsUntilAPIShowsStoredCount(survivor)
            check.expect(shown.map { $0 < 1 } == true, "the surviving server showed the stored count after \(Self.seconds(shown))")
        }
    }

    /// PostgreSQL stopped as for a restart (`fast`: connections ended,
    /// transactions rolled back) or as in a crash (`immediate`: recovery
    /// from the WAL at the next start).
    @Test(arguments: ["fast", "immediate"])
    func postgreSQLRestartedUnderLoadAsksToTryAgainLosesNothingAndServersReconnect(_ shutdown: String) async throws {
        let data = try E2E.noConfirmData.get()
        // A cluster of the test's own: the shared one stays up for every other test.
        let cluster = try PostgresCluster.standalone()
        defer { cluster.stop() }
        let url = try cluster.database()
        try await onThread { check in
            let servers = try (0..<2).map { _ in try ServerProcess.start(["--sign-limit", "1000000"], data: data, database: url) }
            defer { servers.forEach { $0.kill() } }

            let load = SigningLoad(servers, threadsPerServer: 2, prefix: "restart", check)
            let busy = load.wait(timeout: 20) { answers in
                (0...1).allSatisfy { server in answers.filter { $0.server == server && $0.status == 303 }.count >= 20 }
            }
            try check.require(busy, "the servers did not take signatures: \(load.all.count) answers")
            try cluster.stopServer(mode: shutdown)
            let down = Date()
            // Down for a second and a half, and long enough for every signer to be answered a few times.
            usleep(1_500_000)
            let answeredWhileDown = load.wait(timeout: 20) { answers in
                (0...1).allSatisfy { server in answers.filter { $0.server == server && $0.started > down }.count >= 6 }
            }
            check.expect(answeredWhileDown, "the servers did not answer while PostgreSQL was down")
            let up = Date()
            try cluster.startServer()
            let ready = Date()
            // The same processes sign again by themselves, without a restart.
            let signingAgain = load.wait(timeout: 20) { answers in
                (0...1).allSatisfy { server in answers.contains { $0.server == server && $0.started > ready && $0.status == 303 } }
            }
            let answers = load.stop()
            check.expect(signingAgain, "a server did not sign again after PostgreSQL came back")
            for server in 0...1 {
                let first = answers.filter { $0.server == server && $0.started > ready && $0.status == 303 }.map(\.ended).min()
                let after = first.map { $0.timeIntervalSince(ready) }
                check.expect(after.map { $0 < 5 } == true, "server \(server) signed again \(Self.seconds(after)) after PostgreSQL was back")
                check.expect(servers[server].isRunning, "server \(server) exited: \(servers[server].logText.suffix(2000))")
            }

            // While it was down: the form back with "try again" and what was typed, never a crash or a bare error.
            let whileDown = answers.filter { $0.started > down && $0.ended < up }
            check.expect(!whileDown.isEmpty, "no request was answered while PostgreSQL was down")
            for answer in whileDown {
                guard let response = answer.response else {
                    check.fail("server \(answer.server) sent no answer while PostgreSQL was down")
                    continue
                }
                check.expect(response.status == 503, "while PostgreSQL was down: \(response.summary)")
                check.expect(response.header("Content-Type") == "text/html; charset=utf-8" && response.text.contains(E2E.html("error.try_again", "en")),
                             "while PostgreSQL was down, not the page asking to try again: \(response.summary)")
                check.expect(response.text.contains("value=\"\(answer.email)\""), "the page asking to try again lost the typed address")
            }
            // Anything else is a signature stored (303) or one to try again (503).
            let odd = answers.filter { $0.status != 303 && $0.status != 503 }
            check.expect(odd.isEmpty, "\(odd.count) answers were neither stored nor try again: " + (odd.first.map { $0.response?.summary ?? "no answer" } ?? ""))

            try Self.checkStored(answers.filter { $0.status == 303 }.map(\.email), on: servers[0], check)
            for (number, server) in servers.enumerated() {
                let shown = try Self.secondsUntilAPIShowsStoredCount(server)
                check.expect(shown.map { $0 < 2 } == true, "server \(number) showed the stored count after \(Self.seconds(shown))")
            }
            // Each hears the other's commits again (LISTEN on a new connection).
            let client = servers[0].client()
            let token = try E2E.openForm(client, E2E.seattle, "en", check)
            let signed = try client.post("/c/\(E2E.seattle)/sign", form: E2E.signature(token: token, email: E2E.uniqueEmail("after"), zip: "98104"))
            check.expect(signed.status == 303, "a signature after the restart: \(signed.summary)")
            let heard = try Self.secondsUntilAPIShowsStoredCount(servers[1])
            check.expect(heard.map { $0 < 1 } == true, "the other server showed a signature made after the restart after \(Self.seconds(heard))")
        }
    }

    @Test func twoSendersOnOneOutboxSendEveryMessageExactlyOnce() async throws {
        let url = try PostgresCluster.shared().database()
        try await onThread { check in
            let sink = try SMTPSink()
            let pools = try (0..<2).map { _ in try DatabasePool(path: url) }
            let past = Date().addingTimeInterval(-60)
            let count = 40
            for number in 1...count {
                _ = try DeliveryUnitTests.enqueue(DeliveryUnitTests.message("two-senders-\(number)", number: number), at: past, pools[0])
            }
            let senders = try pools.map { OutboxSender(pool: $0, configuration: try SMTPConfiguration(url: sink.url, timeout: 10, connectTimeout: 5)) }
            // Both start together, each on its own database connections.
            let reports = Mutex<[OutboxSender.Report]>([])
            let start = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            for sender in senders {
                group.enter()
                Thread {
                    start.wait()
                    let report = sender.drain()
                    reports.withLock { $0.append(report) }
                    group.leave()
                }.start()
            }
            senders.forEach { _ in start.signal() }
            group.wait()

            let done = reports.withLock { $0 }
            check.expect(done.allSatisfy { $0.stoppedBy == nil && $0.retrying == 0 && $0.failed == 0 }, "\(done)")
            check.expect(done.map(\.sent).reduce(0, +) == count, "sent \(done.map(\.sent)) of \(count)")
            check.expect(done.allSatisfy { $0.sent > 0 }, "one sender sent everything: \(done.map(\.sent))")
            let received = try sink.waitForMessages(count: count)
            usleep(300_000)
            let recipients = try sink.messages().flatMap(\.recipients)
            let expected = (1...count).map { "office\($0)@example.gov" }
            check.expect(recipients.count == count, "the sink received \(recipients.count) messages for \(count), \(received.count) at first")
            check.expect(recipients.sorted() == expected.sorted(), "recipients: \(Dictionary(grouping: recipients) { $0 }.filter { $0.value.count != 1 }.keys.sorted())")
            check.expect(try pools[1].read { try OutboxStore.counts($0) } == [.sent: count])
        }
    }

    /// Two `campaign outbox send` processes drain one outbox; one is killed
    /// with SIGKILL mid-batch. The other goes on, the next round puts the
    /// dead one's claim back, and at most the message it had in flight
    /// arrives twice.
    @Test func aSenderKilledMidBatchBesideAnotherRepeatsAtMostTheMessageInFlight() async throws {
        let url = try PostgresCluster.shared().database()
        try await onThread { check in
            let sink = try SMTPSink()
            let pool = try DatabasePool(path: url)
            let count = 300
            let past = Date().addingTimeInterval(-60)
            for number in 1...count {
                _ = try DeliveryUnitTests.enqueue(DeliveryUnitTests.message("killed-sender-\(number)", number: number), at: past, pool)
            }
            func sender() throws -> Process {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: TestSupport.campaignBinary)
                process.arguments = ["--db", url, "outbox", "send", "--smtp-url", sink.url]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            let doomed = try sender()
            let other = try sender()
            // A moment in the middle of the batch: 40 messages in.
            let deadline = Date().addingTimeInterval(20)
            while doomed.isRunning, try sink.messages().count < 40, Date() < deadline { usleep(2_000) }
            let killedMidBatch = doomed.isRunning
            kill(doomed.processIdentifier, SIGKILL)
            doomed.waitUntilExit()
            other.waitUntilExit()
            check.expect(killedMidBatch, "the sender ended before it could be killed")
            check.expect(other.terminationStatus == 0, "the other sender: exit status \(other.terminationStatus)")

            let finish = OutboxSender(pool: pool, configuration: try SMTPConfiguration(url: sink.url, timeout: 10, connectTimeout: 5)).drain()
            check.expect(finish.stoppedBy == nil && finish.recovered <= 1, "the last round: \(finish)")
            var copies: [String: Int] = [:]
            for mail in try sink.messages() {
                for recipient in mail.recipients { copies[recipient, default: 0] += 1 }
            }
            let duplicates = copies.values.reduce(0) { $0 + max(0, $1 - 1) }
            check.expect(copies.count == count, "every message arrived: \(copies.count) of \(count)")
            check.expect(duplicates <= 1, "\(duplicates) messages arrived twice after one kill")
            check.expect(try pool.read { try OutboxStore.counts($0) } == [.sent: count], "all marked sent")
        }
    }
}
