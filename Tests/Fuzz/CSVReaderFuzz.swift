// libFuzzer target for CSVReader (built by scripts/fuzz.sh, not by SwiftPM).
//
// Input: byte 0 chooses the reader options (chunk size, field limits, delimiter, encoding); the rest is
// the file. Every input is read twice, in tiny chunks and in one chunk, through every CSVRow accessor.
// Besides memory errors and traps, a crash is reported when the two reads disagree (rows, lines,
// problems, header, bytes read, SHA-256): chunk boundaries must never change what is read.
import IOMAudit

private struct ReadResult: Equatable {
    var header: [String]?
    var headerError: String?
    var rows: [(line: Int, fields: [[UInt8]], problem: CSVRowProblem?)] = []
    var bytesRead = 0
    var sha256 = ""

    /// After an unreadable header, how far reading got depends on the chunk size: only the error counts.
    static func == (a: ReadResult, b: ReadResult) -> Bool {
        if a.headerError != nil || b.headerError != nil { return a.headerError == b.headerError }
        return a.header == b.header && a.bytesRead == b.bytesRead
            && a.sha256 == b.sha256 && a.rows.count == b.rows.count
            && zip(a.rows, b.rows).allSatisfy { $0.line == $1.line && $0.fields == $1.fields && $0.problem == $1.problem }
    }
}

private func readAll(_ bytes: [UInt8], _ options: CSVReaderOptions) -> ReadResult {
    var result = ReadResult()
    let reader = CSVReader(bytes: bytes, options: options)
    do {
        result.header = try reader.readHeader()
        try reader.forEachRow { row, problem in
            var fields: [[UInt8]] = []
            precondition(row.line > (result.rows.last?.line ?? 1), "row lines must increase after the header's")
            for i in 0..<row.count {
                let b = row.bytes(i)
                fields.append(Array(b))
                precondition(row.isEmpty(i) == (b.count == 0))
                let valid = row.isValidText(i)
                let s = row.string(i)
                if valid && options.encoding == .utf8 { precondition(Array(s.utf8) == Array(b), "valid UTF-8 must decode to itself") }
            }
            precondition(problem != nil || row.count <= options.maxFieldsPerRow)
            precondition(fields.allSatisfy { $0.count <= options.maxFieldBytes }, "a field over the limit was passed")
            result.rows.append((row.line, fields, problem))
        }
    } catch {
        result.headerError = "\(error)"
    }
    result.bytesRead = reader.bytesRead
    result.sha256 = reader.sha256Hex
    return result
}

@_cdecl("LLVMFuzzerTestOneInput")
public func csvReaderFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var small = CSVReaderOptions()
    small.chunkSize = [1, 2, 3, 5, 8, 13, 64, 4096][Int(selector & 0x07)]
    small.maxFieldBytes = selector & 0x08 != 0 ? 6 : 1 << 20
    small.maxFieldsPerRow = selector & 0x10 != 0 ? 3 : 10_000
    small.delimiter = selector & 0x20 != 0 ? UInt8(ascii: ";") : UInt8(ascii: ",")
    small.encoding = [TextEncoding.utf8, .windows1252, .iso88591, .utf8][Int(selector >> 6)]
    var whole = small
    whole.chunkSize = 1 << 20
    let a = readAll(bytes, small)
    let b = readAll(bytes, whole)
    if a != b {
        fatalError("chunk size \(small.chunkSize) reads differently from one chunk:\n\(a)\nvs\n\(b)")
    }
    if a.headerError == nil { precondition(a.bytesRead == bytes.count, "not every byte was read") }
    return 0
}
