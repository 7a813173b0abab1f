/// The supporter making a call, as far as they have said.
public struct Caller: Sendable, Equatable {
    public var name: String?
    /// Where they are calling from, in their words ("Tacoma").
    public var place: String?
    public var zip: String?

    /// Makes a caller; empty strings count as not given.
    public init(name: String? = nil, place: String? = nil, zip: String? = nil) {
        self.name = name?.trimmedWhitespace.nilIfEmpty
        self.place = place?.trimmedWhitespace.nilIfEmpty
        self.zip = zip?.trimmedWhitespace.nilIfEmpty
    }
}
