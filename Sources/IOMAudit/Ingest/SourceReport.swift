/// The accounting for one source in one run: what was read and what became of every row.
/// `rowsRead == loaded + quarantined` for every loaded source.
public struct SourceReport: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        case loaded
        /// No file matched the mapping's pattern.
        case missing
        /// The file could not be read through (broken XML, header that does not fit): nothing of it was kept.
        case failed
        /// Read, but held back by the extract guard (too old, or far fewer rows than the last good run).
        case rejected
    }

    public var system: SourceSystem
    public var mapping: String
    public var required: Bool
    public var file: String?
    public var bytes: Int = 0
    public var sha256: String?
    public var rowsRead: Int = 0
    public var loaded: Int = 0
    public var quarantined: Int = 0
    public var fieldIssues: Int = 0
    public var fieldIssuesByCode: [String: Int] = [:]
    public var status: Status = .loaded
    public var error: String?
    /// Other files that matched the pattern and were not read (older extracts).
    public var ignoredFiles: [String] = []
    public var seconds: Double = 0
    /// The system's repeated groups the mapping does not fill (`Mapping.unmappedGroups`); absent when none.
    public var unmappedGroups: [String]?
    /// Unit codes the reference data does not map to a division, commonest first, with the rows that carry
    /// each (`UnitCodeCheck`); absent when every code maps or none was checked.
    public var unmappedCodes: [UnmappedCode]?
    /// Distinct unmapped codes beyond those listed (the list is capped); absent when none.
    public var unmappedCodesNotListed: Int?

    public struct UnmappedCode: Codable, Sendable, Equatable {
        public var field: String
        public var code: String
        public var rows: Int
    }

    /// At most this many distinct unmapped codes are listed per source.
    static let unmappedCodesListed = 200

    /// "99XX (40 rows), 99YY (10 rows)" for the first `limit` codes.
    public func unmappedCodesText(limit: Int = 5) -> String {
        guard let list = unmappedCodes else { return "" }
        var parts = list.prefix(limit).map { "\($0.code) (\($0.rows) row\($0.rows == 1 ? "" : "s"))" }
        let more = list.count - min(limit, list.count) + (unmappedCodesNotListed ?? 0)
        if more > 0 { parts.append("and \(more) more") }
        return parts.joined(separator: ", ")
    }

    init(system: SourceSystem, mapping: String, required: Bool) {
        self.system = system
        self.mapping = mapping
        self.required = required
    }

    init(_ mapping: Mapping, required: Bool) {
        self.init(system: mapping.system, mapping: mapping.name, required: required)
        if !mapping.unmappedGroups.isEmpty { unmappedGroups = mapping.unmappedGroups }
    }
}
