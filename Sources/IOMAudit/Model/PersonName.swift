import Foundation

/// A person's name exactly as the source wrote it (Unicode NFC, outer spaces trimmed), so stores,
/// tables, explanations and reports show Łukasz, Nguyễn and Иванов as written. Matching never uses
/// these strings directly: it uses `normalise(_:)`, a separate key (upper case, accents folded,
/// Cyrillic and Greek romanised, hyphens to spaces, apostrophes removed, "MC X" joined, placeholders
/// such as "NOT ENTERED" or "UNKNOWN" dropped), so Nguyễn on PNC links to Nguyen on Niche.
public struct PersonName: Hashable, Sendable {
    public let forenames: String   // as written; "" when unknown
    public let surname: String     // as written; "" when unknown

    public init(forenames: String, surname: String) {
        self.forenames = PersonName.written(forenames)
        self.surname = PersonName.written(surname)
    }

    /// Parts already kept as written (canonical records hold them so: `written(_:)` at ingest).
    init(writtenForenames: String, surname: String) {
        self.forenames = writtenForenames
        self.surname = surname
    }

    public var isEmpty: Bool { forenames.isEmpty && surname.isEmpty }

    /// The matching keys of the two parts.
    public var surnameKey: String { PersonName.normalise(surname) }
    public var forenamesKey: String { PersonName.normalise(forenames) }

    /// First forename as written, the part most systems agree on.
    public var firstForename: String {
        forenames.split(whereSeparator: { $0 == " " }).first.map(String.init) ?? ""
    }

    /// "Surname, Forenames" as written, for reports.
    public var display: String {
        if forenames.isEmpty { return surname }
        if surname.isEmpty { return forenames }
        return surname + ", " + forenames
    }

    /// A name part as it is kept: NFC (one form for "é" however the source composed it), outer
    /// spaces trimmed, invisible characters that no one typed dropped (a byte-order mark or zero-width
    /// space where extracts were joined; zero-width joiners, which some scripts spell with, stay) and
    /// control characters (a tab, a line break in a quoted cell) made spaces; nothing else changed.
    /// "" for a placeholder or a part with no letters.
    public static func written(_ raw: String) -> String {
        var t = raw
        if !t.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) {
            var kept = String.UnicodeScalarView()
            for u in t.unicodeScalars {
                switch u.properties.generalCategory {
                case .control: kept.append(" ")
                case .format where u.value != 0x200C && u.value != 0x200D: continue
                default: kept.append(u)
                }
            }
            t = String(kept).precomposedStringWithCanonicalMapping
        }
        t = t.trimmedOfSpaces
        return hasMatchingKey(t) ? t : ""
    }

    /// Whether `normalise(t)` is not empty, without building it for an ordinary ASCII name (every
    /// name of every record is checked): it has a letter or digit, and its first cannot begin a
    /// placeholder (each starts N, U, T or X); other names are normalised to be sure.
    static func hasMatchingKey(_ t: String) -> Bool {
        for c in t.utf8 {
            if c >= 128 { break }
            let upper = c >= 97 && c <= 122 ? c - 32 : c
            guard (upper >= 65 && upper <= 90) || (upper >= 48 && upper <= 57) else { continue }
            if upper == UInt8(ascii: "N") || upper == UInt8(ascii: "U") || upper == UInt8(ascii: "T") || upper == UInt8(ascii: "X") { break }
            return true
        }
        return !normalise(t).isEmpty
    }

    static let placeholders: Set<String> = ["NOT ENTERED", "NOTENTERED", "UNKNOWN", "NK", "N K", "NOT KNOWN", "NONE", "NULL", "NA", "N A", "TBC", "X", "XX", "XXX"]

    /// The matching key of one name part.
    public static func normalise(_ raw: String) -> String {
        var out: [UInt8] = []
        normalise(raw, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The matching key of one name part, written into `out` (emptied first) so linking can key
    /// millions of names without a buffer each. Works on bytes: ASCII needs no Unicode machinery;
    /// other text is folded through a Latin table first.
    public static func normalise(_ raw: String, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var pendingSpace = false
        @inline(__always) func put(_ c: UInt8) {
            if pendingSpace, !out.isEmpty { out.append(32) }
            pendingSpace = false
            out.append(c)
        }
        @inline(__always) func ascii(_ c0: UInt8) {
            var c = c0
            if c >= 97 && c <= 122 { c -= 32 }
            switch c {
            case 65...90, 48...57: put(c)
            case UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "."): break
            default: pendingSpace = true // hyphen, space, comma and other punctuation separate words
            }
        }
        if raw.utf8.allSatisfy({ $0 < 128 }) {
            for c in raw.utf8 { ascii(c) }
        } else {
            var afterGreekO = false
            for scalar in raw.unicodeScalars {
                let v = scalar.value
                // Greek ου is one sound, OU (ELOT 743), not O then Y.
                let greekO = afterGreekO
                afterGreekO = false
                if v < 128 {
                    ascii(UInt8(v))
                } else if let folded = latinFold[v] {
                    if PersonName.isGreek(v) {
                        afterGreekO = folded == "O"
                        if greekO && folded == "Y" { put(UInt8(ascii: "U")); continue }
                    }
                    for f in folded.utf8 { put(f) }
                } else if v == 0x2010 || v == 0x2011 || v == 0x2013 || v == 0x2014 || v == 0x00A0 {
                    pendingSpace = true
                } else if scalar.properties.isAlphabetic {
                    // A letter of another script is kept, upper-cased, so the name still matches itself.
                    for u in String(scalar).uppercased().utf8 { put(u) }
                }
                // Typographic apostrophes and other marks are dropped for matching.
            }
        }
        if out.count <= 11, placeholders.contains(String(decoding: out, as: UTF8.self)) { out.removeAll(keepingCapacity: true); return }
        joinMc(&out)
    }

    /// "MC DONALD" and "MCDONALD" are the same name: drop the space after a word "MC".
    static func joinMc(_ out: inout [UInt8]) {
        var i = 0
        while i + 3 < out.count {
            if out[i] == 77, out[i + 1] == 67, out[i + 2] == 32, i == 0 || out[i - 1] == 32 {
                out.remove(at: i + 2)
            }
            i += 1
        }
    }

    static func isGreek(_ v: UInt32) -> Bool { (0x0370...0x03FF).contains(v) || (0x1F00...0x1FFF).contains(v) }

    /// Cyrillic by BGN/PCGN (Russian, with the Ukrainian and Belarusian letters), as British records
    /// write Russian names: Иванов → IVANOV, Щукин → SHCHUKIN; the hard and soft signs are dropped.
    static let cyrillic: [(String, String)] = [
        ("Аа", "A"), ("Бб", "B"), ("Вв", "V"), ("Гг", "G"), ("Ґґ", "G"), ("Дд", "D"), ("ЕеЁёЭэ", "E"), ("Єє", "YE"),
        ("Жж", "ZH"), ("Зз", "Z"), ("ИиІі", "I"), ("Її", "YI"), ("Йй", "Y"), ("Кк", "K"), ("Лл", "L"), ("Мм", "M"),
        ("Нн", "N"), ("Оо", "O"), ("Пп", "P"), ("Рр", "R"), ("Сс", "S"), ("Тт", "T"), ("УуЎў", "U"), ("Фф", "F"),
        ("Хх", "KH"), ("Цц", "TS"), ("Чч", "CH"), ("Шш", "SH"), ("Щщ", "SHCH"), ("Ыы", "Y"), ("Юю", "YU"), ("Яя", "YA"),
        ("ЪъЬь", ""),
    ]

    /// Greek by ELOT 743 (the Greek passport romanisation), letter by letter with ου as OU:
    /// Παπαδόπουλος → PAPADOPOULOS. Accented letters fold through their canonical decomposition.
    static let greek: [(String, String)] = [
        ("Αα", "A"), ("Ββ", "V"), ("Γγ", "G"), ("Δδ", "D"), ("Εε", "E"), ("Ζζ", "Z"), ("Ηη", "I"), ("Θθ", "TH"),
        ("Ιι", "I"), ("Κκ", "K"), ("Λλ", "L"), ("Μμ", "M"), ("Νν", "N"), ("Ξξ", "X"), ("Οο", "O"), ("Ππ", "P"),
        ("Ρρ", "R"), ("Σσς", "S"), ("Ττ", "T"), ("Υυ", "Y"), ("Φφ", "F"), ("Χχ", "CH"), ("Ψψ", "PS"), ("Ωω", "O"),
    ]

    /// Letters folded to A–Z for matching: Latin-1 and Latin Extended-A by hand, then every other
    /// precomposed Latin letter (Extended-B, Extended Additional: Polish, Czech, Turkish, Romanian,
    /// Vietnamese) by its canonical decomposition, so ŁUKASZ and LUKASZ are one name; Cyrillic and Greek
    /// by the romanisations above, so Иванов on one system matches Ivanov on another.
    static let latinFold: [UInt32: String] = {
        var m: [UInt32: String] = [:]
        let ranges: [ClosedRange<UInt32>] = [0x00C0...0x024F, 0x1E00...0x1EFF]
        for r in ranges {
            for v in r {
                guard let scalar = Unicode.Scalar(v), scalar.properties.isAlphabetic else { continue }
                let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first!
                if base.value < 128, base.properties.isAlphabetic { m[v] = String(base).uppercased() }
            }
        }
        // Letters with a stroke or of their own, which do not decompose.
        let own: [(String, String)] = [("ŁłȽƚ", "L"), ("ĐđƉɖ", "D"), ("Ħħ", "H"), ("ıİ", "I"), ("Ŋŋ", "NG"), ("ŦŧȾ", "T"),
                                       ("Ɨɨ", "I"), ("Ƶƶ", "Z"), ("ȺⱥƀɃ", "A"), ("Ŀŀ", "L"), ("ĸ", "K"), ("ſ", "S"),
                                       ("Ĳĳ", "IJ"), ("Ǆǅǆ", "DZ"), ("Ǉǈǉ", "LJ"), ("Ǌǋǌ", "NJ")]
        for (chars, folded) in own { for s in chars.unicodeScalars { m[s.value] = folded } }
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅàáâãäå", "A"), ("Ææ", "AE"), ("Çç", "C"), ("ÈÉÊËèéêë", "E"), ("ÌÍÎÏìíîï", "I"),
            ("Ðð", "D"), ("Ññ", "N"), ("ÒÓÔÕÖØòóôõöø", "O"), ("ÙÚÛÜùúûü", "U"), ("Ýýÿ", "Y"), ("ß", "SS"),
            ("Þþ", "TH"), ("Œœ", "OE"), ("Šš", "S"), ("Žž", "Z"), ("Ÿ", "Y"), ("Ƀƀ", "B"),
        ]
        for (chars, folded) in groups { for s in chars.unicodeScalars { m[s.value] = folded } }
        for (chars, folded) in cyrillic + greek { for s in chars.unicodeScalars { m[s.value] = folded } }
        // Accented Greek (ά, ΐ, ὠ, …) through its base letter.
        for v in UInt32(0x0370)...0x03FF as ClosedRange<UInt32> {
            guard m[v] == nil, let scalar = Unicode.Scalar(v), scalar.properties.isAlphabetic,
                  let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first, let f = m[base.value] else { continue }
            m[v] = f
        }
        for v in UInt32(0x1F00)...0x1FFF as ClosedRange<UInt32> {
            guard let scalar = Unicode.Scalar(v), scalar.properties.isAlphabetic,
                  let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first, let f = m[base.value] else { continue }
            m[v] = f
        }
        return m
    }()
}
