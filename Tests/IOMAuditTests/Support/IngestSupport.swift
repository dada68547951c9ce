import Foundation
@testable import IOMAudit

/// Paths and small helpers shared by the ingest tests.
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("package root not found")
    }()

    static func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    static func mapping(_ name: String) throws -> Mapping { try Mapping.load(path: path("Mappings/\(name).json")) }

    static func fixture(_ name: String) -> String { path("Tests/IOMAuditTests/Fixtures/\(name)") }
}

/// Runs a mapping over in-memory extract bytes, as the ingestor does, without a store.
func outcomes(_ mapping: Mapping, _ text: String, bytes: [UInt8]? = nil, chunkSize: Int = 1 << 20) throws -> [RowOutcome] {
    let builder = RecordBuilder(mapping: mapping)
    let data = bytes ?? Array(text.utf8)
    var out: [RowOutcome] = []
    switch mapping.format {
    case .csv:
        let reader = CSVReader(bytes: data, options: CSVReaderOptions(delimiter: mapping.delimiter, encoding: mapping.encoding, chunkSize: chunkSize))
        let header = try reader.readHeader() ?? []
        let columns = try builder.resolve(header: header, file: "test.csv")
        try reader.forEachRow { row, problem in out.append(builder.build(row: row, problem: problem, columns: columns, file: "test.csv")) }
    case .xml:
        let reader = try XMLRecordReader(bytes: data, name: "test.xml", spec: builder.xmlSpec)
        while let r = try reader.next() { out.append(builder.build(xml: r, file: "test.xml")) }
    }
    return out
}

extension RowOutcome {
    var record: CanonicalRecord? { if case .record(let r) = self { return r }; return nil }
    var quarantined: QuarantinedRow? { if case .quarantined(let q) = self { return q }; return nil }
}

func tempDirectory() -> String {
    let dir = NSTemporaryDirectory() + "iomaudit-test-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
