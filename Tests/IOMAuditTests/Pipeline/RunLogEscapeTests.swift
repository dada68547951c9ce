import Foundation
import Testing
@testable import IOMAudit

/// One event, one line: nothing a log line quotes can start a line of its own.
@Suite struct RunLogEscapeTests {
    @Test func controlCharactersInMessagesAndFieldsAreEscaped() {
        var lines: [String] = []
        let log = RunLog(write: { lines.append($0) })
        let forged = "niche_nominals_20261120.csv\n2026-11-20T02:00:00Z ERROR   run: forged"
        log.info("ingest", "read \(forged)", ["file": forged, "tab": "a\tb\u{1B}[31m"])
        #expect(lines.count == 1)
        let line = lines[0]
        #expect(!line.contains("\n") && !line.contains("\u{1B}") && !line.contains("\t"))
        #expect(line.contains("niche_nominals_20261120.csv\\n2026-11-20T02:00:00Z ERROR"))
        #expect(line.contains("a\\tb\\u{1B}[31m"))
    }

    @Test func plainTextIsUnchanged() {
        #expect(RunLog.escaped("Łukasz – 13BD, 5 rows") == "Łukasz – 13BD, 5 rows")
    }
}
