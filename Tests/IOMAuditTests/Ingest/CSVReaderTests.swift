import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import IOMAudit

/// A record copied out of the callback.
private struct Rec: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var problem: CSVRowProblem?
    var description: String { "\(line): \(fields) \(problem.map { "\($0)" } ?? "")" }
}

private func readAll(_ text: String, _ options: CSVReaderOptions = .init()) throws -> (header: [String]?, rows: [Rec]) {
    try readAll(Array(text.utf8), options)
}

private func readAll(_ bytes: [UInt8], _ options: CSVReaderOptions = .init()) throws -> (header: [String]?, rows: [Rec]) {
    let reader = CSVReader(bytes: bytes, options: options)
    let header = try reader.readHeader()
    var rows: [Rec] = []
    try reader.forEachRow { row, problem in
        rows.append(Rec(line: row.line, fields: row.strings(), problem: problem))
    }
    return (header, rows)
}

private func chunked(_ size: Int) -> CSVReaderOptions {
    var o = CSVReaderOptions()
    o.chunkSize = size
    return o
}

private let trickyDocument: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((
    "id,name,notes\r\n" +
    "1,\"Smith, John\",\"said \"\"hello\"\"\"\r\n" +
    "\r\n" +
    "2,O\"Brien,\"line one\r\nline two\nline three\"\n" +
    "\n" +
    "3,\"\"\"quoted\"\"\",\"ab\"c\r\n" +
    "4,,\"\"\n" +
    "5,\"a\rb\",x\n" +
    "6,last,\"no newline\"").utf8)

private let trickyExpected: [Rec] = [
    Rec(line: 2, fields: ["1", "Smith, John", "said \"hello\""]),
    Rec(line: 4, fields: ["2", "O\"Brien", "line one\r\nline two\nline three"]),
    Rec(line: 8, fields: ["3", "\"quoted\"", "abc"]),
    Rec(line: 9, fields: ["4", "", ""]),
    Rec(line: 10, fields: ["5", "a\rb", "x"]),
    Rec(line: 11, fields: ["6", "last", "no newline"]),
]

/// Straightforward whole-buffer parser with the same (lenient) rules, to check the chunked reader against.
private func referenceParse(_ b: [UInt8], maxField: Int, maxFields: Int) -> [Rec] {
    let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
    let n = b.count
    var pos = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var line = 1
    var out: [Rec] = []
    while pos < n {
        if b[pos] == lf { line += 1; pos += 1; continue }
        if b[pos] == cr && pos + 1 < n && b[pos + 1] == lf { line += 1; pos += 2; continue }
        let recLine = line
        var fields: [[UInt8]] = []
        var problem: CSVRowProblem?
        var done = false
        while !done {
            let fs = pos
            var content: [UInt8] = []
            var raw = 0
            var unterminated = false
            // Returns true if the record ends at the terminator at pos.
            func terminate() -> Bool {
                if pos >= n { return true }
                if b[pos] == comma { pos += 1; return false }
                line += 1; pos += 1; return true  // LF (a CR before it was excluded already)
            }
            func plain() {
                var t = pos
                while t < n && b[t] != comma && b[t] != lf { t += 1 }
                var end = t
                if t < n && b[t] == lf && end > pos && b[end - 1] == cr { end -= 1 }
                content += b[pos..<end]
                raw = end - fs
                pos = t
            }
            if pos < n && b[pos] == quote {
                pos += 1
                var closed = false
                while pos < n {
                    if b[pos] == quote {
                        if pos + 1 < n && b[pos + 1] == quote { content.append(quote); pos += 2; continue }
                        pos += 1; closed = true; break
                    }
                    if b[pos] == lf { line += 1 }
                    content.append(b[pos]); pos += 1
                }
                if !closed {
                    unterminated = true
                    raw = n - fs
                } else {
                    raw = pos - fs
                    if pos < n && b[pos] != comma && b[pos] != lf {
                        if b[pos] == cr && pos + 1 < n && b[pos + 1] == lf {
                            pos += 1
                        } else {
                            plain()
                        }
                    }
                }
            } else {
                plain()
            }
            if problem == nil {
                if raw > maxField {
                    problem = .fieldTooLong(limit: maxField)
                } else if fields.count == maxFields {
                    problem = .tooManyFields(limit: maxFields)
                } else if unterminated {
                    problem = .unterminatedQuote
                    fields.append(content)
                } else {
                    fields.append(content)
                }
            }
            done = unterminated || terminate()
        }
        out.append(Rec(line: recLine, fields: fields.map { String(decoding: $0, as: UTF8.self) }, problem: problem))
    }
    return out
}

@Suite struct CSVReaderTests {
    @Test func sameRecordsAtEveryChunkSize() throws {
        for size in [1, 2, 3, 5, 7, 64, 1 << 20] {
            let (header, rows) = try readAll(trickyDocument, chunked(size))
            #expect(header == ["id", "name", "notes"], "chunk \(size)")
            #expect(rows == trickyExpected, "chunk \(size)")
        }
    }

    @Test func crlfAndLFGiveTheSameRecords() throws {
        let lf = try readAll("a,b\n1,\"x\ny\"\n2,z\n")
        let crlf = try readAll("a,b\r\n1,\"x\ny\"\r\n2,z\r\n")
        #expect(lf.header == ["a", "b"])
        #expect(crlf.header == ["a", "b"])
        #expect(lf.rows == [Rec(line: 2, fields: ["1", "x\ny"]), Rec(line: 4, fields: ["2", "z"])])
        #expect(crlf.rows == lf.rows)
    }

    @Test func loneCROutsideQuotesIsData() throws {
        let (_, rows) = try readAll("h\na\rb\n")
        #expect(rows == [Rec(line: 2, fields: ["a\rb"])])
    }

    @Test func unterminatedQuoteAtEndOfFile() throws {
        for size in [1, 4, 1 << 20] {
            let (_, rows) = try readAll("h1,h2\n1,ok\n2,\"open\nstill\nopen", chunked(size))
            #expect(rows == [
                Rec(line: 2, fields: ["1", "ok"]),
                Rec(line: 3, fields: ["2", "open\nstill\nopen"], problem: .unterminatedQuote),
            ], "chunk \(size)")
        }
    }

    @Test func fieldTooLongIsReportedAndReadingContinues() throws {
        for size in [1, 3, 16, 1 << 20] {
            var o = chunked(size)
            o.maxFieldBytes = 10
            let text = "h1,h2,h3\n1,short,x\n2,\"much too long\nfor the limit, honestly\",tail\n3,0123456789,y\n4,01234567890,z\n5,ok,\"q\"\r\n"
            let (_, rows) = try readAll(text, o)
            #expect(rows == [
                Rec(line: 2, fields: ["1", "short", "x"]),
                Rec(line: 3, fields: ["2"], problem: .fieldTooLong(limit: 10)),
                Rec(line: 5, fields: ["3", "0123456789", "y"]),
                Rec(line: 6, fields: ["4"], problem: .fieldTooLong(limit: 10)),
                Rec(line: 7, fields: ["5", "ok", "q"]),
            ], "chunk \(size)")
        }
    }

    @Test func hugeFieldDoesNotGrowTheBuffer() throws {
        // 8 MiB quoted field with embedded newlines, limit 64 KiB, chunk 16 KiB.
        var bytes = Array("h1,h2\n1,\"".utf8)
        var piece = [UInt8](repeating: UInt8(ascii: "x"), count: 1023)
        piece.append(UInt8(ascii: "\n"))
        for _ in 0..<(8 * 1024) { bytes += piece }
        bytes += Array("\",end\n2,after\n".utf8)
        var o = CSVReaderOptions()
        o.chunkSize = 16 * 1024
        o.maxFieldBytes = 64 * 1024
        let reader = CSVReader(bytes: bytes, options: o)
        _ = try reader.readHeader()
        var rows: [Rec] = []
        try reader.forEachRow { row, problem in
            rows.append(Rec(line: row.line, fields: row.strings(), problem: problem))
        }
        #expect(rows == [
            Rec(line: 2, fields: ["1"], problem: .fieldTooLong(limit: 64 * 1024)),
            Rec(line: 3 + 8 * 1024, fields: ["2", "after"]),
        ])
        #expect(reader.bufferedCapacity <= 4 * 64 * 1024)
    }

    @Test func tooManyFields() throws {
        var o = CSVReaderOptions()
        o.maxFieldsPerRow = 3
        let (_, rows) = try readAll("a,b,c\n1,2,3,4,\"5\n\"\n6,7,8\n", o)
        #expect(rows == [
            Rec(line: 2, fields: ["1", "2", "3"], problem: .tooManyFields(limit: 3)),
            Rec(line: 4, fields: ["6", "7", "8"]),
        ])
    }

    @Test func headerWithBOM() throws {
        let (header, rows) = try readAll([0xEF, 0xBB, 0xBF] + Array("\"ID\",Name\n1,A\n".utf8), chunked(1))
        #expect(header == ["ID", "Name"])
        #expect(rows == [Rec(line: 2, fields: ["1", "A"])])
        // Only at the very start.
        let (_, later) = try readAll(Array("h\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("x\n".utf8))
        #expect(later == [Rec(line: 2, fields: ["\u{FEFF}x"])])
    }

    @Test func emptyFileHasNoHeader() throws {
        #expect(try readAll("").header == nil)
        #expect(try readAll([0xEF, 0xBB, 0xBF]).header == nil)
        #expect(try readAll("\n\r\n").header == nil)
    }

    @Test func headerOnlyFileHasNoRows() throws {
        for text in ["a,b", "a,b\n", "a,b\r\n\r\n"] {
            let (header, rows) = try readAll(text)
            #expect(header == ["a", "b"])
            #expect(rows.isEmpty)
        }
    }

    @Test func trailingDelimiterAndEmptyFields() throws {
        let (_, rows) = try readAll("a,b\n,\nx,\n,\"\"")
        #expect(rows == [
            Rec(line: 2, fields: ["", ""]),
            Rec(line: 3, fields: ["x", ""]),
            Rec(line: 4, fields: ["", ""]),
        ])
    }

    @Test func otherDelimiterAndNULBytes() throws {
        var o = CSVReaderOptions()
        o.delimiter = UInt8(ascii: "|")
        let (_, rows) = try readAll(Array("a|b\n".utf8) + [0x31, 0x00, 0x32] + Array("|\"x,y\"\n".utf8), o)
        #expect(rows == [Rec(line: 2, fields: ["1\u{0}2", "x,y"])])
    }

    @Test func rowAccessors() throws {
        let reader = CSVReader(bytes: Array("h1,h2,h3\nabc,,\"q\"\"\"\n".utf8))
        _ = try reader.readHeader()
        var seen = 0
        try reader.forEachRow { row, problem in
            seen += 1
            #expect(problem == nil)
            #expect(row.count == 3)
            #expect(Array(row.bytes(0)) == Array("abc".utf8))
            #expect(!row.isEmpty(0))
            #expect(row.isEmpty(1))
            #expect(Array(row.bytes(2)) == Array("q\"".utf8))
            #expect(row.isValidText(2))
        }
        #expect(seen == 1)
    }

    @Test func forEachRowReadsHeaderFirstIfNeeded() throws {
        let reader = CSVReader(bytes: Array("h\n1\n2\n".utf8))
        var lines: [Int] = []
        try reader.forEachRow { row, _ in lines.append(row.line) }
        #expect(lines == [2, 3])
        #expect(try reader.readHeader() == ["h"])
    }

    @Test func windows1252Decoding() throws {
        var o = CSVReaderOptions()
        o.encoding = .windows1252
        let bytes = Array("h\n".utf8) + [0x80, 0x20, 0xA3, 0x20, 0xE9, 0x20, 0x92, 0x0A] + [0x61, 0x81, 0x0A]
        let reader = CSVReader(bytes: bytes, options: o)
        _ = try reader.readHeader()
        var got: [(String, Bool)] = []
        try reader.forEachRow { row, _ in got.append((row.string(0), row.isValidText(0))) }
        #expect(got.count == 2)
        #expect(got[0].0 == "€ £ é \u{2019}")
        #expect(got[0].1)
        #expect(got[1].0 == "a\u{FFFD}")
        #expect(!got[1].1)
    }

    @Test func latin1Decoding() throws {
        var o = CSVReaderOptions()
        o.encoding = .iso88591
        let reader = CSVReader(bytes: Array("h\n".utf8) + [0xE9, 0xA3, 0x80, 0x0A], options: o)
        _ = try reader.readHeader()
        var got: [String] = []
        try reader.forEachRow { row, _ in got.append(row.string(0)) }
        #expect(got == ["é£\u{80}"])
    }

    @Test func invalidUTF8IsFlagged() throws {
        let reader = CSVReader(bytes: Array("h,i\n".utf8) + [0x61, 0xFF, 0x62, 0x2C] + Array("café\n".utf8))
        _ = try reader.readHeader()
        var got: [(String, Bool, String, Bool)] = []
        try reader.forEachRow { row, _ in
            got.append((row.string(0), row.isValidText(0), row.string(1), row.isValidText(1)))
        }
        #expect(got.count == 1)
        #expect(got[0].0 == "a\u{FFFD}b")
        #expect(!got[0].1)
        #expect(got[0].2 == "café")
        #expect(got[0].3)
    }

    @Test func readerHashEqualsHashingTheFile() throws {
        let path = "/tmp/iomaudit-csvtest-\(getpid()).csv"
        var text = "a,b,c\n"
        for i in 0..<20_000 { text += "\(i),\"name \(i), x\",\(i * 7)\r\n" }
        let bytes = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        defer { unlink(path) }

        var o = CSVReaderOptions()
        o.chunkSize = 4096
        let reader = try CSVReader(path: path, options: o)
        #expect(try reader.readHeader() == ["a", "b", "c"])
        var rows = 0
        var lastLine = 0
        try reader.forEachRow { row, problem in
            #expect(problem == nil)
            rows += 1
            lastLine = row.line
        }
        #expect(rows == 20_000)
        #expect(lastLine == 20_001)
        #expect(reader.bytesRead == bytes.count)
        #expect(reader.sha256Hex == (try SHA256.hexDigest(fileAt: path)))

        let scan = try csvThroughputScan(path: path, options: .init())
        #expect(scan.rows == 20_000)
    }

    @Test func hashOnSecondThreadEqualsHashingTheFile() throws {
        // Several 1 MiB chunks, so the background hasher's ring of slots wraps round.
        let path = "/tmp/iomaudit-csvtest-bg-\(getpid()).csv"
        var text = "id,text\n"
        var i = 0
        while text.utf8.count < 5_500_000 {
            text += "\(i),\"some text, \(i)\"\n"
            i += 1
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        defer { unlink(path) }

        let reader = try CSVReader(path: path)
        _ = try reader.readHeader()
        var rows = 0
        try reader.forEachRow { _, _ in rows += 1 }
        #expect(rows == i)
        let expected = try SHA256.hexDigest(fileAt: path)
        #expect(reader.sha256Hex == expected)
        #expect(reader.sha256Hex == expected)
        #expect(reader.bytesRead == text.utf8.count)
    }

    @Test func openFailureCarriesErrno() throws {
        let error = #expect(throws: CSVError.self) { try CSVReader(path: "/nonexistent/iomaudit.csv") }
        #expect(error?.description.contains("No such file or directory (errno 2)") == true)
    }

    @Test func unreadableHeaderThrows() throws {
        let reader = CSVReader(bytes: Array("\"a,b".utf8))
        #expect(throws: CSVError.self) { try reader.readHeader() }
    }

    @Test func randomDocumentsAgreeWithReference() throws {
        let alphabet: [UInt8] = Array("ab,\"\"\r\n\n".utf8)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        for round in 0..<3000 {
            let body = (0..<(next() % 40)).map { _ in alphabet[next() % alphabet.count] }
            let doc = Array("h\n".utf8) + body
            let maxField = round % 3 == 0 ? 3 : 1 << 20
            let maxFields = round % 5 == 0 ? 2 : 10_000
            let expected = Array(referenceParse(doc, maxField: maxField, maxFields: maxFields).dropFirst())
            for size in [1, 2, 3, 7, 64] {
                var o = CSVReaderOptions()
                o.chunkSize = size
                o.maxFieldBytes = maxField
                o.maxFieldsPerRow = maxFields
                let (_, rows) = try readAll(doc, o)
                #expect(rows == expected, "document \(String(decoding: doc, as: UTF8.self).debugDescription), chunk \(size)")
                if rows != expected { return }
            }
        }
    }
}
