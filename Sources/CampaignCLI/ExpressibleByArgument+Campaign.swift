import ArgumentParsing
import Campaign

// The Campaign library's closed sets that commands take as option values;
// each reads by its raw value, and help lists the values.

extension SignerExport.Format: ExpressibleByArgument {}
extension Jurisdiction.Kind: ExpressibleByArgument {}
extension SpreadsheetEncoding: ExpressibleByArgument {}

extension PartialDate: ExpressibleByArgument {
    /// A date at the precision known: `2026-11-01`, `2026-11` or `2026`.
    public init(argument: String) throws(InvalidArgument) {
        guard let date = PartialDate(argument) else { throw InvalidArgument("expected a date like 2026-11-01") }
        self = date
    }
    public static var defaultValueName: String { "date" }
}
