/// Reads a YAML file of one document into `YAMLNode`s with locations, on
/// libyaml's event parser. Aliases are refused: the files read here never
/// need them, and a reader that followed them could be made to build an
/// exponentially large tree ("billion laughs").
public enum YAMLDocument {
    /// How deeply collections may nest, so a hostile file cannot exhaust the stack.
    static let maximumDepth = 256

    /// Parses a whole file; a second document, an alias, a repeated key or
    /// nesting deeper than 256 levels is an error naming file:line:column.
    public static func parse(bytes: [UInt8], file: String) throws -> YAMLNode {
        let parser = try YAMLEventParser(bytes: bytes, file: file)
        // Collections being read, innermost last: where each began, and
        // for a mapping a key waiting for its value.
        struct Open {
            let isMapping: Bool
            let location: SourceLocation
            var elements: [YAMLNode] = []
            var entries: [(key: YAMLNode, value: YAMLNode)] = []
            var pendingKey: YAMLNode?
            var keys: [String: SourceLocation] = [:]
        }
        var stack: [Open] = []
        var root: YAMLNode?
        var documents = 0

        func add(_ node: YAMLNode) throws {
            guard var open = stack.popLast() else {
                root = node
                return
            }
            defer { stack.append(open) }
            guard open.isMapping else { open.elements.append(node); return }
            guard let key = open.pendingKey else {
                guard case .scalar(let text, _) = node.value else {
                    throw InputError("a mapping key must be a scalar, not \(node.kindName)", at: node.location)
                }
                if let first = open.keys[text] {
                    throw InputError("duplicate key '\(text)' (first at \(first.line):\(first.column))", at: node.location)
                }
                open.keys[text] = node.location
                open.pendingKey = node
                return
            }
            open.entries.append((key, node))
            open.pendingKey = nil
        }

        while true {
            let event = try parser.next()
            let location = parser.location(event.start)
            switch event.kind {
            case .streamStart, .documentEnd: continue
            case .streamEnd:
                guard let root else { throw InputError("no YAML document in the file", at: location) }
                return root
            case .documentStart:
                documents += 1
                if documents > 1 { throw InputError("a second YAML document; a file holds one", at: location) }
            case .alias(let anchor):
                throw InputError("alias '*\(anchor)' is not supported; write the value out in full", at: location)
            case .scalar(let text, let isPlain):
                try add(YAMLNode(value: .scalar(text, isPlain: isPlain), location: location))
            case .sequenceStart, .mappingStart:
                guard stack.count < maximumDepth else {
                    throw InputError("YAML nested more than \(maximumDepth) levels deep", at: location)
                }
                if case .mappingStart = event.kind {
                    stack.append(Open(isMapping: true, location: location))
                } else {
                    stack.append(Open(isMapping: false, location: location))
                }
            case .sequenceEnd, .mappingEnd:
                guard let open = stack.popLast() else { throw InputError("unbalanced YAML collection", at: location) }
                try add(YAMLNode(value: open.isMapping ? .mapping(open.entries) : .sequence(open.elements), location: open.location))
            }
        }
    }
}
