/// Writes the six source extracts of a `SampleWorld`, each in its mapping's layout and encoding.
/// Cosmetic variation (case, date layout, PNC ID form, vocabulary synonyms) is drawn per record from
/// the person's seed, so it never depends on write order.
struct SampleExtractWriters {
    let w: SampleWorld
    let directory: String
    var broken: [SampleBrokenRow] = []
    /// Records given a slip (or carrying the harmless variation), as `system:id`, when slips are on.
    var slips: [(record: String, kind: SampleSlipKind, harmless: Bool)] = []
    var files: [(name: String, rows: Int, bytes: Int)] = []

    init(world: SampleWorld, directory: String) {
        w = world
        self.directory = directory
    }

    enum Charset { case utf8, cp1252, latin1, ascii }

    // Salts: one per system so records of one person vary independently.
    static let saltPNC: UInt64 = 1, saltNiche: UInt64 = 2, saltMiCase: UInt64 = 3, saltJTrack: UInt64 = 4
    static let saltCozart: UInt64 = 5, saltPrison: UInt64 = 6, saltDuplicate: UInt64 = 7

    // MARK: Shared pieces

    func name(_ e: SampleEncodedName, _ cs: Charset, upper: Bool) -> [UInt8] {
        switch cs {
        case .utf8: return upper ? e.upperUTF8 : e.mixedUTF8
        case .cp1252: return upper ? e.upper1252 : e.mixed1252
        case .latin1: return upper ? e.upperLatin1 : e.mixedLatin1
        case .ascii: return e.asciiUpper
        }
    }

    struct Identity {
        var surname: [UInt8]
        var forenames: [UInt8]
        /// `Int32.min`: left empty (a slip).
        var dob: Int32
        /// The slip this record carries (or the harmless variation, under the same kinds).
        var slip: SampleSlipKind? = nil
        /// The slip is the long-standing harmless variation, not one drawn at the slip rate.
        var harmless = false
        /// The names before any slip or harmless variation (PNC aliases are made from them).
        var plainSurname: [UInt8]
        var plainForenames: [UInt8]

        var hasDOB: Bool { dob != Int32.min }
    }

    /// Names and DOB as one system records them. Harmless messiness (typo, swap, transposed DOB) only
    /// touches a record that carries the person's own PNC ID; middle names are dropped only there too.
    /// `slip`: the record's slip draw (`SampleWorld.slipDraw`), applied when the record carries no
    /// harmless messiness.
    func identity(_ p: SamplePerson, system: UInt8, carriesPNC: Bool, _ cs: Charset, upper: Bool,
                  dropMiddle: Bool, surnameOverride: UInt16? = nil, bits: inout SampleBits,
                  slip: SampleSlipDraw? = nil) -> Identity {
        let s = name(w.names.surname(surnameOverride ?? p.surname), cs, upper: upper)
        let first = name(w.names.forename(p.forename), cs, upper: upper)
        var f = first
        let middle: [UInt8]? = p.middle != 0xFFFF ? name(w.names.forename(p.middle), cs, upper: upper) : nil
        let middleWritten = middle != nil && !(dropMiddle && carriesPNC)
        if middleWritten, let middle {
            f.append(32)
            f.append(contentsOf: middle)
        }
        var id = Identity(surname: s, forenames: f, dob: p.dob, plainSurname: s, plainForenames: f)
        if carriesPNC, p.mess != 0, p.mess & 0xF == system {
            switch p.mess >> 4 {
            case SampleMess.typo:
                id.surname = SampleExtractWriters.typo(s, &bits)
                if id.surname != s { id.slip = .surnameTypo }
            case SampleMess.swap:
                swap(&id.surname, &id.forenames)
                id.slip = .nameSwap
            case SampleMess.transpose:
                if system != SampleMess.micase, let t = CalendarDate(dayNumber: Int(p.dob)).transposed {
                    id.dob = Int32(t.dayNumber)
                    id.slip = .dobDayMonth
                }
            default: break
            }
        }
        id.harmless = id.slip != nil
        if id.slip == nil, let slip {
            id.slip = applySlip(slip, p, &id, first: first, middle: middle, middleWritten: middleWritten, cs, upper: upper)
        }
        return id
    }

    /// Lists the record in truth/slips.csv when it carries a slip and slips are on.
    mutating func noteSlip(_ id: Identity, _ record: @autoclosure () -> String) {
        guard let k = id.slip, w.options.slipRate > 0 else { return }
        slips.append((record(), k, id.harmless))
    }

    /// One letter changed inside the name (never the first), keeping its case.
    static func typo(_ s: [UInt8], _ bits: inout SampleBits) -> [UInt8] {
        var positions: [Int] = []
        for i in 1..<max(1, s.count) where isLetter(s[i]) && isLetter(s[i - 1]) { positions.append(i) }
        guard !positions.isEmpty else { return s }
        var out = s
        let i = positions[bits.take(positions.count)]
        let lower = out[i] >= 97
        var c = UInt8(bits.take(26)) + (lower ? 97 : 65)
        if c == out[i] { c = c == (lower ? 122 : 90) ? c - 1 : c + 1 }
        out[i] = c
        return out
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }

    /// The person's PNC ID in one of its valid written forms.
    func pncText(_ p: SamplePerson, _ bits: inout SampleBits, pncFile: Bool) -> [UInt8] {
        let yy = Int(p.pncYear) % 100
        let serial = Int(p.pncSerial)
        let letter = UInt8(ascii: PNCIdentifier.expectedCheckLetter(year: yy, serial: serial).unicodeScalars.first!)
        var out: [UInt8] = []
        out.reserveCapacity(16)
        func digits(_ v: Int, _ width: Int) {
            var d = 1, k = 1
            while k < width { d *= 10; k += 1 }
            while d <= v / 10 { d *= 10 }
            var x = v
            while d > 0 { out.append(UInt8(48 + x / d)); x %= d; d /= 10 }
        }
        let r = bits.take(100)
        let long = pncFile ? r >= 95 : (r >= 72 && r < 87)
        let padSerial = pncFile ? (r >= 70) : (r >= 50 && r < 82)
        if long { digits(Int(p.pncYear), 4) } else { digits(yy, 2) }
        out.append(47)
        if !pncFile, r >= 94 { out.append(32) }
        digits(serial, padSerial ? 7 : 1)
        if !pncFile, r >= 87, r < 94 { out.append(32) }
        out.append(!pncFile && r >= 87 && r < 91 ? letter + 32 : letter)
        return out
    }

    func croText(_ p: SamplePerson, _ bits: inout SampleBits) -> [UInt8] {
        let c = p.cro.canonical
        if bits.percent(80) { return Array(c.utf8) }
        // Unpadded serial.
        var u = Array(c.utf8)
        while u.count > 4, u[0] == 48, u[1] != 47 { u.removeFirst() }
        return u
    }

    mutating func record(_ file: String, _ line: Int, _ outcome: String, _ reason: String) {
        broken.append(SampleBrokenRow(file: file, line: line, outcome: outcome, reason: reason))
    }

    func impossibleDate(_ p: SamplePerson, _ bits: inout SampleBits) -> [UInt8] {
        let y = CalendarDate(dayNumber: Int(p.dob)).year
        let options = ["31/02/", "30/02/", "31/04/", "31/06/", "31/09/", "31/11/"]
        return Array((options[bits.take(options.count)] + String(y)).utf8)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    // MARK: PNC

    mutating func writePNC() throws {
        let name = SampleFile.pnc.name(w.stamp)
        let o = try SampleByteWriter(path: path(name))
        o.ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"); try o.endLine()
        o.ascii("<PNCExtract xmlns=\"urn:wyp:iom:pnc-extract:1\" force=\"13\" extracted=\"")
        o.date(w.asOf, .iso); o.ascii("\">"); try o.endLine()
        var rows = 0
        for i in w.people.indices where w.people[i].hasPNC {
            let p = w.people[i]
            var bits = SampleBits(p.seed, SampleExtractWriters.saltPNC)
            let sp = w.special(p)
            rows += 1
            o.ascii("  <Subject owner=\""); o.text(SampleUnits.pnc[Int(p.pncUnit)]); o.ascii("\">"); try o.endLine()
            o.ascii("    <PNCID>"); o.bytes(pncText(p, &bits, pncFile: true)); o.ascii("</PNCID>"); try o.endLine()
            if let bad = sp?.pncCRO {
                o.ascii("    <CRONumber>"); o.xmlText(bad); o.ascii("</CRONumber>"); try o.endLine()
            } else if p.hasCRO {
                o.ascii("    <CRONumber>"); o.bytes(croText(p, &bits)); o.ascii("</CRONumber>"); try o.endLine()
            }
            let id = identity(p, system: 0xF, carriesPNC: true, .ascii, upper: true, dropMiddle: false, bits: &bits,
                              slip: w.slipDraw(p, salt: SampleWorld.slipSaltPNC, key: 0))
            noteSlip(id, "pnc:" + p.pnc.canonical)
            o.ascii("    <Name><Surname>"); o.xmlText(id.surname); o.ascii("</Surname><Forenames>")
            o.xmlText(id.forenames); o.ascii("</Forenames></Name>"); try o.endLine()
            let dobLayout: SampleDateLayout = bits.percent(90) ? .iso : .dmySlash
            o.ascii("    <DateOfBirth>"); if id.hasDOB { o.date(id.dob, dobLayout) }; o.ascii("</DateOfBirth>"); try o.endLine()
            o.ascii("    <Sex>"); o.byte(p.sex == 1 ? 70 : 77); o.ascii("</Sex>"); try o.endLine()
            if p.has(SampleFlag.alias) {
                let kind = bits.take(p.has(SampleFlag.protected) ? 2 : 3)
                var s = id.plainSurname, f = id.plainForenames, dob = p.dob
                switch kind {
                case 0: swap(&s, &f)
                case 1: s = SampleExtractWriters.typo(s, &bits)
                default: dob += 365
                }
                o.ascii("    <Aliases><Alias><Surname>"); o.xmlText(s); o.ascii("</Surname><Forenames>"); o.xmlText(f)
                o.ascii("</Forenames><DateOfBirth>"); o.date(dob, .iso); o.ascii("</DateOfBirth></Alias></Aliases>"); try o.endLine()
            }
            let m = w.member(p)
            let pp = m.map { $0.marker != .none } ?? false
            if pp || p.has(SampleFlag.infoMarker) {
                o.ascii("    <InformationMarkers>"); try o.endLine()
                if p.has(SampleFlag.infoMarker) {
                    o.ascii("      <Marker date=\"")
                    o.date(min(w.asOf - 1, max(p.dob + Int32(12 * 365), w.asOf - 3000) + Int32(bits.take(1500))), .iso)
                    o.ascii("\"><Text>"); o.xmlText(Array(SampleText.infoMarkers[bits.take(SampleText.infoMarkers.count)].utf8))
                    o.ascii("</Text></Marker>"); try o.endLine()
                }
                if let m, pp {
                    o.ascii("      <Marker date=\""); o.date(m.markerDate, bits.percent(85) ? .iso : .dmySlash); o.ascii("\"><Text>")
                    o.xmlText(Array(SampleText.marker(m.marker, variant: Int(m.markerVariant), division: Int(m.hubDivision)).utf8))
                    o.ascii("</Text></Marker>"); try o.endLine()
                }
                o.ascii("    </InformationMarkers>"); try o.endLine()
            }
            o.ascii("  </Subject>"); try o.endLine()
        }
        o.ascii("</PNCExtract>"); try o.endLine()
        try o.close()
        files.append((name, rows, o.bytesWritten))
    }

    // MARK: Niche (Windows-1252, CRLF)

    /// Writes one CSV extract: optional prefix bytes and the header, then `count` rows, with the file's
    /// junk rows interleaved where the world placed them (each listed as quarantined in the truth).
    mutating func writeCSV(_ file: SampleFile, crlf: Bool = false, prefix: [UInt8] = [], header: StaticString, count: Int,
                           row: (inout SampleExtractWriters, SampleByteWriter, String, Int) throws -> Void) throws {
        let name = file.name(w.stamp)
        let o = try SampleByteWriter(path: path(name), crlf: crlf)
        o.bytes(prefix)
        o.ascii(header); try o.endLine()
        let junk = w.junk.filter { $0.file == file }
        var j = 0
        var rows = 0
        for k in 0...count {
            while j < junk.count, k == count || junk[j].before <= k {
                record(name, o.line, "quarantined", junk[j].reason)
                o.bytes(junk[j].bytes); try o.endLine(); rows += 1; j += 1
            }
            guard k < count else { break }
            try row(&self, o, name, k)
            rows += 1
        }
        try o.close()
        files.append((name, rows, o.bytesWritten))
    }

    mutating func writeNiche() throws {
        let residents = w.residents
        try writeCSV(.niche, crlf: true, header: "Nominal ID,PNC ID,CRO No,Surname,Forename(s),DOB,Gender,Owning Unit,Cohort Flags",
                     count: residents + w.duplicates.count) { me, o, name, k in
            if k < residents { try me.nicheRow(o, name, k, duplicate: false) }
            else { try me.nicheRow(o, name, Int(me.w.duplicates[k - residents]), duplicate: true) }
        }
    }

    mutating func nicheRow(_ o: SampleByteWriter, _ file: String, _ i: Int, duplicate: Bool) throws {
        let p = w.people[i]
        let sp = w.special(p)
        var bits = SampleBits(p.seed, duplicate ? SampleExtractWriters.saltDuplicate : SampleExtractWriters.saltNiche)
        let id = duplicate ? sp!.duplicateNicheId : p.nicheId
        o.byte(78); o.padded(Int(id), 8); o.comma()
        var carries = false
        switch sp?.nichePNC ?? .normal {
        case .normal:
            if p.hasPNC, !p.has(SampleFlag.nicheNoPNC) { o.bytes(pncText(p, &bits, pncFile: false)); carries = true }
        case .missing: break
        case .literal(let b): o.csvField(b)
        }
        o.comma()
        if !duplicate, let bad = sp?.nicheCRO {
            o.csvField(bad)
        } else if p.hasCRO, p.has(SampleFlag.nicheCRO) {
            o.bytes(croText(p, &bits))
        }
        o.comma()
        let brokenRow = !duplicate && (sp?.nicheDOBText != nil || sp?.nicheSexText != nil)
        let slip = brokenRow ? nil : w.slipDraw(p, salt: duplicate ? SampleWorld.slipSaltDuplicate : SampleWorld.slipSaltNiche, key: 0)
        let id2 = identity(p, system: duplicate ? 0xF : SampleMess.niche, carriesPNC: carries, .cp1252,
                           upper: bits.percent(20), dropMiddle: false, surnameOverride: sp?.nicheSurname, bits: &bits, slip: slip)
        noteSlip(id2, "niche:" + SampleText.nicheId(id))
        o.csvField(id2.surname); o.comma(); o.csvField(id2.forenames); o.comma()
        if !duplicate, let bad = sp?.nicheDOBText {
            record(file, o.line, "loaded-with-issue", "unparseable date in DOB: " + String(decoding: bad, as: UTF8.self))
            o.bytes(bad)
        } else {
            let r = bits.take(100)
            if id2.hasDOB { o.date(id2.dob, r < 80 ? .dmySlash : (r < 92 ? .iso : .dMonY)) }
        }
        o.comma()
        if !duplicate, let bad = sp?.nicheSexText {
            record(file, o.line, "loaded-with-issue", "invalid value in Gender: " + String(decoding: bad, as: UTF8.self))
            o.csvField(bad)
        } else {
            let options = SampleText.sex[Int(p.sex)]
            o.bytes(options[bits.take(options.count)])
        }
        o.comma()
        o.text(SampleUnits.niche[Int(p.nicheUnit)].code)
        o.comma()
        if let flag = w.member(p)?.nicheFlag {
            let options = SampleText.nicheFlag[flag]!
            o.csvField(options[bits.percent(75) ? 0 : bits.take(options.count)])
        }
        try o.endLine()
    }

    // MARK: MiCase (UTF-8 with BOM)

    mutating func writeMiCase() throws {
        try writeCSV(.micase, prefix: [0xEF, 0xBB, 0xBF],
                     header: "Case ID,PNC Number,Niche Ref,Surname,First Name,Date of Birth,Gender,Cohort,Statutory,Adult/Juvenile,Strand,Lead Agency,Hub,Selected,Deselected,Deselection Reason,Risk Tier",
                     count: w.members.count) { me, o, name, k in try me.micaseRow(o, name, me.w.members[k]) }
    }

    mutating func micaseRow(_ o: SampleByteWriter, _ file: String, _ m: SampleMember) throws {
        let p = w.people[Int(m.person)]
        let sp = w.special(p)
        var bits = SampleBits(p.seed, SampleExtractWriters.saltMiCase)
        func pick(_ options: [[UInt8]], _ commonPercent: Int = 70) -> [UInt8] {
            bits.percent(commonPercent) ? options[0] : options[bits.take(options.count)]
        }
        o.ascii("MC"); o.padded(Int(m.caseId), 6); o.comma()
        var carries = false
        switch sp?.micasePNC ?? .normal {
        case .normal: if p.hasPNC { o.bytes(pncText(p, &bits, pncFile: false)); carries = true }
        case .missing: break
        case .literal(let b): o.csvField(b)
        }
        o.comma()
        if m.nicheRef { o.byte(78); o.padded(Int(p.nicheId), 8) }
        o.comma()
        let brokenRow = sp?.micaseDOBText != nil || sp?.micaseStrandText != nil
        let id = identity(p, system: SampleMess.micase, carriesPNC: carries, .utf8, upper: bits.percent(15),
                          dropMiddle: bits.percent(50), bits: &bits,
                          slip: brokenRow ? nil : w.slipDraw(p, salt: SampleWorld.slipSaltMiCase, key: 0))
        noteSlip(id, "micase:" + SampleText.caseId(m.caseId))
        o.csvField(id.surname); o.comma(); o.csvField(id.forenames); o.comma()
        if let bad = sp?.micaseDOBText {
            record(file, o.line, "loaded-with-issue", "unparseable date in Date of Birth: " + String(decoding: bad, as: UTF8.self))
            o.bytes(bad)
        } else {
            let layout: SampleDateLayout = bits.percent(85) ? .dmySlash : .iso
            if id.hasDOB { o.date(id.dob, layout) }
        }
        o.comma()
        o.bytes(pick(SampleText.sex[Int(p.sex)])); o.comma()
        o.bytes(pick(SampleText.cohort[m.cohort]!, 80)); o.comma()
        o.bytes(pick(SampleText.statutory[m.statutory ? 1 : 0])); o.comma()
        o.bytes(pick(SampleText.ageGroup[m.ageGroup]!)); o.comma()
        if let bad = sp?.micaseStrandText {
            record(file, o.line, "loaded-with-issue", "invalid value in Strand: " + String(decoding: bad, as: UTF8.self))
            o.csvField(bad)
        } else {
            o.csvField(pick(SampleText.strand[m.strand]!, 60))
        }
        o.comma()
        o.csvField(pick(SampleText.lead[m.lead]!)); o.comma()
        o.bytes(pick(SampleText.hubs[Int(m.hubDivision)], 50)); o.comma()
        let layout: SampleDateLayout = bits.percent(90) ? .dmySlash : .iso
        o.date(m.selected, layout); o.comma()
        if m.isDeselected {
            o.date(m.deselected, layout); o.comma()
            o.csvField(SampleText.deselectionReasons[Int(m.reason)])
        } else {
            o.comma()
        }
        o.comma()
        o.bytes(SampleText.riskTier[Int(m.riskTier)])
        try o.endLine()
    }

    // MARK: JTrack (no namespace)

    mutating func writeJTrack() throws {
        let name = SampleFile.jtrack.name(w.stamp)
        let o = try SampleByteWriter(path: path(name))
        o.ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"); try o.endLine()
        o.ascii("<JTrackExport area=\"WEST YORKSHIRE\" generated=\""); o.date(w.asOf, .iso); o.ascii("\">"); try o.endLine()
        for t in w.trackings {
            let p = w.people[Int(t.person)]
            let sp = w.special(p)
            var bits = SampleBits(p.seed ^ UInt64(t.id), SampleExtractWriters.saltJTrack)
            o.ascii("  <TrackedOffender id=\"JT"); o.padded(Int(t.id), 6); o.ascii("\">"); try o.endLine()
            var carries = false
            switch sp?.jtrackPNC ?? .normal {
            case .normal:
                if p.hasPNC { o.ascii("    <PNCId>"); o.bytes(pncText(p, &bits, pncFile: false)); o.ascii("</PNCId>"); try o.endLine(); carries = true }
            case .missing: break
            case .literal(let b): o.ascii("    <PNCId>"); o.xmlText(b); o.ascii("</PNCId>"); try o.endLine()
            }
            let id = identity(p, system: SampleMess.jtrack, carriesPNC: carries, .ascii, upper: true, dropMiddle: bits.percent(60), bits: &bits,
                              slip: w.slipDraw(p, salt: SampleWorld.slipSaltJTrack, key: UInt64(t.id)))
            noteSlip(id, "jtrack:" + SampleText.trackingId(t.id))
            o.ascii("    <Surname>"); o.xmlText(id.surname); o.ascii("</Surname>"); try o.endLine()
            o.ascii("    <Forename>"); o.xmlText(id.forenames); o.ascii("</Forename>"); try o.endLine()
            let layout: SampleDateLayout = bits.percent(70) ? .dmySlash : .iso
            o.ascii("    <DOB>"); if id.hasDOB { o.date(id.dob, layout) }; o.ascii("</DOB>"); try o.endLine()
            let cohorts = SampleText.jtrackCohort[t.cohort]!
            o.ascii("    <Cohort>"); o.bytes(cohorts[bits.percent(70) ? 0 : bits.take(cohorts.count)]); o.ascii("</Cohort>"); try o.endLine()
            let statuses = SampleText.jtrackStatus[t.active ? 1 : 0]
            o.ascii("    <Status>"); o.bytes(statuses[bits.percent(70) ? 0 : bits.take(statuses.count)]); o.ascii("</Status>"); try o.endLine()
            o.ascii("    <TrackingStart>"); o.date(t.start, layout); o.ascii("</TrackingStart>"); try o.endLine()
            if t.end != Int32.min { o.ascii("    <TrackingEnd>"); o.date(t.end, layout); o.ascii("</TrackingEnd>"); try o.endLine() }
            let division = w.member(p).map { Int($0.hubDivision) } ?? Int(p.division)
            o.ascii("    <Area>"); o.bytes(SampleText.jtrackAreas[division]); o.ascii("</Area>"); try o.endLine()
            o.ascii("  </TrackedOffender>"); try o.endLine()
        }
        o.ascii("</JTrackExport>"); try o.endLine()
        try o.close()
        files.append((name, w.trackings.count, o.bytesWritten))
    }

    // MARK: Cozart (UTF-8)

    mutating func writeCozart() throws {
        try writeCSV(.cozart, header: "Test ID,Test Site,Detention Officer,Test Date/Time,PNC ID,Surname,Forename,DOB,Gender,Offence Code,Trigger Offence,Inspector Authority,Opiates,Cocaine,Disputed,Overturned,Failed Chain of Custody",
                     count: w.tests.count) { me, o, name, k in try me.cozartRow(o, name, me.w.tests[k]) }
    }

    mutating func cozartRow(_ o: SampleByteWriter, _ file: String, _ t: SampleTest) throws {
        let p = w.people[Int(t.person)]
        var bits = SampleBits(p.seed ^ UInt64(t.id), SampleExtractWriters.saltCozart)
        o.ascii("CZ"); o.padded(Int(t.id), 7); o.comma()
        o.text(SampleUnits.cozart[Int(t.site)].code); o.comma()
        o.ascii("DO "); o.int(Int(t.officer)); o.comma()
        let r = bits.take(100)
        if r < 80 {
            o.date(t.day, .dmySlash); o.byte(32); o.padded(Int(t.minute) / 60, 2); o.byte(58); o.padded(Int(t.minute) % 60, 2)
        } else if r < 90 {
            o.date(t.day, .dmySlash); o.byte(32); o.padded(Int(t.minute) / 60, 2); o.byte(58); o.padded(Int(t.minute) % 60, 2)
            o.ascii(":00")
        } else {
            o.date(t.day, .iso); o.byte(32); o.padded(Int(t.minute) / 60, 2); o.byte(58); o.padded(Int(t.minute) % 60, 2)
            o.ascii(":00")
        }
        o.comma()
        let carries = t.carriesPNC && p.hasPNC
        if carries { o.bytes(pncText(p, &bits, pncFile: false)) }
        o.comma()
        let id = identity(p, system: SampleMess.cozart, carriesPNC: carries, .utf8, upper: bits.percent(40),
                          dropMiddle: bits.percent(60), bits: &bits,
                          slip: t.broken != 0 ? nil : w.slipDraw(p, salt: SampleWorld.slipSaltCozart, key: UInt64(t.id)))
        noteSlip(id, "cozart:" + SampleText.testId(t.id))
        o.csvField(id.surname); o.comma(); o.csvField(id.forenames); o.comma()
        if t.broken == 1 {
            let bad = impossibleDate(p, &bits)
            record(file, o.line, "loaded-with-issue", "unparseable date in DOB: " + String(decoding: bad, as: UTF8.self))
            o.bytes(bad)
        } else {
            let layout: SampleDateLayout = bits.percent(85) ? .dmySlash : .iso
            if id.hasDOB { o.date(id.dob, layout) }
        }
        o.comma()
        let sexes = SampleText.sex[Int(p.sex)]
        o.bytes(sexes[bits.take(sexes.count)]); o.comma()
        let offence = SampleText.offences[Int(t.offence)]
        o.bytes(offence.code); o.comma()
        o.byte(offence.trigger ? 89 : 78); o.comma()
        o.byte(offence.trigger ? 78 : 89); o.comma()
        if t.broken == 2 {
            record(file, o.line, "loaded-with-issue", "invalid value in Opiates: Inconclusive")
            o.ascii("Inconclusive")
        } else {
            let opi = SampleText.results[Int(t.opiates)]
            o.bytes(opi[bits.take(opi.count)])
        }
        o.comma()
        let coc = SampleText.results[Int(t.cocaine)]
        o.bytes(coc[bits.take(coc.count)]); o.comma()
        o.byte(t.disputed ? 89 : 78); o.comma()
        let ov = SampleText.overturned[Int(t.overturned)]
        o.bytes(ov[bits.take(ov.count)]); o.comma()
        o.byte(t.failedChain ? 89 : 78)
        try o.endLine()
    }

    // MARK: Prison (ISO-8859-1)

    mutating func writePrison() throws {
        try writeCSV(.prison, header: "Prison No,PNC ID,Surname,Forenames,DOB,Establishment,Reception Date,Release Date,Release Type,Release District",
                     count: w.movements.count) { me, o, name, k in try me.prisonRow(o, name, me.w.movements[k]) }
    }

    mutating func prisonRow(_ o: SampleByteWriter, _ file: String, _ mv: SampleMovement) throws {
        let p = w.people[Int(mv.person)]
        var bits = SampleBits(p.seed ^ UInt64(UInt32(bitPattern: mv.received)), SampleExtractWriters.saltPrison)
        o.bytes(w.prisonNumber(mv.person)); o.comma()
        let carries = mv.carriesPNC && p.hasPNC
        if carries { o.bytes(pncText(p, &bits, pncFile: false)) }
        o.comma()
        let id = identity(p, system: SampleMess.prison, carriesPNC: carries, .latin1, upper: bits.percent(80),
                          dropMiddle: bits.percent(50), bits: &bits,
                          slip: mv.broken != 0 ? nil : w.slipDraw(p, salt: SampleWorld.slipSaltPrison, key: UInt64(UInt32(bitPattern: mv.received))))
        if id.slip != nil {
            let record = "prison:" + String(decoding: w.prisonNumber(mv.person), as: UTF8.self) + "@" + CalendarDate(dayNumber: Int(mv.received)).iso
            noteSlip(id, record)
        }
        o.csvField(id.surname); o.comma(); o.csvField(id.forenames); o.comma()
        let layout: SampleDateLayout = bits.percent(80) ? .iso : .dmySlash
        if mv.broken == 1 {
            let bad = impossibleDate(p, &bits)
            record(file, o.line, "loaded-with-issue", "unparseable date in DOB: " + String(decoding: bad, as: UTF8.self))
            o.bytes(bad)
        } else if id.hasDOB {
            o.date(id.dob, layout)
        }
        o.comma()
        o.bytes(SampleText.establishments[Int(mv.establishment)]); o.comma()
        o.date(mv.received, layout); o.comma()
        if mv.released != Int32.min {
            o.date(mv.released, layout); o.comma()
            if mv.broken == 2 {
                record(file, o.line, "loaded-with-issue", "invalid value in Release Type: Escaped")
                o.ascii("Escaped")
            } else {
                o.bytes(SampleText.releaseTypes[Int(mv.releaseType)])
            }
            o.comma()
            let division = w.member(p).map { Int($0.hubDivision) } ?? Int(p.division)
            let options = SampleText.districts[division]
            o.bytes(options[bits.percent(80) ? 0 : 1])
        } else {
            o.comma(); o.comma()
        }
        try o.endLine()
    }
}
