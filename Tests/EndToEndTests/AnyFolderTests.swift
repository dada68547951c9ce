import Foundation
import IOMAudit
import Testing

/// On a server the job runs from wherever the scheduler starts it: every command works from any
/// folder with --pipeline or IOMAUDIT_PIPELINE, and report and explain with --out alone.
@Suite struct AnyFolderTests {
    @Test func everyCommandWorksFromAnotherFolder() throws {
        let elsewhere = Binary.tempDirectory(), out = Binary.tempDirectory() + "/out"
        let pipeline = Binary.repoRoot + "/Pipelines/nightly.json"
        let env = ["IOMAUDIT_PIPELINE": pipeline]

        let validate = try Binary.run(["validate"], in: elsewhere, environment: env)
        #expect(validate.status == 0, "\(validate.stdout) \(validate.stderr)")
        #expect(validate.stdout.contains("\(pipeline): valid"))
        let run = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"], in: elsewhere, environment: env)
        #expect(run.status == 3, "the samples' broken rows make it a warning: \(run.stderr.suffix(1000))")
        let check = try Binary.run(["check", "--mapping", Binary.repoRoot + "/Mappings/niche-nominals-csv.json",
                                    Binary.repoRoot + "/Samples/niche_nominals_20261120.csv"], in: elsewhere, environment: env)
        #expect(check.status == 3 && !check.stdout.contains("unit codes were not checked"), "\(check.stdout)")
        let rules = try Binary.run(["rules"], in: elsewhere)
        #expect(rules.status == 0)

        // Without the variable, with --out alone: no pipeline in this folder, and none needed.
        let report = try Binary.run(["report", "--month", "2026-11", "--out", out], in: elsewhere)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Bradford"), "division names from the reference data the run used: \(report.stdout)")
        let explain = try Binary.run(["explain", "foo", "--out", out], in: elsewhere)
        #expect(explain.status == ExitCode.notFound.rawValue && explain.stdout.contains("A key is a PNC ID"))
        // Without either, the missing default pipeline is named.
        let lost = try Binary.run(["run", "--out", out], in: elsewhere)
        #expect(lost.status == ExitCode.configuration.rawValue && lost.stderr.contains("Pipelines/nightly.json"), "\(lost.stderr)")
    }
}
