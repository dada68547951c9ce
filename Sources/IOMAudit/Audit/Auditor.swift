/// What one audit run found.
public struct AuditOutcome: Sendable {
    /// Sorted by division (known divisions by code, `UNKNOWN` last), code, anchor.
    public let findings: [Finding]
    public let dataQuality: DataQualitySummary
    public let inScopePersons: Int
    /// Codes whose rule was not evaluated because an extract it needs did not load.
    public let skippedCodes: [String]
    /// Each person's division code (the attribution findings use), in the link result's person order,
    /// for the nominals table.
    public var divisionCodes: [String] = []
}

/// Runs every catalogue rule over the linked persons. Deterministic: the same input gives the same
/// findings, in the same order, with the same ids.
public struct Auditor: Sendable {
    public let context: AuditContext
    public let rules: [RuleEntry]
    /// Cores the per-person work may use; the findings are the same for any value.
    public var threads = 1

    public init(context: AuditContext) { self.init(context: context, rules: RuleCatalogue.entries) }

    public init(context: AuditContext, rules: [RuleEntry]) {
        self.context = context
        self.rules = rules
    }

    public func audit(_ result: LinkResult) -> AuditOutcome {
        let run = AuditRun(context: context, result: result, threads: threads)
        var findings: [Finding] = []
        var seen = Set<String>()
        var skipped: [String] = []
        for entry in rules {
            guard context.evaluated(entry.rule.requiredSystems) else { skipped.append(entry.code); continue }
            for d in entry.rule.findings(in: run) {
                let f = Finding(code: entry.code, severity: entry.severity, division: d.division.code, system: d.system, owner: d.owner,
                                pncID: d.pncID, anchor: d.anchor, recordIDs: d.recordIDs, masterID: d.masterID,
                                detail: d.detail, evidence: d.evidence)
                if seen.insert(f.findingID).inserted { findings.append(f) }
            }
        }
        findings.sort { a, b in
            if a.division != b.division {
                if a.division == Division.unknown.code || b.division == Division.unknown.code { return b.division == Division.unknown.code }
                return a.division < b.division
            }
            if a.code != b.code { return a.code < b.code }
            if a.anchor != b.anchor { return a.anchor < b.anchor }
            return a.findingID < b.findingID
        }
        var outcome = AuditOutcome(findings: findings, dataQuality: run.outOfScope, inScopePersons: run.inScope.count,
                                   skippedCodes: skipped)
        outcome.divisionCodes = run.divisionCodes
        return outcome
    }
}
