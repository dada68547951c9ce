/// Whether a record's unit code (PNC owner unit, Niche owning unit, MiCase hub, JTrack area, custody
/// suite, prison release area) is one the force's reference data maps to a division. Another force's
/// codes used to match nothing and vanish: its findings went to no division and the run said nothing.
/// An unmapped code is kept as written (it is what the extract says) and recorded as a `CODE-UNMAPPED`
/// field issue, which the run log, the manifest, `check` and the audit count per distinct value.
public struct UnitCodeCheck: Sendable {
    public static let issueCode = "CODE-UNMAPPED"

    public let system: SourceSystem
    /// The schema slot of the system's unit-code field.
    let slot: Int
    let field: String
    /// Every code of this system in the reference data, in `UnitDivisionMap.normalise` form.
    let known: Set<String>

    /// Nil when the system has no unit-code field.
    public init?(system: SourceSystem, units: UnitDivisionMap) {
        let schema = CanonicalSchema.of(system)
        guard let field = schema.unitCodeField, let slot = schema.fieldIndex(field) else { return nil }
        self.system = system
        self.slot = slot
        self.field = field
        known = Set(units.entries.filter { $0.system == system }.map { UnitDivisionMap.normalise($0.unitCode, system: system) })
    }

    /// The issue for a record whose code maps to no division; nil when it maps or is blank.
    func issue(_ values: [FieldValue?]) -> FieldIssue? {
        guard case .text(let code)? = values[slot], !code.isEmpty else { return nil }
        // Canonical codes are already upper case with spaces collapsed: the set is tried first as is.
        if known.contains(code) || known.contains(UnitDivisionMap.normalise(code, system: system)) { return nil }
        return FieldIssue(code: Self.issueCode, field: field, value: code,
                          message: "unit code \"\(code)\" is not in the reference data's \(ReferenceData.unitDivisionsFile) for \(system.rawValue): it gives no division")
    }
}
