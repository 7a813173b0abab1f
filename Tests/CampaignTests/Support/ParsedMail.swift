import Foundation

/// A message as Python's standard e-mail parser reads it
/// (`Support/parse_mail.py`): what a mail program shows, not what this
/// code base meant to write.
struct ParsedMail: Decodable {
    let subject: String
    let from: String
    let to: String
    /// The text part, decoded, with LF line ends.
    let text: String?
    /// The HTML part, decoded.
    let html: String?
    /// The parser's complaints about the message or any part of it.
    let defects: [String]

    /// Why a message could not be parsed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("parse_mail.py").path

    /// Parses `bytes` with `python3 parse_mail.py`.
    static func parse(_ bytes: [UInt8]) throws -> ParsedMail {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The input is written whole before the output is read: messages are small.
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "parse_mail.py exited \(process.terminationStatus): \(String(decoding: problems, as: UTF8.self))")
        }
        return try JSONDecoder().decode(ParsedMail.self, from: data)
    }
}
