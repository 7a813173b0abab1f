import CYAML
import Foundation

/// libyaml's event parser over one file's bytes. It owns the parser, and
/// each event is copied into a Swift value and freed before `next` returns,
/// so nothing of libyaml's outlives a call.
final class YAMLEventParser {
    /// One parsing event, with the parts the tree builder reads.
    struct Event {
        enum Kind {
            case streamStart, streamEnd, documentStart, documentEnd
            case alias(anchor: String)
            case scalar(String, isPlain: Bool)
            case sequenceStart, sequenceEnd, mappingStart, mappingEnd
        }
        let kind: Kind
        let start: yaml_mark_t
    }

    private let file: String
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// The input, which libyaml reads in place until the parser is deleted.
    private let input: UnsafeMutableBufferPointer<UInt8>

    /// Starts a parser over `bytes`; `file` names them in errors.
    init(bytes: [UInt8], file: String) throws {
        self.file = file
        parser = .allocate(capacity: 1)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        guard yaml_parser_initialize(parser) != 0 else {
            input.deallocate()
            parser.deallocate()
            throw InputError("cannot read \(file): the YAML parser could not start (out of memory)")
        }
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event, or an error naming where libyaml stopped and why.
    func next() throws -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else { throw problem() }
        defer { yaml_event_delete(&event) }
        let kind: Event.Kind
        switch event.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT: kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_ALIAS_EVENT: kind = .alias(anchor: Self.text(event.data.alias.anchor))
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
            kind = .scalar(text, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE)
        case YAML_SEQUENCE_START_EVENT: kind = .sequenceStart
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT: kind = .mappingStart
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default: throw InputError("YAML: unexpected event \(event.type.rawValue)", at: location(event.start_mark))
        }
        return Event(kind: kind, start: event.start_mark)
    }

    /// Where a libyaml mark is, 1-based as editors count.
    func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// libyaml's own account of an error: the problem, where it is, and
    /// what was being read ("while scanning a simple key at 3:1").
    private func problem() -> InputError {
        let state = parser.pointee
        var message = state.problem.map { String(cString: $0) } ?? "malformed YAML"
        // The decoder's errors (bad UTF-8, a control character) give a
        // byte offset and the offending value instead of a mark.
        if state.error == YAML_READER_ERROR {
            if state.problem_value >= 0 { message += String(format: " (0x%02X)", state.problem_value) }
            return InputError("malformed YAML: \(message)", at: location(ofByte: state.problem_offset))
        }
        if let context = state.context {
            let at = location(state.context_mark)
            message += " (\(String(cString: context)) at \(at.line):\(at.column))"
        }
        return InputError("malformed YAML: \(message)", at: location(state.problem_mark))
    }

    /// Where the byte at `offset` is: lines end at LF, CR LF or CR, and
    /// columns count characters.
    private func location(ofByte offset: Int) -> SourceLocation {
        let end = min(max(offset, 0), input.count)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < end {
            let byte = input[index]
            index += 1
            if byte == 0x0A || (byte == 0x0D && (index >= input.count || input[index] != 0x0A)) {
                line += 1
                lineStart = index
            }
        }
        let column = String(decoding: UnsafeBufferPointer(rebasing: input[lineStart..<end]), as: UTF8.self).count + 1
        return SourceLocation(file: file, line: line, column: column)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
