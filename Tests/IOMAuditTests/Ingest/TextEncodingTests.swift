import Testing
@testable import IOMAudit

private func decode(_ bytes: [UInt8], _ encoding: TextEncoding) -> (String, Bool) {
    bytes.withUnsafeBufferPointer { let r = encoding.decode($0); return (r.0, r.valid) }
}

@Suite struct TextEncodingTests {
    @Test func labels() {
        #expect(TextEncoding(label: "UTF-8") == .utf8)
        #expect(TextEncoding(label: "utf8") == .utf8)
        #expect(TextEncoding(label: "CP1252") == .windows1252)
        #expect(TextEncoding(label: "Windows-1252") == .windows1252)
        #expect(TextEncoding(label: "latin1") == .iso88591)
        #expect(TextEncoding(label: "Latin-1") == .iso88591)
        #expect(TextEncoding(label: "ISO8859-1") == .iso88591)
        #expect(TextEncoding(label: "iso_8859-1") == .iso88591)
        #expect(TextEncoding(label: "ebcdic") == nil)
        #expect(TextEncoding(rawValue: "windows-1252") == .windows1252)
    }

    @Test func asciiFastPath() {
        for e in [TextEncoding.utf8, .windows1252, .iso88591] {
            #expect(decode(Array("plain text, 123".utf8), e) == ("plain text, 123", true))
            #expect(decode([], e) == ("", true))
        }
    }

    @Test func utf8() {
        #expect(decode(Array("Zoë £5 ’".utf8), .utf8) == ("Zoë £5 ’", true))
        #expect(decode([0x61, 0xC3], .utf8) == ("a\u{FFFD}", false))          // truncated
        #expect(decode([0xED, 0xA0, 0x80], .utf8).1 == false)                   // surrogate
        #expect(decode([0xC0, 0xAF], .utf8).1 == false)                         // overlong
        for bad: [UInt8] in [[0x61, 0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF], [0xF4, 0x90, 0x80, 0x80]] {
            #expect(!bad.withUnsafeBufferPointer { TextEncoding.utf8.isValid($0) })
        }
        #expect(Array("Zoë ’ 😀".utf8).withUnsafeBufferPointer { TextEncoding.utf8.isValid($0) })
    }

    @Test func windows1252() {
        #expect(decode([0x80, 0xA3, 0xE9, 0x92, 0x9F], .windows1252) == ("€£é’Ÿ", true))
        for b: UInt8 in [0x81, 0x8D, 0x8F, 0x90, 0x9D] {
            #expect(decode([0x41, b], .windows1252) == ("A\u{FFFD}", false))
            #expect(![b].withUnsafeBufferPointer { TextEncoding.windows1252.isValid($0) })
        }
    }

    @Test func latin1() {
        #expect(decode([0x80, 0xA3, 0xE9, 0xFF], .iso88591) == ("\u{80}£éÿ", true))
    }

    /// UTF-8 in an extract declared single-byte is flagged; Windows-1252 that is valid UTF-8 only by
    /// accident (a Czech name) is read as declared, not lost.
    @Test func misDeclaredUTF8() {
        func looks(_ b: [UInt8]) -> Bool { b.withUnsafeBufferPointer { TextEncoding.looksLikeUTF8($0) } }
        #expect(looks(Array("O’NEILL".utf8)))
        #expect(looks(Array("ZOË".utf8)))
        #expect(looks(Array("ŚMIGIELSKI".utf8)))
        #expect(looks(Array("ПЕТРОВ".utf8)))
        #expect(looks(Array("JOSE\u{301}".utf8)))           // decomposed accent, as some systems write
        #expect(!looks(Array("SMITH".utf8)))
        #expect(!looks([0x4B, 0x52, 0xCD, 0x8E]))             // KRÍŽ in Windows-1252
        #expect(!looks([0xC2, 0x85]))                         // C1 control as UTF-8
        #expect(decode([0x4B, 0x52, 0xCD, 0x8E], .windows1252) == ("KRÍŽ", true))
    }
}
