import Foundation

/// Writes RFC 4180 CSV in UTF-8 that is safe to open in Excel: a text cell starting with `=`, `+`,
/// `-`, `@`, tab, CR or LF is prefixed with `'` so Excel shows it instead of running it. The file starts
/// with a UTF-8 byte-order mark: without it Excel, opened by double-click, reads the file as the PC's
/// code page and garbles "…" and every accented name.
/// Buffered; call `close()` to flush and fsync. The file's SHA-256 is taken as it is written, for the
/// run manifest, without reading the file again.
public final class CSVWriter {
    let fd: Int32
    let path: String
    var buffer: [UInt8] = []
    public private(set) var rows = 0
    private var digest = StreamingSHA256()
    /// Bytes written, and their SHA-256 (lower-case hex) once `close()` has returned.
    public private(set) var bytesWritten = 0
    public private(set) var sha256 = ""

    public init(path: String, header: [String]) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw CSVError(path: path, line: nil, message: "cannot create: \(String(cString: strerror(errno)))") }
        self.path = path
        buffer.reserveCapacity(1 << 16)
        buffer.append(contentsOf: CSVWriter.byteOrderMark)
        append(header)
        rows = 0
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    deinit { if fd >= 0 { _ = Glibc.close(fd) } }

    /// Cells are text; nil is an empty cell.
    public func write(_ cells: [String?]) throws {
        append(cells)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Every row of `rows`, encoded from their bytes.
    func write(_ rows: TableRows) throws {
        rows.withCells { cell in
            for r in 0..<rows.count {
                for c in 0..<rows.columns {
                    if c > 0 { buffer.append(UInt8(ascii: ",")) }
                    if let bytes = cell(r, c) { CSVWriter.encode(bytes, into: &buffer) }
                }
                buffer.append(13); buffer.append(10)
            }
        }
        self.rows += rows.count
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func append(_ cells: [String?]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            if let cell { CSVWriter.encode(cell, into: &buffer) }
        }
        buffer.append(13); buffer.append(10)
        rows += 1
    }

    /// One cell, neutralised and quoted as needed. Works on the string's own UTF-8 bytes: millions of
    /// cells are written per run, so no copy is made of a cell that needs no quoting.
    static func encode(_ cell: String, into out: inout [UInt8]) {
        var cell = cell
        cell.withUTF8 { encode($0, into: &out) }
    }

    static func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard let first = bytes.first else { return }
        let dangerous = first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "@") || first == 9 || first == 13 || first == 10
        // A signed number such as -3 is data, not a formula.
        let isNumber = dangerous && bytes.count > 1 && (first == UInt8(ascii: "-") || first == UInt8(ascii: "+"))
            && bytes.dropFirst().allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }
        let neutralise = dangerous && !isNumber
        let needsQuotes = neutralise || bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else { out.append(contentsOf: bytes); return }
        out.append(UInt8(ascii: "\""))
        if neutralise { out.append(UInt8(ascii: "'")) }
        for b in bytes {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }

    func flush() throws {
        buffer.withUnsafeBytes { digest.update($0) }
        bytesWritten += buffer.count
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CSVError(path: path, line: nil, message: "write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and syncs; the file is complete on disk when this returns.
    public func close() throws {
        try flush()
        sha256 = SHA256.hex(of: digest.finalize())
        guard fsync(fd) == 0 else { throw CSVError(path: path, line: nil, message: "fsync failed: \(String(cString: strerror(errno)))") }
    }
}
