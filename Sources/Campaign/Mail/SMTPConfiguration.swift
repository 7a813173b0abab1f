import Foundation

/// Where and how to hand mail to an SMTP server: built once from flags and
/// environment (`resolve`), then given to each `SMTPTransport`. The password
/// is kept out of `description`, the mirror `dump` prints and every error.
public struct SMTPConfiguration: Sendable {
    /// When to use STARTTLS on an `smtp://` URL; `smtps://` is TLS from the
    /// first byte, whatever this says.
    public enum TLS: String, Sendable, CaseIterable {
        /// Plain text even when the server offers STARTTLS.
        case none
        /// STARTTLS when the server offers it, plain text otherwise.
        case opportunistic = "try"
        /// STARTTLS or nothing: against a server without it every send fails.
        case required
    }

    /// The server as given: `smtp://host[:port][/ehlo-name]` or `smtps://…`.
    public let url: String
    /// The user name for AUTH; nil sends without authenticating.
    public var user: String?
    /// The password for AUTH. Never printed.
    public var password: String?
    /// The STARTTLS policy for `smtp://`.
    public var tls: TLS
    /// The name sent with EHLO; nil lets libcurl send this machine's host name.
    public let heloName: String?
    /// The longest one message may take, connecting included, in seconds.
    public var timeout: TimeInterval
    /// The longest a connection may take to open, in seconds.
    public var connectTimeout: TimeInterval

    /// The URL without its EHLO name, for messages: `smtp://127.0.0.1:2525`.
    public let server: String

    /// Checks `url` (scheme `smtp` or `smtps`, a host, an optional port and
    /// EHLO name) and keeps the settings; the URL's path is the EHLO name
    /// unless `heloName` is given.
    public init(url: String, user: String? = nil, password: String? = nil, tls: TLS = .opportunistic,
                heloName: String? = nil, timeout: TimeInterval = 30, connectTimeout: TimeInterval = 10) throws {
        try self.init(url: url, naming: "SMTP URL", user: user, password: password, tls: tls, heloName: heloName,
                      timeout: timeout, connectTimeout: connectTimeout)
    }

    /// The same, with errors naming the flag or variable the URL came from.
    init(url: String, naming source: String, user: String?, password: String?, tls: TLS,
         heloName: String?, timeout: TimeInterval, connectTimeout: TimeInterval) throws {
        let parsed = try Self.parse(url, naming: source)
        let helo = heloName ?? parsed.helo
        if let helo, !Self.isValidHeloName(helo) {
            throw InputError("EHLO name '\(helo)': use a host name or an address literal such as [192.0.2.1]")
        }
        guard timeout > 0, timeout.isFinite else { throw InputError("SMTP timeout \(timeout): must be a positive number of seconds") }
        guard connectTimeout > 0, connectTimeout.isFinite else {
            throw InputError("SMTP connect timeout \(connectTimeout): must be a positive number of seconds")
        }
        self.url = url
        self.server = parsed.server
        self.user = user
        self.password = password
        self.tls = tls
        self.heloName = helo
        self.timeout = timeout
        self.connectTimeout = connectTimeout
    }

    /// The URL handed to libcurl, which sends its path as the EHLO name.
    var curlURL: String {
        server + "/" + (heloName ?? "")
    }

    // MARK: - Flags and environment

    /// The flags `resolve` reads, without their leading dashes.
    public static let flagNames = ["smtp-url", "smtp-user", "smtp-password-file", "smtp-tls"]

    /// The configuration from flags (keys as in `flagNames`, other keys
    /// ignored) and the environment: `CAMPAIGN_SMTP_URL`, `CAMPAIGN_SMTP_USER`,
    /// `CAMPAIGN_SMTP_PASSWORD` or `CAMPAIGN_SMTP_PASSWORD_FILE`,
    /// `CAMPAIGN_SMTP_TLS` (none, try or required). A flag wins over its
    /// variable. Nil when no URL is set anywhere. There is no password flag,
    /// because a command line can be read by every user of the machine.
    /// Errors name the flag or variable at fault, never the password.
    public static func resolve(flags: [String: String], environment: [String: String]) throws -> SMTPConfiguration? {
        let settings = Settings(flags: flags, environment: environment)
        guard let url = try settings.value("smtp-url") else {
            if let stray = flagNames.first(where: { flags[$0] != nil }) {
                throw InputError("--\(stray) needs an SMTP server: give --smtp-url or set CAMPAIGN_SMTP_URL")
            }
            return nil
        }
        var tls = TLS.opportunistic
        if let setting = try settings.value("smtp-tls") {
            guard let value = TLS(rawValue: setting.text.lowercased()) else {
                throw InputError("\(setting.source) \(setting.text): expected none, try or required")
            }
            tls = value
        }
        let user = try settings.value("smtp-user")
        let password = try settings.password()
        if let user, password == nil {
            throw InputError("\(user.source) \(user.text): no password; set CAMPAIGN_SMTP_PASSWORD or give --smtp-password-file")
        }
        if let password, user == nil {
            throw InputError("\(password.source) is set but no user; give --smtp-user or set CAMPAIGN_SMTP_USER")
        }
        return try SMTPConfiguration(url: url.text, naming: url.source, user: user?.text, password: password?.text, tls: tls,
                                     heloName: nil, timeout: 30, connectTimeout: 10)
    }

    /// Reads one setting from its flag, else its variable, remembering which.
    private struct Settings {
        let flags: [String: String]
        let environment: [String: String]

        /// The variable behind a flag: `smtp-url` is `CAMPAIGN_SMTP_URL`.
        func variable(of flag: String) -> String {
            "CAMPAIGN_" + flag.uppercased().replacingOccurrences(of: "-", with: "_")
        }

        /// The flag's value, else the variable's; an empty variable counts as
        /// unset, an empty flag is a mistake.
        func value(_ flag: String) throws -> (text: String, source: String)? {
            if let text = flags[flag] {
                guard !text.isEmpty else { throw InputError("--\(flag): the value is empty") }
                return (text, "--" + flag)
            }
            if let text = environment[variable(of: flag)], !text.isEmpty { return (text, variable(of: flag)) }
            return nil
        }

        /// The password: `--smtp-password-file`, else `CAMPAIGN_SMTP_PASSWORD`
        /// or `CAMPAIGN_SMTP_PASSWORD_FILE` (not both).
        func password() throws -> (text: String, source: String)? {
            if let path = flags["smtp-password-file"] {
                guard !path.isEmpty else { throw InputError("--smtp-password-file: the value is empty") }
                return (try Self.readPassword(path, source: "--smtp-password-file"), "--smtp-password-file")
            }
            let direct = environment["CAMPAIGN_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
            let path = environment["CAMPAIGN_SMTP_PASSWORD_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            switch (direct, path) {
            case (.some, .some):
                throw InputError("CAMPAIGN_SMTP_PASSWORD and CAMPAIGN_SMTP_PASSWORD_FILE are both set; set one")
            case (.some(let password), nil):
                return (password, "CAMPAIGN_SMTP_PASSWORD")
            case (nil, .some(let path)):
                return (try Self.readPassword(path, source: "CAMPAIGN_SMTP_PASSWORD_FILE"), "CAMPAIGN_SMTP_PASSWORD_FILE")
            case (nil, nil):
                return nil
            }
        }

        /// A password file's text without its trailing line break.
        static func readPassword(_ path: String, source: String) throws -> String {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw InputError("\(source) \(path): no such file")
            }
            guard !isFolder.boolValue else { throw InputError("\(source) \(path): is a folder, not a file") }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError("\(source) \(path): cannot be read")
            }
            guard var text = String(data: data, encoding: .utf8) else {
                throw InputError("\(source) \(path): is not UTF-8 text")
            }
            while let last = text.unicodeScalars.last, last == "\n" || last == "\r" {
                text.unicodeScalars.removeLast()
            }
            guard !text.isEmpty else { throw InputError("\(source) \(path): is empty") }
            return text
        }
    }

    // MARK: - URL checks

    /// Splits `smtp[s]://host[:port][/name]` into the server part and the
    /// EHLO name. A URL holding `@` is never repeated in a message: it may
    /// carry a password.
    private static func parse(_ url: String, naming source: String) throws -> (server: String, helo: String?) {
        let shown = url.contains("@") ? source : "\(source) \(url)"
        guard let separator = url.range(of: "://") else {
            throw InputError("\(shown): expected smtp://host[:port] or smtps://host[:port]")
        }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "smtp" || scheme == "smtps" else {
            throw InputError("\(shown): the scheme must be smtp or smtps")
        }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        if authority.contains("@") {
            throw InputError("\(source): the URL holds a user name or password; give them with --smtp-user and CAMPAIGN_SMTP_PASSWORD or --smtp-password-file instead")
        }
        guard !path.contains("?"), !path.contains("#") else {
            throw InputError("\(shown): an SMTP URL takes no query or fragment")
        }
        let host: Substring
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw InputError("\(shown): the IPv6 address lacks its ']'") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw InputError("\(shown): expected ':port' after the IPv6 address") }
                port = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw InputError("\(shown): '\(host)' is not an IPv6 address")
            }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                host = authority[..<colon]
                port = authority[authority.index(after: colon)...]
            } else {
                host = authority
            }
            guard !host.isEmpty else { throw InputError("\(shown): no host name") }
            guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }) else {
                throw InputError("\(shown): '\(host)' is not a host name")
            }
        }
        if let port {
            guard let number = Int(port), (1...65535).contains(number), port.allSatisfy(\.isASCII) else {
                throw InputError("\(shown): the port must be a number from 1 to 65535")
            }
        }
        let name = path.drop(while: { $0 == "/" })
        return (scheme + "://" + authority, name.isEmpty ? nil : String(name))
    }

    /// A name that cannot smuggle anything into the EHLO line: a host name
    /// or an address literal in brackets.
    private static func isValidHeloName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 255 && name.allSatisfy { character in
            character.isASCII && (character.isLetter || character.isNumber || ".-_[]:".contains(character))
        }
    }
}

extension SMTPConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The server, the STARTTLS policy and the user; the password is never shown.
    public var description: String {
        var parts = [tls == .none ? "no TLS" : "STARTTLS \(tls.rawValue)"]
        if let user { parts.append("user \(user)") }
        if password != nil { parts.append("password set") }
        return "\(server) (\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String { "SMTPConfiguration(\(description))" }

    /// What `dump` and the debugger show: everything but the password.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "url": url,
            "user": user as Any,
            "password": password == nil ? "nil" : "(hidden)",
            "tls": tls,
            "heloName": heloName as Any,
            "timeout": timeout,
            "connectTimeout": connectTimeout,
        ])
    }
}
