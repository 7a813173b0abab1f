import Campaign
import Foundation

/// How the server runs, built once in `main` from flags and environment.
public struct Configuration: Sendable {
    /// The port to listen on; 0 picks a free one.
    public var port: Int = 8080
    /// The address to bind.
    public var bind: String = "127.0.0.1"
    public var databasePath: String = "campaign.sqlite"
    /// The demo data loaded into an empty database.
    public var dataFolder: String = "data"
    /// The built-in templates folder.
    public var templates: String = "templates"
    /// An organizer's own templates folder, searched first.
    public var customTemplates: String?
    /// The public address, for share links and e-mails ("https://act.example.org").
    public var baseURL: String = "http://127.0.0.1:8080"
    /// Whether `baseURL` was given rather than made from `bind` and `port`;
    /// when it was not and the port is 0, the server puts in the port it got.
    public var baseURLIsGiven = false
    /// The sender of confirmation mail ("Campaign <act@example.org>"); by
    /// default no-reply at the base URL's host.
    public var mailFrom: String?
    /// Where replies to that mail go.
    public var replyTo: String?
    /// The SMTP server that confirmation mail and digests go through; with
    /// none, messages wait in the outbox.
    public var smtp: SMTPConfiguration?
    /// How often the server queues digests of live campaigns (each run
    /// this span after the last, on the calendar); never when nil.
    public var digestEvery: CalendarDuration?
    /// The street-address geocoder that finds a signer's or caller's
    /// district where their ZIP code spans several; none by default.
    public var geocoder = GeocoderConfiguration.disabled
    /// Whether X-Forwarded-For and X-Forwarded-Proto from the proxy in front are believed.
    public var trustProxy = false
    /// Threads of the HTTP server.
    public var threads = 4
    /// Connections at once, and per client address.
    public var connectionLimit = 10_000
    public var connectionsPerAddress = 64
    /// Bytes of memory libmicrohttpd may use per connection: headers and a
    /// body up to `maximumBody` fit; responses have buffers of their own.
    public var memoryPerConnection = 32 * 1024
    /// The longest accepted request body.
    public var maximumBody = 16 * 1024
    /// Seconds a client has to send a request's headers, and then its body.
    public var headerDeadline: Double = 10
    public var bodyDeadline: Double = 20
    /// The header deadline once nine in ten of the connections allowed are
    /// open: connections that sit without sending a request then make room
    /// for new visitors within about a second, not ten.
    public var crowdedHeaderDeadline: Double = 1
    /// Seconds a keep-alive connection may sit idle.
    public var idleTimeout = 30
    /// Signatures and call reports one address may make per window before
    /// they are kept as suspect; and the window in seconds.
    public var signLimit = 10
    public var callLimit = 60
    public var rateWindow: Double = 3600

    /// The defaults.
    public init() {}
}
