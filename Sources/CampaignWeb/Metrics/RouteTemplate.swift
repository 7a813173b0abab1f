import Glibc

/// The route a request went to, as a template (`/c/:slug`), never the raw
/// path: metrics are labelled with it, and the set of labels must stay small
/// whatever paths clients send. Mirrors the routing in `App.handle`.
public enum RouteTemplate: Int, CaseIterable, Sendable {
    case home, healthz, metrics, staticFile
    case apiCampaigns, apiCampaign, adminExport, unsubscribe
    case campaign, campaignSign, campaignCall, campaignThanks, campaignConfirm, campaignReasons
    /// Anything else (unknown paths, scanners): one label for all of them.
    case other

    /// The label value.
    public var label: String {
        switch self {
        case .home: "/"
        case .healthz: "/healthz"
        case .metrics: "/metrics"
        case .staticFile: "/static/:file"
        case .apiCampaigns: "/api/v1/campaigns"
        case .apiCampaign: "/api/v1/campaigns/:slug"
        case .adminExport: "/admin/campaigns/:slug/export"
        case .unsubscribe: "/unsubscribe"
        case .campaign: "/c/:slug"
        case .campaignSign: "/c/:slug/sign"
        case .campaignCall: "/c/:slug/call"
        case .campaignThanks: "/c/:slug/thanks"
        case .campaignConfirm: "/c/:slug/confirm"
        case .campaignReasons: "/c/:slug/reasons"
        case .other: "other"
        }
    }

    /// The route of a request target (path and query as sent). Reads the
    /// raw bytes in place, without decoding or allocating: it runs for
    /// every request.
    public static func of(target: String) -> RouteTemplate {
        var target = target
        return target.withUTF8 { of(bytes: $0) }
    }

    private static func of(bytes: UnsafeBufferPointer<UInt8>) -> RouteTemplate {
        let slash = UInt8(ascii: "/")
        let end = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
        // No route has more than four segments; a fifth is kept only to say "too deep".
        return withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: 5) { segments -> RouteTemplate in
            var count = 0
            var index = 0
            while index < end {
                if bytes[index] == slash { index += 1; continue }
                let start = index
                while index < end && bytes[index] != slash { index += 1 }
                if count == segments.count { return .other }
                (segments.baseAddress! + count).initialize(to: start..<index)
                count += 1
            }
            func part(_ position: Int, is text: StaticString) -> Bool {
                let range = segments[position]
                return range.count == text.utf8CodeUnitCount
                    && memcmp(bytes.baseAddress! + range.lowerBound, text.utf8Start, range.count) == 0
            }
            switch count {
            case 0: return .home
            case 1:
                if part(0, is: "healthz") { return .healthz }
                if part(0, is: "metrics") { return .metrics }
                if part(0, is: "unsubscribe") { return .unsubscribe }
                return .other
            case 2:
                if part(0, is: "static") { return .staticFile }
                if part(0, is: "c") { return .campaign }
                return .other
            case 3:
                if part(0, is: "c") {
                    if part(2, is: "sign") { return .campaignSign }
                    if part(2, is: "call") { return .campaignCall }
                    if part(2, is: "thanks") { return .campaignThanks }
                    if part(2, is: "confirm") { return .campaignConfirm }
                    if part(2, is: "reasons") { return .campaignReasons }
                    return .other
                }
                if part(0, is: "api") && part(1, is: "v1") && part(2, is: "campaigns") { return .apiCampaigns }
                return .other
            case 4:
                if part(0, is: "api") && part(1, is: "v1") && part(2, is: "campaigns") { return .apiCampaign }
                if part(0, is: "admin") && part(1, is: "campaigns") && part(3, is: "export") { return .adminExport }
                return .other
            default:
                return .other
            }
        }
    }
}
