import Foundation

/// A `CSVWriter` fed from another thread: rows are handed over in batches to a serial queue, so the
/// CSV of a big table is encoded and written on the second core while the caller fills SQLite. Rows
/// keep their order; at most `maxBatchesWaiting` batches are held, so memory stays bounded.
final class BackgroundCSVWriter: @unchecked Sendable {
    static let batchSize = 4096
    static let maxBatchesWaiting = 4

    private let writer: CSVWriter
    private let queue = DispatchQueue(label: "iomaudit.csv-writer")
    private let slots = DispatchSemaphore(value: BackgroundCSVWriter.maxBatchesWaiting)
    private var batch: [[String?]] = []
    private let lock = NSLock()
    private var failure: Error?

    init(path: String, header: [String]) throws {
        writer = try CSVWriter(path: path, header: header)
        batch.reserveCapacity(Self.batchSize)
    }

    func write(_ row: [String?]) throws {
        batch.append(row)
        if batch.count == Self.batchSize { try handOver() }
    }

    /// Writes what is left, waits for the writing thread, flushes and fsyncs.
    func close() throws {
        try handOver()
        queue.sync {}
        if let failure = lock.withLock({ failure }) { throw failure }
        try writer.close()
    }

    private func handOver() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
        guard !batch.isEmpty else { return }
        let rows = batch
        batch.removeAll(keepingCapacity: true)
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            do { for r in rows { try writer.write(r) } } catch { lock.withLock { if failure == nil { failure = error } } }
        }
    }
}
