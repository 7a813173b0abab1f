import Foundation

/// A real SMTP server for tests: runs `Support/smtp_sink.py` (Python 3 with
/// aiosmtpd) on 127.0.0.1 and reads back the messages it kept as files.
final class SMTPSink {
    /// One message as the sink received it.
    struct ReceivedMail {
        let sequence: Int
        let mailFrom: String
        let recipients: [String]
        /// The DATA bytes after un-dot-stuffing, line ends untouched.
        let data: [UInt8]
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// Why the sink could not be used.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The script beside this file.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py").path

    /// The folder the sink writes its messages and counters to.
    let folder: String
    private(set) var port: Int = 0
    private let options: [String]
    private var process: Process?

    /// `smtp://127.0.0.1:PORT`.
    var url: String { "smtp://127.0.0.1:\(port)" }

    /// Starts a sink; `options` are the script's command-line options
    /// (`--require-auth`, `--reject-prefix`, …).
    init(options: [String] = [], timeout: TimeInterval = 20) throws {
        folder = TestSupport.temporaryFolder()
        self.options = options
        try start(port: 0, timeout: timeout)
    }

    deinit { stop() }

    /// Runs the script and waits for its `PORT <n>` line.
    private func start(port requested: Int, timeout: TimeInterval) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, "--dir", folder, "--port", String(requested)] + options
        let output = Pipe()
        process.standardOutput = output
        // Standard error goes to a file: nothing can fill a pipe and stall
        // the sink, and a failed start can still be explained.
        let errorPath = folder + "/sink-stderr.txt"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        let line = Self.firstLine(of: output.fileHandleForReading, timeout: timeout)
        guard let line, line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            if errors.contains("aiosmtpd") {
                throw Failure(description: "the SMTP sink needs the Python package aiosmtpd: pip install aiosmtpd\n\(errors)")
            }
            throw Failure(description: "the SMTP sink did not start within \(timeout) s (\(line ?? "no output")): \(errors)")
        }
        self.port = port
        self.process = process
    }

    /// The first line written to `handle`, or nil if none comes in time.
    private static func firstLine(of handle: FileHandle, timeout: TimeInterval) -> String? {
        let descriptor = handle.fileDescriptor
        let deadline = Date().addingTimeInterval(timeout)
        var bytes: [UInt8] = []
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while Date() < deadline {
            let wait = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&pollDescriptor, 1, wait) > 0 else { continue }
            var byte: UInt8 = 0
            let count = read(descriptor, &byte, 1)
            if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    /// Stops the sink and waits for it to end; SIGKILL if SIGTERM is not
    /// heeded within two seconds.
    func stop() {
        guard let process else { return }
        self.process = nil
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Starts the sink again on the same port, keeping what it received.
    func restart(timeout: TimeInterval = 20) throws {
        stop()
        try start(port: port, timeout: timeout)
    }

    /// Replaces the behaviour the sink reads at every transaction
    /// (`reject_prefix`, `tempfail_prefix`, `tempfail_data_count`, `require_auth`).
    func setControl(_ control: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: control)
        let temporary = folder + "/control.json.swift-tmp"
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, folder + "/control.json") == 0 else {
            throw Failure(description: "cannot replace the sink's control file: \(String(cString: strerror(errno)))")
        }
    }

    /// How many connections the sink has accepted, restarts included.
    var connectionCount: Int {
        let text = (try? String(contentsOfFile: folder + "/connections.txt", encoding: .utf8)) ?? "0"
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Every message received so far, in order of arrival.
    func messages() throws -> [ReceivedMail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        let sequences = names.compactMap { name -> Int? in
            guard name.hasSuffix(".eml") else { return nil }
            return Int(name.dropLast(4))
        }.sorted()
        return try sequences.map { sequence in
            let stem = folder + "/\(sequence)"
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stem + ".json")))
            let fields = summary as? [String: Any] ?? [:]
            return ReceivedMail(sequence: sequence, mailFrom: fields["mail_from"] as? String ?? "",
                                recipients: fields["rcpt_tos"] as? [String] ?? [],
                                data: [UInt8](try Data(contentsOf: URL(fileURLWithPath: stem + ".eml"))))
        }
    }

    /// Waits until at least `count` messages are in, then returns them all.
    func waitForMessages(count: Int, timeout: TimeInterval = 10) throws -> [ReceivedMail] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let received = try messages()
            if received.count >= count { return received }
            if Date() > deadline {
                throw Failure(description: "the SMTP sink received \(received.count) of \(count) messages within \(timeout) s")
            }
            usleep(10_000)
        }
    }
}
