#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SHA-256 (FIPS 180-4) in pure Swift: there is no CryptoKit on Linux.
public struct SHA256: Sendable {
    private var h0: UInt32 = 0x6a09e667, h1: UInt32 = 0xbb67ae85
    private var h2: UInt32 = 0x3c6ef372, h3: UInt32 = 0xa54ff53a
    private var h4: UInt32 = 0x510e527f, h5: UInt32 = 0x9b05688c
    private var h6: UInt32 = 0x1f83d9ab, h7: UInt32 = 0x5be0cd19
    /// Partial block, held inline (no heap).
    private var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var blockCount = 0
    private var totalBytes: UInt64 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, bytes.count > 0 else { return }
        var n = bytes.count
        totalBytes &+= UInt64(n)
        if blockCount > 0 {
            let take = min(64 - blockCount, n)
            let used = blockCount
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.advanced(by: used).copyMemory(from: p, byteCount: take) }
            blockCount += take
            p += take
            n -= take
            if blockCount < 64 { return }
            var copy = block
            withUnsafeBytes(of: &copy) { compress($0.baseAddress!, blocks: 1) }
            blockCount = 0
        }
        let whole = n / 64
        if whole > 0 {
            compress(p, blocks: whole)
            p += whole * 64
            n -= whole * 64
        }
        if n > 0 {
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: p, byteCount: n) }
            blockCount = n
        }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads, finishes and returns the 32-byte digest. The hasher should not be updated afterwards.
    public mutating func finalize() -> [UInt8] {
        finish()
        var out = [UInt8]()
        out.reserveCapacity(32)
        for h in [h0, h1, h2, h3, h4, h5, h6, h7] {
            out.append(UInt8(truncatingIfNeeded: h >> 24))
            out.append(UInt8(truncatingIfNeeded: h >> 16))
            out.append(UInt8(truncatingIfNeeded: h >> 8))
            out.append(UInt8(truncatingIfNeeded: h))
        }
        return out
    }

    /// The digest's first eight bytes as one big-endian word, without making the digest: short ids
    /// (millions of master ids at a force's size) need no more, and no allocation.
    mutating func finalizePrefix() -> UInt64 {
        finish()
        return UInt64(h0) << 32 | UInt64(h1)
    }

    /// Pads and compresses the last block: the digest is then `h0`…`h7`.
    private mutating func finish() {
        let bitLength = totalBytes &* 8
        let padCount = (blockCount < 56 ? 56 : 120) - blockCount
        let saved = totalBytes
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 72) { pad in
            pad.initialize(repeating: 0)
            pad[0] = 0x80
            for i in 0..<8 { pad[padCount + i] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(i))) }
            update(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(pad)[0..<(padCount + 8)]))
        }
        totalBytes = saved
    }

    public static func hex(of bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var chars = [UInt8]()
        chars.reserveCapacity(bytes.count * 2)
        for b in bytes {
            chars.append(digits[Int(b >> 4)])
            chars.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: chars, as: UTF8.self)
    }

    /// Hashes a file with read(2) in 1 MiB chunks.
    public static func hexDigest(fileAt path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw FileError(path: path, message: "cannot open: \(FileError.describe(errno: errno))") }
        defer { close(fd) }
        let size = 1 << 20
        let buf = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buf.deallocate() }
        var hasher = StreamingSHA256()
        while true {
            let n = read(fd, buf, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, message: "read failed: \(FileError.describe(errno: errno))")
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(start: buf, count: n))
        }
        return hex(of: hasher.finalize())
    }

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
        d = d &+ t1
        h = t1 &+ (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
    }

    private mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
        var a0 = h0, b0 = h1, c0 = h2, d0 = h3, e0 = h4, f0 = h5, g0 = h6, hh0 = h7
        Self.k.withUnsafeBufferPointer { kb in
            let k = kb.baseAddress!
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wb in
                let w = wb.baseAddress!
                var p = data
                for _ in 0..<blocks {
                    for i in 0..<16 {
                        w[i] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
                    }
                    for i in 16..<64 {
                        let x = w[i - 15], y = w[i - 2]
                        let s0 = Self.rotr(x, 7) ^ Self.rotr(x, 18) ^ (x &>> 3)
                        let s1 = Self.rotr(y, 17) ^ Self.rotr(y, 19) ^ (y &>> 10)
                        w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
                    }
                    var a = a0, b = b0, c = c0, d = d0, e = e0, f = f0, g = g0, h = hh0
                    var i = 0
                    while i < 64 {
                        Self.round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
                        Self.round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
                        Self.round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
                        Self.round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
                        Self.round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
                        Self.round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
                        Self.round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
                        Self.round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
                        i += 8
                    }
                    a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
                    e0 = e0 &+ e; f0 = f0 &+ f; g0 = g0 &+ g; hh0 = hh0 &+ h
                    p += 64
                }
            }
        }
        h0 = a0; h1 = b0; h2 = c0; h3 = d0; h4 = e0; h5 = f0; h6 = g0; h7 = hh0
    }

    /// A file could not be opened or read while hashing.
    public struct FileError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }

        static func describe(errno code: Int32) -> String {
            guard let s = strerror(code) else { return "errno \(code)" }
            return "\(String(cString: s)) (errno \(code))"
        }
    }
}

/// Hashes a stream of chunks on a second thread, so that hashing overlaps the caller's own work.
/// Chunks are copied into a small ring of slots (bounded memory: `slots × slotSize`).
final class BackgroundSHA256: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let cond: UnsafeMutablePointer<pthread_cond_t>
    private let slotSize: Int
    private let slotCount: Int
    private let storage: UnsafeMutableRawPointer
    private let counts: UnsafeMutablePointer<Int>
    private var head = 0      // next slot to hash
    private var filled = 0    // slots waiting or being hashed
    private var closing = false
    private var hasher = StreamingSHA256()   // touched by the worker, or by the caller once drained
    private var thread = pthread_t()

    /// Nil if no thread could be started.
    init?(slotSize: Int, slots: Int = 3) {
        self.slotSize = slotSize
        slotCount = slots
        mutex = .allocate(capacity: 1)
        cond = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(cond, nil)
        storage = .allocate(byteCount: slotSize * slots, alignment: 64)
        counts = .allocate(capacity: slots)
        counts.initialize(repeating: 0, count: slots)
        let context = Unmanaged.passUnretained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { context in
            Unmanaged<BackgroundSHA256>.fromOpaque(context!).takeUnretainedValue().run()
            return nil
        }, context)
        if rc != 0 {
            release()
            return nil
        }
    }

    /// Must be called before the last reference goes: stops and joins the worker.
    func shutdown() {
        pthread_mutex_lock(mutex)
        closing = true
        pthread_cond_broadcast(cond)
        pthread_mutex_unlock(mutex)
        pthread_join(thread, nil)
        release()
    }

    private func release() {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(cond)
        mutex.deallocate()
        cond.deallocate()
        storage.deallocate()
        counts.deallocate()
    }

    /// Queues a copy of `bytes`, waiting while every slot is full.
    func update(_ bytes: UnsafeRawBufferPointer) {
        var p = bytes.baseAddress
        var left = bytes.count
        while left > 0, let src = p {
            let n = min(left, slotSize)
            pthread_mutex_lock(mutex)
            while filled == slotCount { pthread_cond_wait(cond, mutex) }
            let slot = (head + filled) % slotCount
            pthread_mutex_unlock(mutex)
            (storage + slot * slotSize).copyMemory(from: src, byteCount: n)
            pthread_mutex_lock(mutex)
            counts[slot] = n
            filled += 1
            pthread_cond_broadcast(cond)
            pthread_mutex_unlock(mutex)
            p = src + n
            left -= n
        }
    }

    /// Waits for the queue to drain and returns the digest of everything queued so far.
    func digest() -> [UInt8] {
        pthread_mutex_lock(mutex)
        while filled > 0 { pthread_cond_wait(cond, mutex) }
        var copy = hasher
        pthread_mutex_unlock(mutex)
        return copy.finalize()
    }

    private func run() {
        pthread_mutex_lock(mutex)
        while true {
            while filled == 0 && !closing { pthread_cond_wait(cond, mutex) }
            if filled == 0 { break }
            let slot = head, n = counts[slot]
            pthread_mutex_unlock(mutex)
            hasher.update(UnsafeRawBufferPointer(start: storage + slot * slotSize, count: n))
            pthread_mutex_lock(mutex)
            head = (head + 1) % slotCount
            filled -= 1
            pthread_cond_broadcast(cond)
        }
        pthread_mutex_unlock(mutex)
    }
}
