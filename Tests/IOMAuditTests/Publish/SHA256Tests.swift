import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import IOMAudit

private func sha(_ bytes: [UInt8]) -> String {
    var h = SHA256()
    h.update(bytes)
    return SHA256.hex(of: h.finalize())
}

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(sha([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func millionA() {
        #expect(sha([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalEqualsOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = sha(data)
        for step in [1, 3, 55, 56, 63, 64, 65, 200] {
            var h = SHA256()
            var i = 0
            while i < data.count {
                let j = min(i + step, data.count)
                data[i..<j].withUnsafeBytes { h.update($0) }
                i = j
            }
            #expect(SHA256.hex(of: h.finalize()) == whole, "step \(step)")
        }
    }

    @Test func ofFile() throws {
        let path = "/tmp/iomaudit-shatest-\(getpid())"
        let bytes = Array("abc".utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        defer { unlink(path) }
        #expect(try SHA256.hexDigest(fileAt: path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(throws: SHA256.FileError.self) { try SHA256.hexDigest(fileAt: "/nonexistent/x") }
    }
}
