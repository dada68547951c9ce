import Foundation
import Testing
@testable import IOMAudit
#if canImport(Glibc)
import Glibc
#endif

/// The hostile-input corpus (`Tests/IOMAuditTests/Fixtures/hostile/`, listed in its `cases.json` and
/// README): every case is read through the real product path (`Mapping.load` of a shipped or hostile
/// mapping, then `SourceIngestor` into a store) and must end exactly as the manifest says: a clear
/// error naming file and line, or every row loaded or quarantined with its line and reason. Never a
/// crash, never a hang (each case is timed), never unbounded memory (the 50 MiB field is read by the
/// binary, whose peak resident set is bounded).
@Suite("Ingest: hostile-input corpus")
struct HostileCorpusTests {
    static let folder = Repo.fixture("hostile")

    // MARK: The manifest

    struct Manifest: Decodable {
        let cases: [Case]
    }

    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let id: String
        let what: String
        /// A file in the hostile folder, or `generated:NAME` for the inputs made at run time.
        let input: String?
        /// A shipped mapping (`Mappings/NAME.json`) or `hostile:FILE.json`.
        let mapping: String
        /// A product bug this case exposes and that is not fixed yet: the expectation (the right
        /// outcome) is checked as a known issue, so the suite stays green and says so, and fails once
        /// the bug is fixed (then delete the entry).
        let knownBug: String?
        let expect: Expectation
        var testDescription: String { id }
    }

    struct Expectation: Decodable, Sendable {
        var status: String?
        var error: ExpectedError?
        var mappingError: String?
        var rowsRead: Int?
        var loaded: Int?
        var quarantined: [ExpectedQuarantine]?
        var fieldIssues: [ExpectedIssue]?
        var values: [ExpectedValue]?
        var maxSeconds: Double?
        /// Read by the built binary (`iomaudit ingest`, a process of its own) instead of in this one,
        /// so that its peak resident set can be measured: it may exceed that of ingesting the file's
        /// header alone by at most this many MiB.
        var viaBinaryMaxPeakGrowthMiB: Int?
        /// Text that must appear nowhere in the store (an external entity's content, say).
        var nowhere: [String]?
    }

    struct ExpectedError: Decodable, Sendable {
        let line: Int
        var exact: String?
        var contains: [String]?
    }

    struct ExpectedQuarantine: Decodable, Sendable, Equatable, CustomStringConvertible {
        let line: Int
        let field: String?
        let reason: String
        var description: String { "line \(line) \(field ?? "(row)"): \(reason)" }
    }

    struct ExpectedIssue: Decodable, Sendable, Equatable, CustomStringConvertible {
        let line: Int
        let field: String
        let code: String
        /// The value as found, kept in the issue (checked when given).
        var value: String?
        var description: String { "line \(line) \(field) \(code)" + (value.map { " \"\($0)\"" } ?? "") }
        static func == (a: Self, b: Self) -> Bool { (a.line, a.field, a.code) == (b.line, b.field, b.code) }
    }

    struct ExpectedValue: Decodable, Sendable {
        let line: Int
        /// A canonical field, or `recordId`.
        let field: String
        /// The canonical value as stored; nil: the field is empty.
        let value: String?
    }

    static let cases: [Case] = {
        let path = folder + "/cases.json"
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
        do { return try JSONDecoder().decode(Manifest.self, from: data).cases } catch { fatalError("\(path): \(error)") }
    }()

    // MARK: Generated inputs (too big, or too hostile, to commit)

    /// Writes a generated input into `directory`; returns its path.
    static func generate(_ name: String, in directory: String) throws -> String {
        switch name {
        case "billion-laughs":
            var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE PNCExtract [\n <!ENTITY lol \"lol\">\n"
            for level in 1...9 {
                text += " <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n"
            }
            text += "]>\n<PNCExtract xmlns=\"urn:wyp:iom:pnc-extract:1\"><Subject><PNCID>00/1082A</PNCID><Name><Surname>&lol9;</Surname></Name></Subject></PNCExtract>\n"
            return try write(text, "pnc_billion_laughs.xml", directory)
        case "deep-nesting":
            let depth = 300
            let text = "<?xml version=\"1.0\"?>\n<PNCExtract xmlns=\"urn:wyp:iom:pnc-extract:1\">\n"
                + "<Subject><PNCID>00/1082A</PNCID></Subject>\n<Subject><PNCID>04/12345D</PNCID>\n"
                + String(repeating: "<Name>", count: depth) + "x" + String(repeating: "</Name>", count: depth)
                + "\n</Subject>\n</PNCExtract>\n"
            return try write(text, "pnc_deep_nesting.xml", directory)
        case "fifty-megabyte-field":
            // Line 3 holds one quoted field of 50 MiB with a line break every MiB: the row is quarantined
            // by maxFieldBytes and the next row is read at its true line, 3 + 50 + 1.
            let path = directory + "/niche_nominals_fifty_megabyte_field.csv"
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let out = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
            defer { try? out.close() }
            try out.write(contentsOf: Data(IngestRunTests.nicheHeader.utf8))
            try out.write(contentsOf: Data("N1,,,Smith,John,03/11/1990,M,LD,IOM\r\nN2,,,\"".utf8))
            var mebibyte = Data(repeating: UInt8(ascii: "A"), count: 1 << 20)
            mebibyte[mebibyte.count - 2] = 13
            mebibyte[mebibyte.count - 1] = 10
            for _ in 0..<50 { try out.write(contentsOf: mebibyte) }
            try out.write(contentsOf: Data("\",John,03/11/1990,M,LD,IOM\r\nN3,,,Jones,Ann,01/01/1980,F,BD,\r\n".utf8))
            return path
        case "long-unquoted-field":
            let long = String(repeating: "B", count: (1 << 20) + 1)
            let text = IngestRunTests.nicheHeader + "N1,,,\(long),John,03/11/1990,M,13LD,IOM\r\nN2,,,Jones,Ann,01/01/1980,F,13BD,\r\n"
            return try write(text, "niche_long_unquoted_field.csv", directory)
        default:
            fatalError("no generator \(name)")
        }
    }

    static func write(_ text: String, _ name: String, _ directory: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: Running a case

    struct Observed: CustomStringConvertible {
        var mappingError: String?
        var report: SourceReport?
        var quarantined: [ExpectedQuarantine] = []
        var quarantineFiles: Set<String> = []
        var issues: [ExpectedIssue] = []
        var storedRows = 0
        var seconds: Double = 0
        var peakGrowthKiB: Int?
        /// The input's file name, as errors and quarantined rows must name it.
        var fileName = ""

        var description: String {
            if let mappingError { return "mapping error: \(mappingError)" }
            guard let r = report else { return "nothing" }
            var s = "status \(r.status.rawValue), read \(r.rowsRead), loaded \(r.loaded), quarantined \(r.quarantined), \(String(format: "%.2f", seconds)) s"
            if let peakGrowthKiB { s += ", peak RSS \(peakGrowthKiB) KiB over the header alone" }
            if let e = r.error { s += "\n  error: \(e)" }
            for q in quarantined { s += "\n  quarantined \(q)" }
            for i in issues { s += "\n  issue \(i)" }
            return s
        }
    }

    static func mapping(_ spec: String) throws -> Mapping {
        if spec.hasPrefix("hostile:") { return try Mapping.load(path: folder + "/" + spec.dropFirst("hostile:".count)) }
        return try Repo.mapping(spec)
    }

    static func inputPath(_ c: Case, scratch: String) throws -> String? {
        guard let input = c.input else { return nil }
        if input.hasPrefix("generated:") { return try generate(String(input.dropFirst("generated:".count)), in: scratch) }
        return folder + "/" + input
    }

    static func run(_ c: Case, scratch: String) throws -> (Observed, CanonicalStore?) {
        var o = Observed()
        let started = ContinuousClock.now
        let m: Mapping
        do { m = try mapping(c.mapping) } catch let e as MappingError {
            o.mappingError = e.description
            return (o, nil)
        }
        let store: CanonicalStore
        if c.expect.viaBinaryMaxPeakGrowthMiB != nil {
            (store, o.report, o.peakGrowthKiB) = try ingestViaBinary(c, m, scratch: scratch)
            o.fileName = (o.report?.file as NSString?)?.lastPathComponent ?? ""
        } else {
            let path = try inputPath(c, scratch: scratch)
            o.fileName = (path as NSString?)?.lastPathComponent ?? ""
            store = try CanonicalStore(path: ":memory:")
            o.report = SourceIngestor(mapping: m, required: true).ingest(path: path, into: store)
        }
        o.seconds = seconds(since: started)
        for row in try store.db.rows("SELECT file, line, field, reason FROM quarantine ORDER BY line") {
            o.quarantineFiles.insert(row[0] ?? "")
            o.quarantined.append(ExpectedQuarantine(line: Int(row[1] ?? "") ?? -1, field: row[2], reason: row[3] ?? ""))
        }
        for row in try store.db.rows("SELECT line, field, code, value FROM field_issues ORDER BY line, field, code") {
            o.issues.append(ExpectedIssue(line: Int(row[0] ?? "") ?? -1, field: row[1] ?? "", code: row[2] ?? "", value: row[3]))
        }
        o.storedRows = try store.db.scalarInt("SELECT count(*) FROM \(m.schema.table)")
        return (o, store)
    }

    /// `iomaudit ingest` with a one-source pipeline over the case's input, and again over its header
    /// alone; the store it wrote, its report of the source, and how far its peak RSS exceeded the other's.
    static func ingestViaBinary(_ c: Case, _ m: Mapping, scratch: String) throws -> (CanonicalStore, SourceReport, Int) {
        func pipeline(_ name: String) throws -> String {
            let dir = scratch + "/" + name
            try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
            let json = #"{"pipeline":"hostile","input":"in","out":"out","seeds":"\#(Repo.path("seeds"))","sources":[{"system":"\#(m.system.rawValue)","mapping":"\#(Repo.path("Mappings/\(c.mapping).json"))","required":true}]}"#
            try json.write(toFile: dir + "/pipeline.json", atomically: true, encoding: .utf8)
            return dir
        }
        let full = try pipeline("full"), base = try pipeline("header")
        let path = try #require(try inputPath(c, scratch: full + "/in"))
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let head = try handle.read(upToCount: 4096) ?? Data()
        try handle.close()
        let name = (path as NSString).lastPathComponent
        try head.prefix(through: head.firstIndex(of: 10) ?? head.endIndex - 1).write(to: URL(fileURLWithPath: base + "/in/" + name))
        let baseline = try spawnMeasured([binary, "ingest", "--pipeline", base + "/pipeline.json"], scratch: scratch)
        let measured = try spawnMeasured([binary, "ingest", "--pipeline", full + "/pipeline.json"], scratch: scratch)
        print("hostile corpus: \(c.id) ingested by the binary in \(String(format: "%.2f", measured.seconds)) s, peak RSS \(measured.peakKiB) KiB (header alone: \(baseline.peakKiB) KiB)")
        let store = try CanonicalStore(path: full + "/out/store.sqlite")
        let row = try #require(try store.db.rows("SELECT status, rows_read, loaded, quarantined, field_issues, error FROM source_files").first,
                               "iomaudit ingest recorded the source: \(measured.output)")
        var report = SourceReport(system: m.system, mapping: m.name, required: true)
        report.status = try #require(row[0].flatMap(SourceReport.Status.init(rawValue:)))
        (report.rowsRead, report.loaded, report.quarantined, report.fieldIssues) = (Int(row[1] ?? "") ?? -1, Int(row[2] ?? "") ?? -1, Int(row[3] ?? "") ?? -1, Int(row[4] ?? "") ?? -1)
        report.error = row[5]
        report.file = path
        return (store, report, measured.peakKiB - baseline.peakKiB)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = (ContinuousClock.now - start).components
        return Double(d.seconds) + Double(d.attoseconds) / 1e18
    }

    // MARK: Tests

    /// Under a sanitizer (scripts/sanitizers.sh sets IOMAUDIT_SANITIZER) code runs several times slower:
    /// the bounds stretch so that "never a hang" still means a bound, not a race against instrumentation.
    static let slowdown: Double = {
        switch ProcessInfo.processInfo.environment["IOMAUDIT_SANITIZER"] {
        case "address": return 4
        case "thread": return 10
        default: return 1
        }
    }()

    @Test("every case ends as its manifest entry says", .timeLimit(.minutes(slowdown > 1 ? 10 : 1)), arguments: cases)
    func caseOutcome(_ c: Case) throws {
        let scratch = tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (o, store) = try Self.run(c, scratch: scratch)
        // Never a hang: each case is bounded (the time limit above stops a real hang).
        #expect(o.seconds < (c.expect.maxSeconds ?? 2) * Self.slowdown, "\(c.id) took \(o.seconds) s")
        if let bug = c.knownBug {
            withKnownIssue(Comment(rawValue: bug)) { try Self.check(c, o, store) }
        } else {
            try Self.check(c, o, store)
        }
    }

    static func check(_ c: Case, _ o: Observed, _ store: CanonicalStore?) throws {
        let e = c.expect
        let context = Comment(rawValue: "\(c.id): \(c.what)\nobserved: \(o)")
        func note(_ s: String) -> Comment { Comment(rawValue: s + "\n" + context.rawValue) }

        if let expected = e.mappingError {
            #expect(o.mappingError == expected, context)
            return
        }
        #expect(o.mappingError == nil, context)
        let r = try #require(o.report, context)
        let fileName = o.fileName

        #expect(r.status.rawValue == (e.status ?? "loaded"), context)
        if let expected = e.error {
            // A clear error: one line, naming the file and the line.
            let text = r.error ?? ""
            #expect(text.hasPrefix("\(fileName):\(expected.line):") || text.hasPrefix("\(fileName):\(expected.line) "),
                    note("the error names the file and line \(expected.line)"))
            #expect(!text.contains("\n"), note("the error is one line"))
            if let exact = expected.exact { #expect(text == exact, context) }
            for part in expected.contains ?? [] { #expect(text.contains(part), note("error contains \"\(part)\"")) }
        } else {
            #expect(r.error == nil, context)
        }
        if let n = e.rowsRead { #expect(r.rowsRead == n, note("rows read")) }
        if let n = e.loaded { #expect(r.loaded == n, note("rows loaded")) }
        if r.status == .loaded {
            // The accounting holds: every row read is loaded or quarantined, and the store says the same.
            #expect(r.rowsRead == r.loaded + r.quarantined, note("rows read = loaded + quarantined"))
            #expect(o.storedRows == r.loaded, context)
            #expect(o.quarantined.count == r.quarantined, context)
            #expect(o.issues.count == r.fieldIssues, context)
            #expect(o.quarantineFiles.isSubset(of: [fileName]), note("quarantined rows name the file"))
        } else {
            // A source that cannot be read through keeps nothing.
            #expect(r.loaded == 0 && o.storedRows == 0 && o.quarantined.isEmpty, note("nothing kept"))
        }
        #expect(o.quarantined == (e.quarantined ?? []), context)
        #expect(o.issues == (e.fieldIssues ?? []), context)
        for (seen, wanted) in zip(o.issues, e.fieldIssues ?? []) where wanted.value != nil {
            #expect(seen.value == wanted.value, note("the issue keeps the value as found: \(wanted)"))
        }
        if let values = e.values, let store {
            let m = try mapping(c.mapping)
            for v in values {
                let column = v.field == "recordId" ? "record_id" : m.schema.fields.first { $0.name == v.field }?.column
                let rows = try store.db.rows("SELECT \"\(try #require(column, note("\(v.field) is a canonical field")))\" FROM \(m.schema.table) WHERE line = ?", [String(v.line)])
                #expect(rows.count == 1, note("one record from line \(v.line)"))
                #expect(rows.first?.first ?? nil == v.value, note("line \(v.line) \(v.field)"))
            }
        }
        if let limit = e.viaBinaryMaxPeakGrowthMiB {
            // Never unbounded memory: the process did not hold the field.
            #expect((o.peakGrowthKiB ?? .max) < limit << 10, note("peak RSS grew by \(o.peakGrowthKiB ?? -1) KiB"))
        }
        if let banned = e.nowhere, let store {
            var text = ""
            let tables = ["quarantine", "field_issues", "source_files"] + SourceSystem.allCases.map { CanonicalSchema.of($0).table }
            for table in tables {
                for row in try store.db.rows("SELECT * FROM \(table)") { text += row.compactMap { $0 }.joined(separator: "|") + "\n" }
            }
            text += r.error ?? ""
            for b in banned { #expect(!text.contains(b), note("\(b) must appear nowhere")) }
        }
    }

    /// Each committed case also goes through `iomaudit check` (in process): a broken mapping is a
    /// configuration error (78), a source that cannot be read is 4, quarantined rows make it 3.
    @Test("the check command gives each case its exit code", arguments: cases.filter { !($0.input?.hasPrefix("generated:") ?? false) })
    func checkCommandExitCode(_ c: Case) throws {
        let mappingPath = c.mapping.hasPrefix("hostile:") ? Self.folder + "/" + c.mapping.dropFirst("hostile:".count) : Repo.path("Mappings/\(c.mapping).json")
        let input = c.input.map { Self.folder + "/" + $0 } ?? Self.folder + "/niche_ragged_rows.csv"
        var printed = ""
        let status = IOMAuditCommand.main(arguments: ["check", "--mapping", mappingPath, input]) { printed += $0 + "\n" }
        let expected: ExitCode
        if c.expect.mappingError != nil {
            expected = .configuration
        } else if (c.expect.status ?? "loaded") == "failed" {
            expected = .nothingPublished
        } else {
            expected = (c.expect.quarantined ?? []).isEmpty ? .success : .completedWithWarnings
        }
        if let bug = c.knownBug {
            // Not every known bug shows in the exit code.
            withKnownIssue(Comment(rawValue: bug), isIntermittent: true) { #expect(status == expected.rawValue, "\(c.id): \(printed)") }
        } else {
            #expect(status == expected.rawValue, "\(c.id): \(printed)")
        }
    }

    /// The manifest and the folder agree: every committed file is a case (or a case's mapping), every
    /// case's file exists, ids are unique, and the README lists every case.
    @Test func manifestCoversTheFolder() throws {
        let cases = Self.cases
        #expect(Set(cases.map(\.id)).count == cases.count, "case ids are unique")
        var used: Set<String> = ["cases.json", "README.md", ".gitattributes"]
        for c in cases {
            if let input = c.input, !input.hasPrefix("generated:") {
                #expect(FileManager.default.fileExists(atPath: Self.folder + "/" + input), "\(c.id): \(input)")
                used.insert(input)
            }
            if c.mapping.hasPrefix("hostile:") { used.insert(String(c.mapping.dropFirst("hostile:".count))) } else {
                #expect(FileManager.default.fileExists(atPath: Repo.path("Mappings/\(c.mapping).json")), "\(c.id): \(c.mapping)")
            }
        }
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: Self.folder))
        #expect(files.subtracting(used).isEmpty, "files no case uses: \(files.subtracting(used).sorted())")
        let readme = try String(contentsOfFile: Self.folder + "/README.md", encoding: .utf8)
        for c in cases { #expect(readme.contains("`\(c.id)`"), "README lists \(c.id)") }
        // Every kind of input the issue names is here.
        let ids = Set(cases.map(\.id))
        for wanted in ["xml-doctype", "xml-xxe", "xml-billion-laughs", "xml-malformed", "xml-truncated", "xml-deep-nesting",
                       "xml-wrong-namespace", "csv-invalid-utf8", "csv-utf8-declared-cp1252", "csv-bom-in-middle", "csv-nul-bytes",
                       "csv-unterminated-quote", "csv-ragged-rows", "csv-fifty-megabyte-field", "csv-empty-file", "csv-header-only",
                       "csv-duplicate-headers", "csv-missing-headers", "csv-wrong-delimiter", "dates-impossible-optional",
                       "pnc-ids-csv", "mapping-unknown-field", "mapping-type-error", "formula-and-html-payloads"] {
            #expect(ids.contains(wanted), "\(wanted) is in the corpus")
        }
    }

    /// A quarantined row keeps its raw text for the data manager, NUL bytes and all.
    @Test func quarantinedRowWithANulByteKeepsItsRawText() throws {
        let store = try CanonicalStore(path: ":memory:")
        let report = SourceIngestor(mapping: try Repo.mapping("niche-nominals-csv"), required: true)
            .ingest(path: Self.folder + "/niche_nul_bytes.csv", into: store)
        #expect(report.quarantined == 2)
        let raw = try store.db.rows("SELECT raw FROM quarantine WHERE line = 3").first?.first ?? nil
        // Bound with its byte length, so SQLite keeps the text after the NUL.
        #expect(raw?.contains("Jones") == true, "stored raw text: \(raw.debugDescription)")
    }

    /// The built `iomaudit` beside the test bundle.
    static var binary: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent == "MacOS" || dir.pathExtension == "xctest" { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("iomaudit").path
    }

    /// Runs a process to completion; its exit status, output, peak resident set and time.
    ///
    /// The peak is the child's own `VmHWM` (/proc/PID/status), polled every 2 ms until it exits:
    /// `wait4`'s `ru_maxrss` will not do, because posix_spawn starts the child in this process's
    /// address space and Linux carries that address space's peak (this whole test process) into it.
    static func spawnMeasured(_ argv: [String], scratch: String) throws -> (status: Int32, output: String, peakKiB: Int, seconds: Double) {
        let outPath = scratch + "/spawn-\(UUID().uuidString).txt"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else { throw CSVError(path: argv[0], line: nil, message: "cannot start: errno \(rc)") }
        var status: Int32 = 0
        var peak = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Int($0) }) {
                peak = max(peak, kib)
            }
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid || (done < 0 && errno != EINTR) { break }
            usleep(2000)
        }
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        return (exit, output, peak, seconds(since: started))
    }
}
