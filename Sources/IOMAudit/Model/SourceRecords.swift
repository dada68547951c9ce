/// Typed views of canonical records, one per source system. They read the schema-ordered values of a
/// `CanonicalRecord` once, so rules and linking work with names from the domain, not field strings.

/// Identity fields every system carries in some form.
///
/// Every record of a run carries one (millions at a force's size), so the fields are laid out widest
/// first, with no padding between them, and the identifier texts that failed their check, which
/// nearly no record has, are held apart: 88 bytes a record instead of 120.
public struct RecordIdentity: Hashable, Sendable {
    public let recordID: String
    public let name: PersonName
    public let cro: CRONumber?
    private let irregular: IrregularIdentifiers?
    public let pncID: PNCIdentifier?
    public let dateOfBirth: CalendarDate?
    public let sex: Sex?
    public let system: SourceSystem

    /// The PNC ID text as found when it failed its check; never "fixed".
    public var invalidPNCID: String? { irregular?.pnc }
    public var invalidCRO: String? { irregular?.cro }

    /// `system:id`, the form findings and explanations use.
    public var key: String { "\(system.rawValue):\(recordID)" }

    init(_ r: CanonicalRecord) {
        system = r.system
        recordID = r.recordID
        let at = RecordIdentity.positions[r.system]!
        func v(_ i: Int?) -> FieldValue? { i.flatMap { r.values[$0] } }
        if case .pncID(let p)? = v(at.pncId) { pncID = p } else { pncID = nil }
        if case .cro(let c)? = v(at.croNumber) { cro = c } else { cro = nil }
        let invalidPNCID = r.issues.isEmpty ? nil : r.issues.first { $0.code == "ID-PNC-INVALID" && $0.field == "pncId" }?.value
        let invalidCRO = r.issues.isEmpty ? nil : r.issues.first { $0.code == "ID-CRO-INVALID" && $0.field == "croNumber" }?.value
        irregular = invalidPNCID == nil && invalidCRO == nil ? nil : IrregularIdentifiers(pnc: invalidPNCID, cro: invalidCRO)
        name = PersonName(writtenForenames: v(at.forenames)?.text ?? "", surname: v(at.surname)?.text ?? "")
        dateOfBirth = v(at.dateOfBirth)?.date
        sex = v(at.sex)?.text.flatMap(Sex.init(rawValue:))
    }

    /// Where each system's schema keeps the identity fields, found once: every record of a night's
    /// millions would otherwise search its schema by name for each.
    struct Positions {
        let pncId, croNumber, surname, forenames, dateOfBirth, sex: Int?
    }

    static let positions: [SourceSystem: Positions] = Dictionary(uniqueKeysWithValues: SourceSystem.allCases.map { system in
        let s = CanonicalSchema.of(system)
        return (system, Positions(pncId: s.fieldIndex("pncId"), croNumber: s.fieldIndex("croNumber"), surname: s.fieldIndex("surname"),
                                  forenames: s.fieldIndex("forenames"), dateOfBirth: s.fieldIndex("dateOfBirth"), sex: s.fieldIndex("sex")))
    })
}

/// A record's identifier texts that failed their checks, as found.
final class IrregularIdentifiers: Hashable, Sendable {
    let pnc: String?
    let cro: String?

    init(pnc: String?, cro: String?) { self.pnc = pnc; self.cro = cro }

    static func == (a: IrregularIdentifiers, b: IrregularIdentifiers) -> Bool { a.pnc == b.pnc && a.cro == b.cro }
    func hash(into h: inout Hasher) { h.combine(pnc); h.combine(cro) }
}

public struct InformationMarker: Hashable, Sendable {
    public let text: String
    public let date: CalendarDate?
}

public struct PNCNominal: Sendable {
    public let identity: RecordIdentity
    public let aliases: [PersonName]
    public let aliasDatesOfBirth: [CalendarDate]
    public let ownerUnit: String?
    public let markers: [InformationMarker]

    public init(_ r: CanonicalRecord) {
        precondition(r.system == .pnc)
        identity = RecordIdentity(r)
        ownerUnit = r["ownerUnit"]?.text
        let aliasRows = r.group(0), markerRows = r.group(1)
        aliases = aliasRows.map { PersonName(writtenForenames: $0[1]?.text ?? "", surname: $0[0]?.text ?? "") }.filter { !$0.isEmpty }
        aliasDatesOfBirth = aliasRows.compactMap { $0[2]?.date }
        markers = markerRows.compactMap { row in row[0]?.text.map { InformationMarker(text: $0, date: row[1]?.date) } }
    }
}

public struct NicheNominal: Sendable {
    public let identity: RecordIdentity
    public let owningUnit: String?
    public let cohortFlags: [CohortType]

    public init(_ r: CanonicalRecord) {
        precondition(r.system == .niche)
        identity = RecordIdentity(r)
        owningUnit = r["owningUnit"]?.text
        if case .list(let l)? = r["cohortFlags"] { cohortFlags = l.compactMap { $0.text.flatMap(CohortType.init(rawValue:)) } } else { cohortFlags = [] }
    }
}

public struct MiCaseCase: Sendable {
    public let identity: RecordIdentity
    public let nicheID: String?
    public let cohort: CohortType?
    public let statutory: Bool?
    public let ageGroup: AgeGroup?
    public let strand: Strand?
    public let leadAgency: LeadAgency?
    public let hub: String?
    public let selectedOn: CalendarDate?
    public let deselectedOn: CalendarDate?
    public let deselectionReason: String?
    public let riskTier: String?

    public init(_ r: CanonicalRecord) {
        precondition(r.system == .micase)
        identity = RecordIdentity(r)
        nicheID = r["nicheId"]?.text
        cohort = r["cohort"]?.text.flatMap(CohortType.init(rawValue:))
        statutory = r["statutory"]?.bool
        ageGroup = r["ageGroup"]?.text.flatMap(AgeGroup.init(rawValue:))
        strand = r["strand"]?.text.flatMap(Strand.init(rawValue:))
        leadAgency = r["leadAgency"]?.text.flatMap(LeadAgency.init(rawValue:))
        hub = r["hub"]?.text
        selectedOn = r["selectedOn"]?.date
        deselectedOn = r["deselectedOn"]?.date
        deselectionReason = r["deselectionReason"]?.text
        riskTier = r["riskTier"]?.text
    }

    /// Selected on or before `date` and not deselected by then.
    public func isActive(on date: CalendarDate) -> Bool {
        guard let s = selectedOn, s <= date else { return false }
        if let d = deselectedOn, d <= date { return false }
        return true
    }
}

public struct JTrackRecord: Sendable {
    public let identity: RecordIdentity
    public let cohort: CohortType?
    public let status: TrackingStatus?
    public let trackedFrom: CalendarDate?
    public let trackedTo: CalendarDate?
    public let area: String?

    public init(_ r: CanonicalRecord) {
        precondition(r.system == .jtrack)
        identity = RecordIdentity(r)
        cohort = r["cohort"]?.text.flatMap(CohortType.init(rawValue:))
        status = r["status"]?.text.flatMap(TrackingStatus.init(rawValue:))
        trackedFrom = r["trackedFrom"]?.date
        trackedTo = r["trackedTo"]?.date
        area = r["area"]?.text
    }

    /// Tracked as active on `date`: status active and not past an end date.
    public func isActive(on date: CalendarDate) -> Bool {
        guard status == .active else { return false }
        if let t = trackedTo, t < date { return false }
        return true
    }
}

public struct DrugTest: Sendable {
    public let identity: RecordIdentity
    public let testSite: String?
    public let officer: String?
    public let testedAt: LocalDateTime?
    public let offenceCode: String?
    public let trigger: Bool?
    public let inspectorsAuthority: Bool?
    public let opiates: DrugResult?
    public let cocaine: DrugResult?
    public let disputed: Bool?
    public let overturnedReason: OverturnReason?
    public let failedChainOfCustody: Bool?

    public init(_ r: CanonicalRecord) {
        precondition(r.system == .cozart)
        identity = RecordIdentity(r)
        testSite = r["testSite"]?.text
        officer = r["officer"]?.text
        if case .dateTime(let t)? = r["testedAt"] { testedAt = t } else { testedAt = nil }
        offenceCode = r["offenceCode"]?.text
        trigger = r["trigger"]?.bool
        inspectorsAuthority = r["inspectorsAuthority"]?.bool
        opiates = r["opiates"]?.text.flatMap(DrugResult.init(rawValue:))
        cocaine = r["cocaine"]?.text.flatMap(DrugResult.init(rawValue:))
        disputed = r["disputed"]?.bool
        overturnedReason = r["overturnedReason"]?.text.flatMap(OverturnReason.init(rawValue:))
        failedChainOfCustody = r["failedChainOfCustody"]?.bool
    }
}

public struct PrisonMovement: Sendable {
    public let identity: RecordIdentity
    public let prisonNumber: PrisonNumber?
    public let establishment: String?
    public let receivedOn: CalendarDate?
    public let releasedOn: CalendarDate?
    public let releaseType: ReleaseType?
    public let releaseArea: String?

    public init(_ r: CanonicalRecord) {
        precondition(r.system == .prison)
        identity = RecordIdentity(r)
        if case .prisonNumber(let p)? = r["prisonNumber"] { prisonNumber = p } else { prisonNumber = nil }
        establishment = r["establishment"]?.text
        receivedOn = r["receivedOn"]?.date
        releasedOn = r["releasedOn"]?.date
        releaseType = r["releaseType"]?.text.flatMap(ReleaseType.init(rawValue:))
        releaseArea = r["releaseArea"]?.text
    }

    /// In custody on `date`: received by then and not yet released.
    public func inCustody(on date: CalendarDate) -> Bool {
        guard let r = receivedOn, r <= date else { return false }
        if let rel = releasedOn, rel <= date { return false }
        return true
    }
}
