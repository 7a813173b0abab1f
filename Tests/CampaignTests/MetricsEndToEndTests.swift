@testable import Campaign
import CampaignWeb
import Foundation
import Testing

/// `/metrics` on a real server over loopback: the exposition format parses
/// line by line, counters move with page views, signatures and call
/// reports, and only a direct local client or an organizer token gets it.
/// Each test starts its own server (`--trust-proxy`, so that
/// X-Forwarded-For is believed for everything but `/metrics`), so the
/// counters it reads moved only for its own requests.
@Suite struct MetricsEndToEndTests {
    static let seattle = "seattle-thank-welcoming-city"
    static let tacoma = "tacoma-support-sanctuary"

    /// A server on a copy of the demo data where Seattle's signatures count
    /// without confirmation; two signatures per address before suspicion.
    static func server() throws -> ServerProcess {
        try ServerProcess.start(["--trust-proxy", "--sign-limit", "2"], data: E2E.noConfirmData.get())
    }

    @Test func formatParsesAndCountersMoveWithRequests() async throws {
        try await onThread { check in
            let server = try Self.server()
            defer { server.stop() }
            let scraper = server.client()
            let before = try Self.scrape(scraper, check)

            // A page view, three signatures from one address (new, the same
            // person again, and one over the limit), a call report and a
            // path no route has.
            let supporter = server.client()
            supporter.defaultHeaders = [("X-Forwarded-For", "198.51.100.7")]
            let token = try E2E.openForm(supporter, Self.seattle, "en", check)
            let first = E2E.uniqueEmail("metrics")
            for email in [first, first, E2E.uniqueEmail("metrics")] {
                let signed = try supporter.post("/c/\(Self.seattle)/sign", form: E2E.signature(token: token, email: email, zip: "98104", language: "en"))
                check.expect(signed.status == 303, "sign: \(signed.summary)")
            }
            let callToken = try E2E.openForm(supporter, Self.tacoma, "en", check)
            let called = try supporter.post("/c/\(Self.tacoma)/call", form: [("csrf", callToken), ("target", "wa-jay-inslee"), ("outcome", "reached")])
            check.expect(called.status == 303, "call report: \(called.summary)")
            check.expect(try supporter.get("/wp-login.php?user=someone").status == 404, "unknown path")

            let expected: [(String, Double)] = [
                (#"campaign_http_requests_total{method="GET",route="/c/:slug",status="2xx"}"#, 2),
                (#"campaign_http_requests_total{method="POST",route="/c/:slug/sign",status="3xx"}"#, 3),
                (#"campaign_http_requests_total{method="POST",route="/c/:slug/call",status="3xx"}"#, 1),
                (#"campaign_http_requests_total{method="GET",route="other",status="4xx"}"#, 1),
                (#"campaign_http_request_duration_seconds_count{route="/c/:slug/sign"}"#, 3),
                (#"campaign_http_request_duration_seconds_bucket{route="/c/:slug/sign",le="+Inf"}"#, 3),
                ("campaign_signatures_stored_total", 2),
                ("campaign_signatures_duplicate_total", 1),
                ("campaign_signatures_suspect_total", 1),
                ("campaign_signatures_counted_total", 1),
                ("campaign_call_reports_total", 1),
                ("campaign_call_reports_suspect_total", 0),
                (#"campaign_petition_signatures{campaign="seattle-thank-welcoming-city"}"#, 1),
                ("campaign_writer_batch_size_sum", 4),
            ]
            // A request is counted once libmicrohttpd reports it complete,
            // which may be a moment after the client has read the answer.
            var after = try Self.scrape(scraper, check)
            var scrapes = 1.0
            func delta(_ key: String) -> Double { (after.values[key] ?? 0) - (before.values[key] ?? 0) }
            let deadline = Date().addingTimeInterval(5)
            while !expected.allSatisfy({ delta($0.0) == $0.1 }) && Date() < deadline {
                usleep(20_000)
                after = try Self.scrape(scraper, check)
                scrapes += 1
            }
            for (key, change) in expected {
                check.expect(delta(key) == change, "\(key): moved by \(delta(key)), expected \(change)")
            }
            let metricsScrapes = delta(#"campaign_http_requests_total{method="GET",route="/metrics",status="2xx"}"#)
            check.expect(metricsScrapes >= 1 && metricsScrapes <= scrapes, "scrapes counted: \(metricsScrapes) of \(scrapes)")
            let batches = delta("campaign_writer_batch_size_count")
            check.expect(batches >= 1 && batches <= 4, "batches: \(batches)")
            check.expect(delta("campaign_writer_commit_duration_seconds_count") == batches, "a commit per batch")
            check.expect(delta("campaign_writer_commit_duration_seconds_sum") > 0, "commits take time")
            check.expect(after.values["campaign_writer_queue_depth"] == 0, "nothing waits for the writer")
            check.expect((after.values["campaign_http_connections_open"] ?? 0) >= 1, "the scrape's own connection is open")
            check.expect((after.values["campaign_http_requests_in_flight"] ?? 0) >= 1, "the scrape itself is in flight")
            check.expect(delta("campaign_http_connections_total") >= 7, "a connection per request: \(delta("campaign_http_connections_total"))")

            // Raw paths never become labels.
            check.expect(!after.text.contains("wp-login") && !after.text.contains(first), "a raw path or an address in the metrics")
            let labels = Set(after.values.keys.filter { $0.hasPrefix("campaign_http_requests_total{") })
            check.expect(labels.allSatisfy { key in Router.site.labels.contains { key.contains("route=\"\($0)\"") } }, "routes: \(labels)")

            // The process and the build.
            check.expect((after.values["process_resident_memory_bytes"] ?? 0) > 1_000_000, "resident memory")
            let started = after.values["process_start_time_seconds"] ?? 0
            let now = Date().timeIntervalSince1970
            check.expect(started > now - 600 && started <= now + 1, "start time \(started), now \(now)")
            check.expect((after.values["process_cpu_seconds_total"] ?? 0) > 0, "CPU time")
            check.expect((after.values["process_open_fds"] ?? 0) > 3, "open descriptors")
            let build = after.values.first { $0.key.hasPrefix("campaign_build_info{") }
            check.expect(build?.value == 1 && build?.key.contains("schema_version=\"\(Migrator.campaign.latestVersion)\"") == true,
                         "build info: \(String(describing: build))")
            for state in ["queued", "sending", "failed"] {
                check.expect(after.values["campaign_outbox_messages{state=\"\(state)\"}"] == 0, "outbox \(state)")
            }
            check.expect(after.values["campaign_confirmations_waiting"] == 0, "confirmations waiting")
        }
    }

    @Test func onlyDirectLocalClientsOrOrganizerTokensGetMetrics() async throws {
        try await onThread { check in
            let server = try Self.server()
            defer { server.stop() }
            let client = server.client()
            let unknown = try client.get("/no-such-page")

            // Through a proxy on this machine: loopback, but carrying the proxy's headers.
            for header in [("X-Forwarded-For", "203.0.113.9"), ("Forwarded", "for=203.0.113.9;proto=https"), ("X-Real-IP", "203.0.113.9")] {
                let refused = try client.get("/metrics", headers: [header])
                check.expect(refused.status == 404 && refused.header("Content-Type") == unknown.header("Content-Type"),
                             "\(header.0): \(refused.summary)")
                check.expect(!refused.text.contains("campaign_"), "\(header.0): metrics leaked")
                check.expect(refused.text == unknown.text, "\(header.0): not the same page as any unknown path")
            }
            check.expect(try client.get("/metrics/").status == 404, "/metrics/ is not /metrics")
            check.expect(try client.post("/metrics", form: []).status == 404, "POST /metrics")

            // A token that is not an organizer's: 401, as at /admin.
            let proxied = ("X-Forwarded-For", "203.0.113.9")
            let forged = try client.get("/metrics", headers: [proxied, ("Authorization", "Bearer cmpn_forged")])
            check.expect(forged.status == 401 && forged.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "forged token: \(forged.summary)")

            let created = try TestSupport.campaign(["token", "create", "--name", "prometheus"], database: server.databasePath)
            try check.require(created.status == 0, created.errors)
            let token = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let scraped = try client.get("/metrics", headers: [proxied, ("Authorization", "Bearer " + token)])
            check.expect(scraped.status == 200, "with a token: \(scraped.summary)")
            check.expect(Self.parse(scraped.text).problems.isEmpty, "with a token: \(Self.parse(scraped.text).problems)")
            let listed = try TestSupport.campaign(["token", "list"], database: server.databasePath)
            check.expect(!listed.output.contains("never"), "the token's last use is noted: \(listed.output)")

            _ = try TestSupport.campaign(["token", "revoke", "prometheus"], database: server.databasePath)
            check.expect(try client.get("/metrics", headers: [proxied, ("Authorization", "Bearer " + token)]).status == 401, "revoked at once")

            // Directly on loopback, no token needed; HEAD has the headers only.
            let head = try client.head("/metrics")
            check.expect(head.status == 200 && head.body.isEmpty && head.header("Content-Type") == PrometheusTextCheck.contentType, "HEAD: \(head.summary)")
        }
    }

    // MARK: - Reading the exposition format

    /// One scrape: the text and every sample by `name{labels}` as written.
    struct Scrape {
        let text: String
        let values: [String: Double]
    }

    /// Scrapes from loopback without proxy headers and checks the answer and its format.
    static func scrape(_ client: HTTPTestClient, _ check: Checks, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Scrape {
        let response = try client.get("/metrics")
        try check.require(response.status == 200, "GET /metrics: \(response.summary)", sourceLocation: sourceLocation)
        check.expect(response.header("Content-Type") == PrometheusTextCheck.contentType, "Content-Type \(response.header("Content-Type") ?? "none")",
                     sourceLocation: sourceLocation)
        check.expect(response.header("Cache-Control") == "no-store", "Cache-Control", sourceLocation: sourceLocation)
        let parsed = parse(response.text)
        check.expect(parsed.problems.isEmpty, "format: \(parsed.problems.prefix(5))", sourceLocation: sourceLocation)
        return Scrape(text: response.text, values: parsed.values)
    }

    /// Parses the text format strictly: every line is `# HELP`, `# TYPE` or
    /// `name{labels} value`; a sample belongs to a family typed before it;
    /// histogram buckets rise and end in +Inf equal to `_count`.
    static func parse(_ text: String) -> (values: [String: Double], problems: [String]) {
        var values: [String: Double] = [:]
        var problems: [String] = []
        var types: [String: String] = [:]
        var lastBucket: [String: Double] = [:]
        guard text.hasSuffix("\n") else { return ([:], ["the text does not end with a line feed"]) }
        for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                    problems.append("bad TYPE line: \(line)")
                    continue
                }
                if types[String(parts[2])] != nil { problems.append("family typed twice: \(line)") }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            guard let sample = PrometheusTextCheck.sample(line) else {
                problems.append("not a comment or a sample: \(line)")
                continue
            }
            let family = types[sample.name] != nil ? sample.name
                : ["_bucket", "_sum", "_count"].first { sample.name.hasSuffix($0) }.map { String(sample.name.dropLast($0.count)) } ?? sample.name
            guard let type = types[family] else {
                problems.append("sample before its TYPE line: \(line)")
                continue
            }
            if type == "counter" && !sample.name.hasSuffix("_total") { problems.append("counter without _total: \(line)") }
            if values[sample.key] != nil { problems.append("sample repeated: \(line)") }
            values[sample.key] = sample.value
            if sample.name.hasSuffix("_bucket") {
                let series = sample.key.replacingOccurrences(of: #",?le="[^"]*""#, with: "", options: .regularExpression)
                if let previous = lastBucket[series], sample.value < previous { problems.append("buckets fall: \(line)") }
                lastBucket[series] = sample.value
            }
        }
        for (series, total) in lastBucket {
            let count = series.replacingOccurrences(of: "_bucket", with: "_count").replacingOccurrences(of: "{}", with: "")
            if values[count] != total { problems.append("\(series): +Inf bucket \(total), _count \(values[count] ?? -1)") }
        }
        return (values, problems)
    }
}

/// The sample line grammar of the text format, for the tests.
enum PrometheusTextCheck {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// `name{label="value",…} value`, or nil if the line is not one. The
    /// key is the line without its value.
    static func sample(_ line: String) -> (name: String, key: String, value: Double)? {
        let characters = Array(line.unicodeScalars)
        var index = 0
        func isNameStart(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || c == ":" }
        func isName(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || (c >= "0" && c <= "9") }
        guard index < characters.count, isNameStart(characters[index]) else { return nil }
        while index < characters.count && isName(characters[index]) { index += 1 }
        let name = String(String.UnicodeScalarView(characters[..<index]))
        if index < characters.count && characters[index] == "{" {
            index += 1
            while index < characters.count && characters[index] != "}" {
                // label="value", with \\, \" and \n escaped inside the value.
                guard isNameStart(characters[index]) else { return nil }
                while index < characters.count && isName(characters[index]) { index += 1 }
                guard index + 1 < characters.count, characters[index] == "=", characters[index + 1] == "\"" else { return nil }
                index += 2
                while index < characters.count && characters[index] != "\"" {
                    if characters[index] == "\\" {
                        guard index + 1 < characters.count, ["\\", "\"", "n"].contains(characters[index + 1]) else { return nil }
                        index += 1
                    } else if characters[index] == "\n" {
                        return nil
                    }
                    index += 1
                }
                guard index < characters.count else { return nil }
                index += 1
                if index < characters.count && characters[index] == "," { index += 1 }
            }
            guard index < characters.count else { return nil }
            index += 1
        }
        let key = String(String.UnicodeScalarView(characters[..<index]))
        guard index < characters.count, characters[index] == " " else { return nil }
        let valueText = String(String.UnicodeScalarView(characters[(index + 1)...]))
        let value: Double?
        switch valueText {
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        case "NaN": value = .nan
        default: value = valueText.contains(" ") ? nil : Double(valueText)
        }
        guard let value else { return nil }
        return (name, key, value)
    }
}
