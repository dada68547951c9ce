/// A person's name as recorded, with the normalised form used for matching
/// (upper case, accents folded, hyphens to spaces, apostrophes removed, "MC X" joined,
/// placeholders such as "NOT ENTERED" or "UNKNOWN" dropped).
public struct PersonName: Hashable, Sendable {
    public let forenames: String   // normalised; "" when unknown
    public let surname: String     // normalised; "" when unknown

    public init(forenames: String, surname: String) {
        self.forenames = PersonName.normalise(forenames)
        self.surname = PersonName.normalise(surname)
    }

    /// Parts already normalised (canonical records hold normalised names).
    public init(normalisedForenames: String, surname: String) {
        self.forenames = normalisedForenames
        self.surname = surname
    }

    public var isEmpty: Bool { forenames.isEmpty && surname.isEmpty }

    /// First forename only, the part most systems agree on.
    public var firstForename: String {
        forenames.split(separator: " ").first.map(String.init) ?? ""
    }

    /// "SURNAME, FORENAMES" for reports.
    public var display: String {
        if forenames.isEmpty { return surname }
        if surname.isEmpty { return forenames }
        return surname + ", " + forenames
    }

    static let placeholders: Set<String> = ["NOT ENTERED", "NOTENTERED", "UNKNOWN", "NK", "N K", "NOT KNOWN", "NONE", "NULL", "NA", "N A", "TBC", "X", "XX", "XXX"]

    /// Normalises one name part. Fast path for ASCII; other text is folded through a Latin table.
    public static func normalise(_ raw: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count)
        var pendingSpace = false
        func put(_ c: UInt8) {
            if pendingSpace, !out.isEmpty { out.append(32) }
            pendingSpace = false
            out.append(c)
        }
        for scalar in raw.unicodeScalars {
            let v = scalar.value
            var c: UInt8
            if v < 128 {
                c = UInt8(v)
            } else if let folded = latinFold[v] {
                for f in folded.utf8 { put(f) }
                continue
            } else if v == 0x2019 || v == 0x2018 || v == 0x00B4 || v == 0x0060 {
                continue // typographic apostrophes
            } else if v == 0x2010 || v == 0x2011 || v == 0x2013 || v == 0x2014 || v == 0x00A0 {
                pendingSpace = true; continue
            } else {
                continue // letters outside Latin: dropped for matching (display keeps the source text)
            }
            if c >= 97 && c <= 122 { c -= 32 }
            switch c {
            case 65...90, 48...57: put(c)
            case UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "."): continue
            default: pendingSpace = true // hyphen, space, comma and other punctuation separate words
            }
        }
        var s = String(decoding: out, as: UTF8.self)
        if placeholders.contains(s) { return "" }
        // "MC DONALD" and "MCDONALD" are the same name.
        if s.hasPrefix("MC ") || s.contains(" MC ") {
            var words = s.split(separator: " ").map(String.init)
            var i = 0
            while i < words.count - 1 {
                if words[i] == "MC" { words[i] += words[i + 1]; words.remove(at: i + 1) }
                i += 1
            }
            s = words.joined(separator: " ")
        }
        return s
    }

    static let latinFold: [UInt32: String] = {
        var m: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅàáâãäå", "A"), ("Ææ", "AE"), ("Çç", "C"), ("ÈÉÊËèéêë", "E"), ("ÌÍÎÏìíîï", "I"),
            ("Ðð", "D"), ("Ññ", "N"), ("ÒÓÔÕÖØòóôõöø", "O"), ("ÙÚÛÜùúûü", "U"), ("Ýýÿ", "Y"), ("ß", "SS"),
            ("Þþ", "TH"), ("Œœ", "OE"), ("Šš", "S"), ("Žž", "Z"), ("Ÿ", "Y"),
        ]
        for (chars, folded) in groups { for s in chars.unicodeScalars { m[s.value] = folded } }
        return m
    }()
}
