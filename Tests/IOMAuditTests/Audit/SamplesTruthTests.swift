import Foundation
import Testing
@testable import IOMAudit

/// The whole chain on the committed samples (ingest → link → audit) against `Samples/truth/findings.csv`.
@Suite struct SamplesTruthTests {
    struct Key: Hashable, Comparable {
        let code: String, anchor: String
        static func < (a: Key, b: Key) -> Bool { (a.code, a.anchor) < (b.code, b.anchor) }
    }

    static func truth() throws -> [Key: [String]] {
        let text = try String(contentsOfFile: Repo.path("Samples/truth/findings.csv"), encoding: .utf8)
        var out: [Key: [String]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            out[Key(code: f[0], anchor: f[1])] = f
        }
        return out
    }

    static func loaded() throws -> (SourceRecordSet, AuditContext) {
        let pipeline = try PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json"))
        let (records, reports) = try IngestRun.loadRecords(pipeline: pipeline)
        let loaded = Set(reports.filter { $0.status == .loaded }.map(\.system))
        let context = AuditContext(asOf: CalendarDate(iso: "2026-11-20")!, settings: pipeline.settings,
                                   reference: try ReferenceData.load(from: pipeline.seeds), evaluatedSystems: loaded)
        return (records, context)
    }

    /// A perfect linker from `people.csv`: the truth's persons, asking about the ID-CONFLICT records (kept with
    /// their own person, never with the PNC nominal whose ID they carry) and keeping the ID-REVIEW records
    /// apart, as the linker must. Measures the rules alone.
    static func oracle(_ records: SourceRecordSet, truth: [Key: [String]]) throws -> LinkResult {
        let text = try String(contentsOfFile: Repo.path("Samples/truth/people.csv"), encoding: .utf8)
        var personOf: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", maxSplits: 1).map(String.init)
            personOf[f[1]] = f[0]
        }
        var questions: [IdentityQuestion] = []
        for (k, row) in truth where k.code == "ID-CONFLICT" || k.code == "ID-REVIEW" {
            let owner = personOf[k.anchor]!
            if k.code == "ID-REVIEW" { personOf[k.anchor] = "apart:" + k.anchor }
            let other: String
            if k.code == "ID-CONFLICT" {
                other = row[2].split(separator: ";").map(String.init).first { $0 != k.anchor }!
            } else {
                other = personOf.filter { $0.value == owner && $0.key.hasPrefix("micase:") }.map(\.key).sorted().first!
            }
            questions.append(IdentityQuestion(kind: k.code == "ID-CONFLICT" ? .conflict : .review, record: k.anchor, other: other,
                                              score: k.code == "ID-CONFLICT" ? 0 : 0.7, evidence: "truth"))
        }
        var persons: [String: Person] = [:]
        func add(_ key: String, _ put: (inout Person) -> Void) {
            let n = personOf[key] ?? "alone:" + key
            var p = persons[n] ?? Person(masterID: n)
            put(&p)
            persons[n] = p
        }
        for r in records.pnc { add(r.identity.key) { $0.pnc.append(r) } }
        for r in records.niche { add(r.identity.key) { $0.niche.append(r) } }
        for r in records.micase { add(r.identity.key) { $0.micase.append(r) } }
        for r in records.jtrack { add(r.identity.key) { $0.jtrack.append(r) } }
        for r in records.tests { add(r.identity.key) { $0.tests.append(r) } }
        for r in records.prison { add(r.identity.key) { $0.prison.append(r) } }
        let sorted = persons.keys.sorted().map { k -> Person in
            let p = persons[k]!
            var q = Person(masterID: p.pnc.first.map { "P:" + $0.identity.key } ?? "M:" + k)
            q.pnc = p.pnc; q.niche = p.niche; q.micase = p.micase; q.jtrack = p.jtrack; q.tests = p.tests; q.prison = p.prison
            return q
        }
        return LinkResult(persons: sorted, links: [], questions: questions.sorted { $0.record < $1.record })
    }

    /// Precision and recall per code, and every column of the truth compared; empty problems when all agree.
    static func compare(_ outcome: AuditOutcome, _ truth: [Key: [String]]) -> (report: [String], problems: [String]) {
        var found: [Key: Finding] = [:]
        for f in outcome.findings { found[Key(code: f.code, anchor: f.anchor)] = f }
        var report: [String] = [], problems: [String] = []
        for code in RuleCatalogue.codes {
            let t = Set(truth.keys.filter { $0.code == code }), g = Set(found.keys.filter { $0.code == code })
            let tp = t.intersection(g).count
            let precision = g.isEmpty ? 1 : Double(tp) / Double(g.count), recall = t.isEmpty ? 1 : Double(tp) / Double(t.count)
            report.append("\(code): found \(g.count), truth \(t.count), precision \(Score.text(precision)), recall \(Score.text(recall))")
            for k in g.subtracting(t).sorted() { problems.append("extra \(k.code) \(k.anchor): \(found[k]!.detail)") }
            for k in t.subtracting(g).sorted() { problems.append("missed \(k.code) \(k.anchor)") }
        }
        for (k, row) in truth.sorted(by: { $0.key < $1.key }) {
            guard let f = found[k] else { continue }
            let ids = row[2].split(separator: ";").map(String.init)
            if f.recordIDs != ids { problems.append("\(k.code) \(k.anchor) record_ids \(f.recordIDs) ≠ \(ids)") }
            if (f.pncID ?? "") != row[3] { problems.append("\(k.code) \(k.anchor) pnc_id \(f.pncID ?? "") ≠ \(row[3])") }
            if f.division != row[4] { problems.append("\(k.code) \(k.anchor) division \(f.division) ≠ \(row[4])") }
        }
        return (report, problems)
    }

    @Test func rulesMatchTheTruthOnTheTruthsOwnLinking() throws {
        let truth = try Self.truth()
        let (records, context) = try Self.loaded()
        #expect(context.evaluatedSystems == Set(SourceSystem.allCases))
        let outcome = Auditor(context: context).audit(try Self.oracle(records, truth: truth))
        let (report, problems) = Self.compare(outcome, truth)
        print((report + problems).joined(separator: "\n"))
        #expect(problems.isEmpty, "\(problems)")
        #expect(outcome.findings.count == 44)
        // The truth's out-of-scope conditions, counted not listed (README "Out of scope, counted only").
        let dq = outcome.dataQuality
        print("data quality: " + dq.rows.map { "\($0.item.condition.rawValue)\($0.item.system.map { "/" + $0.rawValue } ?? "")=\($0.count)" }.joined(separator: ", "))
        #expect(dq.count(.missingPNCID, system: .niche) == 57)
        #expect(dq.count(.invalidPNCID, system: .niche) == 6)
        #expect(dq.count(.duplicateRecord, system: .niche) == 11)
        #expect(dq.count(.invalidCRO, system: .pnc) == 5)
        #expect(dq.count(.invalidCRO, system: .niche) == 5)
    }

    /// Ingest → `MasterNominalIndex` → audit, as the nightly run does.
    @Test func wholeChainMatchesTheTruth() throws {
        let truth = try Self.truth()
        let (records, context) = try Self.loaded()
        let result = MasterNominalIndex.build(records, acceptScore: context.settings.linkAcceptScore,
                                              reviewScore: context.settings.linkReviewScore,
                                              variants: context.reference.givenNameVariants, units: context.reference.unitDivisions)
        let outcome = Auditor(context: context).audit(result)
        let (report, problems) = Self.compare(outcome, truth)
        print((report + problems).joined(separator: "\n"))
        #expect(problems.isEmpty, "\(problems)")
        #expect(outcome.findings.count == 44)
        #expect(outcome.dataQuality.count(.missingPNCID, system: .niche) == 57)
        #expect(outcome.dataQuality.count(.duplicateRecord, system: .niche) == 11)
    }

    @Test func sameSamplesTwiceGiveTheSameFindings() throws {
        let truth = try Self.truth()
        let (records, context) = try Self.loaded()
        let one = Auditor(context: context).audit(try Self.oracle(records, truth: truth))
        let two = Auditor(context: context).audit(try Self.oracle(records, truth: truth))
        #expect(one.findings == two.findings)
    }
}
