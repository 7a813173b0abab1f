@testable import Campaign
import CampaignWeb
import Foundation
import Glibc

/// Two HTTPS sites on loopback for the embed: the campaign's, through nginx
/// configured by docs/deploy/nginx-campaign.conf, and an organizer's page
/// holding the snippet `campaign show` prints, from a second server block,
/// which also answers as another site the campaign does not list; all with
/// one self-signed certificate, and Chromium told where the host names are
/// (`Support/embed_browser.py` drives it).
final class EmbedBrowser: @unchecked Sendable {
    /// Whether the programs are there (`script/setup --tests` installs them).
    static var isInstalled: Bool {
        ["/usr/bin/chromium", "/usr/sbin/nginx", "/usr/bin/openssl", "/usr/bin/python3"].allSatisfy(FileManager.default.isExecutableFile)
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("embed_browser.py").path

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What the frame showed before and after signing.
    struct Signing {
        let before: String
        let after: String
        let afterURL: String
        /// The top-level site the frame's session cookie is kept for.
        let partitionedBy: String?
        /// What the same frame showed on the other site's page.
        let otherURL: String
    }

    let folder = TestSupport.temporaryFolder()
    let campaignPort = SMTPTransportTests.freePort()
    let parentPort = SMTPTransportTests.freePort()
    var campaignOrigin: String { "https://campaign.test:\(campaignPort)" }
    var parentOrigin: String { "https://parent.test:\(parentPort)" }
    private var nginx: Process?

    /// Makes the certificate.
    init() throws {
        try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/key.pem", "-out", folder + "/cert.pem",
                                          "-days", "2", "-subj", "/CN=campaign.test", "-addext", "subjectAltName=DNS:campaign.test,DNS:parent.test"])
    }

    /// nginx in front of the server at `upstreamPort`, as the deploy guide
    /// has it, on the campaign's port, with the parent's site beside it.
    func startNginx(upstreamPort: Int) throws {
        let nginxFolder = folder + "/nginx"
        for sub in ["temp", "logs", "parent"] { try FileManager.default.createDirectory(atPath: nginxFolder + "/" + sub, withIntermediateDirectories: true) }
        var site = try String(contentsOf: TestSupport.repository.appendingPathComponent("docs/deploy/nginx-campaign.conf"), encoding: .utf8)
        for (from, to) in [("listen 80;", "listen 127.0.0.1:\(SMTPTransportTests.freePort());"), ("listen [::]:80;", ""),
                           ("listen 443 ssl http2;", "listen 127.0.0.1:\(campaignPort) ssl http2;"), ("listen [::]:443 ssl http2;", ""),
                           ("/etc/letsencrypt/live/act.example.org/fullchain.pem", folder + "/cert.pem"),
                           ("/etc/letsencrypt/live/act.example.org/privkey.pem", folder + "/key.pem"),
                           ("/var/log/nginx/campaign.access.log", nginxFolder + "/logs/access.log"),
                           ("server 127.0.0.1:8080;", "server 127.0.0.1:\(upstreamPort);"), ("act.example.org", "campaign.test")] {
            guard site.contains(from) else { throw Failure(description: "docs/deploy/nginx-campaign.conf has no '\(from)'") }
            site = site.replacingOccurrences(of: from, with: to)
        }
        site += """

            server {
                listen 127.0.0.1:\(parentPort) ssl;
                server_name parent.test other.test;
                ssl_certificate \(folder)/cert.pem;
                ssl_certificate_key \(folder)/key.pem;
                root \(nginxFolder)/parent;
            }

            """
        try site.write(toFile: nginxFolder + "/campaign.conf", atomically: false, encoding: .utf8)
        // Debian's nginx.conf, reduced to what matters, with this run's own files.
        try """
            \(getuid() == 0 ? "user root;" : "")
            worker_processes 1;
            pid \(nginxFolder)/nginx.pid;
            error_log \(nginxFolder)/error.log warn;
            events { worker_connections 64; }
            http {
              include /etc/nginx/mime.types;
              default_type application/octet-stream;
              access_log \(nginxFolder)/logs/default.log;
              gzip on;
              client_body_temp_path \(nginxFolder)/temp/body;
              proxy_temp_path \(nginxFolder)/temp/proxy;
              fastcgi_temp_path \(nginxFolder)/temp/fastcgi;
              uwsgi_temp_path \(nginxFolder)/temp/uwsgi;
              scgi_temp_path \(nginxFolder)/temp/scgi;
              include \(nginxFolder)/campaign.conf;
            }

            """.write(toFile: nginxFolder + "/nginx.conf", atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-p", nginxFolder, "-c", nginxFolder + "/nginx.conf", "-e", nginxFolder + "/error.log", "-g", "daemon off;"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        nginx = process
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port: campaignPort) || !Self.accepts(port: parentPort) {
            guard process.isRunning, Date() < deadline else {
                throw Failure(description: "nginx did not start: " + ((try? String(contentsOfFile: nginxFolder + "/error.log", encoding: .utf8)) ?? ""))
            }
            usleep(50_000)
        }
    }

    func stopNginx() {
        guard let nginx, nginx.isRunning else { return }
        nginx.terminate()
        nginx.waitUntilExit()
    }

    /// Opens the parent's page holding the snippet for `slug` in `locale` and
    /// signs inside the frame with `fields` (checkboxes as true).
    func sign(slug: String, locale: String, fields: [String: Any]) throws -> Signing {
        let snippet = EmbedSnippet.html(baseURL: campaignOrigin, slug: slug, locale: locale, title: "Sign")
        try "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            .appending("<title>An organizer's site</title></head><body><p>An organizer's own page.</p>\(snippet)</body></html>\n")
            .write(toFile: folder + "/nginx/parent/index.html", atomically: false, encoding: .utf8)
        let fieldsJSON = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
        let output = try Self.run("/usr/bin/python3", [Self.script, parentOrigin + "/", folder, fieldsJSON, "https://other.test:\(parentPort)/",
                                                       "--no-sandbox", "--ignore-certificate-errors", "--test-third-party-cookie-phaseout",
                                                       "--host-resolver-rules=MAP campaign.test 127.0.0.1, MAP parent.test 127.0.0.1, MAP other.test 127.0.0.1"])
        guard let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let before = result["before"] as? [String: Any], let after = result["after"] as? [String: Any]
        else { throw Failure(description: "embed_browser.py printed: \(output)") }
        let cookies = result["cookies"] as? [[String: Any]] ?? []
        let session = cookies.first { $0["name"] as? String == CSRFProtection.sessionCookie }
        return Signing(before: before["text"] as? String ?? "", after: after["text"] as? String ?? "", afterURL: after["url"] as? String ?? "",
                       partitionedBy: (session?["partitionKey"] as? [String: Any])?["topLevelSite"] as? String,
                       otherURL: result["other"] as? String ?? "")
    }

    /// Runs a program to its end; its standard output, or a failure with its standard error.
    @discardableResult
    private static func run(_ program: String, _ arguments: [String]) throws -> String {
        let result = try TestSupport.campaign(arguments, binary: program)
        guard result.status == 0 else { throw Failure(description: "\(program) exited \(result.status): \(result.errors)") }
        return result.output
    }

    /// Whether something accepts connections on the loopback port.
    private static func accepts(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
