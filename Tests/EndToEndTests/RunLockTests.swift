import Foundation
import IOMAudit
import Testing

/// One run at a time per output folder: a second `iomaudit run` on the same `--out` exits 75, names the
/// lock and changes nothing.
@Suite struct RunLockTests {
    /// A run of 2026-11-20 into `out`, frozen (SIGSTOP) once it holds the lock and has begun building
    /// (the lock is taken before the private build folder is made). The caller sends SIGCONT.
    static func frozenRun(_ out: String) throws -> Process {
        let run = try Binary.start(["run", "--out", out, "--as-of", "2026-11-20"])
        let building = Binary.waitFor(timeout: 60) { Binary.entries(out + "/runs").contains { $0.hasPrefix(".building-") } }
        try #require(building, "the first run never started building")
        kill(run.processIdentifier, SIGSTOP)
        return run
    }

    /// Two real processes: the first is frozen (SIGSTOP) while it holds the lock, so the overlap does not
    /// depend on timing; the second must give up at once, and the first then finishes normally.
    @Test func secondRunOnTheSameOutputExits75AndChangesNothing() throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let first = try RunLockTests.frozenRun(out)
        defer { kill(first.processIdentifier, SIGCONT) }
        let before = Binary.snapshot(out)

        let second = try Binary.run(["run", "--out", out, "--as-of", "2026-11-21"])
        #expect(second.status == 75, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("holds the output folder " + out), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.processIdentifier)"), "\(second.stderr)")
        #expect(second.stderr.contains("another iomaudit run"))
        #expect(Binary.snapshot(out) == before, "the refused run changed the output folder")

        kill(first.processIdentifier, SIGCONT)
        first.waitUntilExit()
        #expect(first.terminationReason == .exit && first.terminationStatus == 3, "the first run finishes as usual")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/current") == "runs/asof-2026-11-20")
        #expect(Binary.entries(out + "/runs") == ["asof-2026-11-20"])
    }

    /// The lock held by another process (here the test itself, through the library) refuses a run before
    /// it writes anything; released, the same command succeeds.
    @Test func heldLockRefusesTheRunUntilReleased() throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        var lock: RunLock? = try RunLock(directory: out)
        let before = Binary.snapshot(out)
        let refused = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"])
        #expect(refused.status == 75, "stderr: \(refused.stderr)")
        #expect(refused.stderr.contains("holds the output folder " + out) && refused.stderr.contains("pid \(getpid())"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        #expect(Binary.snapshot(out) == before)
        #expect(Binary.entries(out) == ["iomaudit.lock"], "no history, no runs folder")
        withExtendedLifetime(lock) {}
        lock = nil
        let ok = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"])
        #expect(ok.status == 3, "stderr: \(ok.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/current") == "runs/asof-2026-11-20")
    }

    /// Someone deletes `iomaudit.lock` while a run is under way: the lock is on the output folder itself,
    /// so a second run is still refused, and nothing the first run is building is cleaned away under it.
    @Test func deletingTheLockFileDoesNotLetASecondRunIn() throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let first = try RunLockTests.frozenRun(out)
        defer { kill(first.processIdentifier, SIGCONT) }
        try FileManager.default.removeItem(atPath: out + "/iomaudit.lock")
        let second = try Binary.run(["run", "--out", out, "--as-of", "2026-11-21"])
        #expect(second.status == 75, "stderr: \(second.stderr)")
        #expect(Binary.entries(out + "/runs").contains { $0.hasPrefix(".building-") }, "the first run's private folder was removed")
        kill(first.processIdentifier, SIGCONT)
        first.waitUntilExit()
        #expect(first.terminationReason == .exit && first.terminationStatus == 3)
        #expect(FileManager.default.fileExists(atPath: out + "/current/store.sqlite"))
    }
}
