/// One row of `unit_divisions.csv`: a system's own unit code and the division it belongs to.
public struct UnitDivisionEntry: Hashable, Sendable {
    public let system: SourceSystem
    /// The code as written in the seed.
    public let unitCode: String
    public let division: Division
    public let unitName: String
    /// How the mapping was derived, e.g. "district", "historical refer to 13LD", "place name LEEDS".
    public let basis: String

    public init(system: SourceSystem, unitCode: String, division: Division, unitName: String, basis: String) {
        self.system = system
        self.unitCode = unitCode
        self.division = division
        self.unitName = unitName
        self.basis = basis
    }
}

/// Maps each system's unit codes (PNC unit, Niche unit, MiCase hub, custody suite, prison release area,
/// JTrack area) to a division. Codes match trimmed and case-insensitively; for PNC and Cozart codes
/// (`13XX`) all spaces are ignored, for the others runs of spaces count as one. No other guessing:
/// PNC codes must carry the force prefix.
public struct UnitDivisionMap: Sendable {
    public let entries: [UnitDivisionEntry]
    private let index: [Key: Int]

    private struct Key: Hashable, Sendable {
        let system: SourceSystem
        let code: String
    }

    /// Later duplicates are ignored; `ReferenceData.load` rejects them before they get here.
    public init(entries: [UnitDivisionEntry]) {
        self.entries = entries
        var index: [Key: Int] = [:]
        for (i, e) in entries.enumerated() {
            let key = Key(system: e.system, code: Self.normalise(e.unitCode, system: e.system))
            if index[key] == nil { index[key] = i }
        }
        self.index = index
    }

    public func entry(system: SourceSystem, unitCode: String) -> UnitDivisionEntry? {
        entryIndex(system: system, unitCode: unitCode).map { entries[$0] }
    }

    /// The position in `entries` of the code's row: for callers that keep a value per entry.
    public func entryIndex(system: SourceSystem, unitCode: String) -> Int? {
        index[Key(system: system, code: Self.normalise(unitCode, system: system))]
    }

    public func division(system: SourceSystem, unitCode: String) -> Division? {
        entry(system: system, unitCode: unitCode)?.division
    }

    /// The division, or `Division.unknown` when the code is missing or not mapped.
    public func divisionOrUnknown(system: SourceSystem, unitCode: String?) -> Division {
        guard let unitCode else { return .unknown }
        return division(system: system, unitCode: unitCode) ?? .unknown
    }

    /// Normal form used for matching.
    public static func normalise(_ code: String, system: SourceSystem) -> String {
        // Nearly every code arrives upper-case ASCII without stray spaces: already in normal form, and
        // looked up for every record of every person in the audit.
        var previous: UInt8 = 32, normal = true
        for c in code.utf8 {
            if c <= 32 ? (c != 32 || previous == 32 || system == .pnc || system == .cozart) : (c >= 127 || (c >= 97 && c <= 122)) {
                normal = false
                break
            }
            previous = c
        }
        if normal && previous != 32 { return code }
        let upper = code.uppercased()
        switch system {
        case .pnc, .cozart:
            return String(upper.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
        default:
            return upper.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
    }
}
