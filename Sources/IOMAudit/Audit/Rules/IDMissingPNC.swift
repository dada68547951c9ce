extension FindingRules {
    /// ID-MISSING-PNC: a record linked to a person who has a PNC nominal does not carry the PNC ID.
    /// Checked on MiCase, Niche and JTrack, which are expected to carry it; Cozart tests and prison records
    /// often have no PNC ID when taken, so a blank there is normal and not listed.
    public struct IDMissingPNC: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.pnc] }

        public static let checkedSystems: Set<SourceSystem> = [.micase, .niche, .jtrack]

        /// Records without any PNC ID (an invalid one is ID-PNC-INVALID), when `person` has a PNC nominal.
        public static func records(in person: Person) -> [RecordIdentity] {
            guard !person.pnc.isEmpty else { return [] }
            return person.identities.filter { checkedSystems.contains($0.system) && $0.pncID == nil && $0.invalidPNCID == nil }
        }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            guard let nominal = subject.person.pnc.first else { return [] }
            let pnc = nominal.identity.pncID?.canonical ?? nominal.identity.recordID
            return Self.records(in: subject.person).map { id in
                let sys = id.system.displayName
                let how = run.link(id.key).map { "linked by \($0.method.rawValue.lowercased())" + ($0.evidence.isEmpty ? "" : ": \($0.evidence)")
                    + ($0.score != 0 ? " (score \(Score.text($0.score)))" : "") } ?? "linked by name and date of birth"
                return FindingDraft(subject: subject, anchor: id.key, system: id.system,
                                    owner: FindingOwner.of(id.system, micase: subject.person.micase.first { $0.identity == id }),
                                    detail: "\(RecordLabel.of(id)) has no PNC ID but is the same person as PNC nominal \(pnc): "
                                        + "add PNC ID \(pnc) on \(sys).",
                                    evidence: "\(sys) PNC ID blank; \(how)")
            }
        }
    }
}
