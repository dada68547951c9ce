import Foundation

/// Splits `0..<count` into contiguous chunks worked on `threads` at a time, and returns the chunks'
/// results in chunk order, so whatever the thread count the caller merges the same results in the
/// same order.
enum ChunkedWork {
    static func map<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        guard threads > 1, count > 1 else { return [body(0..<count)] }
        // A few chunks per thread, so one slow chunk does not leave a core idle.
        // Chunk c is c·count/chunks ..< (c+1)·count/chunks: never empty, never past the end. (Chunks of a
        // rounded-up size ran past the end whenever (chunks − 1) × size > count, and a run of 2,004 persons
        // on 16 threads stopped on a trap.)
        let chunks = min(count, threads * 4)
        let results = ResultSlots<T>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            results.set(c, body((c * count / chunks)..<((c + 1) * count / chunks)))
        }
        return results.filled
    }
}
