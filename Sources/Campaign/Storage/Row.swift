/// One row of a result, read by column name. A column the query does not
/// have, a NULL where a value is needed and a value of another type are
/// errors that name the column and the query, never a quiet default.
struct Row: Sendable {
    let columns: [String: Int32]
    let values: [DatabaseValue]
    /// The query, for errors.
    let sql: String

    /// The value of `column` as `T`; an optional `T` takes NULL as nil.
    func decode<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let index = columns[column] else { throw DatabaseError.missingColumn(column, sql: sql) }
        return try decode(at: Int(index), as: type, name: column)
    }

    /// The value at `index` as `T`, for a query whose one column has no name worth giving.
    func decode<T: DatabaseValueConvertible>(at index: Int, as type: T.Type = T.self, name: String? = nil) throws -> T {
        let column = name ?? "#\(index + 1)"
        guard values.indices.contains(index) else { throw DatabaseError.missingColumn(column, sql: sql) }
        let value = values[index]
        if let decoded = T.fromDatabaseValue(value) { return decoded }
        if case .null = value { throw DatabaseError.nullColumn(column, sql: sql) }
        throw DatabaseError.mistypedColumn(column, holds: value.typeName, expected: T.storedTypeName, sql: sql)
    }

    /// The text in `column` as one of an enumeration's cases.
    func decode<Value: RawRepresentable & CaseIterable>(_ column: String, as type: Value.Type = Value.self) throws -> Value where Value.RawValue == String {
        let stored: String = try decode(column)
        guard let value = Value(rawValue: stored) else {
            throw DatabaseError.mistypedColumn(column, holds: "text that is none of its values", expected: Value.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "), sql: sql)
        }
        return value
    }

    /// The raw value of `column`.
    func value(_ column: String) throws -> DatabaseValue { try decode(column, as: DatabaseValue.self) }
}
