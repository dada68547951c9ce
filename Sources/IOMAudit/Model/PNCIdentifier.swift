/// The check-letter alphabet shared by PNC IDs and CRO numbers: A–Z without I, O and S, Z first.
let checkLetters: [UInt8] = Array("ZABCDEFGHJKLMNPQRTUVWXY".utf8)

/// A Police National Computer ID, `YY/NNNNNNNA`: two-digit year, serial, check letter.
/// Short (`00/1082A`), long (`2000/1082A`) and zero-padded forms all normalise to the canonical
/// `YY/NNNNNNNA` (serial padded to seven digits). A wrong check letter is an error, never corrected.
public struct PNCIdentifier: Hashable, Comparable, Sendable, CustomStringConvertible {
    // year × 10,000,000 + serial, and the letter's byte: every record view carries an ID, so at force
    // scale five bytes instead of thirty-two save hundreds of megabytes.
    private let packed: UInt32
    private let letter: UInt8

    /// Two-digit year, 0...99.
    public var year: Int { Int(packed / 10_000_000) }
    /// 1...9,999,999.
    public var serial: Int { Int(packed % 10_000_000) }
    public var checkLetter: Character { Character(Unicode.Scalar(letter)) }

    public var canonical: String {
        let s = String(serial)
        let y = year < 10 ? "0\(year)" : String(year)
        return y + "/" + String(repeating: "0", count: 7 - s.count) + s + String(checkLetter)
    }

    public var description: String { canonical }

    public static func < (a: PNCIdentifier, b: PNCIdentifier) -> Bool { a.packed < b.packed }

    /// The letter a valid ID with this year and serial must carry.
    public static func expectedCheckLetter(year: Int, serial: Int) -> Character {
        Character(Unicode.Scalar(checkLetters[(year * 10_000_000 + serial) % 23]))
    }

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed
        case wrongCheckLetter(expected: Character)
        public var description: String {
            switch self {
            case .malformed: return "not in the form YY/NNNNNNNA"
            case .wrongCheckLetter(let e): return "check letter does not match (expected \(e))"
            }
        }
    }

    /// Parses any accepted form; spaces and lower case are tolerated.
    public static func parse(_ text: String) -> Result<PNCIdentifier, Problem> {
        var u: [UInt8] = []
        u.reserveCapacity(16)
        for c in text.utf8 where c != 32 && c != 9 {
            u.append(c >= 97 && c <= 122 ? c - 32 : c)
        }
        guard let slash = u.firstIndex(of: UInt8(ascii: "/")) else { return .failure(.malformed) }
        let yearDigits = u[..<slash]
        let rest = u[(slash + 1)...]
        guard yearDigits.count == 2 || yearDigits.count == 4,
              yearDigits.allSatisfy(isDigit),
              rest.count >= 2, rest.count <= 8,
              let letter = rest.last, letter >= 65, letter <= 90 else { return .failure(.malformed) }
        let serialDigits = rest.dropLast()
        guard serialDigits.allSatisfy(isDigit) else { return .failure(.malformed) }
        let year = number(yearDigits) % 100
        let serial = number(serialDigits)
        guard serial > 0 else { return .failure(.malformed) }
        let expected = expectedCheckLetter(year: year, serial: serial)
        guard Character(Unicode.Scalar(letter)) == expected else { return .failure(.wrongCheckLetter(expected: expected)) }
        return .success(PNCIdentifier(year: year, serial: serial, checkLetter: expected))
    }

    public init?(_ text: String) {
        guard case .success(let id) = PNCIdentifier.parse(text) else { return nil }
        self = id
    }

    init(year: Int, serial: Int, checkLetter: Character) {
        packed = UInt32(year * 10_000_000 + serial)
        letter = checkLetter.asciiValue ?? UInt8(ascii: "?")
    }

    /// A valid ID for a year and serial (the sample generator uses it).
    public init(year: Int, serial: Int) {
        self.init(year: year % 100, serial: serial, checkLetter: PNCIdentifier.expectedCheckLetter(year: year % 100, serial: serial))
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

func number<C: Collection>(_ digits: C) -> Int where C.Element == UInt8 {
    var v = 0
    for d in digits { v = v * 10 + Int(d - 48) }
    return v
}
