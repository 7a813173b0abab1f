extension CampaignDefinition {
    /// Refuses an official the campaign does not ask: a packet, a delivery
    /// or a response for anyone else would mislead (and a response is
    /// mailed to every signer who asked for news, beyond recall).
    public func requireTarget(_ official: Official, office: Office?, directory: Directory) throws {
        guard !targets.contains(where: { $0.includes(official, office: office) }) else { return }
        throw InputError("--official \(official.id): \(official.name) is not a target of \(slug); "
            + (targets.isEmpty ? "it names no targets" : "its targets are " + targets.map { $0.summary(in: directory) }.joined(separator: "; ")))
    }
}
