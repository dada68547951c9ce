import Foundation
import IOMAudit
import Testing

/// How the process ends when the scheduler or an operator stops it, or stops listening to it.
@Suite struct InterruptionTests {
    /// The binary with standard error to a pipe the test reads (or closes at once: `closedStderr`).
    static func launch(_ args: [String], closedStderr: Bool = false) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binary.path)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: Binary.repoRoot)
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        if closedStderr { try err.fileHandleForReading.close() }
        return (p, err)
    }

    @Test(arguments: [(SIGTERM, Int32(143), "SIGTERM"), (SIGINT, Int32(130), "SIGINT")])
    func aSignalRemovesThePrivateFolderAndSaysSo(_ signal: Int32, _ status: Int32, _ name: String) throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let (p, err) = try Self.launch(["run", "--out", out, "--as-of", "2026-11-20"])
        let building = { Binary.entries(out + "/runs").first { $0.hasPrefix(".building-") } }
        // Mid-run: the private folder already holds the store with tonight's records.
        _ = Binary.waitFor(timeout: 60) { building().map { FileManager.default.fileExists(atPath: out + "/runs/" + $0 + "/store.sqlite") } ?? !p.isRunning }
        usleep(200_000)
        try #require(p.isRunning, "the run ended before it could be signalled")
        kill(p.processIdentifier, signal)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == status, "\(p.terminationReason) \(p.terminationStatus)")
        #expect(text.contains("interrupted by \(name)"), "\(text)")
        #expect(building() == nil, "left: \(Binary.entries(out + "/runs"))")
        #expect(!FileManager.default.fileExists(atPath: out + "/current"))
    }

    /// cron's mailer gone: standard error closed before the first log line. The run still publishes.
    @Test func aClosedStandardErrorDoesNotStopTheRun() throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let (p, _) = try Self.launch(["run", "--out", out, "--as-of", "2026-11-20"], closedStderr: true)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 3, "\(p.terminationReason) \(p.terminationStatus)")
        #expect(FileManager.default.fileExists(atPath: out + "/current/manifest.json"))
    }
}
