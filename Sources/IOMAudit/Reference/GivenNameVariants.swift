/// Nicknames and short forms of given names (JAMES has JIM, JIMMY, JAMIE), from the seed
/// `given_name_variants.csv`. Each name listed first is a root; a name's roots are itself when it is
/// one, and every root it is listed under. Two forenames are variants of one name when their roots meet:
/// JIM and JIMMY both have the root JAMES.
public struct GivenNameVariants: Sendable {
    /// Roots of every name the table mentions (normalised, upper case).
    public let roots: [String: [String]]

    public init(pairs: [(name: String, variant: String)]) {
        var roots: [String: Set<String>] = [:]
        for (name, variant) in pairs where name != variant {
            roots[name, default: []].insert(name)
            roots[variant, default: []].insert(name)
        }
        self.roots = roots.mapValues { $0.sorted() }
    }

    public var isEmpty: Bool { roots.isEmpty }

    /// Whether the two names are variants of one name by the table.
    public func related(_ a: String, _ b: String) -> Bool {
        guard a != b, let x = roots[a], let y = roots[b] else { return false }
        return !Set(x).isDisjoint(with: y)
    }
}
