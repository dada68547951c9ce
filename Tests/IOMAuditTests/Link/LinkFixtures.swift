@testable import IOMAudit

/// Builds typed source records in memory for linking tests.
enum LinkFixture {
    struct Alias { var surname: String; var forenames: String; var dob: String? = nil }

    static func record(_ system: SourceSystem, id: String, pnc: String? = nil, cro: String? = nil,
                       surname: String, forenames: String, dob: String?, sex: Sex? = nil,
                       fields: [String: FieldValue] = [:], aliases: [Alias] = []) -> CanonicalRecord {
        let schema = CanonicalSchema.of(system)
        var values = [FieldValue?](repeating: nil, count: schema.fields.count)
        func set(_ f: String, _ v: FieldValue?) { if let i = schema.fieldIndex(f) { values[i] = v } }
        set("surname", .text(PersonName.normalise(surname)))
        set("forenames", .text(PersonName.normalise(forenames)))
        set("dateOfBirth", dob.flatMap { CalendarDate(iso: $0) }.map { .date($0) })
        set("sex", sex.map { .text($0.rawValue) })
        set("pncId", pnc.flatMap { PNCIdentifier($0) }.map { .pncID($0) })
        set("croNumber", cro.flatMap { CRONumber($0) }.map { .cro($0) })
        for (k, v) in fields { set(k, v) }
        var recordID = id
        switch system {
        case .pnc: recordID = PNCIdentifier(id)?.canonical ?? id; set("pncId", PNCIdentifier(id).map { .pncID($0) })
        case .niche: set("nominalId", .text(id))
        case .micase: set("caseId", .text(id))
        case .jtrack: set("trackingId", .text(id))
        case .cozart: set("testId", .text(id))
        case .prison:
            set("prisonNumber", PrisonNumber(id).map { .prisonNumber($0) })
            if let received = fields["receivedOn"] { recordID = id + "@" + received.description }
        }
        var groups: [[[FieldValue?]]] = schema.groups.map { _ in [] }
        if system == .pnc {
            groups[0] = aliases.map { a in
                [.text(PersonName.normalise(a.surname)), .text(PersonName.normalise(a.forenames)),
                 a.dob.flatMap { CalendarDate(iso: $0) }.map { .date($0) }]
            }
        }
        return CanonicalRecord(system: system, values: values, groups: groups, issues: [],
                               origin: RecordOrigin(file: "test", line: 0), recordID: recordID)
    }

    static func set(_ records: [CanonicalRecord]) -> SourceRecordSet {
        var s = SourceRecordSet()
        for r in records { s.add(r) }
        return s
    }

    static func link(_ records: [CanonicalRecord]) -> LinkResult {
        MasterNominalIndex.build(set(records), acceptScore: 0.95, reviewScore: 0.5)
    }
}

extension LinkResult {
    /// Master id of the person holding `key`.
    func person(of key: String) -> String? {
        links.first { $0.record == key }?.masterID
    }

    func link(of key: String) -> RecordLink? { links.first { $0.record == key } }

    func together(_ a: String, _ b: String) -> Bool {
        guard let x = person(of: a), let y = person(of: b) else { return false }
        return x == y
    }
}
