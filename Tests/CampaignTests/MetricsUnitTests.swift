@testable import Campaign
@testable import CampaignWeb
import Testing

/// The pieces behind `/metrics`: route templates that keep labels few,
/// lock-free counters and histograms, and the text format's escaping.
@Suite struct MetricsUnitTests {
    @Test(arguments: [
        ("/", "/"), ("/?lang=es", "/"), ("/healthz", "/healthz"), ("/metrics", "/metrics"),
        ("/static/campaign.css", "/static/:file"), ("/api/v1/campaigns", "/api/v1/campaigns"),
        ("/api/v1/campaigns/dc-protect", "/api/v1/campaigns/:slug"),
        ("/admin/campaigns/dc/export?official=x&format=csv", "/admin/campaigns/:slug/export"),
        ("/unsubscribe?token=abc", "/unsubscribe"), ("/c/some-slug", "/c/:slug"), ("/c/some-slug?zip=98104&name=Ana", "/c/:slug"),
        ("/c/s/sign", "/c/:slug/sign"), ("/c/s/call", "/c/:slug/call"), ("/c/s/thanks?lang=en", "/c/:slug/thanks"),
        ("/c/s/confirm?token=t", "/c/:slug/confirm"), ("/c/s/reasons?page=2", "/c/:slug/reasons"),
        ("/c/s/other", "other"), ("/wp-login.php", "other"), ("/c/a/b/c/d/e/f/g", "other"), ("/api/v2/campaigns", "other"),
        ("//c//s//sign", "/c/:slug/sign"), ("*", "other"), ("", "/"),
    ])
    func routeTemplates(target: String, label: String) {
        #expect(Router.site.label(target: target) == label)
    }

    @Test func histogramBucketsAreCumulativeAndInclusive() {
        let histogram = AtomicHistogram(bounds: [10, 100])
        for value in [0, 10, 11, 100, 101, 5000] { histogram.observe(value) }
        let snapshot = histogram.snapshot()
        #expect(snapshot.cumulative == [2, 4])
        #expect(snapshot.count == 6)
        #expect(snapshot.sum == 5222)
    }

    @Test func countersAddFromManyThreadsWithoutLoss() async {
        let counters = AtomicCounters(count: 3)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<10_000 { counters.add(1, at: 1) } }
            }
        }
        #expect(counters[0] == 0 && counters[1] == 80_000 && counters[2] == 0)
    }

    @Test func requestsAreCountedByMethodRouteAndStatusClass() {
        let metrics = HTTPMetrics(router: .site)
        metrics.requestFinished(method: "GET", target: "/c/x?zip=1", status: 200, microseconds: 800)
        metrics.requestFinished(method: "BREW", target: "/pot", status: 418, microseconds: 3000)
        metrics.requestFinished(method: "POST", target: "/c/x/sign", status: 0, microseconds: 20_000_000)
        var text = PrometheusText()
        metrics.write(to: &text)
        #expect(text.text.contains(#"campaign_http_requests_total{method="GET",route="/c/:slug",status="2xx"} 1"#))
        #expect(text.text.contains(#"campaign_http_requests_total{method="other",route="other",status="4xx"} 1"#))
        #expect(text.text.contains(#"campaign_http_requests_total{method="POST",route="/c/:slug/sign",status="none"} 1"#))
        #expect(text.text.contains(#"campaign_http_request_duration_seconds_bucket{route="/c/:slug",le="0.001"} 1"#))
        #expect(text.text.contains(#"campaign_http_request_duration_seconds_bucket{route="/c/:slug/sign",le="10"} 0"#))
        #expect(text.text.contains(#"campaign_http_request_duration_seconds_bucket{route="/c/:slug/sign",le="+Inf"} 1"#))
        #expect(text.text.contains(#"campaign_http_request_duration_seconds_sum{route="/c/:slug/sign"} 20"#))
        #expect(!text.text.contains("BREW") && !text.text.contains("/pot"))
    }

    @Test func labelValuesAndHelpAreEscaped() {
        var text = PrometheusText()
        text.family("x_total", "counter", "Back\\slash and\nnew line.")
        text.sample("x_total", 3, labels: [("campaign", "a\"b\\c\nd")])
        text.sample("y", 0.25)
        #expect(text.text == "# HELP x_total Back\\\\slash and\\nnew line.\n# TYPE x_total counter\nx_total{campaign=\"a\\\"b\\\\c\\nd\"} 3\ny 0.25\n")
        #expect(PrometheusText.format(.infinity) == "+Inf" && PrometheusText.format(2) == "2" && PrometheusText.format(.nan) == "NaN")
    }
}
