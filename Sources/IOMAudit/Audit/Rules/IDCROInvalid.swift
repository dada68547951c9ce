extension FindingRules {
    /// ID-CRO-INVALID: a CRO number is malformed or fails its check letter.
    public struct IDCROInvalid: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [] }

        /// Records of `person` whose CRO number failed its check (also counted for people out of scope).
        public static func records(in person: Person) -> [RecordIdentity] { person.identities.filter { $0.invalidCRO != nil } }

        /// "is not in the form NNNNNN/YYA", "fails its check letter (expected Y)".
        static func problem(_ text: String) -> String {
            switch CRONumber.parse(text) {
            case .failure(.wrongCheckLetter(let e)): return "fails its check letter (expected \(e))"
            case .failure(.malformed): return "is not in the form NNNNNN/YYA or SFYY/NNNNNA"
            case .failure(.placeholder): return "is a placeholder"
            case .success: return "is not accepted"
            }
        }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            Self.records(in: subject.person).map { id in
                let text = id.invalidCRO ?? ""
                let problem = Self.problem(text)
                let others = Array(Set(subject.person.identities.compactMap(\.cro).map(\.canonical))).sorted()
                let sys = id.system.displayName
                let fix = others.count == 1 ? "correct it on \(sys) (the nominal's other records give \(others[0]))"
                    : "check it against the CRO record and correct it on \(sys)"
                let micase = subject.person.micase.first { $0.identity == id }
                return FindingDraft(subject: subject, anchor: id.key, system: id.system, owner: FindingOwner.of(id.system, micase: micase),
                                    detail: "\(RecordLabel.of(id)) carries CRO number \"\(text)\", which \(problem): \(fix).",
                                    evidence: "\(sys) CRO number \"\(text)\": \(problem); valid CRO numbers on other records: \(CaseText.list(others))")
            }
        }
    }
}
