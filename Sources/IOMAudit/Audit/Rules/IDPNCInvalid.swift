extension FindingRules {
    /// ID-PNC-INVALID: a record's PNC ID is malformed or fails its check letter. Never "fixed" here.
    public struct IDPNCInvalid: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [] }

        /// Records of `person` whose PNC ID failed its check (also counted for people out of scope).
        public static func records(in person: Person) -> [RecordIdentity] { person.identities.filter { $0.invalidPNCID != nil } }

        /// "is not in the form YY/NNNNNNNA", "fails its check letter (expected T)".
        static func problem(_ text: String) -> String {
            switch PNCIdentifier.parse(text) {
            case .failure(.wrongCheckLetter(let e)): return "fails its check letter (expected \(e))"
            case .failure(.malformed): return "is not in the form YY/NNNNNNNA"
            case .success: return "is not accepted"
            }
        }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            Self.records(in: subject.person).map { id in
                let text = id.invalidPNCID ?? ""
                let problem = Self.problem(text)
                let fix = subject.pncID.map { "correct it on \(id.system.displayName) to \($0.canonical), the nominal's PNC ID" }
                    ?? "check it against PNC and correct it on \(id.system.displayName)"
                let micase = subject.person.micase.first { $0.identity == id }
                return FindingDraft(subject: subject, anchor: id.key, system: id.system, owner: FindingOwner.of(id.system, micase: micase),
                                    detail: "\(RecordLabel.of(id)) carries PNC ID \"\(text)\", which \(problem): \(fix).",
                                    evidence: "\(id.system.displayName) PNC ID \"\(text)\": \(problem); "
                                        + "nominal's PNC ID \(subject.pncID?.canonical ?? "not known")")
            }
        }
    }
}
