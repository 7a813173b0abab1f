import Foundation

/// The mail that tells supporters an official responded: one to each signer
/// who agreed to hear about the campaign and has not unsubscribed, in their
/// language, through the outbox. Its key names the response and the
/// signature, so a signer is never queued the same response twice.
public enum ResponseMail {
    /// Queues the mail for `response` in the caller's write transaction;
    /// how many messages were added. Each carries an unsubscribe link of
    /// its own (`DeliveryStore.addMailToken`): the signature's first token
    /// is kept only as a hash.
    public static func queue(_ response: CampaignRecord.Response, campaign folder: CampaignFolder, campaignID: Int64, composer: MailComposer,
                             directory: Directory, tokens: TokenSource, at now: Date, _ db: Database) throws -> Int {
        let definition = folder.definition
        var messages: [OutboxMessage] = []
        for subscriber in try DeliveryStore.subscribers(campaignID: campaignID, db) {
            // An address that no longer parses gets nothing, as a confirmation would not.
            guard let to = try? MailAddress(name: subscriber.name, address: subscriber.email) else { continue }
            let locale = definition.locales.contains(subscriber.locale) ? subscriber.locale : definition.defaultLocale
            let token = SignerToken.make(tokens, at: now)
            try DeliveryStore.addMailToken(token, signatureID: subscriber.signatureID, db)
            let key = "response:\(response.id):\(subscriber.signatureID)"
            let message = try compose(response, folder: folder, to: to, locale: locale, unsubscribeToken: token, key: key,
                                      composer: composer, directory: directory, at: now)
            messages.append(contentsOf: OutboxMessage.of(message, key: key, kind: .response, campaignID: campaignID))
        }
        return try OutboxStore.enqueue(messages, at: now, db).filter { $0 }.count
    }

    /// One signer's message, written whole: the response's Markdown goes in
    /// as HTML, which a stored draft (text values only) cannot carry.
    static func compose(_ response: CampaignRecord.Response, folder: CampaignFolder, to: MailAddress, locale: String, unsubscribeToken: String,
                        key: String, composer: MailComposer, directory: Directory, at now: Date) throws -> MailMessage {
        let definition = folder.definition
        let localizer = composer.localizer
        let settings = composer.settings
        let title = ScriptContext.localized(definition.title, locale, definition.defaultLocale)
        let who = CampaignRecord.who(officialID: response.officialID, recordedName: response.officialName, directory: directory,
                                     locale: locale, localizer: localizer)
        let name = directory.officials.first { $0.id == response.officialID }?.name ?? response.officialName
        let subject = localizer.string("mail.response.subject", locale: locale, ["name": name, "title": title])
        let text = CampaignRecord.text(of: response, locale: locale, defaultLocale: definition.defaultLocale)
        let unsubscribe = settings.unsubscribeURL(token: unsubscribeToken)
        let (plain, html) = try composer.render("response", locale: locale, subject: subject, [
            "greeting": .text(localizer.string("mail.confirm.greeting", locale: locale, ["name": to.name])),
            "intro": .text(localizer.string("mail.response.intro", locale: locale, ["who": who, "date": CampaignRecord.day(response.date, locale: locale)])),
            "campaign_title": .text(title),
            "response": Markdown.render(text.markdown),
            "response_lang": .text(text.language),
            "campaign_url": .text(settings.baseURL + "/c/" + definition.slug + "?lang=" + locale),
            "unsubscribe_url": .text(unsubscribe),
        ])
        return MailMessage(from: settings.from, to: [to], subject: subject, text: plain, html: html, date: now,
                           messageID: MailMessage.messageID(key: key, domain: settings.messageDomain), replyTo: settings.replyTo,
                           unsubscribeURL: unsubscribe, oneClickUnsubscribe: true, headers: [("Auto-Submitted", "auto-generated")])
    }
}
