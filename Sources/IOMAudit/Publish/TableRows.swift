/// A batch of a table's rows as one run of bytes: each cell is a range of `bytes` or NULL. The tables
/// a run publishes have millions of rows, and an array of strings per row cost an allocation per
/// cell and a lock shared with the thread that freed them (a quarter of publishing's samples in
/// `perf record` at a force's size); cells here are appended to one buffer that is reused.
struct TableRows: Sendable {
    let columns: Int
    private(set) var bytes: [UInt8] = []
    /// End of each cell in `bytes`; the cell starts where the one before ended.
    private(set) var ends: [Int32] = []
    /// One flag per cell: set for NULL (an empty cell in the CSV).
    private(set) var nulls: [Bool] = []

    init(columns: Int, capacity: Int = 0) {
        self.columns = columns
        if capacity > 0 {
            bytes.reserveCapacity(capacity * columns * 16)
            ends.reserveCapacity(capacity * columns)
            nulls.reserveCapacity(capacity * columns)
        }
    }

    /// Complete rows held.
    var count: Int { ends.count / columns }
    var isEmpty: Bool { ends.isEmpty }
    /// Whether every row has all its cells.
    var isWhole: Bool { ends.count % columns == 0 }

    mutating func append(_ text: String?) {
        guard var text else { return appendNull() }
        text.withUTF8 { append(bytes: $0) }
    }

    mutating func append(bytes cell: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: cell)
        close(null: false)
    }

    mutating func append(_ n: Int) {
        bytes.append(contentsOf: String(n).utf8)   // a small string: no allocation
        close(null: false)
    }

    /// `yyyy-MM-dd`, as `CalendarDate.iso` writes it.
    mutating func append(_ date: CalendarDate?) {
        guard let date else { return appendNull() }
        func digits(_ v: Int, _ width: Int) {
            var d = 1
            for _ in 1..<width { d *= 10 }
            while d > 0 { bytes.append(UInt8(ascii: "0") + UInt8(v / d % 10)); d /= 10 }
        }
        digits(date.year, 4)   // 1800...2200: always four digits
        bytes.append(UInt8(ascii: "-")); digits(date.month, 2)
        bytes.append(UInt8(ascii: "-")); digits(date.day, 2)
        close(null: false)
    }

    mutating func appendNull() { close(null: true) }

    /// A canonical value in the form the store keeps (`FieldValue.description`), dates and text
    /// written straight into the buffer.
    mutating func append(_ value: FieldValue?) {
        switch value {
        case nil: appendNull()
        case .text(let s)?: append(s)
        case .date(let d)?: append(d)
        default: append(value!.description)
        }
    }

    /// Empties the batch, keeping its room.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        nulls.removeAll(keepingCapacity: true)
    }

    /// Several cells at once: what the small tables emit as arrays.
    mutating func append(row: [String?]) {
        precondition(row.count == columns, "a row of \(row.count) cells for a table of \(columns) columns")
        for cell in row { append(cell) }
    }

    private mutating func close(null: Bool) {
        ends.append(Int32(bytes.count))
        nulls.append(null)
    }

    /// Cell `column` of row `row`: nil for NULL, else its bytes (valid inside `body` only).
    func withCells<R>(_ body: (_ cell: (_ row: Int, _ column: Int) -> UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { b in
            try ends.withUnsafeBufferPointer { e in
                try nulls.withUnsafeBufferPointer { n in
                    try body { row, column in
                        let k = row * columns + column
                        if n[k] { return nil }
                        let from = k == 0 ? 0 : Int(e[k - 1])
                        return UnsafeBufferPointer(rebasing: b[from..<Int(e[k])])
                    }
                }
            }
        }
    }
}
