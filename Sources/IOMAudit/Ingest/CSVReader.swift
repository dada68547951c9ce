#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct CSVReaderOptions: Sendable {
    public var delimiter: UInt8 = UInt8(ascii: ",")
    public var encoding: TextEncoding = .utf8
    /// Bytes asked of each read(2).
    public var chunkSize: Int = 1 << 20
    /// Longest field accepted, counted as stored in the file (quotes included, line ending excluded).
    public var maxFieldBytes: Int = 1 << 20
    public var maxFieldsPerRow: Int = 10_000
    /// Hash the input as it is read (`CSVReader.sha256Hex`). Large files are hashed on a second thread.
    public var computesSHA256: Bool = true

    public init(
        delimiter: UInt8 = UInt8(ascii: ","),
        encoding: TextEncoding = .utf8,
        chunkSize: Int = 1 << 20,
        maxFieldBytes: Int = 1 << 20,
        maxFieldsPerRow: Int = 10_000,
        computesSHA256: Bool = true
    ) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.chunkSize = chunkSize
        self.maxFieldBytes = maxFieldBytes
        self.maxFieldsPerRow = maxFieldsPerRow
        self.computesSHA256 = computesSHA256
    }
}

/// One record, valid only for the duration of the `forEachRow` callback: its fields point into the
/// reader's buffer. Copy out what you keep (`string(_:)`, `Array(bytes(_:))`).
public struct CSVRow {
    /// 1-based physical line on which the record starts (the header is line 1).
    public let line: Int
    /// Number of fields.
    public let count: Int
    let base: UnsafePointer<UInt8>
    let scratch: UnsafePointer<UInt8>
    /// Field start relative to `base`, or `~offset` into `scratch` for fields that had to be unescaped.
    let starts: UnsafePointer<Int>
    let lengths: UnsafePointer<Int>
    let encoding: TextEncoding

    /// Field `i`, quotes removed and doubled quotes unescaped.
    @inline(__always)
    public func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(i >= 0 && i < count, "CSV field index \(i) out of range 0..<\(count)")
        let s = starts[i]
        let p = s >= 0 ? base + s : scratch + ~s
        return UnsafeBufferPointer(start: p, count: lengths[i])
    }

    /// Field `i` decoded per the reader's encoding; invalid bytes become U+FFFD.
    public func string(_ i: Int) -> String { encoding.decode(bytes(i)).0 }

    /// False if field `i` holds bytes that are invalid in the reader's encoding.
    public func isValidText(_ i: Int) -> Bool { encoding.isValid(bytes(i)) }

    public func isEmpty(_ i: Int) -> Bool {
        precondition(i >= 0 && i < count, "CSV field index \(i) out of range 0..<\(count)")
        return lengths[i] == 0
    }

    /// All fields decoded.
    public func strings() -> [String] { (0..<count).map { string($0) } }
}

/// Why a record could not be read cleanly. The row is still passed so that it can be quarantined.
public enum CSVRowProblem: Sendable, Equatable, CustomStringConvertible {
    /// End of file inside a quoted field; the row holds the fields read up to the end.
    case unterminatedQuote
    /// A field exceeded the limit; the row holds the fields before it and the rest of the record was skipped.
    case fieldTooLong(limit: Int)
    /// More fields than the limit; the row holds the first `limit` fields and the rest was skipped.
    case tooManyFields(limit: Int)

    public var description: String {
        switch self {
        case .unterminatedQuote: return "unterminated quoted field at end of file"
        case .fieldTooLong(let limit): return "field longer than \(limit) bytes"
        case .tooManyFields(let limit): return "more than \(limit) fields"
        }
    }
}

/// An I/O failure (open or read), with the system's error text.
public struct CSVError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let line: Int?
    public let message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }

    static func system(_ path: String, _ what: String, _ code: Int32) -> CSVError {
        let text = strerror(code).map { String(cString: $0) } ?? "unknown error"
        return CSVError(path: path, line: nil, message: "\(what): \(text) (errno \(code))")
    }
}

/// Streaming RFC 4180 reader over read(2) chunks. Fields are byte ranges into one buffer that only ever
/// grows to hold a single record (bounded by `maxFieldBytes`).
///
/// Lenient where Excel is: a quote inside an unquoted field is literal, text after a closing quote is
/// appended, a lone CR is data. Records end at LF or CRLF; completely empty lines are skipped but counted.
public final class CSVReader {
    private enum Source {
        case file(Int32)
        case memory([UInt8], Int)
    }

    private enum Step {
        case needMore
        /// `start` is an absolute buffer position, or `~offset` into scratch.
        case field(start: Int, length: Int, raw: Int, next: Int, endsRecord: Bool)
        case unterminated(start: Int, length: Int, raw: Int)
    }

    public let path: String
    public let options: CSVReaderOptions
    public private(set) var bytesRead: Int = 0

    private var source: Source
    private var hasher = StreamingSHA256()
    private var backgroundHasher: BackgroundSHA256?

    // Buffer: valid bytes are [0, len); buf[len] is always an LF sentinel.
    private var buf: UnsafeMutablePointer<UInt8>
    private var cap: Int
    private var len = 0
    private var recStart = 0
    private var eof = false
    private var started = false

    // Current record.
    private var line = 1
    private var recordLine = 1
    private var nextRecordStart = 0
    private var problem: CSVRowProblem?
    private var starts: UnsafeMutablePointer<Int>
    private var lengths: UnsafeMutablePointer<Int>
    private var fieldCap: Int
    private var fieldCount = 0
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCap: Int
    private var scratchLen = 0

    private var header: [String]?
    private var headerRead = false

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let quote = UInt8(ascii: "\"")

    /// Opens the file with open(2); it is read with read(2) in `options.chunkSize` chunks.
    public convenience init(path: String, options: CSVReaderOptions = .init()) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw CSVError.system(path, "cannot open", errno) }
        self.init(source: .file(fd), path: path, options: options)
    }

    /// In-memory source, still consumed `options.chunkSize` bytes at a time.
    public convenience init(bytes: [UInt8], options: CSVReaderOptions = .init()) {
        self.init(source: .memory(bytes, 0), path: "<memory>", options: options)
    }

    private init(source: Source, path: String, options: CSVReaderOptions) {
        precondition(options.chunkSize > 0 && options.maxFieldBytes > 0 && options.maxFieldsPerRow > 0)
        let d = options.delimiter
        precondition(d != CSVReader.lf && d != CSVReader.cr && d != CSVReader.quote, "unusable CSV delimiter")
        self.source = source
        self.path = path
        self.options = options
        cap = options.chunkSize
        buf = .allocate(capacity: cap + 1)
        buf[0] = CSVReader.lf
        fieldCap = min(64, options.maxFieldsPerRow)
        starts = .allocate(capacity: fieldCap)
        lengths = .allocate(capacity: fieldCap)
        scratchCap = 256
        scratch = .allocate(capacity: scratchCap)
        if options.computesSHA256, case .file = source, options.chunkSize >= 1 << 16 {
            backgroundHasher = BackgroundSHA256(slotSize: options.chunkSize)
        }
    }

    deinit {
        backgroundHasher?.shutdown()
        if case .file(let fd) = source { close(fd) }
        buf.deallocate()
        starts.deallocate()
        lengths.deallocate()
        scratch.deallocate()
    }

    /// SHA-256 of every byte read so far; the whole file once `forEachRow` has returned.
    /// Requires `options.computesSHA256`.
    public var sha256Hex: String {
        precondition(options.computesSHA256, "sha256Hex needs options.computesSHA256")
        if let backgroundHasher { return SHA256.hex(of: backgroundHasher.digest()) }
        var copy = hasher
        return SHA256.hex(of: copy.finalize())
    }

    /// The first record's fields (nil for an empty file). A UTF-8 BOM at the very start is removed.
    public func readHeader() throws -> [String]? {
        if headerRead { return header }
        headerRead = true
        try start()
        guard try parseRecord() else { return nil }
        if let problem {
            throw CSVError(path: path, line: recordLine, message: "unreadable header: \(problem)")
        }
        let fields = currentRow().strings()
        recStart = nextRecordStart
        header = fields
        return fields
    }

    /// Calls `body` once per record after the header (reading the header first if need be). A malformed
    /// record is still passed, with `problem` set; reading resumes at the next record.
    public func forEachRow(_ body: (borrowing CSVRow, CSVRowProblem?) throws -> Void) throws {
        if !headerRead { _ = try readHeader() }
        while try parseRecord() {
            try body(currentRow(), problem)
            recStart = nextRecordStart
        }
    }

    /// Bytes held in buffers (for tests of bounded memory).
    var bufferedCapacity: Int { cap + scratchCap }

    private func currentRow() -> CSVRow {
        CSVRow(line: recordLine, count: fieldCount, base: UnsafePointer(buf + recStart),
               scratch: UnsafePointer(scratch), starts: UnsafePointer(starts),
               lengths: UnsafePointer(lengths), encoding: options.encoding)
    }

    // MARK: Buffer

    /// Strips a UTF-8 BOM at the very start.
    private func start() throws {
        if started { return }
        started = true
        while len < 3 && !eof { try refill() }
        if len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF { recStart = 3 }
    }

    /// Moves the current record to the front, grows the buffer only if it is full, and reads one chunk.
    /// Absolute positions held by the caller must be rebased on `recStart` (which becomes 0).
    private func refill() throws {
        precondition(!eof)
        if recStart > 0 {
            let keep = len - recStart
            if keep > 0 { buf.update(from: buf + recStart, count: keep) }
            len = keep
            recStart = 0
        }
        if len == cap {
            let newCap = cap * 2
            let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap + 1)
            nb.initialize(from: buf, count: len)
            buf.deallocate()
            buf = nb
            cap = newCap
        }
        let want = min(options.chunkSize, cap - len)
        var got = 0
        switch source {
        case .file(let fd):
            while true {
                let n = read(fd, buf + len, want)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CSVError.system(path, "read failed", errno)
                }
                got = n
                break
            }
        case .memory(let bytes, let offset):
            got = min(want, bytes.count - offset)
            if got > 0 {
                bytes.withUnsafeBufferPointer { (buf + len).update(from: $0.baseAddress! + offset, count: got) }
            }
            source = .memory(bytes, offset + got)
        }
        if got == 0 {
            eof = true
        } else {
            let fresh = UnsafeRawBufferPointer(start: buf + len, count: got)
            if let backgroundHasher {
                backgroundHasher.update(fresh)
            } else if options.computesSHA256 {
                hasher.update(fresh)
            }
            bytesRead += got
            len += got
        }
        buf[len] = CSVReader.lf
    }

    private func appendScratch(_ from: UnsafePointer<UInt8>, _ count: Int) {
        if count == 0 { return }
        if scratchLen + count > scratchCap {
            var newCap = scratchCap * 2
            while newCap < scratchLen + count { newCap *= 2 }
            let ns = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
            ns.initialize(from: scratch, count: scratchLen)
            scratch.deallocate()
            scratch = ns
            scratchCap = newCap
        }
        (scratch + scratchLen).initialize(from: from, count: count)
        scratchLen += count
    }

    private func storeField(start: Int, length: Int) {
        if fieldCount == fieldCap {
            let newCap = min(fieldCap * 2, options.maxFieldsPerRow)
            let ns = UnsafeMutablePointer<Int>.allocate(capacity: newCap)
            let nl = UnsafeMutablePointer<Int>.allocate(capacity: newCap)
            ns.initialize(from: starts, count: fieldCount)
            nl.initialize(from: lengths, count: fieldCount)
            starts.deallocate()
            lengths.deallocate()
            starts = ns
            lengths = nl
            fieldCap = newCap
        }
        starts[fieldCount] = start >= 0 ? start - recStart : start
        lengths[fieldCount] = length
        fieldCount += 1
    }

    // MARK: Parsing

    /// Parses the next record into the field arrays; false at end of input.
    private func parseRecord() throws -> Bool {
        let lf = CSVReader.lf, cr = CSVReader.cr
        // Completely empty lines are skipped but counted.
        while true {
            if recStart >= len {
                if eof { return false }
                try refill()
                continue
            }
            let c = buf[recStart]
            if c == lf {
                line += 1
                recStart += 1
                continue
            }
            if c == cr {
                if recStart + 1 >= len && !eof {
                    try refill()
                    continue
                }
                if recStart + 1 < len && buf[recStart + 1] == lf {
                    line += 1
                    recStart += 2
                    continue
                }
            }
            break
        }
        recordLine = line
        fieldCount = 0
        scratchLen = 0
        problem = nil
        let maxField = options.maxFieldBytes
        let maxFields = options.maxFieldsPerRow
        var fieldRel = 0  // current field's start relative to recStart (which a refill moves)
        while true {
            let lineAtField = line
            let scratchAtField = scratchLen
            var step = scanField(at: recStart + fieldRel, scratchAtField: scratchAtField)
            while case .needMore = step {
                line = lineAtField
                scratchLen = scratchAtField
                if len - (recStart + fieldRel) > maxField + 1 { break }  // already too long: skip, don't buffer
                try refill()
                step = scanField(at: recStart + fieldRel, scratchAtField: scratchAtField)
            }
            switch step {
            case .needMore:
                problem = .fieldTooLong(limit: maxField)
                try skipRecord(from: recStart + fieldRel)
                return true
            case .unterminated(let start, let length, let raw):
                if raw > maxField || fieldCount == maxFields {
                    problem = raw > maxField ? .fieldTooLong(limit: maxField) : .tooManyFields(limit: maxFields)
                    scratchLen = scratchAtField
                } else {
                    problem = .unterminatedQuote
                    storeField(start: start, length: length)
                }
                nextRecordStart = len
                return true
            case .field(let start, let length, let raw, let next, let endsRecord):
                if raw > maxField || fieldCount == maxFields {
                    problem = raw > maxField ? .fieldTooLong(limit: maxField) : .tooManyFields(limit: maxFields)
                    scratchLen = scratchAtField
                    if endsRecord {
                        nextRecordStart = next
                    } else {
                        try skipRecord(from: next)
                    }
                    return true
                }
                storeField(start: start, length: length)
                if endsRecord {
                    nextRecordStart = next
                    return true
                }
                fieldRel = next - recStart
            }
        }
    }

    /// Scans one field starting at absolute position `fs`. Never reads past the sentinel.
    @inline(__always)
    private func scanField(at fs: Int, scratchAtField: Int) -> Step {
        let b = buf, n = len, atEOF = eof
        let delim = options.delimiter
        let lf = CSVReader.lf, cr = CSVReader.cr, quote = CSVReader.quote
        if fs >= n {
            return atEOF ? .field(start: fs, length: 0, raw: 0, next: n, endsRecord: true) : .needMore
        }
        if b[fs] != quote {
            var q = fs
            var c = b[q]
            while c != delim && c != lf {
                q &+= 1
                c = b[q]
            }
            if q == n {
                if !atEOF { return .needMore }
                return .field(start: fs, length: n - fs, raw: n - fs, next: n, endsRecord: true)
            }
            if c == delim {
                return .field(start: fs, length: q - fs, raw: q - fs, next: q + 1, endsRecord: false)
            }
            var end = q
            if end > fs && b[end - 1] == cr { end -= 1 }
            line += 1
            return .field(start: fs, length: end - fs, raw: end - fs, next: q + 1, endsRecord: true)
        }

        // Quoted field. Content is a range of the buffer unless it had to be unescaped into scratch.
        var q = fs + 1
        var seg = q
        var usedScratch = false
        var lines = 0
        while true {
            var c = b[q]
            while c != quote && c != lf {
                q &+= 1
                c = b[q]
            }
            if q == n {
                if !atEOF { return .needMore }
                line += lines
                if usedScratch {
                    appendScratch(b + seg, n - seg)
                    return .unterminated(start: ~scratchAtField, length: scratchLen - scratchAtField, raw: n - fs)
                }
                return .unterminated(start: fs + 1, length: n - fs - 1, raw: n - fs)
            }
            if c == lf {
                lines += 1
                q += 1
                continue
            }
            // A quote at q: doubled, or closing.
            var d = lf
            if q + 1 >= n {
                if !atEOF { return .needMore }
            } else {
                d = b[q + 1]
                if d == quote {
                    appendScratch(b + seg, q + 1 - seg)
                    usedScratch = true
                    q += 2
                    seg = q
                    continue
                }
            }
            let after = q + 1
            var next = -1
            var endsRecord = false
            if after >= n {
                next = n
                endsRecord = true
            } else if d == delim {
                next = after + 1
            } else if d == lf {
                lines += 1
                next = after + 1
                endsRecord = true
            } else if d == cr {
                if after + 1 >= n {
                    if !atEOF { return .needMore }
                } else if b[after + 1] == lf {
                    lines += 1
                    next = after + 2
                    endsRecord = true
                }
            }
            if next >= 0 {
                line += lines
                if !usedScratch {
                    return .field(start: fs + 1, length: q - fs - 1, raw: after - fs, next: next, endsRecord: endsRecord)
                }
                appendScratch(b + seg, q - seg)
                return .field(start: ~scratchAtField, length: scratchLen - scratchAtField, raw: after - fs,
                              next: next, endsRecord: endsRecord)
            }
            // Text after the closing quote: kept, appended to the field (Excel-like).
            var t = after
            c = b[t]
            while c != delim && c != lf {
                t &+= 1
                c = b[t]
            }
            var tEnd = t
            if t == n {
                if !atEOF { return .needMore }
                next = n
                endsRecord = true
            } else if c == delim {
                next = t + 1
            } else {
                if tEnd > after && b[tEnd - 1] == cr { tEnd -= 1 }
                lines += 1
                next = t + 1
                endsRecord = true
            }
            line += lines
            appendScratch(b + seg, q - seg)
            appendScratch(b + after, tEnd - after)
            return .field(start: ~scratchAtField, length: scratchLen - scratchAtField, raw: tEnd - fs,
                          next: next, endsRecord: endsRecord)
        }
    }

    /// Skips to the end of the current record from a field start at `from`, following the same quoting
    /// rules, without buffering what it skips: bytes from `from` on are dropped as each chunk is scanned.
    private func skipRecord(from: Int) throws {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        let delim = options.delimiter
        let lf = CSVReader.lf, quote = CSVReader.quote
        var state = State.fieldStart
        let keepRel = from - recStart  // the fields already stored end here
        var p = from
        while true {
            if p >= len {
                if eof {
                    nextRecordStart = len
                    return
                }
                len = recStart + keepRel  // drop what has been scanned
                try refill()
                p = recStart + keepRel
                continue
            }
            let c = buf[p]
            p += 1
            switch state {
            case .fieldStart, .unquoted:
                if c == lf {
                    line += 1
                    nextRecordStart = p
                    return
                }
                if c == delim {
                    state = .fieldStart
                } else if state == .fieldStart && c == quote {
                    state = .quoted
                } else {
                    state = .unquoted
                }
            case .quoted:
                if c == quote {
                    state = .quoteInQuoted
                } else if c == lf {
                    line += 1
                }
            case .quoteInQuoted:
                if c == quote {
                    state = .quoted
                } else if c == lf {
                    line += 1
                    nextRecordStart = p
                    return
                } else if c == delim {
                    state = .fieldStart
                } else {
                    state = .unquoted
                }
            }
        }
    }
}

/// Reads every row of a file and sums the field lengths, for release-mode throughput measurements.
public func csvThroughputScan(path: String, options: CSVReaderOptions) throws -> (rows: Int, bytes: Int) {
    let reader = try CSVReader(path: path, options: options)
    _ = try reader.readHeader()
    var rows = 0
    var bytes = 0
    try reader.forEachRow { row, _ in
        rows += 1
        for i in 0..<row.count { bytes += row.bytes(i).count }
    }
    // Wait for the file's digest too, when asked for: ingest always needs it.
    if options.computesSHA256 { _ = reader.sha256Hex }
    return (rows, bytes)
}
