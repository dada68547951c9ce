extension FindingRules {
    /// ID-CONFLICT: a record carries a PNC ID shared with a PNC nominal of clearly another person (the linker's
    /// `.conflict` questions; it did not merge them). Listed when either side is in scope.
    public struct IDConflict: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.pnc] }

        public func findings(in run: AuditRun) -> [FindingDraft] {
            run.questions.filter { $0.kind == .conflict }.compactMap { q in
                guard let subject = run.subject(holding: q.record), let id = run.identity(q.record) else { return nil }
                let other = run.subject(holding: q.other)
                guard subject.inScope || (other?.inScope ?? false) else { return nil }
                let shared = id.pncID
                var draft = FindingDraft(subject: subject, anchor: q.record, records: [q.record, q.other], system: id.system,
                                         owner: FindingOwner.of(id.system, micase: subject.person.micase.first { $0.identity == id }),
                                         detail: "", evidence: "")
                // Their own PNC ID: from their PNC nominal, else another record; never the one in conflict.
                let own = (subject.person.pnc.map(\.identity) + subject.person.identities).compactMap(\.pncID).first { $0 != shared }
                draft.pncID = own?.canonical
                let carried = shared?.canonical ?? "a PNC ID"
                let fix = own.map { "replace it with the nominal's own PNC ID \($0.canonical)" } ?? "remove it and find the nominal's own PNC ID"
                draft.detail = "\(RecordLabel.of(id)) carries PNC ID \(carried), which belongs to \(RecordLabel.of(key: q.other)) "
                    + "of a different person (date of birth and names disagree): \(fix) on \(id.system.displayName)."
                draft.evidence = "linker: \(q.evidence)" + (q.score != 0 ? " (score \(Score.text(q.score)))" : "")
                return draft
            }
        }
    }
}
