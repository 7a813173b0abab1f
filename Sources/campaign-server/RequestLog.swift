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

    func record(method: String, path: String, status: Int, milliseconds: Double) {
        let tenths = Int((milliseconds * 10).rounded())
        let line = "\(method.isEmpty ? "-" : method) \(path) \(status == 0 ? "-" : String(status)) \(tenths / 10).\(tenths % 10)ms\n"
        let full = lock.withLock { () -> Bool in
            buffer.append(contentsOf: line.utf8)
            return buffer.count > 60 * 1024
        }
        if full { flush() }
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
