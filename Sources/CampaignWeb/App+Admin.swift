import Campaign
import Foundation

extension App {
    /// `/admin/campaigns/SLUG/export?official=ID` (or `all=1`) `&format=csv|html|json`,
    /// with `since`, `confirmed_only`, `bom` and `lang` as in `campaign export`.
    /// Only with an organizer token (`Authorization: Bearer …`). The export
    /// is written to an unlinked temporary file and streamed from it, so
    /// memory stays flat however many signers there are.
    func admin(_ request: Request, _ parts: [String]) -> Reply {
        guard let token = bearerToken(request), let name = try? pool.read({ try OrganizerTokens.verify(token, $0) }) else {
            var response = Response.text("An organizer token is required: Authorization: Bearer TOKEN (campaign token create --name NAME).\n", status: 401)
            response.add("WWW-Authenticate", "Bearer realm=\"campaign admin\"")
            return .now(response)
        }
        guard request.method == "GET" || request.method == "HEAD" else { return .now(methodNotAllowed(request)) }
        guard parts.count == 4, parts[1] == "campaigns", parts[3] == "export" else {
            return .now(.text("Unknown admin path; exports are at /admin/campaigns/SLUG/export.\n", status: 404))
        }
        let slug = parts[2]
        let official = request.queryValue("official").flatMap { $0.isEmpty ? nil : $0 }
        let all = request.queryValue("all") == "1"
        guard (official != nil) != all else { return .now(.text("Query 'official': give official=ID, or all=1 for every signer.\n", status: 400)) }
        guard let format = SignerExport.Format(rawValue: request.queryValue("format") ?? "csv") else {
            return .now(.text("Query 'format': expected csv, html or json.\n", status: 400))
        }
        var since: PartialDate?
        if let text = request.queryValue("since"), !text.isEmpty {
            guard let date = PartialDate(text) else { return .now(.text("Query 'since': expected a date like 2026-11-01.\n", status: 400)) }
            since = date
        }
        let options = SignerExport.Options(format: format, audience: official.map { .official(id: $0) } ?? .organizer, since: since,
                                           confirmedOnly: request.queryValue("confirmed_only") == "1", byteOrderMark: request.queryValue("bom") == "1",
                                           locale: request.queryValue("lang"))
        _ = try? pool.write { try OrganizerTokens.touch(name: name, $0) }
        let presentation = SignerExport.Presentation(localizer: localizer, library: library)
        let pool = self.pool
        return .later { answer in
            DispatchQueue.global().async {
                answer(Self.export(slug: slug, options: options, official: official, pool: pool, presentation: presentation))
            }
        }
    }

    private static func export(slug: String, options: SignerExport.Options, official: String?, pool: DatabasePool,
                               presentation: SignerExport.Presentation) -> Response {
        var template = Array((NSTemporaryDirectory() + "/campaign-export-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return .text("The export could not be written.\n", status: 500) }
        // Unlinked at once: the data lives only as long as the response.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        do {
            let output = ByteOutput(descriptor: descriptor, name: "the export")
            _ = try SignerExport.run(slug: slug, options: options, pool: pool, presentation: presentation, to: output)
            let size = Int(lseek(descriptor, 0, SEEK_END))
            lseek(descriptor, 0, SEEK_SET)
            let types: [SignerExport.Format: String] = [.csv: "text/csv; charset=utf-8", .html: "text/html; charset=utf-8",
                                                        .json: "application/json; charset=utf-8"]
            let filename = slug + "-" + (official ?? "all") + "." + options.format.rawValue
            var response = Response(status: 200, headers: [("Content-Type", types[options.format]!), ("Cache-Control", "no-store"),
                                                           ("Content-Disposition", "attachment; filename=\"\(filename)\"")])
            response.file = (descriptor, size)
            return response
        } catch {
            close(descriptor)
            // Input errors name the campaign or the official, never a signer.
            return .text("\(error)\n", status: error is InputError ? 404 : 500)
        }
    }

    /// The token in `Authorization: Bearer …`, if any.
    func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers["authorization"], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }
}
