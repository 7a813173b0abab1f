/// One row of a result, read by column name or position.
public struct Row: Sendable {
    /// The column names, in order.
    public let names: [String]
    /// The values, in the same order.
    public let values: [DatabaseValue]

    /// The value of the named column converted to `T`, or nil when the column
    /// is missing, NULL or of another type.
    public subscript<T: DatabaseValueConvertible>(_ name: String) -> T? {
        guard let index = names.firstIndex(of: name) else { return nil }
        return self[index]
    }

    /// The value at `index` converted to `T`, or nil.
    public subscript<T: DatabaseValueConvertible>(_ index: Int) -> T? {
        guard values.indices.contains(index) else { return nil }
        if case .null = values[index] { return nil }
        return T.fromDatabaseValue(values[index])
    }
}
