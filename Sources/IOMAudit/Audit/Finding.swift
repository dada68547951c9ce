/// One discrepancy, attributed to one division, for the people who must fix it.
public struct Finding: Hashable, Sendable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case high = "HIGH", medium = "MEDIUM", low = "LOW"
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.high, .medium, .low]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    /// Same code and same subject give the same id in every run: `code` + digest of the anchor record.
    public let findingID: String
    public let code: String
    public let severity: Severity
    /// Division code (BD, CD, KD, LD, WD or UNKNOWN).
    public let division: String
    /// The system whose record must change.
    public let system: SourceSystem
    /// Who must change it (the lead agency for MiCase, Police for PNC and Niche, …), display form.
    public let owner: String
    /// The subject's canonical PNC ID, when known.
    public let pncID: String?
    /// The record the finding is about (`system:id`).
    public let anchor: String
    /// Every record involved, `system:id`, sorted.
    public let recordIDs: [String]
    /// The person (master id) the finding is about.
    public let masterID: String?
    /// One line a data manager understands: what is wrong and what to change.
    public let detail: String
    /// The facts behind it.
    public let evidence: String

    public init(code: String, severity: Severity, division: String, system: SourceSystem, owner: String, pncID: String?,
                anchor: String, recordIDs: [String], masterID: String?, detail: String, evidence: String) {
        self.code = code; self.severity = severity; self.division = division; self.system = system; self.owner = owner
        self.pncID = pncID; self.anchor = anchor; self.recordIDs = recordIDs.sorted(); self.masterID = masterID
        self.detail = detail; self.evidence = evidence
        self.findingID = Finding.id(code: code, anchor: anchor)
    }

    /// `CODE-` + 12 hex digits of SHA-256 over code and anchor: stable, short enough to quote on the phone.
    public static func id(code: String, anchor: String) -> String {
        var h = SHA256()
        let bytes = Array((code + "|" + anchor).utf8)
        h.update(bytes)
        return code + "-" + String(SHA256.hex(of: h.finalize()).prefix(12)).uppercased()
    }
}
