import Foundation
import Testing
@testable import Campaign

/// A full disk under the real server: the database lives on a small tmpfs
/// the test mounts for itself, filled to the last byte by a file beside it.
/// Mounting needs root, which CI has (it installs packages with apt-get).
@Suite(.serialized, .enabled(if: TestSupport.onSQLite, "a full disk under an SQLite file"), .enabled(if: SmallFilesystem.canMount, "mounting a tmpfs needs root"))
struct DiskFullTests {
    static let dc = "dc-protect-residents-from-ice"

    @Test func aSignatureOnAFullDiskIsAnsweredTryAgainLosesNothingAndGoesThroughOnceThereIsSpace() async throws {
        try await onThread { check in
            let disk = try SmallFilesystem(megabytes: 48)
            defer { disk.unmount() }
            let server = try ServerProcess.start(["--sign-limit", "1000"], database: disk.path + "/c.sqlite")
            defer { server.stop() }
            let client = server.client()
            let token = try E2E.openForm(client, Self.dc, "es", check)
            let first = E2E.uniqueEmail("before-full")
            let stored = try client.post("/c/\(Self.dc)/sign", form: E2E.signature(token: token, email: first, language: "es"))
            try check.require(stored.status == 303, "a signature before the disk fills: \(stored.summary)")
            check.expect(try E2E.queuedMail(server, to: first) == 1, "its confirmation is in the outbox before the disk fills")

            // An empty WAL, so the next commit must grow a file; then no space at all.
            try server.database().withWriterConnection { try $0.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
            let rowsBefore = try E2E.integer(server, "SELECT COUNT(*) FROM signatures")
            let mailBefore = try E2E.integer(server, "SELECT COUNT(*) FROM outbox")
            try disk.fill()

            let email = E2E.uniqueEmail("on-full-disk")
            let form = E2E.signature(token: token, name: "Inés Llena", email: email, reason: "Sin espacio <b>aún</b>", language: "es")
            let refused = try client.post("/c/\(Self.dc)/sign", form: form)
            check.expect(refused.status == 503, "a full disk is a 503: \(refused.summary)")
            check.expect(refused.text.contains(E2E.html("error.try_again", "es")), "the answer says to try again, in Spanish")
            check.expect(refused.text.contains("value=\"\(email)\"") && refused.text.contains("Sin espacio &lt;b&gt;aún&lt;/b&gt;"),
                         "the form keeps what was typed")
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures") == rowsBefore, "no signature row was written")
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM outbox") == mailBefore, "no confirmation mail was queued")
            check.expect(try client.get("/c/\(Self.dc)").status == 200, "pages are still served while the disk is full")
            check.expect(server.logText.contains("the disk is full"), "the log says why: \(server.logText.suffix(400))")
            check.expect(!server.logText.contains(email) && !server.logText.contains("Inés"), "the log holds no signer data")

            disk.makeRoom()
            let accepted = try client.post("/c/\(Self.dc)/sign", form: form)
            check.expect(accepted.status == 303, "the same form goes through once there is space: \(accepted.summary)")
            check.expect(try E2E.signatureRows(server, email: email) == 1, "stored once")
            check.expect(try E2E.queuedMail(server, to: email) == 1, "with its confirmation mail")

            let exit = server.stop()
            check.expect(exit.exit == .success, "a clean stop after the disk filled: \(exit.exit)")
            let pool = try DatabasePool(path: server.databasePath)
            check.expect(try pool.read { try $0.value("PRAGMA integrity_check", as: String.self) } == "ok", "the file is intact")
            check.expect(try pool.read { try $0.value("SELECT COUNT(*) FROM signatures WHERE email IN (?, ?)", [first, email], as: Int.self) } == 2,
                         "both acknowledged signatures are on disk after the restart")
        }
    }
}

/// A tmpfs of a few megabytes, and a file that fills it.
struct SmallFilesystem {
    let path: String
    private var filler: String { path + "/filler" }

    /// Whether this process may mount one (root, with mounting allowed).
    static let canMount: Bool = {
        guard getuid() == 0, let probe = try? SmallFilesystem(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    init(megabytes: Int) throws {
        path = TestSupport.temporaryFolder()
        let status = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path])
        guard status == 0 else { throw HTTPTestError.malformed("mount -t tmpfs \(path) failed with status \(status)") }
    }

    /// Writes until the filesystem refuses another byte.
    func fill() throws {
        let descriptor = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw HTTPTestError.malformed("cannot create \(filler)") }
        defer { close(descriptor) }
        for size in [1 << 20, 4096, 1] {
            let chunk = [UInt8](repeating: 0x55, count: size)
            while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, size) }) == size {}
        }
    }

    func makeRoom() { unlink(filler) }

    func unmount() { _ = Self.run("/bin/umount", ["-l", path]) }

    private static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
