/// Name banks for synthetic nominals: British surnames (West Yorkshire mix, double-barrelled,
/// hyphenated, O'/O’, Mc/Mac) and forenames, some with ’, é, ë, ï or â. All invented combinations.
enum SampleNameBank {
    static let surnames: [String] = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
        "Patel", "Khan", "Hussain", "Ahmed", "Ali", "Akhtar", "Iqbal", "Mahmood", "Shah", "Rashid",
        "Butt", "Bibi", "Aslam", "Mirza", "Qureshi", "Riaz", "Sadiq", "Nawaz", "Anwar", "Latif",
        "Singh", "Kaur", "Sharma", "Chauhan", "Mistry", "Parmar", "Begum", "Miah", "Rahman", "Uddin",
        "Hughes", "Edwards", "Lewis", "Harris", "Martin", "Cooper", "King", "Lee", "Baker", "Harrison",
        "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett",
        "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell",
        "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khalid", "Marshall", "Anderson", "Simpson", "Ellis",
        "Adams", "Singleton", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason",
        "Ward", "Hunt", "Holmes", "Palmer", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell",
        "Barker", "Fisher", "Stevens", "Jenkins", "Dixon", "Fletcher", "Howard", "Gibson", "Ross", "Atkinson",
        "Greenwood", "Sutcliffe", "Holroyd", "Crowther", "Haigh", "Hirst", "Firth", "Barraclough", "Pickles", "Illingworth",
        "Sugden", "Helliwell", "Ackroyd", "Lumb", "Brook", "Dyson", "Hepworth", "Priestley", "Rhodes", "Senior",
        "Booth", "Broadbent", "Hinchliffe", "Kaye", "Mellor", "Schofield", "Stansfield", "Whiteley", "Woodhead", "Sykes",
        "Armitage", "Bottomley", "Brearley", "Dewhirst", "Feather", "Garside", "Hartley", "Horsfall", "Jowett", "Lockwood",
        "Marsden", "Normington", "Oldroyd", "Pollard", "Ramsden", "Shackleton", "Tetley", "Utley", "Wadsworth", "Yeadon",
        "O'Brien", "O’Neill", "O'Connor", "O’Sullivan", "O'Reilly", "O’Donnell", "O'Hara", "O’Leary", "O'Malley", "O’Keefe",
        "McDonald", "McKenzie", "McGuire", "McCarthy", "McLean", "McGrath", "McBride", "McCann", "MacLeod", "MacKay",
        "Smith-Jones", "Taylor-Wood", "Brooke-Taylor", "Ashworth-Hirst", "Hughes-Hallett", "Vaughan Williams", "Lloyd Owen",
        "Bowes-Lyon", "Ramsay-Clarke", "Khan-Ali", "Ahmed-Shah", "Wright-Phillips", "Foster-Brown", "Hyde-Parker",
        "Kowalski", "Nowak", "Wisniewski", "Horvath", "Balogh", "Popescu", "Ionescu", "Petrov", "Novak", "Dvorak",
        "Murray", "Campbell", "Stewart", "Reid", "Fraser", "Grant", "Ferguson", "Hamilton", "Robertson", "Graham",
        "Doyle", "Byrne", "Ryan", "Walsh", "Brennan", "Quinn", "Flynn", "Nolan", "Keane", "Duffy",
        "Owen", "Morris", "Rees", "Jenkinson", "Pritchard", "Powell-Jones", "Vaughan", "Llewellyn", "Bevan", "Howells",
        "Nicholson", "Walton", "Holt", "Dawson", "Bradley", "Pearson", "Spencer", "Moore", "Lawrence", "Heath",
        "Nash", "Turner", "Hill", "Moss", "Sharp", "Lowe", "Newton", "Barton", "Chambers", "Dean",
        "Francis", "Gill", "Hayes", "Kerr", "Lamb", "Long", "Mann", "Page", "Rowe", "Stone",
        "Thornton", "Townsend", "Wade", "Watts", "Wells", "West", "Whitehead", "Wilde", "Winter", "Yates",
        "Brontë", "Lefèvre", "Renée-Hall", "Gaskell", "Ingham", "Jagger", "Kitching", "Laycock", "Moorhouse", "Naylor",
        "Ogden", "Pogson", "Rushworth", "Scargill", "Tattersall", "Umpleby", "Varley", "Walshaw", "Exley", "Fawcett",
        "Goodall", "Hanson", "Inman", "Jessop", "Kershaw", "Lister", "Midgley", "Nettleton", "Outhwaite", "Peel",
    ]

    static let maleForenames: [String] = [
        "John", "David", "Michael", "Paul", "Andrew", "Mark", "James", "Richard", "Robert", "Peter",
        "Steven", "Christopher", "Daniel", "Thomas", "Matthew", "Anthony", "Lee", "Craig", "Jason", "Darren",
        "Wayne", "Dean", "Gary", "Kevin", "Stephen", "Ian", "Neil", "Simon", "Carl", "Shaun",
        "Ryan", "Jamie", "Liam", "Connor", "Jack", "Callum", "Kyle", "Jordan", "Bradley", "Nathan",
        "Lewis", "Adam", "Joshua", "Luke", "Aaron", "Ben", "Sam", "Harry", "Charlie", "Oliver",
        "Mohammed", "Muhammad", "Imran", "Asif", "Tariq", "Zahid", "Kamran", "Adeel", "Bilal", "Hamza",
        "Usman", "Faisal", "Sajid", "Shahid", "Arif", "Amir", "Rizwan", "Waqas", "Zubair", "Nadeem",
        "Gurpreet", "Harjit", "Rajesh", "Sanjay", "Vikram", "Amarjit", "Jaswinder", "Sukhdev", "Kuldip", "Ranjit",
        "Piotr", "Tomasz", "Marek", "Lukasz", "Andrei", "Mihai", "Florin", "Janos", "Milan", "Vasile",
        "Sean", "Patrick", "Declan", "Ciaran", "Eoin", "Gareth", "Rhys", "Dylan", "Owen", "Aled",
        "André", "Noël", "José", "Jérôme", "Zak", "Reece", "Tyler", "Kieran", "Ashley", "Jermaine",
        "Marcus", "Tyrone", "Leon", "Dwayne", "Clive", "Trevor", "Barry", "Terry", "Keith", "Graham",
        "Alan", "Brian", "Colin", "Derek", "Eric", "Frank", "George", "Harold", "Ivan", "Kenneth",
        "Martin", "Nigel", "Philip", "Roger", "Stuart", "Vincent", "William", "Alexander", "Elliot", "Mason",
    ]

    static let femaleForenames: [String] = [
        "Sarah", "Emma", "Claire", "Nicola", "Lisa", "Michelle", "Kelly", "Joanne", "Rachel", "Amanda",
        "Helen", "Louise", "Laura", "Donna", "Julie", "Karen", "Tracey", "Dawn", "Samantha", "Victoria",
        "Jessica", "Amy", "Phoebe", "Sophie", "Hannah", "Charlotte", "Lauren", "Megan", "Olivia", "Ellie",
        "Zoë", "Chloë", "Renée", "Noëlle", "Anaïs", "Siân", "Inès", "Aimée", "Mégane", "Désirée",
        "Fatima", "Ayesha", "Nadia", "Saima", "Shazia", "Rubina", "Nasreen", "Samina", "Farah", "Sadia",
        "Amina", "Hina", "Maryam", "Zainab", "Aisha", "Sana", "Iram", "Asma", "Uzma", "Bushra",
        "Harpreet", "Manjit", "Rajinder", "Sukhwinder", "Parminder", "Kiran", "Priya", "Anita", "Sunita", "Meena",
        "Agnieszka", "Katarzyna", "Magdalena", "Ioana", "Elena", "Maria", "Andrea", "Eva", "Zuzana", "Petra",
        "Siobhan", "Niamh", "Aoife", "Ciara", "Roisin", "Bethan", "Cerys", "Ffion", "Gwen", "Rhiannon",
        "Jade", "Stacey", "Leanne", "Kirsty", "Gemma", "Natalie", "Danielle", "Jodie", "Kayleigh", "Shannon",
        "Tia", "Courtney", "Paige", "Demi", "Abbie", "Lucy", "Molly", "Grace", "Ruby", "Evie",
        "Susan", "Linda", "Patricia", "Margaret", "Janet", "Carol", "Christine", "Elaine", "Jacqueline", "Angela",
        "Deborah", "Diane", "Gillian", "Heather", "Irene", "Jean", "Kathleen", "Lorraine", "Maureen", "Pauline",
        "Rebecca", "Sharon", "Tina", "Wendy", "Yvonne", "Alison", "Beverley", "Caroline", "Denise", "Fiona",
    ]

    /// Rare surnames used only for people who must match nobody (unlinked drug-test subjects, junk rows).
    static let visitorSurnames: [String] = [
        "Quarmby", "Zawadzki", "Thackray", "Ogunleye", "Featherstonehaugh", "Xuereb", "Vanterpool", "Ekwueme",
        "Hutchcroft", "Pennycook", "Yilmazer", "Zdravkovic", "Quigley-Barr", "Abernethy", "Bramhall-Voss",
        "Cheeseborough", "Drinkwater", "Eckersley", "Fotheringham", "Gledhill-Rae", "Hebblethwaite", "Ibbotson-Kaye",
        "Jevremovic", "Kirkbride", "Lightowler", "Mottershead", "Nutbrown", "Oyelaran", "Pendlebury", "Quansah",
        "Rawnsley", "Sowerbutts", "Threlfall", "Ugwuanyi", "Vavasour", "Wrigglesworth", "Xylander", "Youngjohns",
        "Zakrzewski", "Ackerley-Prout",
    ]

    /// Surnames taken on marriage for the ID-REVIEW cases: none shares a first letter with many bank names.
    static let marriedSurnames: [String] = [
        "Underwood", "Ingleby", "Quayle", "Zamora", "Oyelowo", "Umbers", "Ivory", "Quested", "Yardley", "Zeller",
    ]
}

/// A name as bytes in each output form, built once so rows never transcode.
struct SampleEncodedName {
    let mixedUTF8: [UInt8]
    let upperUTF8: [UInt8]
    let mixed1252: [UInt8]
    let upper1252: [UInt8]
    let mixedLatin1: [UInt8]
    let upperLatin1: [UInt8]
    /// Upper case, accents folded, ’ as ' (how PNC and JTrack hold names).
    let asciiUpper: [UInt8]

    init(_ s: String) {
        mixedUTF8 = Array(s.utf8)
        let up = s.uppercased()
        upperUTF8 = Array(up.utf8)
        mixed1252 = SampleEncodedName.singleByte(s, cp1252: true)
        upper1252 = SampleEncodedName.singleByte(up, cp1252: true)
        mixedLatin1 = SampleEncodedName.singleByte(s, cp1252: false)
        upperLatin1 = SampleEncodedName.singleByte(up, cp1252: false)
        asciiUpper = SampleEncodedName.ascii(up)
    }

    static func singleByte(_ s: String, cp1252: Bool) -> [UInt8] {
        var out: [UInt8] = []
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 || (v >= 0xA0 && v <= 0xFF) { out.append(UInt8(v)); continue }
            if cp1252, let b = cp1252Extras[v] { out.append(b); continue }
            if v == 0x2019 || v == 0x2018 { out.append(39); continue }
            if v == 0x2013 || v == 0x2014 { out.append(45); continue }
            out.append(contentsOf: ascii(String(u)))
        }
        return out
    }

    static let cp1252Letters: Set<UInt32> = [0x0152, 0x0153, 0x0160, 0x0161, 0x017D, 0x017E, 0x0178]

    static let cp1252Extras: [UInt32: UInt8] = [
        0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2013: 0x96, 0x2014: 0x97,
        0x0160: 0x8A, 0x0161: 0x9A, 0x017D: 0x8E, 0x017E: 0x9E, 0x0152: 0x8C, 0x0153: 0x9C, 0x0178: 0x9F,
    ]

    /// ASCII fold: accents dropped, ’ to ', anything else unknown dropped.
    static func ascii(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 { out.append(UInt8(v)); continue }
            if v == 0x2019 || v == 0x2018 { out.append(39); continue }
            // The Latin-1 letters and the few Windows-1252 adds fold as the product folds them (upper case);
            // the generator keeps its own case-preserving folds for the rest, so its bytes stay as they were.
            if v <= 0xFF || SampleEncodedName.cp1252Letters.contains(v), let f = PersonName.latinFold[v] { out.append(contentsOf: f.utf8); continue }
            switch v {
            case 0x15A, 0x15B: out.append(v == 0x15A ? 83 : 115)        // Ś ś
            case 0x158, 0x159: out.append(v == 0x158 ? 82 : 114)        // Ř ř
            case 0x10C, 0x10D: out.append(v == 0x10C ? 67 : 99)         // Č č
            default: out.append(contentsOf: SampleNonLatinNames.fold(u)) // other letters outside Latin-1
            }
        }
        return out
    }
}

/// Synthetic surnames for force-scale sets: three syllables, 40 × 40 × 40 = 64,000 names. A real
/// force's surnames have a long tail (about a quarter of people share the few hundred commonest); with
/// the bank alone, millions of residents would share names so often that near-identical records (same
/// name, a date of birth one digit apart) would be far commoner than in any real extract.
enum SampleSurnameTail {
    static let first = ["ACK", "ASH", "BAR", "BEL", "BRAD", "BRIN", "CAL", "CART", "COL", "DAL", "DUN", "ELD", "FAIR", "FEN",
                        "GAR", "GRAN", "HAL", "HART", "HOL", "KEN", "LANG", "LEV", "MAR", "MEL", "NOR", "OAK", "PEN", "PRES",
                        "RAV", "ROCK", "SAL", "SHEL", "STAN", "TAL", "THORN", "UL", "WAL", "WEST", "WIN", "YAR"]
    static let middle = ["A", "BER", "BRID", "CE", "DEN", "DER", "E", "EL", "EN", "ER", "ES", "FIN", "GA", "HAM", "I", "IN",
                         "KER", "LA", "LE", "LIN", "LO", "MER", "MOR", "NE", "NING", "O", "PER", "RA", "REN", "RI", "RO",
                         "SEL", "SON", "TER", "TON", "VER", "WARD", "WIN", "Y", "ING"]
    static let last = ["BY", "COMBE", "COTT", "DALE", "DEN", "DON", "FIELD", "FORD", "GATE", "HAM", "HILL", "HOLME", "HURST",
                       "LAND", "LEY", "LOCK", "LOW", "MAN", "MERE", "MORE", "MOUTH", "NELL", "RIDGE", "SHAW", "SIDE",
                       "SON", "STEAD", "STOCK", "STON", "STONE", "THWAITE", "TON", "WAY", "WELL", "WICK", "WOOD", "WORTH",
                       "YARD", "BURN", "CROFT"]
    static var count: Int { first.count * middle.count * last.count }

    /// Title case, as extracts mostly write names ("Brademoor").
    static func name(_ t: Int) -> String {
        let upper = first[t % first.count] + middle[(t / first.count) % middle.count] + last[t / (first.count * middle.count) % last.count]
        return upper.prefix(1) + upper.dropFirst().lowercased()
    }
}

/// All banks encoded once per run.
struct SampleNames {
    let surnames: [SampleEncodedName]
    let male: [SampleEncodedName]
    let female: [SampleEncodedName]
    let visitors: [SampleEncodedName]
    let married: [SampleEncodedName]
    /// Names outside Latin-1 (SampleNonLatinNames), from `nonLatinSurnameBase`, `nonLatinMaleBase`
    /// and `nonLatinFemaleBase`.
    let nonLatinSurnames: [SampleEncodedName]
    let nonLatinMale: [SampleEncodedName]
    let nonLatinFemale: [SampleEncodedName]
    /// For each non-Latin name, the bank index of the name it reads as once its diacritics are gone
    /// (Wiśniewski → Wisniewski), else its own index: identity uniqueness is checked on these.
    let nonLatinSurnameClaim: [UInt16]
    let nonLatinMaleClaim: [UInt16]
    let nonLatinFemaleClaim: [UInt16]
    /// Nicknames and short forms (SampleNicknames) by forename index.
    let nicknames: [UInt16: [SampleEncodedName]]
    /// Normalised (PersonName) forms, for dissimilarity checks.
    let surnameKeys: [String]
    /// The synthetic long tail (force-scale profiles only; empty otherwise), from index `tailBase`.
    let tail: [SampleEncodedName]
    static let tailBase = 4000
    /// Tail names that fit the UInt16 index space above `tailBase`.
    static let tailCount = min(SampleSurnameTail.count, Int(UInt16.max) - tailBase)

    init(longTail: Bool = false) {
        tail = longTail ? (0..<SampleNames.tailCount).map { SampleEncodedName(SampleSurnameTail.name($0)) } : []
        surnames = SampleNameBank.surnames.map(SampleEncodedName.init)
        male = SampleNameBank.maleForenames.map(SampleEncodedName.init)
        female = SampleNameBank.femaleForenames.map(SampleEncodedName.init)
        visitors = SampleNameBank.visitorSurnames.map(SampleEncodedName.init)
        married = SampleNameBank.marriedSurnames.map(SampleEncodedName.init)
        surnameKeys = SampleNameBank.surnames.map { PersonName.normalise($0) }
        nonLatinSurnames = SampleNonLatinNames.surnames.map(SampleEncodedName.init)
        nonLatinMale = SampleNonLatinNames.maleForenames.map(SampleEncodedName.init)
        nonLatinFemale = SampleNonLatinNames.femaleForenames.map(SampleEncodedName.init)
        func claims(_ names: [SampleEncodedName], _ bank: [SampleEncodedName], bankBase: Int, ownBase: Int) -> [UInt16] {
            var byASCII: [[UInt8]: Int] = [:]
            for (k, e) in bank.enumerated() where byASCII[e.asciiUpper] == nil { byASCII[e.asciiUpper] = k }
            return names.enumerated().map { k, e in UInt16(byASCII[e.asciiUpper].map { bankBase + $0 } ?? ownBase + k) }
        }
        nonLatinSurnameClaim = claims(nonLatinSurnames, surnames, bankBase: 0, ownBase: SampleNames.nonLatinSurnameBase)
        nonLatinMaleClaim = claims(nonLatinMale, male, bankBase: 0, ownBase: SampleNames.nonLatinMaleBase)
        nonLatinFemaleClaim = claims(nonLatinFemale, female, bankBase: SampleNames.femaleBase, ownBase: SampleNames.nonLatinFemaleBase)
        var nick: [UInt16: [SampleEncodedName]] = [:]
        let lists: [([String], Int)] = [(SampleNameBank.maleForenames, 0), (SampleNameBank.femaleForenames, SampleNames.femaleBase),
                                        (SampleNonLatinNames.maleForenames, SampleNames.nonLatinMaleBase),
                                        (SampleNonLatinNames.femaleForenames, SampleNames.nonLatinFemaleBase)]
        for (list, base) in lists {
            for (k, name) in list.enumerated() {
                if let forms = SampleNicknames.forms[name] { nick[UInt16(base + k)] = forms.map(SampleEncodedName.init) }
            }
        }
        nicknames = nick
    }

    static let nonLatinSurnameBase = 2500
    static let nonLatinMaleBase = 500
    static let nonLatinFemaleBase = 1500

    /// The index identity checks use for a surname or forename index (see `nonLatinSurnameClaim`).
    func claimSurname(_ i: UInt16) -> UInt16 {
        let v = Int(i)
        return v >= SampleNames.nonLatinSurnameBase && v < 3000 ? nonLatinSurnameClaim[v - SampleNames.nonLatinSurnameBase] : i
    }

    func claimForename(_ i: UInt16) -> UInt16 {
        let v = Int(i)
        if v >= SampleNames.nonLatinFemaleBase { return nonLatinFemaleClaim[v - SampleNames.nonLatinFemaleBase] }
        if v >= SampleNames.nonLatinMaleBase && v < SampleNames.femaleBase { return nonLatinMaleClaim[v - SampleNames.nonLatinMaleBase] }
        return i
    }

    /// Forename bank index space: male 0..<male.count, female from `femaleBase`.
    static let femaleBase = 1000

    /// Non-Latin forenames: male from 500, female from 1500.
    func forename(_ i: UInt16) -> SampleEncodedName {
        let v = Int(i)
        if v >= SampleNames.nonLatinFemaleBase { return nonLatinFemale[v - SampleNames.nonLatinFemaleBase] }
        if v >= SampleNames.femaleBase { return female[v - SampleNames.femaleBase] }
        if v >= SampleNames.nonLatinMaleBase { return nonLatinMale[v - SampleNames.nonLatinMaleBase] }
        return male[v]
    }

    /// Surname index space: bank, then visitors from 2000, non-Latin names from 2500, married from 3000,
    /// the tail from 4000.
    func surname(_ i: UInt16) -> SampleEncodedName {
        let v = Int(i)
        if v >= SampleNames.tailBase { return tail[v - SampleNames.tailBase] }
        if v >= 3000 { return married[v - 3000] }
        if v >= SampleNames.nonLatinSurnameBase { return nonLatinSurnames[v - SampleNames.nonLatinSurnameBase] }
        if v >= 2000 { return visitors[v - 2000] }
        return surnames[v]
    }

    /// Normalised form of any surname index.
    func surnameKey(_ i: UInt16) -> String {
        Int(i) < surnameKeys.count ? surnameKeys[Int(i)] : PersonName.normalise(String(decoding: surname(i).upperUTF8, as: UTF8.self))
    }
}
