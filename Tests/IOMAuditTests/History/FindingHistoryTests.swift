import Foundation
import Testing
@testable import IOMAudit

/// Status rules of the finding history, on hand-made findings.
@Suite struct FindingHistoryTests {
    let duplicate = Finding(code: "ID-DUPLICATE", severity: .medium, division: "LD", system: .niche, owner: "Police", pncID: "00/0001082A",
                            anchor: "niche:N2", recordIDs: ["niche:N1", "niche:N2"], masterID: "P:00/0001082A", detail: "d", evidence: "e")
    let stale = Finding(code: "JTRACK-STALE", severity: .medium, division: "BD", system: .jtrack, owner: "Police", pncID: nil,
                        anchor: "jtrack:J1", recordIDs: ["jtrack:J1"], masterID: "M:ABC", detail: "d", evidence: "e")

    func entry(_ day: Int, evaluated: Set<SourceSystem> = Set(SourceSystem.allCases)) -> FindingHistory.RunEntry {
        let d = CalendarDate(year: 2026, month: 11, day: day)!
        return FindingHistory.RunEntry(runID: "asof-\(d.iso)", asOf: d, pipeline: "test", outcome: "published", evaluatedSystems: evaluated, sources: [])
    }

    func record(_ h: FindingHistory, _ e: FindingHistory.RunEntry, _ findings: [Finding], present: Set<String>) throws -> [String: String] {
        let rows = try h.statuses(run: e, findings: findings, requiredSystems: { $0 == "JTRACK-STALE" ? [.jtrack, .micase] : [.niche] },
                                  presentRecords: { $0.intersection(present) })
        _ = try h.record(run: e, rows: rows, finishedAt: "t")
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.finding.code, $0.status + " " + $0.firstSeen.iso) })
    }

    @Test func deletedDuplicateAndDeletedTrackingRecordAreCorrected() throws {
        let h = try FindingHistory(directory: tempDirectory())
        #expect(try record(h, entry(1), [duplicate, stale], present: []) == ["ID-DUPLICATE": "NEW 2026-11-01", "JTRACK-STALE": "NEW 2026-11-01"])
        // N2 merged away and J1 deleted; the persons are still there.
        let second = try record(h, entry(2), [], present: ["niche:N1", "P:00/0001082A", "M:ABC"])
        #expect(second == ["ID-DUPLICATE": "CORRECTED 2026-11-01", "JTRACK-STALE": "CORRECTED 2026-11-01"])
    }

    @Test func missingExtractIsNotEvaluatedAndCarriedUntilReadAgain() throws {
        let h = try FindingHistory(directory: tempDirectory())
        _ = try record(h, entry(1), [duplicate, stale], present: [])
        let noJTrack = Set(SourceSystem.allCases).subtracting([.jtrack])
        let second = try record(h, entry(2, evaluated: noJTrack), [duplicate], present: ["niche:N1", "niche:N2", "jtrack:J1", "M:ABC"])
        #expect(second == ["ID-DUPLICATE": "OPEN 2026-11-01", "JTRACK-STALE": "NOT-EVALUATED 2026-11-01"])
        // JTrack read again and the record raised again: still open since the first day, not reopened.
        let third = try record(h, entry(3), [duplicate, stale], present: [])
        #expect(third == ["ID-DUPLICATE": "OPEN 2026-11-01", "JTRACK-STALE": "OPEN 2026-11-01"])
    }

    @Test func subjectGoneIsNotEvaluated() throws {
        let h = try FindingHistory(directory: tempDirectory())
        _ = try record(h, entry(1), [stale], present: [])
        #expect(try record(h, entry(2), [], present: []) == ["JTRACK-STALE": "NOT-EVALUATED 2026-11-01"])
    }

    @Test func reopenedKeepsTheFirstSeenDateAndReRunReplaces() throws {
        let h = try FindingHistory(directory: tempDirectory())
        _ = try record(h, entry(1), [stale], present: [])
        _ = try record(h, entry(2), [], present: ["jtrack:J1"])
        #expect(try record(h, entry(3), [stale], present: []) == ["JTRACK-STALE": "REOPENED 2026-11-01"])
        #expect(try record(h, entry(3), [stale], present: []) == ["JTRACK-STALE": "REOPENED 2026-11-01"])
        #expect(try h.db.scalarInt("SELECT count(*) FROM runs") == 3)
        #expect(try h.db.scalarInt("SELECT count(*) FROM run_findings WHERE run_id = 'asof-2026-11-03'") == 1)
    }
}
