@testable import Campaign

/// Tests read rows loosely, as they check values: nil for a column that is
/// missing, NULL, or of another type. The program itself reads with
/// `Row.decode`, which refuses each of those.
extension Row {
    subscript<T: DatabaseValueConvertible>(_ column: String) -> T? {
        (try? decode(column, as: T?.self)) ?? nil
    }

    subscript<T: DatabaseValueConvertible>(_ index: Int) -> T? {
        (try? decode(at: index, as: T?.self)) ?? nil
    }
}
