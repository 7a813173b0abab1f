/// Turns the argument marks the stores write, SQLite's `?` and `?NNN`, into
/// PostgreSQL's `$1`, `$2`… so that a statement both dialects share is
/// written once. A bare `?` takes the number after the largest so far, as
/// in SQLite. Marks inside string literals, quoted names and comments are
/// left alone.
enum PostgresPlaceholders {
    static func numbered(_ sql: String) -> String {
        let bytes = Array(sql.utf8)
        guard bytes.contains(UInt8(ascii: "?")) else { return sql }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var largest = 0
        var index = 0
        func copy(through end: Int) {
            let stop = min(end, bytes.count)
            output.append(contentsOf: bytes[index..<stop])
            index = stop
        }
        func end(of quote: UInt8, from start: Int) -> Int {
            var position = start + 1
            while position < bytes.count {
                if bytes[position] == quote {
                    // A doubled quote is one quote inside the literal.
                    if position + 1 < bytes.count, bytes[position + 1] == quote { position += 2; continue }
                    return position + 1
                }
                position += 1
            }
            return bytes.count
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                copy(through: end(of: byte, from: index))
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                var position = index
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                copy(through: position)
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                var position = index + 2
                while position + 1 < bytes.count, !(bytes[position] == UInt8(ascii: "*") && bytes[position + 1] == UInt8(ascii: "/")) { position += 1 }
                copy(through: position + 2)
            case UInt8(ascii: "?"):
                var position = index + 1
                var number = 0
                while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                    number = number * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                    position += 1
                }
                if position == index + 1 { number = largest + 1 }
                largest = max(largest, number)
                output.append(contentsOf: Array("$\(number)".utf8))
                index = position
            default:
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
