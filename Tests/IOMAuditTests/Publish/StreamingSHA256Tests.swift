import Foundation
import Testing
@testable import IOMAudit

/// Every input's digest in the manifest comes from libcrypto where it is present: it must be the same
/// SHA-256 as the portable code gives, however the input is cut into chunks, and a digest taken part
/// way (a copy) must leave the running one untouched.
@Suite struct StreamingSHA256Tests {
    func hex(_ h: StreamingSHA256) -> String { var c = h; return SHA256.hex(of: c.finalize()) }

    @Test func knownVectorsAndTheMachinesLibcrypto() {
        var h = StreamingSHA256()
        #expect(h.usesLibcrypto, "libcrypto is a build dependency; a context must be available")
        #expect(hex(h) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        Array("abc".utf8).withUnsafeBytes { h.update($0) }
        #expect(hex(h) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var million = StreamingSHA256()
        let a = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        a.withUnsafeBytes { million.update($0) }
        #expect(hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func libcryptoAndThePortableCodeAgreeHoweverTheInputIsCut() {
        var rng = SystemRandomNumberGenerator()
        for size in [0, 1, 55, 56, 63, 64, 65, 1000, 70_000, 1 << 20] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var fast = StreamingSHA256(), slow = StreamingSHA256.portableOnly()
            var start = 0
            while start < size {
                let n = min(size - start, Int.random(in: 1...9000, using: &rng))
                bytes[start..<(start + n)].withUnsafeBytes { fast.update($0); slow.update($0) }
                start += n
                // A digest of what is read so far leaves the running hash as it was.
                if Bool.random(using: &rng) { #expect(hex(fast) == hex(slow)) }
            }
            #expect(!slow.usesLibcrypto)
            #expect(hex(fast) == hex(slow), "size \(size)")
            var whole = SHA256()
            whole.update(bytes)
            #expect(hex(fast) == SHA256.hex(of: whole.finalize()))
        }
    }
}
