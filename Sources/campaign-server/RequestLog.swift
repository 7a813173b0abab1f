import Foundation

/// One line per request on standard error: method, path without query,
/// status, duration. Lines gather in memory and are written together a few
/// times a second, so logging costs no system call per request.
final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var running = true

    init() {
        buffer.reserveCapacity(64 * 1024)
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                usleep(200_000)
                flush()
            }
        }
        thread.name = "request-log"
        thread.start()
    }

    /// Adds the line for a request with `target` (its query is left out).
    func record(method: String, target: String, status: Int, microseconds: Int) {
        let tenths = (microseconds + 50) / 100
        let full = lock.withLock { () -> Bool in
            buffer.append(contentsOf: method.isEmpty ? "-".utf8 : method.utf8)
            buffer.append(UInt8(ascii: " "))
            Self.appendPath(of: target, to: &buffer)
            buffer.append(UInt8(ascii: " "))
            if status == 0 { buffer.append(UInt8(ascii: "-")) } else { Self.appendDecimal(status, to: &buffer) }
            buffer.append(UInt8(ascii: " "))
            Self.appendDecimal(tenths / 10, to: &buffer)
            buffer.append(UInt8(ascii: "."))
            Self.appendDecimal(tenths % 10, to: &buffer)
            buffer.append(contentsOf: "ms\n".utf8)
            return buffer.count > 60 * 1024
        }
        if full { flush() }
    }

    /// The path without the query, at most 200 characters: queries may hold personal data.
    static func appendPath(of target: String, to buffer: inout [UInt8]) {
        // Cut at the "?" byte: as characters, a "?" followed by a combining
        // mark is not "?", and the query would reach the log.
        let path = target.utf8.prefix { $0 != UInt8(ascii: "?") }
        if path.count <= 200, path.allSatisfy({ $0 < 0x80 }) {
            buffer.append(contentsOf: path)
        } else {
            buffer.append(contentsOf: Substring(path).prefix(200).utf8)
        }
    }

    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &buffer) }
        buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// Writes what has gathered.
    func flush() {
        let pending = lock.withLock { () -> [UInt8] in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = write(2, base + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    func stop() {
        lock.withLock { running = false }
        flush()
    }
}
