import Foundation
@testable import IOMAudit

/// Pairwise linkage quality against a sample set's truth files.
struct LinkEvaluation {
    var truePairs = 0
    var predictedPairs = 0
    var correctPairs = 0
    var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
    var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }
    /// Records in the result that truth does not list, and the reverse.
    var unknownRecords: [String] = []
    var missingRecords: [String] = []
    /// Truth findings (code, anchor) by code.
    var findings: [String: [String]] = [:]

    init(result: LinkResult, truthDirectory: String) throws {
        let people = try String(contentsOfFile: truthDirectory + "/people.csv", encoding: .utf8)
        var truth: [String: Int] = [:]
        for line in people.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",", maxSplits: 1)
            truth[String(parts[1])] = Int(parts[0])!
        }
        var predicted: [String: String] = [:]
        for l in result.links { predicted[l.record] = l.masterID }
        unknownRecords = predicted.keys.filter { truth[$0] == nil }.sorted()
        missingRecords = truth.keys.filter { predicted[$0] == nil }.sorted()
        var byTruth: [Int: Int] = [:], byPredicted: [String: Int] = [:], byBoth: [String: Int] = [:]
        for (record, person) in truth {
            guard let m = predicted[record] else { continue }
            byTruth[person, default: 0] += 1
            byPredicted[m, default: 0] += 1
            byBoth["\(person)|\(m)", default: 0] += 1
        }
        func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }
        truePairs = byTruth.values.map(pairs).reduce(0, +)
        predictedPairs = byPredicted.values.map(pairs).reduce(0, +)
        correctPairs = byBoth.values.map(pairs).reduce(0, +)
        let text = try String(contentsOfFile: truthDirectory + "/findings.csv", encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",", omittingEmptySubsequences: false)
            findings[String(parts[0]), default: []].append(String(parts[1]))
        }
    }

    /// Truth person numbers split across masters, and masters holding several truth people (for diagnosis).
    static func mistakes(result: LinkResult, truthDirectory: String, limit: Int = 20) throws -> [String] {
        let people = try String(contentsOfFile: truthDirectory + "/people.csv", encoding: .utf8)
        var truth: [String: Int] = [:]
        for line in people.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",", maxSplits: 1)
            truth[String(parts[1])] = Int(parts[0])!
        }
        var masters: [Int: Set<String>] = [:], members: [String: Set<Int>] = [:]
        for l in result.links {
            guard let t = truth[l.record] else { continue }
            masters[t, default: []].insert(l.masterID)
            members[l.masterID, default: []].insert(t)
        }
        var out: [String] = []
        for (t, m) in masters.sorted(by: { $0.key < $1.key }) where m.count > 1 {
            let recs = result.links.filter { truth[$0.record] == t }.map { "\($0.record)→\($0.masterID) \($0.method.rawValue)" }
            out.append("split person \(t): " + recs.joined(separator: ", "))
        }
        for (m, t) in members.sorted(by: { $0.key < $1.key }) where t.count > 1 {
            let recs = result.links.filter { $0.masterID == m }.map { "\($0.record)(\(truth[$0.record] ?? -1)) \($0.method.rawValue) \($0.evidence)" }
            out.append("merged \(m): " + recs.joined(separator: " | "))
        }
        return Array(out.prefix(limit))
    }
}
