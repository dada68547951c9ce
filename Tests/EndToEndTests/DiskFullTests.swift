import Foundation
import IOMAudit
import Testing

/// A full disk at every moment of a run (`scripts/disk-full.sh`: the output folder on a small tmpfs in a
/// private mount namespace, filled to leave less and less room, down to the last pages before the
/// history's commit). A run the disk stops exits 4 naming the file it could not write and changes
/// nothing; a run that publishes says so truthfully; the next run, with room again, publishes and
/// leaves exactly the two runs, each the attempt the history names.
@Suite struct DiskFullTests {
    static let first = "asof-2026-11-20", second = "asof-2026-11-21"

    @Test func aFullDiskAtAnyMomentChangesNothing() throws {
        let results = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: results) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [Binary.repoRoot + "/scripts/disk-full.sh", Binary.path, results, "8"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "disk-full.sh exited \(p.terminationStatus): \(log)")

        let base = try PublicationFaultTests.seen(results + "/base")
        let baseFiles = Binary.snapshot(results + "/base/runs/" + Self.first)
        let levels = Binary.entries(results).filter { $0.hasPrefix("level-") }
        #expect(levels.count >= 18, "\(log)")
        var stoppedAtTheHistory = 0, published = 0
        for level in levels {
            let dir = results + "/" + level
            let rc = Int(try String(contentsOfFile: dir + "/full.rc", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            let stderr = try String(contentsOfFile: dir + "/full.err", encoding: .utf8)
            let after = try PublicationFaultTests.seen(dir + "/after-full")
            if rc == 4 {
                // Stopped: the error names a file in the output folder, and nothing changed.
                let error = stderr.split(separator: "\n").last { $0.hasPrefix("error: ") }.map(String.init) ?? ""
                #expect(error.contains("/mnt/out"), "\(level): the error names no file: \(error)")
                #expect(!error.contains("NSCocoaErrorDomain"), "\(level): \(error)")
                #expect(after == base, "\(level): \(error)\n\(after)\nagainst \(base)")
                #expect(Binary.snapshot(dir + "/after-full/runs/" + Self.first) == baseFiles, "\(level): the published run's files changed")
                if error.contains("history.sqlite: the run could not be recorded") { stoppedAtTheHistory += 1 }
            } else {
                #expect([0, 3].contains(rc), "\(level): exit \(rc): \(stderr)")
                #expect(after.current == "runs/" + Self.second && after.history[Self.second] == .some(after.shownAttempt),
                        "\(level): published, yet \(after)")
                published += 1
            }
            let nextRC = try String(contentsOfFile: dir + "/next.rc", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let next = try PublicationFaultTests.seen(dir + "/after-next")
            #expect(nextRC == "3", "\(level): with room again the next run exited \(nextRC)")
            #expect(next.runs == [Self.first, Self.second] && next.current == "runs/" + Self.second
                    && next.history[Self.second] == .some(next.shownAttempt) && next.history[Self.first] == base.history[Self.first],
                    "\(level): after the next run \(next)")
            #expect(!Binary.entries(dir + "/after-next").contains { $0.hasPrefix("current.new-") })
        }
        #expect(stoppedAtTheHistory >= 1, "no level found the disk full at the history's commit: \(log)")
        #expect(published >= 1, "no level published: \(log)")
    }
}
