/// One person ("master nominal"): every record, in every system, that the index treats as them.
public struct Person: Sendable {
    /// Stable from run to run while the person's records stay the same: `P:` + PNC ID when a PNC
    /// nominal is among them, else `M:` + a digest of their smallest record key.
    public let masterID: String
    // Where the person's records are: an index into records shared by every person of the run
    // (`PersonRecords`), or records of their own when put together or changed by hand.
    private var records: PersonRecords
    private var index: Int32

    public init(masterID: String) { self.masterID = masterID; records = .none; index = 0 }

    init(masterID: String, records: PersonRecords, index: Int32) {
        self.masterID = masterID; self.records = records; self.index = index
    }

    public var pnc: ArraySlice<PNCNominal> {
        get { records.pnc[records.range(0, index)] }
        set { own { $0.pnc = Array(newValue) } }
    }
    public var niche: ArraySlice<NicheNominal> {
        get { records.niche[records.range(1, index)] }
        set { own { $0.niche = Array(newValue) } }
    }
    public var micase: ArraySlice<MiCaseCase> {
        get { records.micase[records.range(2, index)] }
        set { own { $0.micase = Array(newValue) } }
    }
    public var jtrack: ArraySlice<JTrackRecord> {
        get { records.jtrack[records.range(3, index)] }
        set { own { $0.jtrack = Array(newValue) } }
    }
    public var tests: ArraySlice<DrugTest> {
        get { records.tests[records.range(4, index)] }
        set { own { $0.tests = Array(newValue) } }
    }
    public var prison: ArraySlice<PrisonMovement> {
        get { records.prison[records.range(5, index)] }
        set { own { $0.prison = Array(newValue) } }
    }

    /// The person with each system's records in `less` order: one copy of their records when any are
    /// out of order, none when all are in order already (most people: one record a system).
    public func sortingRecords(by less: (RecordIdentity, RecordIdentity) -> Bool) -> Person {
        func inOrder<T>(_ r: ArraySlice<T>, _ id: (T) -> RecordIdentity) -> Bool {
            var previous: RecordIdentity?
            for x in r {
                let i = id(x)
                if let p = previous, less(i, p) { return false }
                previous = i
            }
            return true
        }
        if inOrder(pnc, \.identity) && inOrder(niche, \.identity) && inOrder(micase, \.identity)
            && inOrder(jtrack, \.identity) && inOrder(tests, \.identity) && inOrder(prison, \.identity) { return self }
        var p = self
        p.own {
            $0.pnc.sort { less($0.identity, $1.identity) }
            $0.niche.sort { less($0.identity, $1.identity) }
            $0.micase.sort { less($0.identity, $1.identity) }
            $0.jtrack.sort { less($0.identity, $1.identity) }
            $0.tests.sort { less($0.identity, $1.identity) }
            $0.prison.sort { less($0.identity, $1.identity) }
        }
        return p
    }

    /// A change made by hand: the person takes copies of their records and changes those.
    private mutating func own(_ change: (inout (pnc: [PNCNominal], niche: [NicheNominal], micase: [MiCaseCase],
                                                jtrack: [JTrackRecord], tests: [DrugTest], prison: [PrisonMovement])) -> Void) {
        var r = (pnc: Array(pnc), niche: Array(niche), micase: Array(micase), jtrack: Array(jtrack), tests: Array(tests),
                 prison: Array(prison))
        change(&r)
        records = PersonRecords(r.pnc, r.niche, r.micase, r.jtrack, r.tests, r.prison)
        index = 0
    }

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
        return firstIdentity { $0.pncID != nil }?.pncID
    }
}
