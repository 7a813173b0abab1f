import CCurl
import Foundation

/// One HTTP GET to a geocoding service over libcurl, bounded in time and
/// in size, for `CensusGeocoder` and `NominatimGeocoder`.
///
/// Each request makes its own easy handle, so one transport serves any
/// number of threads; a geocoded address is one request in a sign flow, and
/// a fresh connection costs less than a pool's locking would save. What it
/// reports names the service, never the request's URL, whose query holds
/// the address.
struct GeocoderTransport: Sendable {
    /// The service in words, for reasons: "the Census geocoder at https://…".
    let service: String
    /// The service's address, without a trailing slash.
    let baseURL: String
    /// The longest a request may take, connecting included, in seconds.
    let timeout: TimeInterval
    /// Sent as `User-Agent`.
    let userAgent: String

    /// The most of a body kept; a geocoder's answer to one address is a few
    /// kilobytes, and a larger one is not an answer this code can use.
    static let maximumBodySize = 1 << 20

    /// What came back.
    enum Outcome {
        /// The service answered (with any status).
        case response(status: Int, body: [UInt8])
        /// No answer: why, in words that name the service.
        case failed(reason: String)
    }

    /// libcurl's process-wide set-up. libcurl counts calls, so this and the
    /// SMTP transport's each making one is safe.
    private static let curlReady: Bool = campaign_curl_global_init_default() == CURLE_OK

    /// A transport to the service called `name` ("Census") at `baseURL`.
    init(name: String, baseURL: String, timeout: TimeInterval, userAgent: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        // A user and password in the URL (a self-hosted service behind basic
        // authentication) stay out of every reason.
        var shown = URLComponents(string: self.baseURL)
        shown?.user = nil
        shown?.password = nil
        service = "the \(name) geocoder at \(shown?.string ?? "its configured address")"
        self.timeout = timeout
        self.userAgent = userAgent
    }

    /// GETs `path` with `query` (each value URL-encoded) from the service,
    /// giving up after `timeLimit` seconds (the transport's timeout unless
    /// less is left).
    func get(path: String, query: [(name: String, value: String)], timeLimit: TimeInterval? = nil) -> Outcome {
        let limit = min(timeLimit ?? timeout, timeout)
        guard Self.curlReady else { return .failed(reason: "cannot reach \(service): libcurl could not be initialised") }
        guard let handle = curl_easy_init() else { return .failed(reason: "cannot reach \(service): libcurl could not make a handle") }
        defer { curl_easy_cleanup(handle) }
        var encoded: [String] = []
        for item in query {
            guard let escaped = curl_easy_escape(handle, item.value, Int32(item.value.utf8.count)) else {
                return .failed(reason: "cannot reach \(service): libcurl could not encode the query")
            }
            encoded.append(item.name + "=" + String(cString: escaped))
            curl_free(escaped)
        }
        let url = baseURL + path + (encoded.isEmpty ? "" : "?" + encoded.joined(separator: "&"))
        let body = BodyCollector(limit: Self.maximumBodySize)
        let milliseconds = max(1, Int((limit * 1000).rounded(.up)))
        let options: [(name: String, code: CURLcode)] = [
            ("URL", campaign_curl_setopt_string(handle, CURLOPT_URL, url)),
            // Only web addresses: a configured URL cannot make libcurl read a file.
            ("PROTOCOLS_STR", campaign_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")),
            ("HTTPGET", campaign_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)),
            // Threads of a server: libcurl must not use signals for its timeouts.
            ("NOSIGNAL", campaign_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)),
            ("TIMEOUT_MS", campaign_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)),
            ("CONNECTTIMEOUT_MS", campaign_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds)),
            ("USERAGENT", campaign_curl_setopt_string(handle, CURLOPT_USERAGENT, userAgent)),
            ("WRITEFUNCTION", campaign_curl_setopt_write_function(handle, collectBody)),
            ("WRITEDATA", campaign_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(body).toOpaque())),
        ]
        if let failed = options.first(where: { $0.code != CURLE_OK }) {
            return .failed(reason: "cannot reach \(service): libcurl refused CURLOPT_\(failed.name): \(Self.text(of: failed.code))")
        }
        let code = withExtendedLifetime(body) { curl_easy_perform(handle) }
        guard code == CURLE_OK else { return .failed(reason: problem(code, handle: handle, body: body, limit: limit)) }
        var status = 0
        _ = campaign_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .response(status: status, body: body.bytes)
    }

    /// A failed transfer in words; libcurl's own detail is left out, since
    /// it may quote the URL.
    private func problem(_ code: CURLcode, handle: UnsafeMutableRawPointer, body: BodyCollector, limit: TimeInterval) -> String {
        switch code {
        case CURLE_COULDNT_CONNECT:
            var osError = 0
            _ = campaign_curl_getinfo_long(handle, CURLINFO_OS_ERRNO, &osError)
            if osError == Int(ECONNREFUSED) || osError == 0 { return "\(service) refused the connection" }
            return "cannot connect to \(service): \(String(cString: strerror(Int32(osError))))"
        case CURLE_COULDNT_RESOLVE_HOST:
            return "cannot find the host of \(service): the name does not resolve"
        case CURLE_OPERATION_TIMEDOUT:
            return "\(service) did not answer within \(Self.seconds(limit)) seconds"
        case CURLE_WRITE_ERROR where body.overflowed:
            return "\(service) answered with more than \(Self.maximumBodySize >> 20) MiB; not read"
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return "\(service) closed the connection before answering in full"
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return "TLS with \(service) failed: \(Self.text(of: code))"
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return "cannot reach \(service): the address is not an http:// or https:// URL"
        default:
            return "the request to \(service) failed: \(Self.text(of: code))"
        }
    }

    private static func text(of code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }

    /// Seconds as a person writes them: 2, 0.5.
    static func seconds(_ value: TimeInterval) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

// MARK: - libcurl callback

/// The bytes of one response, kept up to a limit.
private final class BodyCollector {
    let limit: Int
    var bytes: [UInt8] = []
    /// Whether the response went past `limit` (and the transfer was stopped).
    var overflowed = false

    init(limit: Int) { self.limit = limit }

    /// Keeps `count` bytes; false when they would pass the limit.
    func append(_ data: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count + data.count <= limit else {
            overflowed = true
            return false
        }
        bytes.append(contentsOf: data)
        return true
    }
}

/// `CURLOPT_WRITEFUNCTION`: the next piece of the body. Returning less than
/// was given makes libcurl stop with `CURLE_WRITE_ERROR`.
private let collectBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, collector in
    guard let collector else { return 0 }
    let total = size * count
    guard total > 0, let data else { return total }
    let kept = Unmanaged<BodyCollector>.fromOpaque(collector).takeUnretainedValue()
        .append(UnsafeRawBufferPointer(start: data, count: total))
    return kept ? total : 0
}
