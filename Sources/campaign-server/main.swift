import CMicroHTTPD
import Campaign
import CampaignWeb
import Foundation
import Glibc

// Serves the supporter app: configuration, the database (loaded with the
// demo data when it holds no directory), the writer, the HTTP server, the
// templates and catalogs read again on SIGHUP (and when their files
// change), and a shutdown on SIGTERM or SIGINT that loses no acknowledged
// signature.

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("campaign-server: \(message)\n".utf8))
    exit(status)
}

// SIGTERM, SIGINT and SIGHUP are blocked before any thread starts, so
// every thread inherits the mask and only the main thread's sigwait (at the
// end) takes them: one that comes while the server is still starting waits,
// pending, and is acted on as soon as it has started.
var handledSignals = sigset_t()
sigemptyset(&handledSignals)
sigaddset(&handledSignals, SIGTERM)
sigaddset(&handledSignals, SIGINT)
sigaddset(&handledSignals, SIGHUP)
pthread_sigmask(SIG_BLOCK, &handledSignals, nil)
signal(SIGPIPE, SIG_IGN)

let arguments = Array(CommandLine.arguments.dropFirst())
if ServerOptions.asksForHelp(arguments) {
    FileHandle.standardOutput.write(Data(ServerOptions.help.utf8))
    exit(0)
}
var configuration: Configuration
do {
    configuration = try ServerOptions.parse(arguments, environment: ProcessInfo.processInfo.environment)
} catch {
    fail("Error: \(error)\nHelp:  campaign-server --help", status: 64)
}

// The time and unpredictable bytes come from the system here; tests of
// the parts below give them other sources.
let clock = Clock.live

let pool: DatabasePool
do {
    pool = try DatabasePool(path: configuration.databasePath)
    // An empty directory, not a new file: a first start that failed half-way is completed.
    if try DemoDataLoader.isEmpty(pool) {
        let summary = try DemoDataLoader.load(from: configuration.dataFolder, into: pool, clock: clock)
        FileHandle.standardError.write(Data("campaign-server: loaded the demo data into \(DatabasePool.displayName(of: configuration.databasePath)) (\(summary.directory.officials.added.count) officials, \(summary.campaigns.count) campaigns)\n".utf8))
        // Parsing the boundary files took memory the server will not need again.
        campaign_release_free_memory()
    }
} catch {
    fail("\(error)", status: error is InputError || error is InputErrors || error is StorageError ? 65 : 1)
}

func log(_ line: String) {
    FileHandle.standardError.write(Data("campaign-server: \(line)\n".utf8))
}

let server: HTTPServer
let resources: SiteResources
let writer: SignatureWriter
let spooler: ConfirmationSpooler
let sender: OutboxSender?
do {
    // Listening first: with a port of 0, the port chosen goes into the
    // links the site and its mail make, and everything after is fixed.
    let listener = try ListeningSocket(address: configuration.bind, port: configuration.port)
    if configuration.port == 0 && !configuration.baseURLIsGiven {
        configuration.baseURL = "http://\(configuration.bind):\(listener.port)"
    }
    let loaded = try SiteResources.load(configuration)
    resources = loaded
    // Mail goes out from the outbox on its own thread; without an SMTP
    // server it waits there. Confirmations wait on their signatures until
    // the spooler writes them into the outbox; their text is written from
    // the site's templates, as last read, as they go.
    let mailSender = configuration.smtp.map { OutboxSender(pool: pool, configuration: $0, composer: { loaded.composer }, clock: clock) }
    let confirmations = ConfirmationSpooler(pool: pool, composer: { loaded.composer }, clock: clock)
    sender = mailSender
    spooler = confirmations
    try pool.checkpointInBackground()
    let counts = try SignatureCounts(pool: pool)
    writer = SignatureWriter(pool: pool, counts: counts, clock: clock, confirmationWaiting: { confirmations.wake() }, log: log)
    let context = try SiteContext(configuration: configuration, pool: pool, counts: counts, writer: writer, resources: loaded,
                                  clock: clock, tokens: .live, log: log)
    try context.watchForChanges()
    try context.shareRateLimits()
    loaded.reportGaps(log: log)
    loaded.watch(log: log)
    let app = App(context: context)
    confirmations.start(written: { mailSender?.wake() }, log: log)
    if let mailSender {
        mailSender.start(log: log)
    } else {
        log("no SMTP server (--smtp-url): mail waits in the outbox")
    }
    if let every = configuration.digestEvery {
        DigestSchedule(pool: pool, composer: { loaded.composer }, every: every, clock: clock, sender: mailSender, log: log).start()
    }
    server = HTTPServer(app: app, configuration: configuration, listener: listener)
    try server.start()
    if server.connectionLimit < configuration.connectionLimit {
        log("open files are limited (ulimit -n): at most \(server.connectionLimit) connections at once, not \(configuration.connectionLimit)")
    }
    FileHandle.standardError.write(Data("campaign-server: listening on http://\(configuration.bind):\(listener.port)\n".utf8))
} catch {
    fail("\(error)", status: error is InputError ? 65 : 1)
}

/// Stop accepting, let requests under way finish (the writer answers the
/// suspended ones as it commits), stop the writer, then close connections.
func shutDown(_ signalName: String) -> Never {
    FileHandle.standardError.write(Data("campaign-server: \(signalName): finishing requests under way\n".utf8))
    server.stopAccepting()
    let drained = server.waitUntilIdle(seconds: 20)
    writer.stop()
    spooler.stop()
    sender?.stop()
    _ = server.waitUntilIdle(seconds: 5)
    server.stop()
    FileHandle.standardError.write(Data("campaign-server: stopped\(drained ? "" : " (some requests did not finish in time)")\n".utf8))
    exit(0)
}

// The main thread takes the signals itself. (dispatchMain would park it in
// a sigsuspend that unblocks them, racing the signal source's
// registration: a SIGTERM in that gap killed the process or was lost.)
// SIGHUP reads the templates and catalogs again, changed or not.
while true {
    var received: Int32 = 0
    guard sigwait(&handledSignals, &received) == 0 else { continue }
    if received == SIGHUP {
        log("SIGHUP: reading the templates again")
        resources.report(resources.reload(force: true), log: log)
        continue
    }
    shutDown(received == SIGINT ? "SIGINT" : "SIGTERM")
}
