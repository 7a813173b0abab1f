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
        context["dir"] = .text(LocaleTag.direction(of: locale))
        context["t"] = localizer.templateStrings(locale: locale)
        context["subject"] = .text(subject)
        guard let text = try library.template(named: "mail/\(name).txt"), let html = try library.template(named: "mail/\(name).html") else {
            throw InputError("no mail/\(name).txt and mail/\(name).html in the templates folder")
        }
        return (try library.renderer(mode: .plain).render(text, .object(context)),
                try library.renderer(mode: .html).render(html, .object(context)))
    }

    /// The message that asks a signer to confirm their address, queued by the
    /// confirmation spooler as a draft: the templates are rendered when it is sent.
    /// `token` goes in the link; `tokenHash`, what the database keeps of it,
    /// makes the outbox key, so the same link is never queued twice.
    public func confirmation(campaign folder: CampaignFolder, campaignID: Int64, signerName: String, email: String, locale: String,
                             token: String, tokenHash: String, unsubscribeToken: String, at date: Date) throws -> OutboxMessage {
        let definition = folder.definition
        let title = ScriptContext.localized(definition.title, locale, definition.defaultLocale)
        let subject = localizer.string("mail.confirm.subject", locale: locale, ["title": title])
        let unsubscribe = settings.unsubscribeURL(token: unsubscribeToken)
        let key = "confirmation:" + tokenHash
        let to = try MailAddress(name: signerName, address: email)
        let draft = MailDraft(
            template: "confirmation", locale: locale, from: settings.from, replyTo: settings.replyTo, to: to, subject: subject, date: date,
            messageID: MailMessage.messageID(key: key, domain: settings.messageDomain), unsubscribeURL: unsubscribe, oneClickUnsubscribe: true,
            headers: [MailDraft.Header("Auto-Submitted", "auto-generated")],
            values: [
                "greeting": localizer.string("mail.confirm.greeting", locale: locale, ["name": signerName]),
                "campaign_title": title,
                "confirm_url": settings.baseURL + "/c/" + definition.slug + "/confirm?token=" + token,
                "unsubscribe_url": unsubscribe,
            ])
        return OutboxMessage(key: key, kind: .confirmation, campaignID: campaignID, sender: settings.from.asciiAddress,
                             recipient: to.asciiAddress, subject: subject, body: .draft(json: try draft.json))
    }

    /// Writes a queued draft out in full from the templates.
    public func message(_ draft: MailDraft) throws -> MailMessage {
        let (text, html) = try render(draft.template, locale: draft.locale, subject: draft.subject, draft.values.mapValues { .text($0) })
        return MailMessage(from: draft.from, to: [draft.to], subject: draft.subject, text: text, html: html, date: draft.date,
                           messageID: draft.messageID, replyTo: draft.replyTo, unsubscribeURL: draft.unsubscribeURL,
                           oneClickUnsubscribe: draft.oneClickUnsubscribe, headers: draft.headers.map { ($0.name, $0.value) })
    }
}
