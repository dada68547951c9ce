/// A sound-alike code for a name part, for block keys: American Soundex (first letter and three
/// digits), so SMITH, SMYTH and SMITHE share a block and a typo in a vowel or a doubled letter
/// does not move a record out of it. Parts with no letter A–Z (names in another script) get a hash of
/// their bytes instead, so they still block with their own exact spelling.
enum NameCode {
    static func soundex(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 {
        // Digit per letter A–Z; 0 for vowels and H, W, Y (H and W do not separate equal digits).
        let digits: [UInt8] = [0, 1, 2, 3, 0, 1, 2, 0, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, 0, 2, 0, 2]
        var code: UInt32 = 0, count = 0
        var last: UInt8 = 0
        for c in p {
            guard c >= 65, c <= 90 else { continue }
            let d = digits[Int(c - 65)]
            if count == 0 {
                code = UInt32(c - 64) << 12
                last = d
                count = 1
                continue
            }
            if d != 0, d != last {
                code |= UInt32(d) << UInt32(12 - 4 * count)
                count += 1
                if count == 4 { break }
            }
            if c != 72, c != 87 { last = d } // H and W keep the previous digit
        }
        if count == 0 {
            if p.isEmpty { return 0 }
            return UInt32(truncatingIfNeeded: NamePartTable.fnv1a(p)) | 0x8000_0000
        }
        return code
    }

    static func soundex(_ s: String) -> UInt32 {
        var s = s
        return s.withUTF8 { soundex($0) }
    }

    /// The code as text (S530), for tests and explanations.
    static func text(_ code: UInt32) -> String {
        if code == 0 { return "" }
        if code & 0x8000_0000 != 0 { return "#" + String(code & 0x7FFF_FFFF, radix: 16) }
        let letter = Character(Unicode.Scalar(UInt8(code >> 12) + 64))
        return String(letter) + String((code >> 8) & 0xF) + String((code >> 4) & 0xF) + String(code & 0xF)
    }
}
