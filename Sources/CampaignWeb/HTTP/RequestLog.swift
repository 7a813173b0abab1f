import Campaign
import Foundation
import Glibc
import Synchronization

/// One line per request on standard error: method, path without query,
/// status, duration, with what a terminal would act on escaped
/// (`appendEscaped`). Lines gather in memory, and the log's own thread
/// writes them a few times a second, or as soon as 60 KB have gathered: a
/// request never waits on standard error, and logging costs no system call
/// per request. When standard error falls behind (a slow disk, a pipe
/// nobody reads), lines past 1 MB are left out and counted, and a line says
/// how many once it has caught up.
public final class RequestLog: Sendable {
    private struct Gathered {
        var buffer: [UInt8] = []
        var leftOut = 0
        var running = true
    }

    private let gathered: Mutex<Gathered>
    /// Signalled when 60 KB have gathered, and to stop.
    private let wakeup = DispatchSemaphore(value: 0)
    /// Signalled once the thread has written the rest and ended.
    private let finished = DispatchSemaphore(value: 0)
    private let descriptor: Int32
    private let writeAt: Int
    private let limit: Int

    /// Starts the log's thread, writing to `descriptor` (standard error).
    public init(descriptor: Int32 = 2, writeAt: Int = 60 * 1024, limit: Int = 1 << 20) {
        self.descriptor = descriptor
        self.writeAt = writeAt
        self.limit = limit
        var initial = Gathered()
        initial.buffer.reserveCapacity(writeAt * 2)
        gathered = Mutex(initial)
        let thread = Thread { [self] in self.writeUntilStopped() }
        thread.name = "request-log"
        thread.start()
    }

    /// Adds the line for a request with `target` (its query is left out).
    public func record(method: String, target: String, status: Int, microseconds: Int) {
        let tenths = (microseconds + 50) / 100
        let wake = gathered.withLock { gathered -> Bool in
            guard gathered.buffer.count < limit else {
                gathered.leftOut += 1
                return false
            }
            let before = gathered.buffer.count
            if method.isEmpty { gathered.buffer.append(UInt8(ascii: "-")) } else { Self.appendEscaped(method, to: &gathered.buffer) }
            gathered.buffer.append(UInt8(ascii: " "))
            Self.appendPath(of: target, to: &gathered.buffer)
            gathered.buffer.append(UInt8(ascii: " "))
            if status == 0 { gathered.buffer.append(UInt8(ascii: "-")) } else { Self.appendDecimal(status, to: &gathered.buffer) }
            gathered.buffer.append(UInt8(ascii: " "))
            Self.appendDecimal(tenths / 10, to: &gathered.buffer)
            gathered.buffer.append(UInt8(ascii: "."))
            Self.appendDecimal(tenths % 10, to: &gathered.buffer)
            gathered.buffer.append(contentsOf: "ms\n".utf8)
            // Wake the writer once, as the buffer crosses the mark.
            return before < writeAt && gathered.buffer.count >= writeAt
        }
        if wake { wakeup.signal() }
    }

    /// The path without the query, at most 200 characters: queries may hold personal data.
    static func appendPath(of target: String, to buffer: inout [UInt8]) {
        // Cut at the "?" byte: as characters, a "?" followed by a combining
        // mark is not "?", and the query would reach the log.
        let path = target.utf8.prefix { $0 != UInt8(ascii: "?") }
        if path.count <= 200, path.allSatisfy({ $0 < 0x80 }) {
            appendEscaped(Substring(path), to: &buffer)
        } else {
            appendEscaped(Substring(path).prefix(200), to: &buffer)
        }
    }

    /// Appends `text` with what a terminal or a log reader would act on
    /// written out as an escape: the C0 and C1 controls and DEL as `\xHH`
    /// (a carriage return would start a forged line over the real one, an
    /// ESC recolour the terminal), the bidi controls and the line and
    /// paragraph separators as `\u{HHHH}`, and `\` itself as `\\`, so an
    /// escape in the log always stands for one in the request.
    static func appendEscaped(_ text: some StringProtocol, to buffer: inout [UInt8]) {
        let bytes = text.utf8
        if bytes.allSatisfy({ $0 > 0x1F && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) {
            buffer.append(contentsOf: bytes)
            return
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) {
                buffer.append(contentsOf: "\\x".utf8)
                appendHex(value, digits: 2, to: &buffer)
            } else if BidiControls.contains(scalar) || (0x200E...0x200F).contains(value) || value == 0x061C || value == 0x2028 || value == 0x2029 {
                buffer.append(contentsOf: "\\u{".utf8)
                appendHex(value, digits: 4, to: &buffer)
                buffer.append(UInt8(ascii: "}"))
            } else if value == UInt32(UInt8(ascii: "\\")) {
                buffer.append(contentsOf: "\\\\".utf8)
            } else {
                buffer.append(contentsOf: String(scalar).utf8)
            }
        }
    }

    private static func appendHex(_ value: UInt32, digits: Int, to buffer: inout [UInt8]) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) { buffer.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)]) }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &buffer) }
        buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// Writes what gathers, until stopped; then writes the rest.
    private func writeUntilStopped() {
        var writing: [UInt8] = []
        writing.reserveCapacity(writeAt * 2)
        while true {
            _ = wakeup.wait(timeout: .now() + 0.2)
            let (leftOut, running) = gathered.withLock { gathered -> (Int, Bool) in
                swap(&gathered.buffer, &writing)
                defer { gathered.leftOut = 0 }
                return (gathered.leftOut, gathered.running)
            }
            if leftOut > 0 {
                writing.append(contentsOf: "request log: \(leftOut) line\(leftOut == 1 ? "" : "s") left out, standard error was not keeping up\n".utf8)
            }
            write(writing)
            writing.removeAll(keepingCapacity: true)
            if !running { break }
        }
        finished.signal()
    }

    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// Writes what has gathered and stops the thread; waits at most
    /// `seconds` for standard error to take it.
    public func stop(seconds: Double = 5) {
        let wasRunning = gathered.withLock { gathered -> Bool in
            defer { gathered.running = false }
            return gathered.running
        }
        guard wasRunning else { return }
        wakeup.signal()
        _ = finished.wait(timeout: .now() + seconds)
    }
}
