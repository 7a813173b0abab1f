import Campaign
import Foundation
import Synchronization

/// Stylesheets and scripts from `templates/static/`, read once, served with
/// a strong ETag and a day's caching; names never leave the folder.
public final class StaticFiles: Sendable {
    private struct File: Sendable {
        let body: [UInt8]
        let type: String
        let etag: String
    }
    private let folders: [String]
    private let cache = Mutex<[String: File]>([:])

    private static let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml",
                                "png": "image/png", "ico": "image/x-icon", "txt": "text/plain; charset=utf-8"]

    init(folders: [String]) { self.folders = folders }

    func response(for name: String, request: Request) -> Response {
        guard let file = file(name) else { return .text("Not found\n", status: 404) }
        if request.headers["if-none-match"] == file.etag {
            return Response(status: 304, headers: [("ETag", file.etag), ("Cache-Control", "public, max-age=86400")])
        }
        return Response(status: 200, headers: [("Content-Type", file.type), ("ETag", file.etag), ("Cache-Control", "public, max-age=86400")],
                        body: file.body)
    }

    private func file(_ name: String) -> File? {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        // One plain file name: no folders, no dot-files, a known type.
        guard !name.hasPrefix("."), !name.contains("/"), !name.contains("\\"), !name.contains("\0"),
              let type = Self.types[(name as NSString).pathExtension.lowercased()] else { return nil }
        for folder in folders {
            guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(name)) else { continue }
            let body = [UInt8](data)
            let file = File(body: body, type: type, etag: "\"" + SHA256.hex(SHA256.hash(body)).prefix(16) + "\"")
            cache.withLock { $0[name] = file }
            return file
        }
        return nil
    }
}
