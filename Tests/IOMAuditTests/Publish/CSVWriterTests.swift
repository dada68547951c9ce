import Foundation
import Testing
@testable import IOMAudit

@Suite struct CSVWriterTests {
    func cell(_ s: String) -> String {
        var out: [UInt8] = []
        CSVWriter.encode(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: [
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""),
        ("@SUM(A1:A2)", "\"'@SUM(A1:A2)\""),
        ("-2+3", "\"'-2+3\""),
        ("\tx", "\"'\tx\""),
    ])
    func formulaInjectionIsNeutralised(_ raw: String, _ expected: String) {
        #expect(cell(raw) == expected)
    }

    @Test func ordinaryCells() {
        #expect(cell("SMITH") == "SMITH")
        #expect(cell("SMITH, JOHN") == "\"SMITH, JOHN\"")
        #expect(cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(cell("-3") == "-3")
        #expect(cell("line1\nline2") == "\"line1\nline2\"")
    }

    @Test func writesFileReadableByOwnReader() throws {
        let dir = tempDirectory()
        let w = try CSVWriter(path: dir + "/t.csv", header: ["a", "b"])
        try w.write(["=1+1", nil])
        try w.write(["x,y", "z"])
        try w.close()
        let reader = try CSVReader(path: dir + "/t.csv")
        #expect(try reader.readHeader() == ["a", "b"])
        var rows: [[String]] = []
        try reader.forEachRow { row, _ in rows.append(row.strings()) }
        #expect(rows == [["'=1+1", ""], ["x,y", "z"]])
        #expect(w.rows == 2)
    }

    /// Excel opened by double-click reads a CSV as UTF-8 only when it starts with a byte-order mark.
    @Test func startsWithAByteOrderMarkSoExcelReadsUTF8() throws {
        let dir = tempDirectory()
        let w = try CSVWriter(path: dir + "/t.csv", header: ["surname", "detail"])
        try w.write(["Wiśniewski", "Niche nominal … not linked"])
        try w.close()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/t.csv")))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "surname,detail\r\nWiśniewski,Niche nominal … not linked\r\n")
    }
}
