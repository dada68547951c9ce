import CCrypto

/// SHA-256 of a whole input as it streams past (every extract, every output): OpenSSL's libcrypto,
/// which uses the CPU's SHA instructions where it has them (about 1.7 GB/s on the benchmark machine,
/// against about 0.3 GB/s for the portable code), else the portable `SHA256` when libcrypto gives no
/// context. Short one-off digests (finding and master ids) stay on the portable code: no allocation.
/// A copy is independent (the context is copied on first write), so a digest of what has been read
/// so far can be taken while reading goes on.
public struct StreamingSHA256: @unchecked Sendable {
    private final class Context {
        let ctx: OpaquePointer

        init?() {
            guard let ctx = EVP_MD_CTX_new() else { return nil }
            guard EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else { EVP_MD_CTX_free(ctx); return nil }
            self.ctx = ctx
        }

        init?(copying other: Context) {
            guard let ctx = EVP_MD_CTX_new() else { return nil }
            guard EVP_MD_CTX_copy_ex(ctx, other.ctx) == 1 else { EVP_MD_CTX_free(ctx); return nil }
            self.ctx = ctx
        }

        deinit { EVP_MD_CTX_free(ctx) }
    }

    private var context: Context?
    private var portable: SHA256

    public init() {
        context = Context()
        portable = SHA256()
    }

    /// The portable implementation whatever libcrypto offers (tests compare the two).
    static func portableOnly() -> StreamingSHA256 {
        var s = StreamingSHA256()
        s.context = nil
        return s
    }

    var usesLibcrypto: Bool { context != nil }

    /// The context, made this value's own before it changes.
    private mutating func ownContext() -> OpaquePointer? {
        guard let c = context else { return nil }
        if !isKnownUniquelyReferenced(&context) {
            guard let copy = Context(copying: c) else { preconditionFailure("libcrypto could not copy a SHA-256 context") }
            context = copy
            return copy.ctx
        }
        return c.ctx
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        if let ctx = ownContext() {
            EVP_DigestUpdate(ctx, bytes.baseAddress, bytes.count)
        } else {
            portable.update(bytes)
        }
    }

    /// The digest; the value is spent (copy it first to go on).
    public mutating func finalize() -> [UInt8] {
        guard let ctx = ownContext() else { return portable.finalize() }
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(ctx, &out, &length)
        return out
    }
}
