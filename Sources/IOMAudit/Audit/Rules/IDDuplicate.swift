extension FindingRules {
    /// ID-DUPLICATE: one system holds two or more nominals for the same person. Checked on the nominal
    /// systems, Niche and PNC; several MiCase cases (re-selection) or JTrack records (earlier stints) are normal.
    /// Anchored on each extra nominal (every one after the first in `RecordOrder`), with the first.
    public struct IDDuplicate: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [] }

        public struct Pair: Sendable {
            public let kept: RecordIdentity
            public let extra: RecordIdentity
        }

        /// Duplicate pairs of `person` (records expected in `RecordOrder`; also counted for people out of scope).
        public static func pairs(in person: Person) -> [Pair] {
            func pairs(_ ids: [RecordIdentity]) -> [Pair] {
                let sorted = ids.sorted(by: RecordOrder.less)
                guard let first = sorted.first else { return [] }
                return sorted.dropFirst().map { Pair(kept: first, extra: $0) }
            }
            return pairs(person.niche.map(\.identity)) + pairs(person.pnc.map(\.identity))
        }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            Self.pairs(in: subject.person).map { p in
                let sys = p.extra.system.displayName
                let how = run.link(p.extra.key).map { " (linked by \($0.method.rawValue.lowercased())" + ($0.evidence.isEmpty ? ")" : ": \($0.evidence))") } ?? ""
                return FindingDraft(subject: subject, anchor: p.extra.key, records: [p.kept.key, p.extra.key], system: p.extra.system,
                                    owner: FindingOwner.of(p.extra.system),
                                    detail: "\(sys) holds two nominals for one person, \(p.kept.recordID) and \(p.extra.recordID): "
                                        + "merge \(p.extra.recordID) into \(p.kept.recordID) on \(sys).",
                                    evidence: "\(RecordLabel.of(p.extra)) matches \(RecordLabel.of(p.kept))\(how)")
            }
        }
    }
}
