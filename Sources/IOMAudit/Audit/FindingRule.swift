/// One finding rule: one code of the catalogue, one small type in `Rules/`, registered in `RuleCatalogue`.
/// A rule returns drafts; the auditor stamps them with the catalogue's code and severity.
public protocol FindingRule: Sendable {
    /// Extracts that must have loaded for the rule to say anything (checked against `AuditContext.evaluatedSystems`).
    var requiredSystems: Set<SourceSystem> { get }

    /// Findings over the whole run. The default asks `findings(for:in:)` of every in-scope person.
    func findings(in run: AuditRun) -> [FindingDraft]

    /// Findings about one in-scope person.
    func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft]
}

extension FindingRule {
    public func findings(in run: AuditRun) -> [FindingDraft] {
        run.inScope.flatMap { findings(for: $0, in: run) }
    }

    public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] { [] }
}

/// A finding before the catalogue gives it its code and severity.
public struct FindingDraft: Sendable {
    /// `system:id` of the record the finding is about.
    public var anchor: String
    /// Every record involved (`system:id`); the anchor alone by default.
    public var recordIDs: [String]
    /// The system whose record must change.
    public var system: SourceSystem
    public var owner: String
    public var division: Division
    public var pncID: String?
    public var masterID: String?
    public var detail: String
    public var evidence: String

    /// Division, PNC ID and master id come from `subject`.
    public init(subject: AuditSubject, anchor: String, records: [String]? = nil, system: SourceSystem, owner: String,
                detail: String, evidence: String) {
        self.anchor = anchor
        self.recordIDs = records ?? [anchor]
        self.system = system
        self.owner = owner
        self.division = subject.division
        self.pncID = subject.pncID?.canonical
        self.masterID = subject.masterID
        self.detail = detail
        self.evidence = evidence
    }
}

/// What every rule reads: the context, every person with their shared facts, and the linker's questions.
public struct AuditRun: Sendable {
    public let context: AuditContext
    public let questions: [IdentityQuestion]
    /// Every linked person, in the linker's order (shared with the link result, not copied).
    public let persons: [Person]
    /// Each person's division code, in the linker's order: what the nominals table shows.
    public let divisionCodes: [String]
    /// People in scope for every rule.
    public let inScope: [AuditSubject]
    /// People in scope for TEST-UNLINKED only: drug-test subjects outside the full scope.
    public let drugTestSubjects: [AuditSubject]
    /// Counts of the identity conditions of everyone out of scope.
    public let outOfScope: DataQualitySummary
    /// Drug tests whose subject the linker asks about (a probable match with someone holding a nominal,
    /// which a person must confirm): not unlinked. And those questions, as `record` NUL `other`.
    public let testsInQuestion: Set<String>
    public let questionsAboutTests: Set<String>
    /// Records the linker found probably one of several people, too many to ask about, with how many.
    public let matchingTooMany: [String: Int]
    /// Only the people rules look at keep their `AuditSubject` (a person with every shared fact worked
    /// out); at force scale the rest would cost gigabytes. Others are worked out again on demand.
    private let kept: [Int: AuditSubject]
    private let personByRecord: [String: Int]
    private let linkByRecord: [String: RecordLink]

    /// No MiCase case, JTrack record or drug test, no PNC information marker and no Niche cohort flag:
    /// nothing `AuditScope` looks at, so out of scope whatever the date. `AuditRunTests` holds this to
    /// the full subject's answer.
    static func cannotBeInScope(_ p: Person) -> Bool {
        p.micase.isEmpty && p.jtrack.isEmpty && p.tests.isEmpty && p.pnc.allSatisfy { $0.markers.isEmpty }
            && p.niche.allSatisfy { $0.cohortFlags.isEmpty }
    }

    /// `threads` > 1 works the persons out in chunks on several cores; the result is the same.
    public init(context: AuditContext, result: LinkResult, threads: Int = 1) {
        self.context = context
        persons = result.persons
        questions = result.questions
        struct Chunk: Sendable {
            var codes: [String] = []
            var kept: [(Int, AuditSubject)] = []
            var summary = DataQualitySummary()
        }
        let all = persons
        let chunks = ChunkedWork.map(count: all.count, threads: threads) { range -> Chunk in
            var c = Chunk()
            c.codes.reserveCapacity(range.count)
            for i in range {
                // Most people of a force hold nothing that could bring them into scope: only their division
                // and the out-of-scope counts are worked out for them, not a whole subject.
                if AuditRun.cannotBeInScope(all[i]) {
                    let p = all[i].sortingRecords(by: RecordOrder.less)
                    c.codes.append(DivisionAttribution.attribute(p, leadingCase: nil, units: context.reference.unitDivisions).division.code)
                    c.summary.count(outOfScope: p)
                    continue
                }
                let s = AuditSubject(person: all[i], context: context)
                c.codes.append(s.division.code)
                if s.inScope || !s.person.tests.isEmpty { c.kept.append((i, s)) }
                if !s.inScope { c.summary.count(outOfScope: s.person) }
            }
            return c
        }
        var kept: [Int: AuditSubject] = [:]
        var inScope: [AuditSubject] = [], tests: [AuditSubject] = []
        var codes: [String] = []
        codes.reserveCapacity(persons.count)
        var summary = DataQualitySummary()
        for c in chunks {
            codes += c.codes
            summary.merge(c.summary)
            for (i, s) in c.kept {
                kept[i] = s
                if s.inScope { inScope.append(s) } else { tests.append(s) }
            }
        }
        divisionCodes = codes
        self.inScope = inScope
        drugTestSubjects = tests
        self.kept = kept
        // The records of the people kept, and the records of questions with a side in scope, are all that is
        // ever looked up; the rest of the questions are only counted.
        var index: [String: Int] = [:]
        for (i, s) in kept.sorted(by: { $0.key < $1.key }) {
            s.person.forEachIdentity { id in if index[id.key] == nil { index[id.key] = i } }
        }
        let personsOfQuestions = AuditRun.personsOfQuestions(result, kept: kept)
        var testsInQuestion = Set<String>(), questionsAboutTests = Set<String>()
        for (q, pair) in zip(questions, personsOfQuestions) {
            let recordInScope = pair.record.map { kept[$0]?.inScope == true } ?? false
            let otherInScope = pair.other.map { kept[$0]?.inScope == true } ?? false
            // A drug-test subject with a probable match is a question for a person, like one in scope.
            var test = false
            if q.kind == .review, let a = pair.record, let b = pair.other {
                for (x, y) in [(a, b), (b, a)] where AuditRun.onlyTested(persons[x]) && AuditRun.holdsNominal(persons[y]) {
                    test = true
                    for t in persons[x].tests { testsInQuestion.insert(t.identity.key) }
                }
            }
            if test { questionsAboutTests.insert(q.record + "\u{0}" + q.other) }
            if recordInScope || otherInScope || test {
                if let a = pair.record, index[q.record] == nil { index[q.record] = a }
                if let b = pair.other, index[q.other] == nil { index[q.other] = b }
            } else {
                summary.add(q.kind == .conflict ? .identityConflict : .identityReview, system: RecordLabel.system(ofKey: q.record))
            }
        }
        personByRecord = index
        self.testsInQuestion = testsInQuestion
        matchingTooMany = result.matchingTooMany
        self.questionsAboutTests = questionsAboutTests
        var links: [String: RecordLink] = [:]
        // Only the kept people's links are read, so only theirs have their evidence written.
        for i in result.links.indices {
            let record = result.links.record(at: i)
            if index[record].map({ kept[$0] != nil }) == true && links[record] == nil { links[record] = result.links[i] }
        }
        linkByRecord = links
        outOfScope = summary
    }

    /// A person known only from drug tests (what TEST-UNLINKED looks at).
    static func onlyTested(_ p: Person) -> Bool {
        !p.tests.isEmpty && p.pnc.isEmpty && p.niche.isEmpty && p.micase.isEmpty && p.jtrack.isEmpty
    }

    /// A person with a PNC, Niche, MiCase or JTrack record.
    static func holdsNominal(_ p: Person) -> Bool {
        !(p.pnc.isEmpty && p.niche.isEmpty && p.micase.isEmpty && p.jtrack.isEmpty)
    }

    /// The persons holding each question's two records: from the linker, or, for a result put together by
    /// hand, by looking the records up.
    static func personsOfQuestions(_ result: LinkResult, kept: [Int: AuditSubject]) -> [(record: Int?, other: Int?)] {
        if result.questionPersons.count == result.questions.count {
            return result.questionPersons.map { (Int($0.record), Int($0.other)) }
        }
        var wanted = Set<String>()
        for q in result.questions { wanted.insert(q.record); wanted.insert(q.other) }
        var found: [String: Int] = [:]
        for (i, p) in result.persons.enumerated() {
            p.forEachIdentity { id in
                let key = id.key
                if wanted.contains(key) && found[key] == nil { found[key] = i }
            }
        }
        return result.questions.map { (found[$0.record], found[$0.other]) }
    }

    /// The person holding the record `key` (`system:id`), for the records of the people in scope and of
    /// the questions about them.
    public func subject(holding key: String) -> AuditSubject? {
        guard let i = personByRecord[key] else { return nil }
        return kept[i] ?? AuditSubject(person: persons[i], context: context)
    }

    /// How the record `key` joined its person (records of kept people).
    public func link(_ key: String) -> RecordLink? { linkByRecord[key] }

    /// The record `key` among the person's records.
    public func identity(_ key: String) -> RecordIdentity? {
        subject(holding: key)?.person.identities.first { $0.key == key }
    }
}
