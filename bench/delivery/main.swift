import Campaign
import Foundation

// Delivery benchmarks. Run with
//   swift run -c release --package-path bench delivery-bench [rows] [messages]
// 1. Export: a database with `rows` signatures (default 1,000,000) on the DC
//    petition; the organizer CSV export of every signer, against `sqlite3
//    -csv` dumping the same columns of the same rows to a file.
// 2. Digest mail: `messages` (default 5,000) digest-sized messages queued in
//    the outbox and drained over one SMTP connection into the test sink
//    (aiosmtpd on loopback, Tests/CampaignTests/Support/smtp_sink.py).

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func residentMegabytes() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

let arguments = CommandLine.arguments.dropFirst()
let rows = arguments.first.flatMap { Int($0) } ?? 1_000_000
let messageCount = arguments.dropFirst().first.flatMap { Int($0) } ?? 5_000
let folder = NSTemporaryDirectory() + "delivery-bench-\(UUID().uuidString)"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }
let path = folder + "/bench.sqlite"
let pool = try DatabasePool(path: path)
try DemoDataLoader.load(from: "data", into: pool)
let slug = "dc-protect-residents-from-ice"

/// Runs SQL with the sqlite3 shell and returns what it prints: the bench
/// fills the database faster than any store would, and the stores are the
/// only SQL inside the program.
@discardableResult
func sqlite3(_ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let printed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { fatalError("sqlite3 failed on: \(sql)") }
    return String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

// MARK: - Export

guard let campaign = try pool.read({ try CampaignStore.id(of: slug, $0) }) else { fatalError("no DC petition") }
let fillTime = try seconds {
    try sqlite3("""
            BEGIN;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(rows))
            INSERT INTO signatures (campaign_id, name, email, canonical_email, zip, reason, locale, consent_public, consent_share_email,
                consent_updates, state, suspect, created_at, unsubscribe_token, validated_seq, validated_at, district)
            SELECT \(campaign), 'Signer ' || i || ' Example', 'signer' || i || '@example.org', 'signer' || i || '@example.org',
                CASE i % 4 WHEN 0 THEN '20001' WHEN 1 THEN '20002' WHEN 2 THEN '20020' ELSE '20011' END,
                CASE WHEN i % 3 = 0 THEN 'Because "safety", and fairness for ' || i ELSE '' END,
                CASE WHEN i % 5 = 0 THEN 'es' ELSE 'en' END, i % 2, i % 7 = 0, i % 3 = 0, 'validated', 0,
                strftime('%Y-%m-%dT%H:%M:%SZ', 1763000000 + i * 3, 'unixepoch'), 'u' || i, i,
                strftime('%Y-%m-%dT%H:%M:%SZ', 1763000000 + i * 3, 'unixepoch'), CASE WHEN i % 10 = 0 THEN '5' ELSE '' END
            FROM n;
            INSERT INTO signature_counts (campaign_id, count) VALUES (\(campaign), \(rows));
            UPDATE sequences SET value = \(rows) WHERE name = 'validated_seq';
            COMMIT;
            """)
}
print("filled \(rows) signatures in \(String(format: "%.1f", fillTime)) s")

let presentation = SignerExport.Presentation(localizer: try Localizer.load(folder: "templates/locales"),
                                             library: TemplateLibrary(folders: ["templates"]))
func export(_ audience: SignerExport.Audience, format: SignerExport.Format, to file: String) throws -> (Double, SignerExport.Summary) {
    var summary = SignerExport.Summary()
    let time = try seconds {
        let output = try ByteOutput(path: file, name: file)
        summary = try SignerExport.run(slug: slug, options: .init(format: format, audience: audience), pool: pool, presentation: presentation, generatedAt: Date(), to: output)
    }
    return (time, summary)
}

let sqliteFile = folder + "/sqlite.csv"
let campaignID = campaign
let query = """
    SELECT id, name, email, zip, district, created_at, validated_at, state, suspect, locale, reason,
        consent_public, consent_share_email, consent_updates, unsubscribed_at IS NOT NULL
    FROM signatures WHERE campaign_id = \(campaignID) ORDER BY id
    """
var sqliteTimes: [Double] = []
var exportTimes: [Double] = []
for _ in 0..<3 {
    sqliteTimes.append(try seconds {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-csv", "-header", path, query]
        _ = FileManager.default.createFile(atPath: sqliteFile, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: sqliteFile))
        try process.run()
        process.waitUntilExit()
    })
    exportTimes.append(try export(.organizer, format: .csv, to: folder + "/all.csv").0)
}
let sqliteBest = sqliteTimes.min()!, exportBest = exportTimes.min()!
let sqliteBytes = (try FileManager.default.attributesOfItem(atPath: sqliteFile)[.size] as? Int) ?? 0
let exportBytes = (try FileManager.default.attributesOfItem(atPath: folder + "/all.csv")[.size] as? Int) ?? 0
print("sqlite3 -csv: \(String(format: "%.2f", sqliteBest)) s (\(sqliteBytes / 1_000_000) MB); export --all csv: \(String(format: "%.2f", exportBest)) s (\(exportBytes / 1_000_000) MB); ratio \(String(format: "%.2f", exportBest / sqliteBest)) (target ≤ 1.5)")
let (officialTime, officialSummary) = try export(.official(id: "dc-kenyan-mcduffie"), format: .csv, to: folder + "/ward5.csv")
print("export --official (Ward 5) csv: \(String(format: "%.2f", officialTime)) s for \(officialSummary.rows) rows")
let (packetTime, packetSummary) = try export(.official(id: "dc-kenyan-mcduffie"), format: .html, to: folder + "/ward5.html")
print("export --official (Ward 5) html packet: \(String(format: "%.2f", packetTime)) s for \(packetSummary.rows) rows")
let (jsonTime, _) = try export(.organizer, format: .json, to: folder + "/all.json")
print("export --all json: \(String(format: "%.2f", jsonTime)) s")
print("peak resident memory so far: \(String(format: "%.0f", residentMegabytes())) MB")

// MARK: - Digest mail

let sink = Process()
sink.executableURL = URL(fileURLWithPath: "/usr/bin/env")
let sinkFolder = folder + "/sink"
try FileManager.default.createDirectory(atPath: sinkFolder, withIntermediateDirectories: true)
sink.arguments = ["python3", "Tests/CampaignTests/Support/smtp_sink.py", "--dir", sinkFolder, "--port", "0"]
let sinkOutput = Pipe()
sink.standardOutput = sinkOutput
try sink.run()
defer { sink.terminate() }
var portLine = ""
while !portLine.hasSuffix("\n") {
    let byte = sinkOutput.fileHandleForReading.readData(ofLength: 1)
    if byte.isEmpty { fatalError("the SMTP sink did not start (pip install aiosmtpd)") }
    portLine += String(decoding: byte, as: UTF8.self)
}
let port = portLine.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
let from = try MailAddress(name: "Campaign", address: "act@example.org")
let body = String(repeating: "- Signer Example, Washington 20001: \"Because safety, and fairness.\"\n", count: 20)
let queueTime = try seconds {
    try pool.write { db in
        for index in 0..<messageCount {
            let key = "bench:\(index)"
            let message = MailMessage(from: from, to: [try MailAddress(name: "Organizer \(index)", address: "organizer\(index)@example.org")],
                                      subject: "Mayor Bowser: Protect DC residents from ICE raids!: 12 new signatures",
                                      text: body, html: "<pre>" + HTMLEscaping.escape(body) + "</pre>", date: Date(),
                                      messageID: MailMessage.messageID(key: key, domain: "example.org"))
            try OutboxStore.enqueue(OutboxMessage.of(message, key: key, kind: .organizerDigest, campaignID: nil)[0], at: Date(), db)
        }
    }
}
let size = Double(try sqlite3("SELECT AVG(LENGTH(message)) FROM outbox")) ?? 0
var report = OutboxSender.Report()
let sendTime = seconds { report = OutboxSender(pool: pool, configuration: try! SMTPConfiguration(url: "smtp://127.0.0.1:\(port)", tls: .none)).drain() }
let connections = (try? String(contentsOfFile: sinkFolder + "/connections.txt", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
print("queued \(messageCount) messages (\(Int(size)) bytes each) in \(String(format: "%.2f", queueTime)) s")
print("sent \(report.sent) (failed \(report.failed), retrying \(report.retrying)) in \(String(format: "%.2f", sendTime)) s over \(connections) connection(s): \(String(format: "%.0f", Double(report.sent) / sendTime)) messages/s (target ≥ 700)")
