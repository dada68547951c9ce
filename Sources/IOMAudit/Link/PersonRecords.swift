/// The records of many persons, in person order, shared by them: a person is an index here, not six
/// slices of their own. At a force's size that is seven million persons, whose slices alone took
/// about 1.4 GB (six 32-byte slices each) and cost six reference-count updates per person made.
final class PersonRecords: Sendable {
    let pnc: [PNCNominal]
    let niche: [NicheNominal]
    let micase: [MiCaseCase]
    let jtrack: [JTrackRecord]
    let tests: [DrugTest]
    let prison: [PrisonMovement]
    /// Where each person's records start, six to a person (one per system, `LinkRecordTable.rank`
    /// order), and six more for the end of the last: one flat array, so reading a person's range
    /// touches no nested array (the audit reads them for every person).
    let starts: [Int32]

    init(pnc: [PNCNominal], niche: [NicheNominal], micase: [MiCaseCase], jtrack: [JTrackRecord],
         tests: [DrugTest], prison: [PrisonMovement], starts: [Int32]) {
        self.pnc = pnc; self.niche = niche; self.micase = micase; self.jtrack = jtrack
        self.tests = tests; self.prison = prison; self.starts = starts
    }

    /// One person's own records (a person put together by hand, or changed after linking).
    convenience init(_ pnc: [PNCNominal], _ niche: [NicheNominal], _ micase: [MiCaseCase], _ jtrack: [JTrackRecord],
                     _ tests: [DrugTest], _ prison: [PrisonMovement]) {
        let counts = [pnc.count, niche.count, micase.count, jtrack.count, tests.count, prison.count]
        self.init(pnc: pnc, niche: niche, micase: micase, jtrack: jtrack, tests: tests, prison: prison,
                  starts: [0, 0, 0, 0, 0, 0] + counts.map { Int32($0) })
    }

    static let none = PersonRecords([], [], [], [], [], [])

    @inline(__always) func range(_ system: Int, _ person: Int32) -> Range<Int> {
        let k = Int(person) * 6 + system
        return Int(starts[k])..<Int(starts[k + 6])
    }
}
