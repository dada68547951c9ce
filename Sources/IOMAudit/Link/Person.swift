/// One person ("master nominal"): every record, in every system, that the index treats as them.
public struct Person: Sendable {
    /// Stable from run to run while the person's records stay the same: `P:` + PNC ID when a PNC
    /// nominal is among them, else `M:` + a digest of their smallest record key.
    public let masterID: String
    // Slices of the run's record arrays, which the index puts in person order: millions of persons share
    // six buffers instead of each owning arrays of copied records.
    public var pnc: ArraySlice<PNCNominal> = []
    public var niche: ArraySlice<NicheNominal> = []
    public var micase: ArraySlice<MiCaseCase> = []
    public var jtrack: ArraySlice<JTrackRecord> = []
    public var tests: ArraySlice<DrugTest> = []
    public var prison: ArraySlice<PrisonMovement> = []

    public init(masterID: String) { self.masterID = masterID }

    public var identities: [RecordIdentity] {
        pnc.map(\.identity) + niche.map(\.identity) + micase.map(\.identity) + jtrack.map(\.identity)
            + tests.map(\.identity) + prison.map(\.identity)
    }

    /// Every identity in the order of `identities`, without building that array (millions of persons).
    public func forEachIdentity(_ body: (RecordIdentity) throws -> Void) rethrows {
        for r in pnc { try body(r.identity) }
        for r in niche { try body(r.identity) }
        for r in micase { try body(r.identity) }
        for r in jtrack { try body(r.identity) }
        for r in tests { try body(r.identity) }
        for r in prison { try body(r.identity) }
    }

    /// The first identity, in the order of `identities`, that `wanted` accepts.
    public func firstIdentity(where wanted: (RecordIdentity) -> Bool) -> RecordIdentity? {
        var found: RecordIdentity?
        forEachIdentity { id in if found == nil, wanted(id) { found = id } }
        return found
    }

    public var recordCount: Int { pnc.count + niche.count + micase.count + jtrack.count + tests.count + prison.count }

    /// Systems holding at least one record of this person.
    public var systems: [SourceSystem] {
        var s: [SourceSystem] = []
        if !pnc.isEmpty { s.append(.pnc) }
        if !niche.isEmpty { s.append(.niche) }
        if !micase.isEmpty { s.append(.micase) }
        if !jtrack.isEmpty { s.append(.jtrack) }
        if !tests.isEmpty { s.append(.cozart) }
        if !prison.isEmpty { s.append(.prison) }
        return s
    }

    /// The person's valid PNC ID: from their PNC nominal, else the one their other records agree on.
    public var pncID: PNCIdentifier? {
        if let p = pnc.first?.identity.pncID { return p }
        return identities.compactMap(\.pncID).first
    }
}
