import Foundation

/// One slot per piece of work done on worker threads (`DispatchQueue.concurrentPerform`), read back
/// in index order once all are done, so the merged result never depends on which finished first.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Value?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ v: Value?) { lock.withLock { values[k] = v } }

    func get(_ k: Int) -> Value { lock.withLock { values[k]! } }

    /// The value, leaving the slot empty: a large result is then held once, by the caller.
    func take(_ k: Int) -> Value {
        lock.withLock {
            let v = values[k]!
            values[k] = nil
            return v
        }
    }

    /// The slots that were filled, in index order.
    var filled: [Value] { lock.withLock { values.compactMap { $0 } } }
}
