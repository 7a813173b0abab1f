@testable import Campaign
import Testing

/// The stores' `?` marks as PostgreSQL's `$1`, `$2`…
@Suite struct PostgresPlaceholdersTests {
    @Test(arguments: [
        ("SELECT 1", "SELECT 1"),
        ("SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"),
        ("UPDATE t SET a = ?1 WHERE b = ?2 OR c = ?1", "UPDATE t SET a = $1 WHERE b = $2 OR c = $1"),
        ("SELECT ?2, ?", "SELECT $2, $3"),
        ("SELECT '?' || ? || 'it''s ?' FROM \"odd?\" WHERE x = ?", "SELECT '?' || $1 || 'it''s ?' FROM \"odd?\" WHERE x = $2"),
        ("SELECT ? -- what? \n, ? /* and ? */ , ?", "SELECT $1 -- what? \n, $2 /* and ? */ , $3"),
        ("SELECT 'é?' , ?", "SELECT 'é?' , $1"),
    ])
    func marksBecomeNumbersOutsideLiteralsAndComments(sql: String, expected: String) {
        #expect(PostgresPlaceholders.numbered(sql) == expected)
    }
}
