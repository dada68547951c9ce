import Foundation
import Testing
@testable import IOMAudit

/// Messages a person can act on without reading the code: a record id without its system gets the
/// system suggested, a key of no known shape is shown what one looks like, an impossible date says why,
/// and JSON logs carry numbers as numbers and the source and file as fields of their own.
@Suite struct ActionableMessagesTests {
    static let out: String = {
        let out = tempDirectory()
        let lines = LogLines()
        _ = try! NightlyRun(pipeline: try! PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json")), input: Repo.path("Samples"), out: out,
                            asOf: CalendarDate(iso: "2026-11-20")!, log: RunLog(format: .json, write: lines.add)).run()
        jsonLog = lines.all
        return out
    }()
    nonisolated(unsafe) static var jsonLog: [String] = []

    final class LogLines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
    }

    func explain(_ key: String) -> (status: Int32, text: String) {
        var text = ""
        let status = IOMAuditCommand.main(arguments: ["explain", key, "--out", Self.out]) { text += $0 + "\n" }
        return (status, text)
    }

    @Test func aRecordIDWithoutItsSystemGetsTheSystemSuggested() throws {
        let links = try String(contentsOfFile: Self.out + "/current/tables/links.csv", encoding: .utf8)
        let micase = try #require(links.split(separator: "\n").first { $0.contains(",micase,") }?.split(separator: ",").map(String.init))
        let id = try #require(micase.first { $0.hasPrefix("MC") })
        let (status, text) = explain(id)
        #expect(status == ExitCode.notFound.rawValue)
        #expect(text.contains("Did you mean micase:\(id)? A record id is given with its system."), "\(text)")
        #expect(explain("niche:\(id)").text.contains("Did you mean micase:\(id)?"))
        #expect(explain("micase:\(id)").status == 0)
    }

    @Test func aKeyOfNoKnownShapeIsShownWhatAKeyLooksLike() {
        #expect(explain("foo").text.contains("A key is a PNC ID in any accepted form (00/1082A, 2000/0001082A) or system:record_id"))
        #expect(explain("mars:1").text.contains("\"mars\" is not one of them."))
        #expect(explain("03/9907X").text.contains("\"03/9907X\" is not a valid PNC ID: check letter does not match (expected N)"))
    }

    @Test(arguments: [("2026-02-30", ": February 2026 has 28 days"), ("2024-02-30", ": February 2024 has 29 days"),
                      ("2026-13-01", ": there is no month 13"), ("2026-04-31", ": April 2026 has 30 days"), ("20261120", ""), ("2026-11-20x", "")])
    func anImpossibleDateSaysWhy(_ value: String, _ why: String) {
        #expect(ParsedArguments.whyNotADate(value) == why)
        let args = try? ParsedArguments(["--as-of", value], command: "run", options: ["as-of"])
        do { _ = try args?.date("as-of"); Issue.record("\(value) accepted") } catch let e as UsageError {
            #expect(e.message == "--as-of must be a date like 2026-11-20 (year-month-day), not '\(value)'" + why)
        } catch { Issue.record("\(error)") }
    }

    /// Whatever a run would refuse, check says first: an extract a run on that date would hold back.
    @Test func checkSaysWhenARunOnADateWouldHoldTheExtractBack() throws {
        func check(_ asOf: String, json: Bool = false) -> String {
            var text = ""
            _ = IOMAuditCommand.main(arguments: ["check", "--mapping", Repo.path("Mappings/cozart-tests-csv.json"), "--pipeline", Repo.path("Pipelines/nightly.json"),
                                                 Repo.path("Samples/cozart_tests_20261120.csv"), "--as-of", asOf] + (json ? ["--json"] : [])) { text += $0 + "\n" }
            return text
        }
        #expect(check("2026-12-06").contains("note: a run as of 2026-12-06 would hold this extract back: extract is dated 2026-11-20, 16 days before the as-of date 2026-12-06 (the pipeline allows 7)"))
        #expect(check("2026-11-01").contains("after the as-of date 2026-11-01"))
        #expect(!check("2026-11-21").contains("hold this extract back"))
        let o = try JSONSerialization.jsonObject(with: Data(check("2026-12-06", json: true).utf8)) as! [String: Any]
        #expect((o["heldBackOnAsOf"] as? String)?.contains("16 days before") == true)
    }

    @Test func jsonLogsCarryNumbersAsNumbersAndTheSourceAndFileAsFields() throws {
        _ = Self.out
        let events = try Self.jsonLog.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let loaded = try #require(events.first { ($0["message"] as? String)?.hasPrefix("Niche loaded from") == true })
        #expect(loaded["source"] as? String == "niche")
        #expect(loaded["file"] as? String == "niche_nominals_20261120.csv")
        #expect(loaded["seconds"] is NSNumber && !(loaded["seconds"] is String))
        #expect(loaded["rows_read"] as? Int == 2015)
        let quarantine = try #require(events.first { ($0["message"] as? String)?.contains("rows quarantined") == true })
        #expect(quarantine["source"] as? String != nil && quarantine["quarantined"] as? Int != nil)
        for e in events where e["seconds"] != nil { #expect(!(e["seconds"] is String), "\(e)") }
    }
}
