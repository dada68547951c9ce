import Testing
@testable import IOMAudit

/// Names in Cyrillic or Greek get a matching key in A–Z by a published romanisation, so the same person
/// written in their own script on one system and in Latin letters on another is one name to the linker.
@Suite struct PersonNameRomanisationTests {
    @Test(arguments: [
        ("Иванов", "IVANOV"), ("Щукин", "SHCHUKIN"), ("Юлия Ковальчук", "YULIYA KOVALCHUK"), ("Григорьев", "GRIGOREV"),
        ("Ярослав", "YAROSLAV"), ("Олександр", "OLEKSANDR"), ("Хрущёв", "KHRUSHCHEV"),
        ("Παπαδόπουλος", "PAPADOPOULOS"), ("Γιώργος", "GIORGOS"), ("ΘΕΟΔΩΡΟΥ", "THEODOROU"), ("Χρήστος", "CHRISTOS"),
        ("Łukasz Wiśniewski", "LUKASZ WISNIEWSKI"), ("Nguyễn", "NGUYEN"), ("Øystein", "OYSTEIN"), ("Straße", "STRASSE"),
    ])
    func matchingKeys(_ written: String, _ key: String) {
        #expect(PersonName.normalise(written) == key)
    }

    /// Only a Greek omicron turns a following upsilon to U: Latin "OY" stays.
    @Test func latinOYIsLeftAlone() {
        #expect(PersonName.normalise("Boyce") == "BOYCE")
        #expect(PersonName.normalise("ΟΥΑΣ") == "OUAS")
    }
}
