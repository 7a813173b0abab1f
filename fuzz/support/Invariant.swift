import Campaign

/// Checks shared by the fuzz targets. A broken invariant stops the process
/// with `fatalError`, which libFuzzer records as a crash and saves the input.
enum Invariant {
    /// Stops with `message` unless `condition` holds.
    static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                        file: StaticString = #file, line: UInt = #line) {
        if !condition() { fatalError("invariant broken: \(message())", file: file, line: line) }
    }

    /// The number of lines in `bytes`, counting LF, CRLF and a lone CR each
    /// as one line end: the most any reader of the project can see.
    static func lineCount<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int {
        var lines = 1
        var previousWasCR = false
        for byte in bytes {
            if byte == 0x0A {
                if !previousWasCR { lines += 1 }
            } else if byte == 0x0D {
                lines += 1
            }
            previousWasCR = byte == 0x0D
        }
        return lines
    }

    /// Requires that `location`, when there is one, points into a file of
    /// `lineCount` lines: line 1…lineCount, column from 1.
    static func requireInside(_ location: SourceLocation?, lineCount: Int, _ what: @autoclosure () -> String) {
        guard let location else { return }
        require((1...lineCount).contains(location.line) && location.column >= 1,
                "\(what()) names \(location), outside a file of \(lineCount) lines")
    }

    /// The input errors in `error` (one or several), or nil when it is some
    /// other kind of error: bad input must always be reported as an
    /// `InputError`, which the CLI turns into exit status 65.
    static func inputErrors(in error: any Error) -> [InputError]? {
        if let single = error as? InputError { return [single] }
        if let several = error as? InputErrors { return several.errors }
        return nil
    }

    /// Whether `scalar` could start a new line or garble a terminal or log:
    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
    static func isLineBreakingOrControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}

/// The input libFuzzer passes, as an array.
func fuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}
