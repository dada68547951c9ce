import Testing
@testable import IOMAudit

@Suite struct PersonNameTests {
    @Test(arguments: [
        ("smith", "SMITH"), ("Smith-Jones", "SMITH JONES"), ("O'Brien", "OBRIEN"), ("O’Neill", "ONEILL"),
        ("Mc Donald", "MCDONALD"), ("McDonald", "MCDONALD"), ("  Anne   Marie ", "ANNE MARIE"),
        ("Zoë", "ZOE"), ("NOT ENTERED", ""), ("unknown", ""), ("St. John", "ST JOHN"),
    ])
    func normalises(_ raw: String, _ expected: String) {
        #expect(PersonName.normalise(raw) == expected)
    }

    /// Kept as written (outer spaces trimmed, composed to NFC); the matching keys are apart.
    @Test func keptAsWrittenWithMatchingKeysApart() {
        let n = PersonName(forenames: " Łukasz  Paul ", surname: "Wis\u{301}niewski")
        #expect(n.display == "Wiśniewski, Łukasz  Paul")
        #expect(n.surname.unicodeScalars.count == 10, "ś is one scalar (NFC)")
        #expect(n.firstForename == "Łukasz")
        #expect(n.surnameKey == "WISNIEWSKI" && n.forenamesKey == "LUKASZ PAUL")
        #expect(PersonName(forenames: "NOT ENTERED", surname: "--").isEmpty, "a placeholder is no name")
    }
}

/// Names outside Latin-1 fold to the same letters a Windows-1252 system or PNC stores.
@Suite struct PersonNameBeyondLatin1Tests {
    @Test func latinLettersBeyondLatin1Fold() {
        #expect(PersonName.normalise("Łukasz") == "LUKASZ")
        #expect(PersonName.normalise("Wiśniewski") == "WISNIEWSKI")
        #expect(PersonName.normalise("Dvořák") == "DVORAK")
        #expect(PersonName.normalise("Şahin") == "SAHIN")
        #expect(PersonName.normalise("Ștefan") == "STEFAN")
        #expect(PersonName.normalise("Nguyễn") == "NGUYEN")
        #expect(PersonName.normalise("Đặng") == "DANG")
        #expect(PersonName.normalise("Yılmaz") == "YILMAZ")
        #expect(PersonName.normalise("Ørsted-Żak") == "ORSTED ZAK")
    }

    /// Scripts without a romanisation here (Cyrillic and Greek have one) keep their letters, so the name
    /// still matches itself.
    @Test func lettersOfOtherScriptsAreKept() {
        #expect(PersonName.normalise("王") == "王")
        #expect(PersonName.normalise("محمد") == "محمد")
    }

    /// A placeholder typed for a name is no name, however it is cased or spaced; a real name that only
    /// begins like one is kept. (The quick check before normalising relies on every placeholder
    /// beginning N, U, T or X.)
    @Test func placeholdersAreNoNameAndNamesThatBeginLikeThemStay() {
        for p in PersonName.placeholders {
            #expect(["N", "U", "T", "X"].contains(p.prefix(1)), "\(p)")
            #expect(PersonName.written(p.lowercased()) == "", "\(p)")
            #expect(PersonName.written(" " + p + " ") == "", "\(p)")
        }
        #expect(PersonName.written("n/k") == "")
        #expect(PersonName.written("--") == "")
        for name in ["Nkem", "Uma", "Tbc-Smith", "Xavier", "Nash", "O'Neill", "Smith", "42"] {
            #expect(PersonName.written(name) == name)
        }
        #expect(PersonName.written(" Ann ") == "Ann")
    }
}
