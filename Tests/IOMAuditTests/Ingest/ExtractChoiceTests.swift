import Foundation
import Testing
@testable import IOMAudit

/// Which of the files matching a source's pattern is tonight's extract (`ExtractChoice`).
@Suite struct ExtractChoiceTests {
    static let pattern = "niche_nominals_*.csv"

    func folder(_ files: [String]) throws -> String {
        let dir = tempDirectory()
        for f in files { try Data("Nominal ID\r\n".utf8).write(to: URL(fileURLWithPath: dir + "/" + f)) }
        return dir
    }

    @Test func theLatestDateInTheNameWinsWhateverTheSortOrder() throws {
        // By name, the backup sorts last; by date it is a year older.
        let dir = try folder(["niche_nominals_20261120.csv", "niche_nominals_backup_20251001.csv"])
        let c = ExtractChoice.choose(pattern: Self.pattern, in: dir)
        #expect(c.file == dir + "/niche_nominals_20261120.csv")
        #expect(c.ignored == ["niche_nominals_backup_20251001.csv (dated 2025-10-01; the file read is dated 2026-11-20)"])
        #expect(c.refusal == nil)
    }

    @Test func twoFilesOfTheSameDateAreRefusedNamingBoth() throws {
        let dir = try folder(["niche_nominals_20261120.csv", "niche_nominals_20261120_partial.csv", "niche_nominals_20261119.csv"])
        let c = ExtractChoice.choose(pattern: Self.pattern, in: dir)
        #expect(c.file == nil)
        #expect(c.refusal?.contains("niche_nominals_20261120.csv, niche_nominals_20261120_partial.csv") == true, "\(c.refusal ?? "")")
    }

    @Test func withoutDatesTheClearlyNewestWinsAndNearTimesAreRefused() throws {
        let dir = try folder(["niche_nominals_a.csv", "niche_nominals_b.csv"])
        let old = Date(timeIntervalSinceNow: -3600)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: dir + "/niche_nominals_b.csv")
        #expect(ExtractChoice.choose(pattern: Self.pattern, in: dir).file == dir + "/niche_nominals_a.csv")
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: dir + "/niche_nominals_a.csv")
        let near = ExtractChoice.choose(pattern: Self.pattern, in: dir)
        #expect(near.file == nil && near.refusal?.contains("within a minute") == true)
    }

    @Test func onlyRegularFilesAreRead() throws {
        let dir = try folder(["niche_nominals_20261119.csv"])
        #expect(mkfifo(dir + "/niche_nominals_20261120.csv", 0o600) == 0)
        #expect(symlink("/dev/zero", dir + "/niche_nominals_20261121.csv") == 0)
        let c = ExtractChoice.choose(pattern: Self.pattern, in: dir)
        // The dated regular file is read; the pipe and the link to a device are named and left alone.
        #expect(c.file == dir + "/niche_nominals_20261119.csv")
        #expect(c.ignored.contains("niche_nominals_20261120.csv (not a regular file: a named pipe)"))
        #expect(c.ignored.contains("niche_nominals_20261121.csv (not a regular file: a character device)"))
        try FileManager.default.removeItem(atPath: dir + "/niche_nominals_20261119.csv")
        let none = ExtractChoice.choose(pattern: Self.pattern, in: dir)
        #expect(none.file == nil && none.refusal?.hasPrefix("no regular file matches") == true)
    }

    @Test func aDateIsEightDigitsThatMakeADay() {
        #expect(ExtractGuard.dateInName("niche_nominals_20261120.csv") == CalendarDate(year: 2026, month: 11, day: 20))
        #expect(ExtractGuard.dateInName("niche_nominals_20261340.csv") == nil)
        #expect(ExtractGuard.dateInName("niche_123456789.csv") == nil)
    }
}
