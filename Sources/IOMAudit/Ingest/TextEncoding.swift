/// The character encodings the extracts arrive in.
public enum TextEncoding: String, Codable, Sendable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case iso88591 = "iso-8859-1"

    /// Accepts the usual labels and aliases, ignoring case, spaces, hyphens and underscores
    /// ("UTF8", "cp1252", "Latin-1", "ISO_8859-1", …).
    public init?(label: String) {
        var key = ""
        for ch in label.lowercased() where ch != "-" && ch != "_" && ch != " " && ch != "\t" {
            key.append(ch)
        }
        switch key {
        case "utf8", "unicode11utf8":
            self = .utf8
        case "windows1252", "cp1252", "win1252", "xcp1252", "ansi1252", "mswindows1252":
            self = .windows1252
        case "iso88591", "iso885911987", "latin1", "l1", "isoir100", "cp819", "ibm819", "csisolatin1":
            self = .iso88591
        default:
            return nil
        }
    }

    /// Decodes bytes to a String. Invalid or undefined bytes become U+FFFD and `valid` is false.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, valid: Bool) {
        if TextEncoding.isASCII(bytes) {
            return (String(decoding: bytes, as: UTF8.self), true)
        }
        switch self {
        case .utf8:
            if let s = String(validating: bytes, as: UTF8.self) { return (s, true) }
            return (String(decoding: bytes, as: UTF8.self), false)
        case .windows1252, .iso88591:
            return decodeSingleByte(bytes)
        }
    }

    /// Whether the bytes are valid text in this encoding, without building a String.
    public func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if TextEncoding.isASCII(bytes) { return true }
        switch self {
        case .utf8:
            var input = bytes.makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            while true {
                switch parser.parseScalar(from: &input) {
                case .valid: continue
                case .emptyInput: return true
                case .error: return false
                }
            }
        case .iso88591:
            return true
        case .windows1252:
            for b in bytes where b >= 0x80 && b <= 0x9F && TextEncoding.cp1252High[Int(b &- 0x80)] == 0xFFFD {
                return false
            }
            return true
        }
    }

    /// Windows-1252 and ISO-8859-1: one byte per character, any byte sequence decodes.
    public var isSingleByte: Bool { self != .utf8 }

    /// Bytes that are not ASCII, are valid UTF-8 and read as UTF-8 text a person would write: in an
    /// extract declared single-byte, almost certainly UTF-8 mis-declared (in Windows-1252 that would
    /// take a capital letter with an accent followed by a symbol, as in "Ã©", which no name holds).
    /// Some Windows-1252 names are valid UTF-8 by accident: Czech "KRÍŽ" is the bytes CD 8E after
    /// "KR", which UTF-8 reads as a combining mark no language uses. Such text is taken as declared.
    public static func looksLikeUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !isASCII(bytes), TextEncoding.utf8.isValid(bytes) else { return false }
        var plausible = true
        // Valid, so every scalar decodes.
        var it = bytes.makeIterator(), codec = UTF8()
        while plausible, case .scalarValue(let u) = codec.decode(&it) {
            plausible = TextEncoding.writtenByPeople(u.value)
        }
        return plausible
    }

    /// Scalars that UTF-8 text from a records system holds; not the C1 controls, the combining marks
    /// beyond the diacritics European names decompose into (U+0300–U+0333), the archaic Greek signs
    /// before its letters, private use or non-characters. Windows-1252 letters read as UTF-8 land
    /// in those ranges: "Í" or "Ì" (CD, CC) then any of the high bytes.
    static func writtenByPeople(_ u: UInt32) -> Bool {
        switch u {
        case 0x80...0x9F, 0x334...0x385, 0xE000...0xF8FF, 0xFDD0...0xFDEF, 0xFFFE...0xFFFF: return false
        default: return true
        }
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if base[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    private func decodeSingleByte(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, valid: Bool) {
        var valid = true
        let isCP1252 = self == .windows1252
        let s = String(unsafeUninitializedCapacity: bytes.count * 3) { out in
            var o = 0
            for b in bytes {
                var scalar = UInt32(b)
                if isCP1252 && b >= 0x80 && b <= 0x9F {
                    scalar = UInt32(TextEncoding.cp1252High[Int(b &- 0x80)])
                    if scalar == 0xFFFD { valid = false }
                }
                if scalar < 0x80 {
                    out[o] = UInt8(scalar); o += 1
                } else if scalar < 0x800 {
                    out[o] = UInt8(0xC0 | (scalar >> 6))
                    out[o + 1] = UInt8(0x80 | (scalar & 0x3F)); o += 2
                } else {
                    out[o] = UInt8(0xE0 | (scalar >> 12))
                    out[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    out[o + 2] = UInt8(0x80 | (scalar & 0x3F)); o += 3
                }
            }
            return o
        }
        return (s, valid)
    }

    /// Windows-1252 0x80–0x9F; the five undefined bytes map to U+FFFD.
    static let cp1252High: [UInt16] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
