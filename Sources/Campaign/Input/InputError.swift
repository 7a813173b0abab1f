/// Bad input from a user: a file, a flag, a form field. It names where the
/// input is and what is wrong, and is reported with exit status 65.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the bad input is, when it comes from a file.
    public let location: SourceLocation?
    /// What is wrong, naming the value.
    public let message: String

    /// Makes an error at a location. Control characters quoted into the
    /// message from the input (a key named with `\u001b[31m`, say) are
    /// written as escapes, so printing the error cannot drive the terminal;
    /// line breaks and tabs stay, since messages are laid out with them.
    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = Self.escapingControls(message)
        self.location = location
    }

    static func escapingControls(_ text: String) -> String {
        ControlCharacters.escaped(text)
    }

    public var description: String {
        location.map { "\($0): \(message)" } ?? message
    }
}

/// Several input errors found in one pass, so the user can fix them all at
/// once. Nothing was written.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    /// The errors, in file order.
    public let errors: [InputError]

    /// Wraps a non-empty list of errors.
    public init(_ errors: [InputError]) { self.errors = errors }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }

    /// `errors` as a reader meets them in the files: files in the order they
    /// were first named, then by line and column. Checks run in passes (a
    /// Popolo file's areas, then its posts, memberships and persons), and the
    /// first problem printed should be the first one in the file. Errors that
    /// name no place come first, in the order they were found.
    public static func inFileOrder(_ errors: [InputError]) -> [InputError] {
        var fileRanks: [String: Int] = [:]
        for case let location? in errors.map(\.location) where fileRanks[location.file] == nil {
            fileRanks[location.file] = fileRanks.count
        }
        return errors.enumerated().sorted { left, right in
            func key(_ entry: (offset: Int, element: InputError)) -> (Int, Int, Int, Int) {
                guard let location = entry.element.location else { return (-1, 0, 0, entry.offset) }
                return (fileRanks[location.file] ?? 0, location.line, location.column, entry.offset)
            }
            return key(left) < key(right)
        }.map(\.element)
    }
}

/// Collects input errors while a whole file is checked. A class, so that
/// closures run by `collect` may add to it too.
final class InputErrorCollector {
    private(set) var errors: [InputError] = []

    init(_ errors: [InputError] = []) { self.errors = errors }

    func add(_ message: String, at location: SourceLocation?) {
        errors.append(InputError(message, at: location))
    }

    func add(_ error: InputError) { errors.append(error) }

    /// Runs `body`, recording an `InputError` it throws instead of passing it on.
    func collect<T>(_ body: () throws -> T) rethrows -> T? {
        do { return try body() } catch let error as InputError {
            errors.append(error)
            return nil
        } catch let several as InputErrors {
            errors += several.errors
            return nil
        }
    }

    /// What was collected, in file order (see `InputErrors.inFileOrder`).
    var sorted: [InputError] { InputErrors.inFileOrder(errors) }

    /// Throws everything collected, if anything was, in file order.
    func throwIfAny() throws {
        let sorted = self.sorted
        if sorted.count == 1 { throw sorted[0] }
        if !sorted.isEmpty { throw InputErrors(sorted) }
    }
}
