import Foundation

/// Counts the attributes of each start tag in the bytes before libxml2 sees them. libxml2 (2.9) checks
/// a start tag's attributes against each other pairwise, once the whole tag has arrived: one element
/// with 500,000 attributes took 50 s, and the error then named a line far past it. Real extracts carry a
/// handful of attributes per element; a tag with more than `limit` is refused before the parser works
/// on it (the reader gives the parser the bytes before the tag and takes the line from it). Comments,
/// CDATA and processing instructions are not start tags. Text between tags and quoted values are skipped
/// with `memchr`, and inside a tag only four bytes matter, so the scan costs little beside the parse.
struct XMLTagScanner {
    let limit: Int
    private var inTag = false, quote: UInt8 = 0, attributes = 0, afterOpen = false

    /// `"`, `'`, `=` and `>`, all below 64: one bit each.
    private static let special: UInt64 = 1 << 34 | 1 << 39 | 1 << 61 | 1 << 62

    init(limit: Int) { self.limit = limit }

    /// Scans `bytes`; returns where in them the first start tag over the limit starts (0 when it began
    /// in an earlier call), if any.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let n = bytes.count
        var k = 0, tagStart = 0
        func find(_ byte: UInt8) -> Int? {
            memchr(base + k, Int32(byte), n - k).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
        }
        while k < n {
            if !inTag {
                guard let at = find(UInt8(ascii: "<")) else { return nil }
                inTag = true; afterOpen = true; attributes = 0; tagStart = at
                k = at + 1
                continue
            }
            if afterOpen {
                afterOpen = false
                // `<!…` (comment, CDATA, DOCTYPE), `<?…` and `</…` carry no attributes to count.
                let b = base[k]
                if b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || b == UInt8(ascii: "/") { inTag = false; k += 1; continue }
            }
            if quote != 0 {
                guard let at = find(quote) else { return nil }
                quote = 0
                k = at + 1
                continue
            }
            while k < n, base[k] >= 64 || XMLTagScanner.special & (1 << UInt64(base[k])) == 0 { k += 1 }
            guard k < n else { return nil }
            let b = base[k]
            k += 1
            switch b {
            case UInt8(ascii: "="):
                attributes += 1
                if attributes > limit { return tagStart }
            case UInt8(ascii: ">"): inTag = false
            default: quote = b
            }
        }
        return nil
    }
}
