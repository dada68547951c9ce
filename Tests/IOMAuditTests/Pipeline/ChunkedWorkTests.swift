import Testing
@testable import IOMAudit

/// The audit and other stages split their work with `ChunkedWork`: whatever the number of items (the
/// persons a night's data links to) and of cores, every item is worked on exactly once, in order.
/// A run of the shipped samples (2,004 persons) on 16 threads, the default on a 16-core server,
/// stopped on a trap when chunks of a rounded-up size ran past the end.
@Suite struct ChunkedWorkTests {
    @Test func everyCountAndThreadCountCoversEachItemOnceInOrder() {
        for threads in [1, 2, 3, 8, 16, 64] {
            for count in [0, 1, 2, 9, 13, 17, 41, 100, 2004, 2016] {
                let ranges = ChunkedWork.map(count: count, threads: threads) { $0 }
                let items = ranges.flatMap { Array($0) }
                #expect(items == Array(0..<count), "count \(count), threads \(threads)")
            }
        }
    }
}
