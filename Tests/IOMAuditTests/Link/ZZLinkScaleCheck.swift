import Foundation
import Testing
@testable import IOMAudit

// THROWAWAY: scale check, run only with LINK_SCALE_PEOPLE set. Delete before handing over.
@Suite struct ZZLinkScaleCheck {
    @Test func scale() throws {
        let env = ProcessInfo.processInfo.environment
        guard let people = env["LINK_SCALE_PEOPLE"].flatMap(Int.init) else { return }
        let seeds = (env["LINK_SCALE_SEEDS"] ?? "7").split(separator: ",").map { UInt64($0)! }
        let names: [SourceSystem: String] = [.pnc: "pnc-subjects-xml", .niche: "niche-nominals-csv", .micase: "micase-cases-csv",
                                             .jtrack: "jtrack-tracking-xml", .cozart: "cozart-tests-csv", .prison: "prison-movements-csv"]
        let sources = SourceSystem.allCases.map { #"{"system":"\#($0.rawValue)","mapping":"\#(Repo.path("Mappings/\(names[$0]!).json"))","required":true}"# }
        let json = #"{"pipeline":"scale","input":"in","out":"out","seeds":"\#(Repo.path("seeds"))","sources":[\#(sources.joined(separator: ","))]}"#
        try json.write(toFile: "/tmp/linkscale-pipeline.json", atomically: true, encoding: .utf8)
        let pipeline = try PipelineDefinition.load(path: "/tmp/linkscale-pipeline.json")
        for seed in seeds {
            let dir = env["LINK_SCALE_DIR"].map { $0 + "/\(people)-\(seed)" } ?? tempDirectory()
            if !FileManager.default.fileExists(atPath: dir + "/truth/people.csv") {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let t0 = Date()
                _ = try SampleGenerator.write(to: dir, options: SampleOptions(people: people, seed: seed, asOf: CalendarDate(iso: "2026-11-20")!))
                print("scale: generated \(people) seed \(seed) in \(Date().timeIntervalSince(t0)) s")
            }
            var t0 = Date()
            let (records, _) = try IngestRun.loadRecords(pipeline: pipeline, input: dir)
            func rss() -> String { ((try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") }.joined(separator: " ") }
            print("scale: loaded \(records.count) records in \(Date().timeIntervalSince(t0)) s; \(rss())")
            t0 = Date()
            let (result, stats) = MasterNominalIndex.buildWithStatistics(records, acceptScore: 0.95, reviewScore: 0.5)
            let linkSeconds = Date().timeIntervalSince(t0)
            print("scale: linked in \(linkSeconds) s \(stats); \(rss())")
            if env["LINK_SCALE_SKIP_EVAL"] != nil { continue }
            let e = try LinkEvaluation(result: result, truthDirectory: dir + "/truth")
            print("scale: people \(people) seed \(seed) precision \(e.precision) recall \(e.recall) pairs correct \(e.correctPairs) predicted \(e.predictedPairs) true \(e.truePairs) unknown \(e.unknownRecords.count) missing \(e.missingRecords.count)")
            let conflicts = result.questions.filter { $0.kind == .conflict }, reviews = result.questions.filter { $0.kind == .review }
            let tc = e.findings["ID-CONFLICT"] ?? [], tr = e.findings["ID-REVIEW"] ?? []
            print("scale: conflicts \(conflicts.count) (truth \(tc.count), found \(tc.filter { a in conflicts.contains { $0.record == a } }.count)); reviews \(reviews.count) (truth \(tr.count), found \(tr.filter { a in reviews.contains { $0.record == a } }.count))")
            let truthAnchors = Set(tc + tr)
            for q in result.questions where !truthAnchors.contains(q.record) { print("scale: extra \(q.kind.rawValue) \(q.record) ~ \(q.other) \(q.score) \(q.evidence)") }
            for m in try LinkEvaluation.mistakes(result: result, truthDirectory: dir + "/truth", limit: 40) { print("scale: " + m.prefix(600)) }
        }
    }
}
