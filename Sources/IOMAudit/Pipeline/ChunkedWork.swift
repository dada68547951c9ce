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
        return results.filled
    }
}
