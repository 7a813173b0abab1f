import Campaign

extension App {
    /// `/api/v1/campaigns` and `/api/v1/campaigns/SLUG`: counts and metadata, no signer data.
    func api(_ request: Request, _ parts: [String]) -> Response {
        guard parts.count >= 3, parts[1] == "v1", parts[2] == "campaigns", parts.count <= 4 else {
            return .json("{\"error\": \"not found\"}\n", status: 404)
        }
        if parts.count == 3 {
            return .json(JSONOutput.object([("campaigns", .array(site.listed().map { summary($0, detailed: false) }))]).rendered())
        }
        guard let campaign = site.campaign(parts[3]) else { return .json("{\"error\": \"not found\"}\n", status: 404) }
        return .json(summary(campaign, detailed: true).rendered())
    }

    private func summary(_ campaign: PublishedCampaign, detailed: Bool) -> JSONOutput {
        let definition = campaign.definition
        func localized(_ texts: [String: String]) -> JSONOutput { .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }) }
        var members: [(String, JSONOutput)] = [
            ("slug", .string(definition.slug)), ("status", .string(campaign.status.rawValue)),
            ("url", .string(baseURL + "/c/" + definition.slug)),
            ("title", localized(definition.title)), ("summary", localized(definition.summary)),
            ("locales", .array(definition.locales.map { .string($0) })), ("default_locale", .string(definition.defaultLocale)),
        ]
        if let petition = definition.petition {
            members.append(("petition", .object([("signatures", .number(Double(counts.signatures(of: campaign.id)))),
                                                 ("goal", petition.goal.map { .number(Double($0)) } ?? .null)])))
        }
        if detailed {
            if definition.call != nil {
                let calls = counts.calls(of: campaign.id)
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
