extension FindingRules {
    /// ID-REVIEW: a probable link the linker would not accept on its own (the linker's `.review` questions).
    /// Listed when either side is in scope, or the record in question is a drug test (its subject is in
    /// scope for TEST-UNLINKED, which leaves it to this question); attributed to the unconfirmed record's
    /// person when they are in scope, else to the person it probably belongs to.
    public struct IDReview: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [] }

        public func findings(in run: AuditRun) -> [FindingDraft] {
            run.questions.filter { $0.kind == .review }.compactMap { q in
                guard let own = run.subject(holding: q.record), let id = run.identity(q.record) else { return nil }
                let other = run.subject(holding: q.other)
                let test = run.questionsAboutTests.contains(q.record + "\u{0}" + q.other)
                guard own.inScope || (other?.inScope ?? false) || test else { return nil }
                let subject = own.inScope || other == nil ? own : other!
                let pnc = own.pncID ?? other?.pncID
                var then = ""
                if id.pncID == nil, id.system != .pnc, let pnc { then = " (if confirmed, add PNC ID \(pnc.canonical) on \(id.system.displayName))" }
                var draft = FindingDraft(subject: subject, anchor: q.record, system: id.system,
                                         owner: FindingOwner.of(id.system, micase: own.person.micase.first { $0.identity == id }),
                                         detail: "\(RecordLabel.of(id)) probably belongs to the same person as \(RecordLabel.of(key: q.other)), "
                                             + "but not surely enough to link automatically: a data manager must confirm or reject the link\(then).",
                                         evidence: "linker: \(q.evidence) (score \(Score.text(q.score)))")
                draft.pncID = pnc?.canonical
                return draft
            }
        }
    }
}
