/// The grammatical gender an official's title takes in a language that
/// marks it (Spanish "Concejala", "Concejal"; Polish "Radna", "Radny"),
/// from the pronouns the directory gives for them.
public enum GrammaticalGender: String, Sendable, CaseIterable {
    case feminine, masculine

    /// Words of pronouns that ask for each gender, in the directory's
    /// usual forms: English "she/her" and "he/him", Spanish "ella" and
    /// "él", Polish "ona" and "on", Russian "она" and "он".
    static let words: [GrammaticalGender: Set<String>] = [
        .feminine: ["she", "her", "hers", "herself", "ella", "ona", "jej", "она", "её", "ее"],
        .masculine: ["he", "him", "his", "himself", "él", "el", "on", "jego", "он", "его"],
    ]

    /// The gender `pronouns` ask for: feminine when they name a feminine
    /// pronoun and no masculine one ("she/her", "she/they", "ella"),
    /// masculine the other way round; nil for anything else ("they/them",
    /// "he/she", none), which takes the plain title.
    public init?(pronouns: String?) {
        guard let pronouns else { return nil }
        let given = Set(pronouns.lowercased().split { !$0.isLetter }.map(String.init))
        let asked = Self.allCases.filter { !(Self.words[$0] ?? []).isDisjoint(with: given) }
        guard asked.count == 1, let gender = asked.first else { return nil }
        self = gender
    }
}
