import Foundation

/// Reads several extracts at once. Parsing and mapping, the costly part, run on worker threads (at most
/// `threads` at a time, largest file first); the calling thread alone writes to the store. Each source's
/// rows reach the store and the collector in the order of its file, so the store and every finding are
/// the same as when the sources are read one after another (`threads == 1`).
///
/// All sources load in one transaction; a source that cannot be read through has its rows cleared
/// again before commit, so nothing of it is kept, as in the one-at-a-time path.
public enum ConcurrentIngest {
    public struct Job: Sendable {
        public var ingestor: SourceIngestor
        public var file: String?
        public var ignored: [String]
        /// Why no file is read although some matched (`ExtractChoice`).
        public var refusal: String?

        public init(ingestor: SourceIngestor, file: String?, ignored: [String], refusal: String? = nil) {
            self.ingestor = ingestor
            self.file = file
            self.ignored = ignored
            self.refusal = refusal
        }
    }

    /// Rows handed from a worker to the writer in batches, so the hand-over costs little per row.
    static let batchSize = 1024
    /// Batches waiting for the writer, across all workers: bounds memory whatever the file sizes.
    static let queueCapacity = 4

    public static func ingest(_ jobs: [Job], threads: Int, into store: CanonicalStore,
                              collector: RecordCollector?, bytesRead: (@Sendable (_ bytes: Int, _ rows: Int) -> Void)? = nil) throws -> [SourceReport] {
        var reports: [SourceReport?] = Array(repeating: nil, count: jobs.count)
        let channel = BatchChannel(capacity: queueCapacity)
        let wantViews = collector != nil
        // Without a cap glibc gives each new thread an arena of its own, which keeps the pages of the
        // batches it built after the writer freed them; one arena per thread that works at once bounds
        // that, while a single arena would make every later thread (audit, CSV writer) queue on one lock.
        _ = glibcMallopt(-8 /* M_ARENA_MAX */, Int32(max(2, threads)))
        try store.db.transaction {
            var loads: [Int: SourceLoad] = [:]
            var started: [Int: Date] = [:]
            for (i, job) in jobs.enumerated() {
                try store.clear(system: job.ingestor.mapping.system)
                guard let file = job.file else {
                    reports[i] = job.ingestor.missingReport(ignored: job.ignored, refusal: job.refusal)
                    try store.record(reports[i]!)
                    continue
                }
                var report = SourceReport(job.ingestor.mapping, required: job.ingestor.required)
                report.ignoredFiles = job.ignored
                report.file = file
                loads[i] = try SourceLoad(store: store, report: report)
                started[i] = Date()
            }
            let order = loads.keys.sorted { a, b in
                let x = fileSize(jobs[a].file!), y = fileSize(jobs[b].file!)
                return x != y ? x > y : a < b
            }
            let slots = DispatchSemaphore(value: max(1, threads))
            for i in order {
                let job = jobs[i]
                let worker = Thread {
                    slots.wait()
                    defer { slots.signal() }
                    read(job, index: i, into: channel, views: wantViews, bytesRead: bytesRead)
                }
                worker.stackSize = 1 << 22
                worker.start()
            }
            var open = order.count
            while open > 0 {
                switch channel.take() {
                case .rows(let i, let outcomes, let views):
                    guard let load = loads[i] else { continue }  // already failed: its rows are dropped
                    do {
                        for o in outcomes { try load.accept(o) }
                        if let views { collector?.append(views) }
                    } catch {
                        channel.cancel(i)
                        loads[i] = nil
                        reports[i] = jobs[i].ingestor.failedReport(path: jobs[i].file!, ignored: jobs[i].ignored,
                                                                   rowsRead: load.report.rowsRead, error: error)
                    }
                case .finished(let i, let read):
                    open -= 1
                    guard let load = loads[i] else { continue }
                    reports[i] = load.finish(read)
                    reports[i]!.seconds = Date().timeIntervalSince(started[i]!)
                case .failed(let i, let message, let rowsRead):
                    open -= 1
                    guard loads[i] != nil else { continue }  // the writer's own failure stands
                    loads[i] = nil
                    reports[i] = jobs[i].ingestor.failedReport(path: jobs[i].file!, ignored: jobs[i].ignored,
                                                               rowsRead: rowsRead, message: message)
                }
            }
            for i in order {
                guard let r = reports[i] else { continue }
                if r.status == .failed {
                    try store.clear(system: r.system)
                    collector?.discard(r.system)
                }
                try store.record(r)
            }
        }
        return reports.map { $0! }
    }

    /// One worker: the whole file through the mapping, in batches.
    private static func read(_ job: Job, index i: Int, into channel: BatchChannel, views wantViews: Bool,
                             bytesRead: (@Sendable (Int, Int) -> Void)?) {
        let path = job.file!
        var batch: [RowOutcome] = []
        batch.reserveCapacity(batchSize)
        var views = SourceRecordSet()
        var rowsRead = 0
        struct Cancelled: Error {}
        do {
            let read = try job.ingestor.read(path: path, bytesRead: bytesRead) { outcome in
                rowsRead += 1
                if wantViews, case .record(let r) = outcome { views.add(r) }
                batch.append(outcome)
                if batch.count == batchSize {
                    guard channel.put(.rows(i, batch, wantViews ? views : nil)) else { throw Cancelled() }
                    batch.removeAll(keepingCapacity: true)
                    views = SourceRecordSet()
                }
            }
            if !batch.isEmpty { _ = channel.put(.rows(i, batch, wantViews ? views : nil)) }
            channel.finish(.finished(i, read))
        } catch {
            channel.finish(.failed(i, SourceIngestor.describe(error, file: (path as NSString).lastPathComponent), rowsRead: rowsRead))
        }
    }

    private static func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}

/// glibc's `mallopt` (malloc.h is not part of the Glibc module).
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// The bounded hand-over between reading workers and the one writer.
final class BatchChannel: @unchecked Sendable {
    enum Message: Sendable {
        case rows(Int, [RowOutcome], SourceRecordSet?)
        case finished(Int, SourceIngestor.FileRead)
        /// The reader's error, and the rows it had read before it.
        case failed(Int, String, rowsRead: Int)
    }

    private let condition = NSCondition()
    private var queue: [Message] = []
    private var head = 0
    private var cancelled = Set<Int>()
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false when the writer has given up on this source.
    func put(_ m: Message) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard case .rows(let i, _, _) = m else { preconditionFailure("put carries rows only") }
        while queue.count - head >= capacity && !cancelled.contains(i) { condition.wait() }
        if cancelled.contains(i) { return false }
        queue.append(m)
        condition.broadcast()
        return true
    }

    /// The end of a source: never waits, so a worker always finishes.
    func finish(_ m: Message) {
        condition.lock()
        queue.append(m)
        condition.broadcast()
        condition.unlock()
    }

    func take() -> Message {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count { condition.wait() }
        let m = queue[head]
        head += 1
        if head > 64 && head * 2 > queue.count { queue.removeFirst(head); head = 0 }
        condition.broadcast()
        return m
    }

    func cancel(_ source: Int) {
        condition.lock()
        cancelled.insert(source)
        condition.broadcast()
        condition.unlock()
    }
}
