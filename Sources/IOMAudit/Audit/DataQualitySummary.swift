/// Conditions seen on people outside the audit's scope: counted, never listed as findings.
public struct DataQualitySummary: Hashable, Sendable {
    public enum Condition: String, CaseIterable, Sendable, Comparable {
        /// A person with no PNC nominal (normal for many Niche-only nominals; counted per person).
        case noPNCNominal = "no-pnc-nominal"
        /// A MiCase, Niche or JTrack record without the PNC ID of a person who has a PNC nominal.
        case missingPNCID = "missing-pnc-id"
        case invalidPNCID = "invalid-pnc-id"
        case invalidCRO = "invalid-cro"
        /// An extra Niche or PNC nominal for the same person.
        case duplicateRecord = "duplicate-record"
        /// Linker questions with neither side in scope.
        case identityConflict = "identity-conflict"
        case identityReview = "identity-review"

        public var description: String {
            switch self {
            case .noPNCNominal: return "no PNC nominal"
            case .missingPNCID: return "record without its PNC ID"
            case .invalidPNCID: return "record with an invalid PNC ID"
            case .invalidCRO: return "record with an invalid CRO number"
            case .duplicateRecord: return "second nominal (duplicate)"
            case .identityConflict: return "shared PNC ID, different person (not listed)"
            case .identityReview: return "probable link to confirm (not listed)"
            }
        }

        public static func < (a: Condition, b: Condition) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public struct Item: Hashable, Sendable, Comparable {
        public let condition: Condition
        /// The system holding the record; nil for per-person conditions.
        public let system: SourceSystem?

        public static func < (a: Item, b: Item) -> Bool {
            if a.condition != b.condition { return a.condition < b.condition }
            switch (a.system, b.system) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case let (x?, y?): return x < y
            }
        }
    }

    /// People the audit lists nothing for (drug-test subjects counted here unless otherwise in scope).
    public var outOfScopePersons = 0
    public private(set) var counts: [Item: Int] = [:]

    public init() {}

    public mutating func add(_ condition: Condition, system: SourceSystem? = nil, count: Int = 1) {
        guard count > 0 else { return }
        counts[Item(condition: condition, system: system), default: 0] += count
    }

    /// The count for a condition; with `system` nil, over every system.
    public func count(_ condition: Condition, system: SourceSystem? = nil) -> Int {
        if let system { return counts[Item(condition: condition, system: system)] ?? 0 }
        return counts.filter { $0.key.condition == condition }.reduce(0) { $0 + $1.value }
    }

    /// Every non-zero count, in condition then system order.
    public var rows: [(item: Item, count: Int)] { counts.keys.sorted().map { ($0, counts[$0]!) } }
}

extension DataQualitySummary {
    /// Adds another summary's counts (one chunk of persons).
    mutating func merge(_ other: DataQualitySummary) {
        outOfScopePersons += other.outOfScopePersons
        for (item, n) in other.counts { counts[item, default: 0] += n }
    }

    /// Counts the identity conditions of one person outside the audit's scope.
    /// What the identity rules would list for `p`, counted in one pass over its records: the rules' own
    /// lists (`IDMissingPNC.records` and the like) cost an array of identities each, for each of the
    /// millions of people out of scope at a force's size. `DataQualitySummaryTests` holds the two equal.
    mutating func count(outOfScope p: Person) {
        outOfScopePersons += 1
        let hasPNC = !p.pnc.isEmpty
        if !hasPNC { add(.noPNCNominal) }
        p.forEachIdentity { id in
            if hasPNC, id.pncID == nil, id.invalidPNCID == nil, FindingRules.IDMissingPNC.checkedSystems.contains(id.system) {
                add(.missingPNCID, system: id.system)
            }
            if id.invalidPNCID != nil { add(.invalidPNCID, system: id.system) }
            if id.invalidCRO != nil { add(.invalidCRO, system: id.system) }
        }
        // IDDuplicate: every record of a system after its first, for Niche and PNC.
        add(.duplicateRecord, system: .niche, count: p.niche.count - 1)
        add(.duplicateRecord, system: .pnc, count: p.pnc.count - 1)
    }
}
