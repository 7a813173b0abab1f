import ArgumentParsing

/// The mail options that `campaign` commands and `campaign-server` share:
/// the SMTP server, the sender and where replies go.
public enum MailArguments {
    // The SMTP settings read their own variables (SMTPConfiguration.resolve),
    // so that errors name the variable at fault; their help names them.
    public static let smtpURL = Option<String?>(name: "smtp-url", valueName: "url", help: "smtp://host:port or smtps://host:port ($CAMPAIGN_SMTP_URL).")
    public static let smtpUser = Option<String?>(name: "smtp-user", valueName: "name",
                                                 help: "SMTP user ($CAMPAIGN_SMTP_USER); the password comes from $CAMPAIGN_SMTP_PASSWORD or the file in --smtp-password-file.")
    public static let smtpPasswordFile = Option<String?>(name: "smtp-password-file", valueName: "path",
                                                         help: "A file holding the SMTP password ($CAMPAIGN_SMTP_PASSWORD_FILE).")
    public static let smtpTLS = Option<String?>(name: "smtp-tls", valueName: "policy",
                                                help: "STARTTLS for smtp://: required, try or none (default: try, $CAMPAIGN_SMTP_TLS).")
    public static let mailFrom = Option<String?>(name: "mail-from", valueName: "address", check: address, environment: "CAMPAIGN_MAIL_FROM",
                                                 help: "Sender, \"Name <address>\" (default: no-reply at the base URL's host).")
    public static let replyTo = Option<String?>(name: "reply-to", valueName: "address", check: address, environment: "CAMPAIGN_REPLY_TO",
                                                help: "Where replies go.")

    /// All of them, in help order.
    public static let all: [any ArgumentSpec] = [smtpURL, smtpUser, smtpPasswordFile, smtpTLS, mailFrom, replyTo]

    private static let address = ValueCheck<String>(expected: "expected an address like \"Campaign <act@example.org>\"") {
        (try? MailAddress(parsing: $0)) != nil
    }

    /// The SMTP server the options and their variables give; nil when no
    /// URL is set anywhere. Errors name the option or variable at fault.
    public static func smtp(_ arguments: ParsedArguments) throws -> SMTPConfiguration? {
        var flags: [String: String] = [:]
        for option in [smtpURL, smtpUser, smtpPasswordFile, smtpTLS] {
            if let value = try arguments[option] { flags[option.name] = value }
        }
        return try SMTPConfiguration.resolve(flags: flags, environment: arguments.environment)
    }

    /// The address in `option`, if given.
    public static func address(_ option: Option<String?>, in arguments: ParsedArguments) throws -> MailAddress? {
        try arguments[option].map { try MailAddress(parsing: $0) }
    }
}
