import Campaign

/// `GET /metrics`: the server's figures in the Prometheus text format.
///
/// Served to a scraper on this machine, or to anyone with an organizer
/// token (`Authorization: Bearer …`). On this machine means the socket's
/// peer is a loopback address and the request did not come through a
/// proxy: behind nginx or Caddy on the same host every request arrives
/// from loopback, so one carrying X-Forwarded-For, Forwarded or X-Real-IP
/// counts as from outside, with or without `--trust-proxy`. From outside
/// without a token the answer is the same 404 page as any unknown path,
/// so the endpoint does not show itself (nor does another method, or a
/// trailing slash); a token that is not a live organizer token gets 401,
/// as at `/admin`.
struct MetricsHandler: Sendable {
    let pages: Pages
    let httpMetrics: HTTPMetrics
    var context: SiteContext { pages.context }

    func metrics(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        // At exactly /metrics: it shows itself nowhere else.
        guard request.path == "/metrics" else { throw HandlerError.notFound }
        if !Self.isLocalScraper(request) {
            guard Pages.bearerToken(request) != nil else { throw HandlerError.notFound }
            guard try pages.organizer(request) != nil else { return .now(Pages.tokenRequired(realm: "campaign metrics")) }
        }
        var response = Response(status: 200, headers: [("Content-Type", PrometheusText.contentType), ("Cache-Control", "no-store")])
        response.body = Array(text().utf8)
        return .now(response)
    }

    /// Whether the request came straight from this machine, not through a proxy.
    static func isLocalScraper(_ request: Request) -> Bool {
        let peer = request.peerAddress
        let loopback = peer.hasPrefix("127.") || peer == "::1" || peer.hasPrefix("::ffff:127.")
        return loopback && ["x-forwarded-for", "forwarded", "x-real-ip"].allSatisfy { request.headers[$0] == nil }
    }

    /// Every family, in the exposition format.
    func text() -> String {
        var text = PrometheusText()
        text.family("campaign_build_info", "gauge", "Always 1; the labels say what was built: schema version, Swift version, build configuration.")
        text.sample("campaign_build_info", 1, labels: [("schema_version", String(Migrator.campaign.latestVersion)), ("swift", BuildInfo.swift),
                                                       ("configuration", BuildInfo.configuration)])
        writeProcess(to: &text)
        httpMetrics.write(to: &text)
        writeWriter(to: &text)
        text.family("campaign_petition_signatures", "gauge", "Signatures that count, by campaign (the figure pages show).")
        for campaign in context.site.listed() where campaign.definition.petition != nil {
            text.sample("campaign_petition_signatures", context.counts.signatures(of: campaign.id), labels: [("campaign", campaign.definition.slug)])
        }
        if let backlog = context.outboxBacklog.current(now: context.clock.now()) {
            text.family("campaign_outbox_messages", "gauge", "Mail in the outbox not yet sent, by state; read at most every 5 seconds.")
            for state in [Outbox.State.queued, .sending, .failed] {
                text.sample("campaign_outbox_messages", backlog.messages[state] ?? 0, labels: [("state", state.rawValue)])
            }
            text.family("campaign_confirmations_waiting", "gauge",
                        "Confirmation mail not yet written into the outbox: it waits on its signature, read at most every 5 seconds.")
            text.sample("campaign_confirmations_waiting", backlog.confirmationsWaiting)
        }
        return text.text
    }
    private func writeProcess(to text: inout PrometheusText) {
        if let start = ProcessStatistics.startTime {
            text.family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.")
            text.sample("process_start_time_seconds", start)
        }
        if let memory = ProcessStatistics.memory() {
            text.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
            text.sample("process_resident_memory_bytes", memory.resident)
            text.family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.")
            text.sample("process_virtual_memory_bytes", memory.virtual)
        }
        text.family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.")
        text.sample("process_cpu_seconds_total", ProcessStatistics.cpuSeconds())
        if let descriptors = ProcessStatistics.descriptors() {
            text.family("process_open_fds", "gauge", "Number of open file descriptors.")
            text.sample("process_open_fds", descriptors.open)
            text.family("process_max_fds", "gauge", "Maximum number of open file descriptors.")
            text.sample("process_max_fds", descriptors.limit)
        }
    }

    private func writeWriter(to text: inout PrometheusText) {
        let statistics = context.writer.statistics
        let counters: [(String, WriterStatistics.Counter, String)] = [
            ("campaign_signatures_stored_total", .signaturesStored, "New signatures stored (suspect ones included)."),
            ("campaign_signatures_duplicate_total", .signaturesDuplicate, "Signatures by someone who had already signed; nothing new was stored."),
            ("campaign_signatures_suspect_total", .signaturesSuspect, "New signatures kept as suspect (over the rate limit) and not counted."),
            ("campaign_signatures_counted_total", .signaturesCounted, "Signatures that began to count: on signing, or on confirming the e-mail address."),
            ("campaign_signature_confirmations_total", .confirmations, "Pending signatures confirmed through the link in their mail."),
            ("campaign_call_reports_total", .callReports, "Call reports stored (suspect ones included)."),
            ("campaign_call_reports_suspect_total", .callReportsSuspect, "Call reports kept as suspect (over the rate limit) and not counted."),
            ("campaign_unsubscribes_total", .unsubscribes, "Unsubscribe requests that found their signature."),
            ("campaign_writer_failed_items_total", .failedItems, "Items the writer could not store (disk full, I/O error); the supporter was asked to try again."),
        ]
        for (name, counter, help) in counters {
            text.family(name, "counter", help)
            text.sample(name, statistics[counter])
        }
        text.family("campaign_writer_queue_depth", "gauge", "Items waiting for the signature writer's next batch.")
        text.sample("campaign_writer_queue_depth", context.writer.queueDepth)
        text.family("campaign_writer_batch_size", "histogram", "Items per batch the signature writer committed in one transaction.")
        text.histogram("campaign_writer_batch_size", bounds: statistics.batchSizes.bounds, statistics.batchSizes.snapshot())
        text.family("campaign_writer_commit_duration_seconds", "histogram", "Time to write and commit one batch (synchronous=FULL), waiting for the write lock included.")
        text.histogram("campaign_writer_commit_duration_seconds", bounds: statistics.commitMicroseconds.bounds,
                       statistics.commitMicroseconds.snapshot(), divisor: 1e6)
    }
}
