@testable import CampaignWeb
import Foundation
import Testing

/// The request log: its lines, and a standard error that does not keep up.
struct RequestLogTests {
    /// A pipe for the log to write to, and what came out of it once closed.
    final class Pipe: @unchecked Sendable {
        let read: Int32
        let write: Int32
        init() {
            var ends: [Int32] = [0, 0]
            precondition(pipe(&ends) == 0)
            (read, write) = (ends[0], ends[1])
        }

        /// Reads until the write end is closed, on a thread of its own.
        func drain() -> () -> String {
            let output = LockedOutput()
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread { [read] in
                var chunk = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = Glibc.read(read, &chunk, chunk.count)
                    if count <= 0 { break }
                    output.append(chunk[0..<count])
                }
                done.signal()
            }
            return {
                done.wait()
                return output.text
            }
        }
    }

    final class LockedOutput: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        func append(_ more: ArraySlice<UInt8>) { lock.withLock { bytes += more } }
        var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
    }

    @Test func aLineIsMethodPathWithoutQueryStatusAndDuration() {
        let pipe = Pipe()
        let output = pipe.drain()
        let log = RequestLog(descriptor: pipe.write)
        log.record(method: "POST", target: "/c/seattle/sign?email=someone%40example.org", status: 303, microseconds: 1_249)
        log.record(method: "", target: "/", status: 0, microseconds: 50)
        log.stop()
        close(pipe.write)
        #expect(output() == "POST /c/seattle/sign 303 1.2ms\n- / - 0.1ms\n")
        close(pipe.read)
    }

    /// What a terminal acts on is written as an escape: a carriage return
    /// would forge a line over the real one, an ESC recolour the terminal,
    /// a bidi override reverse the rest of the line.
    @Test func controlCharactersInThePathAndMethodAreEscaped() {
        let pipe = Pipe()
        let output = pipe.drain()
        let log = RequestLog(descriptor: pipe.write)
        log.record(method: "GET", target: "/a\rGET /forged 200 1.0ms", status: 404, microseconds: 1_000)
        log.record(method: "GET", target: "/\u{1B}[31mred\u{1B}[0m\u{7F}\\x1B?q=\r", status: 404, microseconds: 1_000)
        log.record(method: "G\u{1B}T", target: "/caf\u{E9}/\u{202E}lmth.exe\u{85}\n", status: 404, microseconds: 1_000)
        log.stop()
        close(pipe.write)
        #expect(output() == """
            GET /a\\x0DGET /forged 200 1.0ms 404 1.0ms
            GET /\\x1B[31mred\\x1B[0m\\x7F\\\\x1B 404 1.0ms
            G\\x1BT /caf\u{E9}/\\u{202E}lmth.exe\\x85\\x0A 404 1.0ms

            """)
        close(pipe.read)
    }

    @Test func requestsNeverWaitOnAStandardErrorThatIsNotRead() throws {
        let pipe = Pipe()
        let log = RequestLog(descriptor: pipe.write, writeAt: 4_096, limit: 64 * 1_024)
        // Nothing reads the pipe yet: once its 64 KiB fill, the log's own
        // writes block, and every line after the limit is left out.
        let lines = 50_000
        let recorded = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            for number in 0..<lines {
                log.record(method: "GET", target: "/c/campaign-\(number)", status: 200, microseconds: 1_000)
            }
            recorded.signal()
        }
        try #require(recorded.wait(timeout: .now() + 60) == .success, "recording blocked on the unread pipe")

        let output = pipe.drain()
        log.stop()
        close(pipe.write)
        let written = output().split(separator: "\n")
        close(pipe.read)
        let requestLines = written.filter { $0.hasPrefix("GET /c/campaign-") }
        #expect(requestLines.allSatisfy { $0.hasSuffix(" 200 1.0ms") }, "every line written whole")
        let notices = written.filter { $0.hasPrefix("request log: ") }
        let leftOut = notices.compactMap { Int($0.split(separator: " ")[2]) }.reduce(0, +)
        #expect(leftOut > 0, "the lines over the limit were counted: \(notices)")
        #expect(requestLines.count + leftOut == lines, "\(requestLines.count) written and \(leftOut) left out of \(lines)")
        #expect(requestLines.count + notices.count == written.count)
    }
}
