import Campaign

/// `/api/v1/campaigns` and `/api/v1/campaigns/:slug`: counts and metadata as JSON, no signer data.
struct APIHandler: Sendable {
    let pages: Pages
    var context: SiteContext { pages.context }

    func campaigns(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        .now(.json(JSONOutput.object([("campaigns", .array(context.site.listed().map { summary($0, detailed: false) }))]).rendered()))
    }

    func campaign(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        .now(.json(summary(try pages.campaign(parameters), detailed: true).rendered()))
    }

    private func summary(_ campaign: PublishedCampaign, detailed: Bool) -> JSONOutput {
        let definition = campaign.definition
        func localized(_ texts: [String: String]) -> JSONOutput { .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }) }
        var members: [(String, JSONOutput)] = [
            ("slug", .string(definition.slug)), ("status", .string(campaign.status.rawValue)),
            ("url", .string(context.baseURL + "/c/" + definition.slug)),
            ("title", localized(definition.title)), ("summary", localized(definition.summary)),
            ("locales", .array(definition.locales.map { .string($0) })), ("default_locale", .string(definition.defaultLocale)),
        ]
        if let petition = definition.petition {
            members.append(("petition", .object([("signatures", .number(Double(context.counts.signatures(of: campaign.id)))),
                                                 ("goal", petition.goal.map { .number(Double($0)) } ?? .null)])))
        }
        if detailed {
            if definition.call != nil {
                let calls = context.counts.calls(of: campaign.id)
                members.append(("calls", .object(calls.keys.sorted().map { target in
                    (target, .object(CallReport.Outcome.allCases.map { ($0.rawValue, .number(Double(calls[target]?[$0] ?? 0))) }))
                })))
            }
            if let starts = definition.starts { members.append(("starts", .string(starts.description))) }
            if let ends = definition.ends { members.append(("ends", .string(ends.description))) }
        }
        return .object(members)
    }
}
