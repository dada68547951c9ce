import Foundation

/// Counts the attributes of each start tag in the bytes before libxml2 sees them. libxml2 (2.9) checks
/// a start tag's attributes against each other pairwise, once the whole tag has arrived: one element
/// with 500,000 attributes took 50 s, and the error then named a line far past it. Real extracts carry a
/// handful of attributes per element; a tag with more than `limit` is refused before the parser works
/// on it (the reader gives the parser the bytes before the tag and takes the line from it). Comments, CDATA and processing instructions are not start tags. Text between tags is skipped with
/// `memchr`, so the scan costs little beside the parse.
struct XMLTagScanner {
    let limit: Int
    private var inTag = false, quote: UInt8 = 0, attributes = 0, afterOpen = false

    init(limit: Int) { self.limit = limit }

    /// Scans `bytes`; returns where in them the first start tag over the limit starts (0 when it began
    /// in an earlier call), if any.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let n = bytes.count
        var k = 0, tagStart = 0
        while k < n {
            if !inTag {
                guard let hit = memchr(base + k, Int32(UInt8(ascii: "<")), n - k) else { return nil }
                k = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                inTag = true; afterOpen = true; attributes = 0; tagStart = k
                k += 1
                continue
            }
            let b = base[k]
            k += 1
            if afterOpen {
                afterOpen = false
                // `<!…` (comment, CDATA, DOCTYPE), `<?…` and `</…` carry no attributes to count.
                if b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || b == UInt8(ascii: "/") { inTag = false; continue }
            }
            if quote != 0 {
                if b == quote { quote = 0 }
                continue
            }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = b
            case UInt8(ascii: "="):
                attributes += 1
                if attributes > limit { return tagStart }
            case UInt8(ascii: ">"): inTag = false
            default: break
            }
        }
        return nil
    }
}
