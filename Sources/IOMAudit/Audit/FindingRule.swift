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
    /// One per linked person, in the linker's order.
    public let subjects: [AuditSubject]
    public let questions: [IdentityQuestion]
    private let subjectByRecord: [String: Int]
    private let linkByRecord: [String: RecordLink]

    public init(context: AuditContext, result: LinkResult) {
        self.context = context
        subjects = result.persons.map { AuditSubject(person: $0, context: context) }
        inScope = subjects.filter(\.inScope)
        questions = result.questions
        var index: [String: Int] = [:]
        for (i, s) in subjects.enumerated() {
            for id in s.person.identities where index[id.key] == nil { index[id.key] = i }
        }
        subjectByRecord = index
        var links: [String: RecordLink] = [:]
        for l in result.links where links[l.record] == nil { links[l.record] = l }
        linkByRecord = links
    }

    /// People in scope for every rule.
    public let inScope: [AuditSubject]

    /// The person holding the record `key` (`system:id`).
    public func subject(holding key: String) -> AuditSubject? { subjectByRecord[key].map { subjects[$0] } }

    /// How the record `key` joined its person.
    public func link(_ key: String) -> RecordLink? { linkByRecord[key] }

    /// The record `key` among the person's records.
    public func identity(_ key: String) -> RecordIdentity? {
        subject(holding: key)?.person.identities.first { $0.key == key }
    }
}
