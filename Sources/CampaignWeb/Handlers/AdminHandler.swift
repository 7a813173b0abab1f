import Campaign
import Foundation

/// `/admin/campaigns/:slug/export?official=ID` (or `all=1`) `&format=csv|html|json`,
/// with `since`, `confirmed_only`, `exact_only`, `bom` and `lang` as in `campaign export`.
/// Only with an organizer token (`Authorization: Bearer …`). The export is
/// written to an unlinked temporary file and streamed from it, so memory
/// stays flat however many signers there are.
struct AdminHandler: Sendable {
    let pages: Pages
    var context: SiteContext { pages.context }

    func export(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        guard try pages.organizer(request) != nil else { return .now(Pages.tokenRequired(realm: "campaign admin")) }
        let slug = parameters["slug"]
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
        let exactOnly = request.queryValue("exact_only") == "1"
        if exactOnly && all {
            return .now(.text("Query 'exact_only': goes with official=ID; the organizers' list has every signer, wherever they live.\n", status: 400))
        }
        let options = SignerExport.Options(format: format, audience: official.map { .official(id: $0) } ?? .organizer, since: since,
                                           confirmedOnly: request.queryValue("confirmed_only") == "1", byteOrderMark: request.queryValue("bom") == "1",
                                           locale: request.queryValue("lang"), exactOnly: exactOnly)
        let presentation = SignerExport.Presentation(localizer: context.localizer, library: context.library)
        let (pool, now) = (context.pool, context.clock.now())
        return .later { answer in
            DispatchQueue.global().async {
                answer(Result { try Self.export(slug: slug, options: options, official: official, pool: pool, presentation: presentation, at: now) })
            }
        }
    }

    private static let types: [SignerExport.Format: String] = [.csv: "text/csv; charset=utf-8", .html: "text/html; charset=utf-8",
                                                               .json: "application/json; charset=utf-8"]

    private static func export(slug: String, options: SignerExport.Options, official: String?, pool: DatabasePool,
                               presentation: SignerExport.Presentation, at now: Date) throws -> Response {
        var template = Array((NSTemporaryDirectory() + "/campaign-export-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else { return .text("The export could not be written.\n", status: 500) }
        // Unlinked at once: the data lives only as long as the response.
        template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
        do {
            let output = ByteOutput(descriptor: descriptor, name: "the export")
            _ = try SignerExport.run(slug: slug, options: options, pool: pool, presentation: presentation, generatedAt: now, to: output)
            let size = Int(lseek(descriptor, 0, SEEK_END))
            lseek(descriptor, 0, SEEK_SET)
            let filename = slug + "-" + (official ?? "all") + "." + options.format.rawValue
            var response = Response(status: 200, headers: [("Content-Type", types[options.format] ?? "application/octet-stream"), ("Cache-Control", "no-store"),
                                                           ("Content-Disposition", "attachment; filename=\"\(filename)\"")])
            response.file = (descriptor, size)
            return response
        } catch let error as InputError {
            close(descriptor)
            // Input errors name the campaign or the official, never a signer.
            return .text("\(error)\n", status: 404)
        } catch {
            close(descriptor)
            throw HandlerError.storage(error)
        }
    }
}
