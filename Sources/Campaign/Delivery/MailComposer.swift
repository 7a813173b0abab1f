import Foundation

/// Turns the mail templates (`templates/mail/NAME.txt` and `NAME.html`) and
/// the catalogs into messages in the reader's language.
public struct MailComposer: Sendable {
    public let settings: MailSettings
    public let localizer: Localizer
    public let library: TemplateLibrary

    public init(settings: MailSettings, localizer: Localizer, library: TemplateLibrary) {
        self.settings = settings
        self.localizer = localizer
        self.library = library
    }

    /// Renders `mail/NAME.txt` and `mail/NAME.html` with `context` plus the
    /// catalog strings for `locale`.
    public func render(_ name: String, locale: String, subject: String, _ context: [String: TemplateValue]) throws -> (text: String, html: String) {
        var context = context
        context["lang"] = .text(locale)
        context["t"] = localizer.templateStrings(locale: locale)
        context["subject"] = .text(subject)
        guard let text = try library.template(named: "mail/\(name).txt"), let html = try library.template(named: "mail/\(name).html") else {
            throw InputError("no mail/\(name).txt and mail/\(name).html in the templates folder")
        }
        return (try library.renderer(mode: .plain).render(text, .object(context)),
                try library.renderer(mode: .html).render(html, .object(context)))
    }

    /// The message that asks a signer to confirm their address, queued with their signature.
    public func confirmation(campaign folder: CampaignFolder, campaignID: Int64, signerName: String, email: String, locale: String,
                             token: String, tokenHash: String, unsubscribeToken: String, at date: Date) throws -> OutboxMessage {
        let definition = folder.definition
        let title = ScriptContext.localized(definition.title, locale, definition.defaultLocale)
        let subject = localizer.string("mail.confirm.subject", locale: locale, ["title": title])
        let unsubscribe = settings.unsubscribeURL(token: unsubscribeToken)
        let (text, html) = try render("confirmation", locale: locale, subject: subject, [
            "greeting": .text(localizer.string("mail.confirm.greeting", locale: locale, ["name": signerName])),
            "campaign_title": .text(title),
            "confirm_url": .text(settings.baseURL + "/c/" + definition.slug + "/confirm?token=" + token),
            "unsubscribe_url": .text(unsubscribe),
        ])
        let key = "confirmation:" + tokenHash
        let message = MailMessage(from: settings.from, to: [try MailAddress(name: signerName, address: email)], subject: subject,
                                  text: text, html: html, date: date, messageID: MailMessage.messageID(key: key, domain: settings.messageDomain),
                                  replyTo: settings.replyTo, unsubscribeURL: unsubscribe, oneClickUnsubscribe: true,
                                  headers: [("Auto-Submitted", "auto-generated")])
        return OutboxMessage.of(message, key: key, kind: .confirmation, campaignID: campaignID)[0]
    }
}
