import Foundation

/// Splits `0..<count` into contiguous chunks worked on `threads` at a time, and returns the chunks'
/// results in chunk order, so whatever the thread count the caller merges the same results in the
/// same order.
enum ChunkedWork {
    static func map<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        guard threads > 1, count > 1 else { return [body(0..<count)] }
        // A few chunks per thread, so one slow chunk does not leave a core idle.
        let chunks = min(count, threads * 4)
        let size = (count + chunks - 1) / chunks
        let results = ResultSlots<T>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let range = (c * size)..<min(count, (c + 1) * size)
            results.set(c, range.isEmpty ? nil : body(range))
        }
        return results.values
    }
}

/// Each slot is written by exactly one chunk, under a lock; read only after all chunks finished.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T?) { lock.withLock { slots[i] = value } }

    var values: [T] { lock.withLock { slots.compactMap { $0 } } }
}
