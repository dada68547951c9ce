import Foundation
import Testing
@testable import IOMAudit

/// The index over the committed 2,000-person sample set, judged against its truth files.
@Suite struct LinkSampleEvaluationTests {
    @Test func committedSamplesMatchTruth() throws {
        let pipeline = try PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json"))
        let (records, _) = try IngestRun.loadRecords(pipeline: pipeline)
        let reference = try ReferenceData.load(from: pipeline.seeds)
        let (result, stats) = MasterNominalIndex.buildWithStatistics(records, acceptScore: pipeline.settings.linkAcceptScore,
                                                                     reviewScore: pipeline.settings.linkReviewScore,
                                                                     variants: reference.givenNameVariants, units: reference.unitDivisions)
        let e = try LinkEvaluation(result: result, truthDirectory: Repo.path("Samples/truth"))
        print("link samples: precision \(e.precision) recall \(e.recall) pairs \(e.correctPairs)/\(e.predictedPairs)/\(e.truePairs) \(stats)")
        for m in try LinkEvaluation.mistakes(result: result, truthDirectory: Repo.path("Samples/truth")) { print("  " + m) }
        #expect(e.precision >= 0.99)
        #expect(e.recall >= 0.99)
        #expect(e.unknownRecords.isEmpty)
        #expect(e.missingRecords.isEmpty)

        // One link per record, every record in exactly one person.
        #expect(result.links.count == records.count)
        #expect(Set(result.links.map(\.record)).count == records.count)
        #expect(result.persons.map { $0.identities.count }.reduce(0, +) == records.count)
        #expect(result.persons.map(\.masterID) == result.persons.map(\.masterID).sorted())

        let conflicts = result.questions.filter { $0.kind == .conflict }
        let reviews = result.questions.filter { $0.kind == .review }
        for q in result.questions { print("  question \(q.kind.rawValue) \(q.record) ~ \(q.other) \(q.score) \(q.evidence)") }
        for anchor in e.findings["ID-CONFLICT"] ?? [] {
            #expect(conflicts.contains { $0.record == anchor }, "conflict \(anchor)")
            #expect(result.person(of: anchor) != nil)
        }
        for anchor in e.findings["ID-REVIEW"] ?? [] {
            #expect(reviews.contains { $0.record == anchor }, "review \(anchor)")
        }
        #expect(conflicts.count == e.findings["ID-CONFLICT"]?.count)
        #expect(reviews.count == e.findings["ID-REVIEW"]?.count)
    }
}

extension LinkSampleEvaluationTests {
    /// The committed samples in another record order give identical persons, links and questions.
    @Test func committedSamplesInAnotherOrder() throws {
        let pipeline = try PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json"))
        let (records, _) = try IngestRun.loadRecords(pipeline: pipeline)
        var shuffled = records
        var rng = SystemRandomNumberGenerator()
        shuffled.pnc.shuffle(using: &rng); shuffled.niche.reverse(); shuffled.micase.shuffle(using: &rng)
        shuffled.jtrack.reverse(); shuffled.tests.shuffle(using: &rng); shuffled.prison.shuffle(using: &rng)
        func snapshot(_ r: LinkResult) -> [String] {
            r.persons.map { $0.masterID + "=" + $0.identities.map(\.key).joined(separator: ",") }
                + r.links.map { "\($0.record) \($0.masterID) \($0.method.rawValue) \($0.score) \($0.evidence) \($0.matchedTo ?? "-")" }
                + r.questions.map { "\($0.kind.rawValue) \($0.record) \($0.other) \($0.score) \($0.evidence)" }
        }
        let a = snapshot(MasterNominalIndex.build(records, acceptScore: 0.95, reviewScore: 0.5))
        let b = snapshot(MasterNominalIndex.build(shuffled, acceptScore: 0.95, reviewScore: 0.5))
        #expect(a.count == b.count)
        #expect(a == b)
    }
}
