import Campaign

/// `/api/v1/campaigns` and `/api/v1/campaigns/:slug`: counts and metadata as
/// JSON, no signer data; `/api/v1/localities/:zip`: the place name a ZIP code
/// is shown with beside a public reason.
struct APIHandler: Sendable {
    let pages: Pages
    var context: SiteContext { pages.context }

    func campaigns(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        .now(.json(JSONOutput.object([("campaigns", .array(context.site.listed().map { summary($0, detailed: false) }))]).rendered()))
    }

    func campaign(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        let campaign = try pages.campaign(parameters)
        let definition = campaign.definition
        let state = SummaryCache.State(campaignVersion: campaign.version, status: campaign.status,
                                       signatures: definition.petition == nil ? 0 : context.counts.signatures(of: campaign.id),
                                       calls: definition.call == nil ? [:] : context.counts.calls(of: campaign.id))
        return .now(.json(context.summaryCache.summary(of: campaign.id, state: state) {
            summary(campaign, detailed: true, signatures: state.signatures, calls: state.calls).rendered()
        }))
    }

    /// `GET /api/v1/localities/:zip`: what the sign form previews ("Shown
    /// as: Ana, Seattle") as the signer types their ZIP code; an empty
    /// locality for a ZIP code the lookup does not know.
    func locality(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        let zip = parameters["zip"]
        // The ZIP codes the sign form takes, as it stores them.
        guard let normalized = SignatureForm(name: "", email: "", zip: zip).normalizedZIP else { throw HandlerError.notFound }
        var cache: [String: String] = [:]
        let locality = Constituency.locality(zip: normalized, lookup: context.site.lookup, cache: &cache)
        return .now(.json(JSONOutput.object([("zip", .string(normalized)), ("locality", .string(locality))]).rendered()))
    }

    /// The campaign as the API describes it; `signatures` and `calls` are
    /// its counts when the caller has read them already.
    private func summary(_ campaign: PublishedCampaign, detailed: Bool, signatures: Int? = nil,
                         calls: [String: [CallReport.Outcome: Int]]? = nil) -> JSONOutput {
        let definition = campaign.definition
        func localized(_ texts: [String: String]) -> JSONOutput { .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }) }
        var members: [(String, JSONOutput)] = [
            ("slug", .string(definition.slug)), ("status", .string(campaign.status.rawValue)),
            ("url", .string(context.baseURL + "/c/" + definition.slug)),
            ("title", localized(definition.title)), ("summary", localized(definition.summary)),
            ("locales", .array(definition.locales.map { .string($0) })), ("default_locale", .string(definition.defaultLocale)),
        ]
        if let petition = definition.petition {
            members.append(("petition", .object([("signatures", .number(Double(signatures ?? context.counts.signatures(of: campaign.id)))),
                                                 ("goal", petition.goal.map { .number(Double($0)) } ?? .null)])))
        }
        if detailed {
            if definition.call != nil {
                let calls = calls ?? context.counts.calls(of: campaign.id)
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
