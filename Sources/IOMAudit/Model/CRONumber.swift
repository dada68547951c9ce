/// A Criminal Records Office number, `NNNNNN/YYA`, check letter over `YY * 10^6 + serial` with the
/// PNC alphabet. The older `SFYY/NNNNNA` form is accepted as well-formed without a check.
/// `000000/00Z` is a placeholder and carries no identity.
public struct CRONumber: Hashable, Sendable, CustomStringConvertible {
    public let canonical: String
    public var description: String { canonical }

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed
        case wrongCheckLetter(expected: Character)
        case placeholder
        public var description: String {
            switch self {
            case .malformed: return "not in the form NNNNNN/YYA or SFYY/NNNNNA"
            case .wrongCheckLetter(let e): return "check letter does not match (expected \(e))"
            case .placeholder: return "placeholder CRO number"
            }
        }
    }

    public static func expectedCheckLetter(year: Int, serial: Int) -> Character {
        Character(Unicode.Scalar(checkLetters[(year * 1_000_000 + serial) % 23]))
    }

    public static func parse(_ text: String) -> Result<CRONumber, Problem> {
        var u: [UInt8] = []
        for c in text.utf8 where c != 32 && c != 9 { u.append(c >= 97 && c <= 122 ? c - 32 : c) }
        guard let slash = u.firstIndex(of: UInt8(ascii: "/")) else { return .failure(.malformed) }
        let left = u[..<slash], right = u[(slash + 1)...]
        // Older scheme: SFYY/NNNNNA.
        if left.count == 4, left.first == UInt8(ascii: "S"), left.dropFirst().first == UInt8(ascii: "F") {
            guard left.dropFirst(2).allSatisfy(isDigit), right.count >= 2, right.count <= 7,
                  right.dropLast().allSatisfy(isDigit), let l = right.last, l >= 65, l <= 90 else { return .failure(.malformed) }
            return .success(CRONumber(canonical: String(decoding: u, as: UTF8.self)))
        }
        guard left.count >= 1, left.count <= 6, left.allSatisfy(isDigit),
              right.count == 3, right.prefix(2).allSatisfy(isDigit),
              let letter = right.last, letter >= 65, letter <= 90 else { return .failure(.malformed) }
        let serial = number(left), year = number(right.prefix(2))
        if serial == 0 { return .failure(.placeholder) }
        let expected = expectedCheckLetter(year: year, serial: serial)
        guard Character(Unicode.Scalar(letter)) == expected else { return .failure(.wrongCheckLetter(expected: expected)) }
        let s = String(serial), y = year < 10 ? "0\(year)" : String(year)
        return .success(CRONumber(canonical: String(repeating: "0", count: 6 - s.count) + s + "/" + y + String(expected)))
    }

    public init?(_ text: String) {
        guard case .success(let c) = CRONumber.parse(text) else { return nil }
        self = c
    }

    private init(canonical: String) { self.canonical = canonical }

    /// A valid modern CRO number (the sample generator uses it).
    public init(serial: Int, year: Int) {
        let s = String(serial), y = year < 10 ? "0\(year)" : String(year)
        canonical = String(repeating: "0", count: max(0, 6 - s.count)) + s + "/" + y + String(CRONumber.expectedCheckLetter(year: year, serial: serial))
    }
}
