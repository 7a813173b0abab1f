@testable import Campaign
import Foundation
import Glibc
import Synchronization

/// A real PostgreSQL server for tests: a throwaway cluster made with
/// Debian's `initdb` in a folder of its own, listening on a free loopback
/// port, stopped when the test process exits. PostgreSQL refuses to run as
/// root, so under root the cluster is the `postgres` user's. Each test asks
/// for a database of its own (`database()`). A test that stops and starts
/// the server (`stopServer`, `startServer`) makes a cluster of its own
/// (`standalone()`) and stops it when done, leaving the shared one be.
final class PostgresCluster: Sendable {
    /// Why the cluster could not be used.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The newest installed server's programs (`/usr/lib/postgresql/15/bin`), if any.
    static let binaries: String? = {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }()

    /// Whether tests that need PostgreSQL can run here.
    static var isInstalled: Bool { binaries != nil }

    /// The cluster the tests share, started by the first test that asks.
    static func shared() throws -> PostgresCluster {
        try started.get()
    }

    private static let started: Result<PostgresCluster, any Error> = Result {
        let cluster = try PostgresCluster(folder: NSTemporaryDirectory() + folderPrefix + String(getpid()))
        atexit { try? PostgresCluster.shared().stop() }
        return cluster
    }

    /// A cluster of the caller's own, for a test that stops and starts its
    /// server; the caller stops it (`stop()`) when done.
    static func standalone() throws -> PostgresCluster {
        let number = standaloneCount.withLock { count in
            count += 1
            return count
        }
        return try PostgresCluster(folder: NSTemporaryDirectory() + folderPrefix + "\(getpid())-\(number)")
    }

    private static let standaloneCount = Mutex(0)

    let folder: String
    let port: Int
    private let binaries: String
    private let databases = Mutex(0)

    private init(folder: String) throws {
        guard let binaries = Self.binaries else { throw Failure(description: "PostgreSQL is not installed (apt-get install postgresql)") }
        self.binaries = binaries
        Self.stopClustersOfEndedRuns()
        self.folder = folder
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.run(["/usr/bin/chown", "postgres:postgres", folder], asServer: false) }
        port = try Self.freePort()
        try Self.run([binaries + "/initdb", "-D", folder + "/data", "-U", "campaign", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"])
        try startServer()
    }

    /// Starts the cluster's server on its port and waits until it takes connections.
    func startServer() throws {
        // The server itself, as this process's child (see `run`), writing its log to a file.
        let server = Process()
        let command = [binaries + "/postgres", "-D", folder + "/data", "-p", String(port), "-k", folder, "-c", "listen_addresses=127.0.0.1",
                       // Every test's pools at once; and a throwaway cluster needs no crash safety of its own.
                       "-c", "max_connections=1000", "-c", "fsync=off", "-c", "full_page_writes=off"]
        let launched = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command
        server.executableURL = URL(fileURLWithPath: launched[0])
        server.arguments = Array(launched.dropFirst())
        let logPath = folder + "/server.log"
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = FileHandle(forWritingAtPath: logPath)
        _ = try? log?.seekToEnd()
        server.standardOutput = log
        server.standardError = server.standardOutput
        try server.run()
        let deadline = Date().addingTimeInterval(60)
        var lastError: (any Error)?
        repeat {
            do {
                _ = try PostgresConnection(url: "postgres://campaign@127.0.0.1:\(port)/postgres")
                lastError = nil
                break
            } catch {
                lastError = error
                usleep(100_000)
            }
        } while Date() < deadline && server.isRunning
        if let lastError {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw Failure(description: "PostgreSQL did not start: \(lastError)\n\(log)")
        }
    }

    /// A new database, empty or a copy of `template`, and the URL to connect to it.
    func database(template: String? = nil) throws -> String {
        let number = databases.withLock { count in
            count += 1
            return count
        }
        let name = "test_\(number)"
        let administration = try PostgresConnection(url: url(database: "postgres"))
        try administration.execute("CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? ""))
        return url(database: name)
    }

    /// `postgres://campaign@127.0.0.1:PORT/DATABASE`.
    func url(database: String) -> String { "postgres://campaign@127.0.0.1:\(port)/\(database)" }

    /// Stops the server, keeping its data for `startServer`: `fast` as an
    /// administrator would for a restart (every connection ended,
    /// transactions under way rolled back), `immediate` as in a crash (the
    /// next start recovers from the WAL).
    func stopServer(mode: String = "fast") throws {
        try Self.run([binaries + "/pg_ctl", "-D", folder + "/data", "-m", mode, "-w", "stop"])
    }

    /// Stops the server at once (its data is thrown away) and removes the folder.
    func stop() {
        try? Self.run([binaries + "/pg_ctl", "-D", folder + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static let folderPrefix = "campaign-postgres-"

    /// Stops and removes the clusters of test processes that were killed
    /// before they could stop their own.
    private static func stopClustersOfEndedRuns() {
        let temporary = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(folderPrefix) {
            // "campaign-postgres-PID", or "campaign-postgres-PID-N" for a standalone cluster.
            let owner = name.dropFirst(folderPrefix.count).split(separator: "-").first ?? ""
            guard let pid = pid_t(owner), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if let binaries { try? run([binaries + "/pg_ctl", "-D", temporary + name + "/data", "-m", "immediate", "-w", "stop"]) }
            try? FileManager.default.removeItem(atPath: temporary + name)
        }
    }

    /// Runs a program to its end, as the `postgres` user when this process
    /// is root (and `asServer`), and throws with its output when it fails.
    /// Not for `pg_ctl start`: the server it leaves running would keep the
    /// descriptor by which `Process` learns that the program ended.
    private static func run(_ arguments: [String], asServer: Bool = true) throws {
        let process = Process()
        let command = asServer && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments : arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let outputPath = NSTemporaryDirectory() + "campaign-postgres-command-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = FileHandle(forWritingAtPath: outputPath)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        try? output?.close()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\((arguments[0] as NSString).lastPathComponent) failed (\(process.terminationStatus)): \(text)")
        }
    }

    /// A loopback port nothing listens on now.
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "cannot open a socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Failure(description: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
