/// Every loaded record of one run, as typed views, ready for linking.
public struct SourceRecordSet: Sendable {
    public var pnc: [PNCNominal] = []
    public var niche: [NicheNominal] = []
    public var micase: [MiCaseCase] = []
    public var jtrack: [JTrackRecord] = []
    public var tests: [DrugTest] = []
    public var prison: [PrisonMovement] = []

    public init() {}

    /// Adds one canonical record under its system.
    public mutating func add(_ r: CanonicalRecord) {
        switch r.system {
        case .pnc: pnc.append(PNCNominal(r))
        case .niche: niche.append(NicheNominal(r))
        case .micase: micase.append(MiCaseCase(r))
        case .jtrack: jtrack.append(JTrackRecord(r))
        case .cozart: tests.append(DrugTest(r))
        case .prison: prison.append(PrisonMovement(r))
        }
    }

    /// Adds `other`'s records after this set's, system by system.
    public mutating func append(_ other: SourceRecordSet) {
        pnc += other.pnc
        niche += other.niche
        micase += other.micase
        jtrack += other.jtrack
        tests += other.tests
        prison += other.prison
    }

    public var count: Int { pnc.count + niche.count + micase.count + jtrack.count + tests.count + prison.count }

    /// Identities of every record, in system order.
    public var identities: [RecordIdentity] {
        pnc.map(\.identity) + niche.map(\.identity) + micase.map(\.identity) + jtrack.map(\.identity)
            + tests.map(\.identity) + prison.map(\.identity)
    }
}
