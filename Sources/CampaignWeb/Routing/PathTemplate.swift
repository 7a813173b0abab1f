/// A route's path as a template: literal segments and `:name` parameters
/// ("/c/:slug/sign"). It matches a path segment by segment; empty segments
/// ("//c//s") are skipped, as the server always has.
public struct PathTemplate: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// The template as written, which is also the metrics' route label.
    public let text: String
    let segments: [Segment]

    /// Reads a template; a segment starting with ':' is a parameter.
    public init(_ text: String) {
        self.text = text
        segments = text.split(separator: "/").map { $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .literal(String($0)) }
    }

    /// The parameters of `path` (no query) if it matches, else nil.
    func match(_ path: String) -> [(name: String, value: String)]? {
        var path = path
        return path.withUTF8 { bytes in
            var captured: [(name: String, value: String)] = []
            let matched = match(bytes, end: bytes.count) { name, range in
                captured.append((name, String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)))
            }
            return matched ? captured : nil
        }
    }

    /// Whether a request target's path (up to `end`, before its query) matches,
    /// read in place without allocating: it runs for every request's metrics.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Bool {
        match(bytes, end: end) { _, _ in }
    }

    private func match(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, capture: (String, Range<Int>) -> Void) -> Bool {
        let slash = UInt8(ascii: "/")
        var index = 0
        var next = 0
        while index < end {
            if bytes[index] == slash { index += 1; continue }
            let start = index
            while index < end && bytes[index] != slash { index += 1 }
            guard next < segments.count else { return false }
            switch segments[next] {
            case .parameter(let name):
                capture(name, start..<index)
            case .literal(let text):
                guard text.utf8.count == index - start, text.utf8.elementsEqual(UnsafeBufferPointer(rebasing: bytes[start..<index])) else { return false }
            }
            next += 1
        }
        return next == segments.count
    }
}
