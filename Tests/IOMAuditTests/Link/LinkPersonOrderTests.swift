import Foundation
import Testing
@testable import IOMAudit

/// Persons are listed in master id order; the index sorts them by a number per id instead of the
/// text, and the two orders must never differ.
@Suite struct LinkPersonOrderTests {
    @Test func masterOrderNumbersSortAsTheIdsDo() {
        var ids: [(id: String, order: UInt64)] = []
        for key in ["niche:N1", "niche:N2", "cozart:T9", "micase:C-1", "prison:A1234BC@2020-01-01", ""] + (0..<300).map({ "niche:N\($0 * 7919)" }) {
            let (hex, bits) = PersonAssembly.digestWithPrefix(key)
            #expect(hex == PersonAssembly.digest(key))
            ids.append(("M:" + hex, PersonAssembly.masterOrder(digestBits: bits)))
        }
        for (year, serial) in [(0, 1), (0, 9_999_999), (9, 1082), (10, 1), (85, 3_196_162), (99, 9_999_999), (26, 2_718_555)] {
            let p = PNCIdentifier(year: year, serial: serial)
            ids.append(("P:" + p.canonical, PersonAssembly.masterOrder(pnc: Int64(year) * 10_000_000 + Int64(serial))))
        }
        let byText = ids.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }.map(\.id)
        let byNumber = RadixSort.order(ids.map(\.order)).map { ids[Int($0)].id }
        #expect(byNumber == byText)
    }

    /// The first twelve hex digits of SHA-256, as every earlier run wrote them.
    @Test func digestIsTheSHA256Prefix() {
        #expect(PersonAssembly.digest("abc") == "BA7816BF8F01")
        #expect(PersonAssembly.digest("") == "E3B0C44298FC")
    }

    @Test func radixOrderIsAStableSort() {
        var state: UInt64 = 42
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        for n in [0, 1, 2, 255, 256, 5000] {
            // Few distinct values in some bit ranges, so ties and skipped passes both happen.
            let keys = (0..<n).map { _ in (next() >> 40) << 32 | (next() & 3) }
            let expected = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }.map(Int32.init)
            #expect(RadixSort.order(keys) == expected, "n = \(n)")
        }
        #expect(RadixSort.order([7, 7, 7]) == [0, 1, 2])
    }
}
