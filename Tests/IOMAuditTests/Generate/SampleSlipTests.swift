import Foundation
import Testing
@testable import IOMAudit

/// Hand-entry slips (`samples --slip-rate`) and names outside Latin-1 (`--non-latin-share`), on the
/// `slipped` fixture (2,000 people, slip rate 0.5, a tenth of the people with non-Latin names).
@Suite("Sample generator: slips and names outside Latin-1")
struct SampleSlipTests {
    let f = SampleGeneratorFixture.slipped

    /// `record → kind` from truth/slips.csv.
    var slips: [String: String] {
        var out: [String: String] = [:]
        for r in f.csv("truth/slips.csv").dropFirst() { out[r[0]] = r[1] }
        return out
    }

    /// People (numbered as in people.csv) who carry a finding or are the other side of one.
    var findingPeople: Set<Int> {
        var out = Set<Int>()
        for r in f.csv("truth/findings.csv").dropFirst() {
            for id in r[2].split(separator: ";") { if let p = f.personOfRecord[String(id)] { out.insert(p) } }
        }
        return out
    }

    /// A single-byte or UTF-8 name as the fixture's CSV reader gives it (single bytes as Latin-1).
    static func text(_ b: [UInt8], utf8: Bool) -> String {
        utf8 ? String(decoding: b, as: UTF8.self) : String(b.map { Character(Unicode.Scalar($0)) })
    }

    static func date(_ s: String) -> CalendarDate? {
        if let d = CalendarDate(iso: s) { return d }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "-" }).map(String.init)
        guard parts.count == 3, let d = Int(parts[0]), let y = Int(parts[2]) else { return nil }
        guard let m = Int(parts[1]) ?? months.firstIndex(of: parts[1]).map({ $0 + 1 }) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    @Test("slips of every kind, in every system, on about the share asked for; every slipped record is a real record")
    func everyKindEverySystem() {
        let slips = self.slips
        #expect(Set(slips.values) == Set(SampleSlipKind.allCases.map(\.name)))
        var systems: [String: Int] = [:]
        for record in slips.keys {
            systems[String(record.prefix { $0 != ":" }), default: 0] += 1
            #expect(f.personOfRecord[record] != nil, "\(record) is not in people.csv")
        }
        #expect(Set(systems.keys) == ["pnc", "niche", "micase", "jtrack", "cozart", "prison"], "\(systems)")
        // Slip rate 0.5 over the records that can carry one (plus the harmless variation, listed too).
        let excluded = findingPeople
        var eligible = 0
        for (record, person) in f.personOfRecord where !excluded.contains(person) && record.hasPrefix("niche:") { eligible += 1 }
        let share = Double(systems["niche"] ?? 0) / Double(eligible)
        #expect(share > 0.45 && share < 0.6, "Niche slipped share \(share)")
        let readme = String(decoding: f.bytes("truth/README.md"), as: UTF8.self)
        #expect(readme.contains("Made by `iomaudit samples --out DIR --people 2000 --slip-rate 0.5 --non-latin-share 0.1 --seed 3 --as-of 2026-11-20`"))
        #expect(readme.contains("## `slips.csv`") && readme.contains("## `non_latin_people.csv`"))
    }

    @Test("no slip on a record of anyone a finding involves, nor on a broken row")
    func noSlipOnFindingsOrBrokenRows() {
        let slips = self.slips
        let excluded = findingPeople
        #expect(!excluded.isEmpty)
        for record in slips.keys {
            #expect(!excluded.contains(f.personOfRecord[record] ?? 0), "\(record) carries a slip but belongs to a finding")
        }
        for r in f.csv("truth/broken_rows.csv").dropFirst() where r[2] == "loaded-with-issue" {
            let utf8 = !r[0].hasPrefix("niche") && !r[0].hasPrefix("prison")
            let key = f.csv(r[0], utf8: utf8)[Int(r[1])! - 1][0]
            let system = String(r[0].prefix { $0 != "_" })
            for record in slips.keys where record.hasPrefix(system + ":" + key) {
                Issue.record("\(record) carries a slip on broken row \(r[0]):\(r[1])")
            }
        }
    }

    @Test("same options give byte-identical extracts and truth, slips included")
    func deterministic() throws {
        let a = SampleGeneratorFixture.tempDirectory("slips-a")
        defer { try? FileManager.default.removeItem(atPath: a) }
        _ = try SampleGenerator.write(to: a, options: SampleGeneratorFixture.slippedOptions)
        let fm = FileManager.default
        let names = try fm.subpathsOfDirectory(atPath: f.directory).sorted()
        #expect(names == (try fm.subpathsOfDirectory(atPath: a).sorted()))
        for name in names where name != "truth" {
            #expect(fm.contents(atPath: a + "/" + name) == fm.contents(atPath: f.directory + "/" + name), "\(name) differs")
        }
    }

    @Test("slip rate 0 (and no option) writes no slips, no non-Latin names and the same bytes as before")
    func rateZero() throws {
        let world = SampleGeneratorFixture.shared.world
        #expect(!world.people.contains { $0.has(SampleFlag.nonLatin) })
        #expect(world.people.allSatisfy { world.slipDraw($0, salt: SampleWorld.slipSaltNiche, key: 0) == nil })
        let dir = SampleGeneratorFixture.tempDirectory("rate0")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let code = try SamplesCommand.run(["--out", dir, "--people", "2000", "--seed", "20261121", "--slip-rate", "0"], stdout: { _ in })
        #expect(code == .success)
        let fm = FileManager.default
        let shared = SampleGeneratorFixture.shared.directory
        #expect(try fm.subpathsOfDirectory(atPath: dir).sorted() == (try fm.subpathsOfDirectory(atPath: shared).sorted()))
        for name in try fm.subpathsOfDirectory(atPath: shared) where name != "truth" {
            #expect(fm.contents(atPath: dir + "/" + name) == fm.contents(atPath: shared + "/" + name), "\(name) differs")
        }
        for bad in [["--slip-rate", "0.6"], ["--slip-rate", "-0.1"], ["--slip-rate", "some"], ["--non-latin-share", "0.5"]] {
            #expect(throws: UsageError.self, "\(bad)") { try SamplesCommand.run(["--out", "/nonexistent/x"] + bad, stdout: { _ in }) }
        }
    }

    /// One record's identity as an extract writes it.
    struct WrittenIdentity {
        var record: String
        var key: String          // the extract's own key field (to match broken rows)
        var surname: String
        var forenames: String
        var dob: String
    }

    enum Encoding { case utf8, cp1252, latin1, ascii }

    /// Every record of one system with its written names and date of birth (single bytes read as Latin-1).
    func written(_ system: SampleFile) -> (rows: [WrittenIdentity], encoding: Encoding) {
        func unescape(_ s: Substring) -> String {
            s.replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        func element(_ line: Substring, _ name: String) -> String? {
            guard let a = line.range(of: "<\(name)>"), let b = line.range(of: "</\(name)>", range: a.upperBound..<line.endIndex) else { return nil }
            return unescape(line[a.upperBound..<b.lowerBound])
        }
        switch system {
        case .niche:
            let rows = f.csv(f.file(.niche), utf8: false).dropFirst().filter { $0.count == 9 && !$0[0].isEmpty }
            return (rows.map { WrittenIdentity(record: "niche:" + $0[0], key: $0[0], surname: $0[3], forenames: $0[4], dob: $0[5]) }, .cp1252)
        case .micase:
            let rows = f.csv(f.file(.micase)).dropFirst().filter { $0.count == 17 && !$0[0].isEmpty }
            return (rows.map { WrittenIdentity(record: "micase:" + $0[0], key: $0[0], surname: $0[3], forenames: $0[4], dob: $0[5]) }, .utf8)
        case .cozart:
            let rows = f.csv(f.file(.cozart)).dropFirst().filter { $0.count == 17 && !$0[0].isEmpty }
            return (rows.map { WrittenIdentity(record: "cozart:" + $0[0], key: $0[0], surname: $0[5], forenames: $0[6], dob: $0[7]) }, .utf8)
        case .prison:
            let rows = f.csv(f.file(.prison), utf8: false).dropFirst().filter { $0.count == 10 && !$0[0].isEmpty }
            return (rows.map { r in
                WrittenIdentity(record: "prison:" + r[0] + "@" + (Self.date(r[6])?.iso ?? "?"), key: r[0], surname: r[2], forenames: r[3], dob: r[4])
            }, .latin1)
        case .pnc:
            var out: [WrittenIdentity] = []
            for line in String(decoding: f.bytes(f.file(.pnc)), as: UTF8.self).split(separator: "\n") {
                if let id = element(line, "PNCID") {
                    let record = "pnc:" + (PNCIdentifier(id)?.canonical ?? id)
                    out.append(WrittenIdentity(record: record, key: record, surname: "", forenames: "", dob: ""))
                } else if line.hasPrefix("    <Name>") {
                    out[out.count - 1].surname = element(line, "Surname") ?? ""
                    out[out.count - 1].forenames = element(line, "Forenames") ?? ""
                } else if let d = element(line, "DateOfBirth"), !line.contains("<Alias>") {
                    out[out.count - 1].dob = d
                } else if line.contains("<DateOfBirth></DateOfBirth>") {
                    out[out.count - 1].dob = ""
                }
            }
            return (out, .ascii)
        case .jtrack:
            var out: [WrittenIdentity] = []
            for line in String(decoding: f.bytes(f.file(.jtrack)), as: UTF8.self).split(separator: "\n") {
                if let r = line.range(of: "id=\"") {
                    let id = String(line[r.upperBound...].prefix(8))
                    out.append(WrittenIdentity(record: "jtrack:" + id, key: id, surname: "", forenames: "", dob: ""))
                } else if let v = element(line, "Surname") {
                    out[out.count - 1].surname = v
                } else if let v = element(line, "Forename") {
                    out[out.count - 1].forenames = v
                } else if let v = element(line, "DOB") {
                    out[out.count - 1].dob = v
                }
            }
            return (out, .ascii)
        }
    }

    /// In every extract, a record without a slip shows the person as they are; a slipped one shows
    /// exactly its kind of slip (names as each encoding writes them, date of birth as the kind says).
    @Test("each slipped record shows its kind of slip, and every other record the person as they are")
    func slipsAreWhatTheySay() throws {
        let slips = self.slips
        let w = f.world
        let excluded = findingPeople
        let brokenKeys = Set(f.csv("truth/broken_rows.csv").dropFirst().compactMap { r -> String? in
            guard r[2] == "loaded-with-issue" else { return nil }
            return f.csv(r[0], utf8: !r[0].hasPrefix("niche") && !r[0].hasPrefix("prison"))[Int(r[1])! - 1][0]
        })
        var seen: [String: Set<String>] = [:]
        var unslipped = 0
        for system in SampleFile.allCases {
            let (rows, encoding) = written(system)
            #expect(rows.count > 20, "\(system)")
            for r in rows {
                guard let person = f.personOfRecord[r.record], !excluded.contains(person), !brokenKeys.contains(r.key) else { continue }
                let p = w.people[person - 1]
                func forms(_ e: SampleEncodedName) -> [String] {
                    switch encoding {
                    case .utf8: return [Self.text(e.mixedUTF8, utf8: true), Self.text(e.upperUTF8, utf8: true)]
                    case .cp1252: return [Self.text(e.mixed1252, utf8: false), Self.text(e.upper1252, utf8: false)]
                    case .latin1: return [Self.text(e.mixedLatin1, utf8: false), Self.text(e.upperLatin1, utf8: false)]
                    case .ascii: return [Self.text(e.asciiUpper, utf8: true)]
                    }
                }
                let surnames = forms(w.names.surname(p.surname))
                let firsts = forms(w.names.forename(p.forename))
                let middles = p.middle == 0xFFFF ? [] : forms(w.names.forename(p.middle))
                var fulls = firsts
                for (k, m) in middles.enumerated() { fulls.append(firsts[k] + " " + m) }
                let surname = r.surname, forenames = r.forenames
                let dob = Self.date(r.dob)
                let real = CalendarDate(dayNumber: Int(p.dob))
                let namesAsThey = surnames.contains(surname) && fulls.contains(forenames)
                let what = "\(r.record) reads \(surname), \(forenames), \(r.dob)"
                guard let kind = slips[r.record] else {
                    #expect(namesAsThey && dob == real, "\(what) with no slip")
                    unslipped += 1
                    continue
                }
                seen[kind, default: []].insert("\(system)")
                let firstWritten = String(forenames.prefix { $0 != " " })
                switch kind {
                case "dob-missing": #expect(namesAsThey && r.dob.isEmpty, "\(what): \(kind)")
                case "dob-day": #expect(namesAsThey && dob.map { abs($0.dayNumber - real.dayNumber) } == 1, "\(what): \(kind)")
                case "dob-year":
                    #expect(namesAsThey && dob.map { $0.day == real.day && $0.month == real.month && abs($0.year - real.year) == 1 } == true, "\(what): \(kind)")
                case "dob-day-month": #expect(namesAsThey && dob != nil && dob == real.transposed, "\(what): \(kind)")
                case "dob-digit": #expect(namesAsThey && dob != nil && dob != real, "\(what): \(kind)")
                case "name-swap": #expect(fulls.contains(surname) && surnames.contains(forenames) && dob == real, "\(what): \(kind)")
                case "surname-typo":
                    #expect(surnames.contains { Self.oneTypo($0, surname) } && fulls.contains(forenames) && dob == real, "\(what): \(kind)")
                case "forename-typo":
                    #expect(surnames.contains(surname) && firsts.contains { Self.oneTypo($0, firstWritten) } && dob == real, "\(what): \(kind)")
                case "both-typo":
                    #expect(surnames.contains { Self.oneTypo($0, surname) } && firsts.contains { Self.oneTypo($0, firstWritten) } && dob == real, "\(what): \(kind)")
                case "forename-nickname":
                    let nick = (w.names.nicknames[p.forename] ?? []).flatMap(forms)
                    #expect(surnames.contains(surname) && nick.contains(firstWritten) && dob == real, "\(what): \(kind)")
                case "forename-initial":
                    #expect(surnames.contains(surname) && firstWritten.count == 1 && firsts.contains { $0.hasPrefix(firstWritten) } && dob == real, "\(what): \(kind)")
                case "surname-part":
                    #expect(surnames.contains { $0.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init).contains(surname) }
                            && fulls.contains(forenames) && dob == real, "\(what): \(kind)")
                case "surname-hyphenation":
                    let squash = { (s: String) in s.filter { $0.isLetter } }
                    #expect(!surnames.contains(surname) && surnames.map(squash).contains(squash(surname)) && fulls.contains(forenames) && dob == real, "\(what): \(kind)")
                case "middle-dropped": #expect(surnames.contains(surname) && firsts.contains(forenames) && !middles.isEmpty && dob == real, "\(what): \(kind)")
                case "middle-as-forename": #expect(surnames.contains(surname) && middles.contains(forenames) && dob == real, "\(what): \(kind)")
                default: Issue.record("\(r.record): unknown kind \(kind)")
                }
            }
        }
        #expect(unslipped > 1000)
        #expect(Set(seen.keys) == Set(SampleSlipKind.allCases.map(\.name)), "kinds checked: \(seen)")
    }

    /// True when `b` is `a` with one letter wrong, two adjacent letters transposed, one dropped or one doubled.
    static func oneTypo(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        if x == y { return false }
        if x.count == y.count {
            let diff = x.indices.filter { x[$0] != y[$0] }
            if diff.count == 1 { return true }
            return diff.count == 2 && diff[1] == diff[0] + 1 && x[diff[0]] == y[diff[1]] && x[diff[1]] == y[diff[0]]
        }
        let (long, short) = x.count > y.count ? (x, y) : (y, x)
        guard long.count == short.count + 1 else { return false }
        for i in long.indices where Array(long[..<i] + long[(i + 1)...]) == short { return true }
        return false
    }

    @Test("names outside Latin-1: as they are in UTF-8, as the code page stores them in Windows-1252 and ISO-8859-1, upper-case ASCII on PNC and JTrack")
    func nonLatinNames() throws {
        // The encodings, by example.
        func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
        #expect(SampleEncodedName("Łukasz").mixed1252 == bytes("Lukasz"))
        #expect(SampleEncodedName("Wiśniewski").mixedLatin1 == bytes("Wisniewski"))
        #expect(SampleEncodedName("Wiśniewski").asciiUpper == bytes("WISNIEWSKI"))
        #expect(SampleEncodedName("Dvořák").mixed1252 == bytes("Dvor") + [0xE1, 0x6B])
        #expect(SampleEncodedName("Šťastný").mixed1252 == [0x8A] + bytes("tastn") + [0xFD])
        #expect(SampleEncodedName("Šťastný").mixedLatin1 == bytes("Stastn") + [0xFD])
        #expect(SampleEncodedName("Şahin").upperLatin1 == bytes("SAHIN"))
        #expect(SampleEncodedName("Ștefan").mixed1252 == bytes("Stefan"))
        #expect(SampleEncodedName("Nguyễn").asciiUpper == bytes("NGUYEN"))
        #expect(SampleEncodedName("Nguyễn").mixedUTF8 == bytes("Nguyễn"))
        #expect(SampleEncodedName("İbrahim").asciiUpper == bytes("IBRAHIM"))
        #expect(SampleEncodedName("Đặng").asciiUpper == bytes("DANG"))
        // Every surname in the bank is outside Latin-1 (forenames may be plain: Wojciech); none loses a
        // letter when folded.
        for name in SampleNonLatinNames.surnames { #expect(name.unicodeScalars.contains { $0.value > 0xFF }, "\(name) fits in Latin-1") }
        for name in SampleNonLatinNames.surnames + SampleNonLatinNames.maleForenames + SampleNonLatinNames.femaleForenames {
            let e = SampleEncodedName(name)
            #expect(e.asciiUpper.count == name.unicodeScalars.count && e.asciiUpper.allSatisfy { $0 >= 65 && $0 <= 90 }, "\(name)")
            #expect(e.mixedLatin1.count == name.unicodeScalars.count && e.mixed1252.count == name.unicodeScalars.count, "\(name)")
        }

        // In the set: the people given such names, and how each extract writes them.
        let w = f.world
        let nonLatin = w.people.indices.filter { w.people[$0].has(SampleFlag.nonLatin) }
        let listed = f.csv("truth/non_latin_people.csv").dropFirst().map { Int($0[0])! - 1 }
        #expect(listed == nonLatin)
        #expect(nonLatin.count > 150 && nonLatin.count < 260, "\(nonLatin.count) people with non-Latin names")
        #expect(nonLatin.allSatisfy { !w.people[$0].has(SampleFlag.finding) })
        let slips = self.slips
        let niche = f.bytes(f.file(.niche)), micase = f.bytes(f.file(.micase)), cozart = f.bytes(f.file(.cozart))
        let pnc = f.bytes(f.file(.pnc)), prison = f.bytes(f.file(.prison))
        var inUTF8 = 0, checked = 0
        for i in nonLatin {
            let p = w.people[i]
            let s = w.names.surname(p.surname)
            #expect(String(decoding: s.mixedUTF8, as: UTF8.self).unicodeScalars.contains { $0.value > 0xFF })
            if slips["niche:" + SampleText.nicheId(p.nicheId)] == nil {
                #expect(niche.contains(s.mixed1252) || niche.contains(s.upper1252), "Niche \(String(decoding: s.mixedUTF8, as: UTF8.self))")
                checked += 1
            }
            if p.hasPNC, slips["pnc:" + p.pnc.canonical] == nil { #expect(pnc.contains(s.asciiUpper)) }
            if micase.contains(s.mixedUTF8) || micase.contains(s.upperUTF8) || cozart.contains(s.mixedUTF8) || cozart.contains(s.upperUTF8) {
                if String(decoding: s.mixedUTF8, as: UTF8.self).unicodeScalars.contains(where: { $0.value > 0xFF }) { inUTF8 += 1 }
            }
        }
        #expect(checked > 50)
        #expect(inUTF8 >= 5, "non-Latin surnames written as they are in MiCase or Cozart: \(inUTF8)")
        // Single-byte and ASCII extracts never hold a UTF-8 sequence of a non-Latin letter.
        for (name, data) in [("Niche", niche), ("prison", prison)] {
            #expect(!data.contains([0xC5, 0x81]) && !data.contains([0xC5, 0x9B]), "\(name) holds UTF-8 Ł or ś")
        }
        for (name, data) in [("PNC", pnc), ("JTrack", f.bytes(f.file(.jtrack)))] {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.contains("Surname>") || line.contains("Forename") {
                #expect(line.utf8.allSatisfy { $0 < 0x80 }, "\(name): \(line)")
            }
        }
    }

    @Test("the nickname table: hand-written for the banks' forenames, never a name's own spelling")
    func nicknameTable() {
        let bank = Set(SampleNameBank.maleForenames + SampleNameBank.femaleForenames
            + SampleNonLatinNames.maleForenames + SampleNonLatinNames.femaleForenames)
        for (name, forms) in SampleNicknames.forms {
            #expect(bank.contains(name), "\(name) is not a bank forename")
            #expect(!forms.isEmpty && !forms.contains(name) && Set(forms).count == forms.count, "\(name): \(forms)")
        }
        // A few the brief names, and a few a shared table may lack.
        #expect(SampleNicknames.forms["James"]!.contains("Jim") && SampleNicknames.forms["Andrew"]!.contains("Andy"))
        #expect(SampleNicknames.forms["Nathan"]!.contains("Nate") && SampleNicknames.forms["William"]!.contains("Bill"))
        #expect(SampleNicknames.forms["Margaret"]!.contains("Peggy") && SampleNicknames.forms["Christine"]!.contains("Chris"))
        #expect(SampleNicknames.forms["Christopher"]!.contains("Chris") && SampleNicknames.forms["Gareth"]!.contains("Gaz"))
    }

    @Test("date-of-birth slips: a day out crosses month and year ends; never across the 18th birthday")
    func dateSlips() throws {
        let w = SampleExtractWriters(world: f.world, directory: "/nonexistent")
        let asOf = f.world.options.asOf
        var bits = SampleBits(1, 2)
        let newYear = Int32(CalendarDate(year: 1990, month: 12, day: 31)!.dayNumber)
        for _ in 0..<20 {
            let d = try #require(w.slippedDOB(.dobDay, newYear, &bits))
            #expect([CalendarDate(year: 1991, month: 1, day: 1)!, CalendarDate(year: 1990, month: 12, day: 30)!].contains(CalendarDate(dayNumber: Int(d))))
        }
        let leap = Int32(CalendarDate(year: 2000, month: 2, day: 28)!.dayNumber)
        let next = try #require(w.slippedDOB(.dobDay, leap, &bits))
        #expect([CalendarDate(year: 2000, month: 2, day: 29)!, CalendarDate(year: 2000, month: 2, day: 27)!].contains(CalendarDate(dayNumber: Int(next))))
        // Eighteen today: a day or a year later would make them seventeen, so only the earlier date is given.
        let eighteen = CalendarDate(year: asOf.year - 18, month: asOf.month, day: asOf.day)!
        for _ in 0..<20 {
            let d = CalendarDate(dayNumber: Int(try #require(w.slippedDOB(.dobDay, Int32(eighteen.dayNumber), &bits))))
            #expect(d.age(on: asOf) >= 18)
            let y = CalendarDate(dayNumber: Int(try #require(w.slippedDOB(.dobYear, Int32(eighteen.dayNumber), &bits))))
            #expect(y.year == eighteen.year - 1 && y.month == eighteen.month && y.day == eighteen.day)
            if let g = w.slippedDOB(.dobDigit, Int32(eighteen.dayNumber), &bits) {
                #expect(CalendarDate(dayNumber: Int(g)).age(on: asOf) >= 18)
            }
        }
        // Transposition only where it gives another valid date.
        #expect(w.slippedDOB(.dobDayMonth, Int32(CalendarDate(year: 1990, month: 3, day: 25)!.dayNumber), &bits) == nil)
        #expect(w.slippedDOB(.dobDayMonth, Int32(CalendarDate(year: 1990, month: 3, day: 3)!.dayNumber), &bits) == nil)
        #expect(w.slippedDOB(.dobDayMonth, Int32(CalendarDate(year: 1990, month: 3, day: 7)!.dayNumber), &bits)
                == Int32(CalendarDate(year: 1990, month: 7, day: 3)!.dayNumber))
        // Typos: never the first letter, never inside a UTF-8 sequence.
        for _ in 0..<200 {
            let name = Array("Wiśniewski".utf8)
            let t = try #require(SampleExtractWriters.slipTypo(name, &bits))
            #expect(t.first == name.first && String(validating: t, as: UTF8.self) != nil && Self.oneTypo(String(decoding: name, as: UTF8.self), String(decoding: t, as: UTF8.self)))
        }
        #expect(SampleExtractWriters.slipTypo(Array("Al".utf8), &bits) == nil)
    }
}
