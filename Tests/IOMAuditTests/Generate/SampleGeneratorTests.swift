import Foundation
import Testing
@testable import IOMAudit

/// The fixtures' directories, removed when the test process exits.
nonisolated(unsafe) private var sampleFixtureDirectories: [String] = []
private let sampleFixtureLock = NSLock()

/// Sample sets generated once and shared by the tests below: `shared` is the committed Samples'
/// options (--people 2000), `forceScaled` the force profile at 1/1000 (7,000 residents), `slipped` a
/// 2,000-person set with hand-entry slips on half the records and names outside Latin-1 for a tenth of
/// the people (high rates, so that a small set shows every kind).
final class SampleGeneratorFixture: Sendable {
    static let asOf = CalendarDate(year: 2026, month: 11, day: 20)!
    static let options = SampleOptions(people: 2000, seed: 20261121, asOf: asOf)
    static let shared = SampleGeneratorFixture(options: options, tag: "fixture")
    static let forceScaled = SampleGeneratorFixture(options: SampleOptions(profile: .force, scale: 0.001, seed: 5, asOf: asOf), tag: "force")
    static let slippedOptions: SampleOptions = {
        var o = SampleOptions(people: 2000, seed: 3, asOf: asOf)
        o.slipRate = 0.5
        o.nonLatinShare = 0.1
        return o
    }()
    static let slipped = SampleGeneratorFixture(options: slippedOptions, tag: "slips")

    /// Names for parametrised tests.
    static let names = ["people-2000", "force-1/1000", "slips-2000"]
    static func named(_ name: String) -> SampleGeneratorFixture {
        switch name {
        case "people-2000": return shared
        case "force-1/1000": return forceScaled
        default: return slipped
        }
    }

    let directory: String
    let options: SampleOptions
    let summary: SampleSummary
    let world: SampleWorld
    /// record id → person number, from truth/people.csv.
    let personOfRecord: [String: Int]

    private init(options: SampleOptions, tag: String) {
        directory = SampleGeneratorFixture.tempDirectory(tag)
        self.options = options
        summary = try! SampleGenerator.write(to: directory, options: options)
        world = try! SampleGenerator.world(options)
        var map: [String: Int] = [:]
        for row in SampleGeneratorFixture.csv(directory + "/truth/people.csv").dropFirst() { map[row[1]] = Int(row[0])! }
        personOfRecord = map
        sampleFixtureLock.withLock {
            if sampleFixtureDirectories.isEmpty {
                atexit {
                    for d in sampleFixtureDirectories { try? FileManager.default.removeItem(atPath: d) }
                }
            }
            sampleFixtureDirectories.append(directory)
        }
    }

    static func tempDirectory(_ tag: String) -> String {
        let base = FileManager.default.temporaryDirectory.path + "/iomaudit-samples-\(tag)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        return base
    }

    func bytes(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: directory + "/" + name)!)
    }

    func file(_ kind: SampleFile) -> String { kind.name("20261120") }

    /// CSV rows as strings per field (simple RFC 4180 split; single-byte encodings read as Latin-1).
    func csv(_ name: String, utf8: Bool = true) -> [[String]] {
        SampleGeneratorFixture.csv(directory + "/" + name, utf8: utf8)
    }

    static func csv(_ path: String, utf8: Bool = true) -> [[String]] {
        var data = [UInt8](FileManager.default.contents(atPath: path)!)
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        let text = utf8 ? String(decoding: data, as: UTF8.self) : String(data.map { Character(Unicode.Scalar($0)) })
        var rows: [[String]] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var fields: [String] = [], cur = "", quoted = false
            var it = Array(line).makeIterator()
            var pending: Character? = nil
            while let c = pending ?? it.next() {
                pending = nil
                if quoted {
                    if c == "\"" {
                        if let n = it.next() {
                            if n == "\"" { cur.append("\"") } else { quoted = false; pending = n }
                        } else { quoted = false }
                    } else { cur.append(c) }
                } else if c == "\"" {
                    quoted = true
                } else if c == "," {
                    fields.append(cur); cur = ""
                } else if c != "\r" {
                    cur.append(c)
                }
            }
            fields.append(cur)
            rows.append(fields)
        }
        return rows
    }

    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("package root not found")
    }()

    /// Runs a mapping over extract bytes as the ingestor does, without a store.
    static func load(_ mapping: Mapping, _ data: [UInt8]) throws -> [RowOutcome] {
        try outcomes(mapping, "", bytes: data)
    }
}

@Suite("Sample generator")
struct GenerateSamplesTests {
    /// The committed-samples fixture, for the tests that are not parametrised.
    let f = SampleGeneratorFixture.shared

    @Test("same options give byte-identical files; another seed differs")
    func determinism() throws {
        let a = SampleGeneratorFixture.tempDirectory("a"), b = SampleGeneratorFixture.tempDirectory("b"), c = SampleGeneratorFixture.tempDirectory("c")
        let options = SampleOptions(people: 2000, seed: 7, asOf: SampleGeneratorFixture.asOf)
        _ = try SampleGenerator.write(to: a, options: options)
        _ = try SampleGenerator.write(to: b, options: options)
        var other = options
        other.seed = 8
        _ = try SampleGenerator.write(to: c, options: other)
        let fm = FileManager.default
        let names = try fm.subpathsOfDirectory(atPath: a).sorted()
        #expect(names == (try fm.subpathsOfDirectory(atPath: b).sorted()))
        for name in names where !name.hasSuffix("truth") {
            #expect(fm.contents(atPath: a + "/" + name) == fm.contents(atPath: b + "/" + name), "\(name) differs between runs")
        }
        let niche = SampleFile.niche.name("20261120")
        #expect(fm.contents(atPath: a + "/" + niche) != fm.contents(atPath: c + "/" + niche))
        for d in [a, b, c] { try? fm.removeItem(atPath: d) }
    }

    @Test("all six extracts and the truth files are written", arguments: SampleGeneratorFixture.names)
    func filesWritten(_ fixture: String) {
        let f = SampleGeneratorFixture.named(fixture)
        let slips = f.options.slipRate > 0 ? ["truth/slips.csv", "truth/non_latin_people.csv"] : []
        let expected = SampleFile.allCases.map { f.file($0) } +
            ["truth/findings.csv", "truth/people.csv", "truth/broken_rows.csv"] + slips + ["truth/README.md"]
        for name in expected {
            #expect(FileManager.default.fileExists(atPath: f.directory + "/" + name), "\(name) missing")
        }
        #expect(f.summary.files.map(\.name) == expected)
        #expect(f.summary.files.allSatisfy { $0.bytes > 0 })
        #expect(!FileManager.default.fileExists(atPath: f.directory + "/" + f.file(.niche) + ".tmp"))
    }

    @Test("every finding code of the domain catalogue is injected at least twice", arguments: SampleGeneratorFixture.names)
    func everyCode(_ fixture: String) {
        let f = SampleGeneratorFixture.named(fixture)
        let rows = f.csv("truth/findings.csv")
        #expect(rows.first == ["code", "anchor", "record_ids", "pnc_id", "division"])
        var counts: [String: Int] = [:]
        for r in rows.dropFirst() { counts[r[0], default: 0] += 1 }
        for code in SampleCode.allCases { #expect((counts[code.code] ?? 0) >= 2, "\(code.code)") }
        #expect(counts.count == SampleCode.allCases.count)
        #expect(f.summary.findingsByCode == counts)
        // Sorted by code then anchor, anchors unique, one finding per person.
        let keys = rows.dropFirst().map { $0[0] + "\u{1}" + $0[1] }
        #expect(keys == keys.sorted())
        let persons = f.personOfRecord
        let subjects = rows.dropFirst().map { persons[$0[1]] }
        #expect(subjects.allSatisfy { $0 != nil })
        #expect(Set(subjects.compactMap { $0 }).count == subjects.count)
        for r in rows.dropFirst() {
            #expect(["BD", "CD", "KD", "LD", "WD"].contains(r[4]))
            #expect(r[2].split(separator: ";").map(String.init).contains(r[1]))
            if !r[3].isEmpty { #expect(PNCIdentifier(r[3])?.canonical == r[3]) }
        }
    }

    @Test("every PNC ID written is valid, an ID-PNC-INVALID anchor, or belongs to someone out of scope", arguments: SampleGeneratorFixture.names)
    func pncIDs(_ fixture: String) {
        let f = SampleGeneratorFixture.named(fixture)
        let anchors = Set(f.csv("truth/findings.csv").dropFirst().filter { $0[0] == "ID-PNC-INVALID" }.map { $0[1] })
        let persons = f.personOfRecord
        var written: [(record: String, pnc: String)] = []
        for r in f.csv(f.file(.niche), utf8: false).dropFirst() where r.count == 9 && !r[0].isEmpty {
            written.append(("niche:" + r[0], r[1]))
        }
        for r in f.csv(f.file(.micase)).dropFirst() where r.count == 17 && !r[0].isEmpty {
            written.append(("micase:" + r[0], r[1]))
        }
        for r in f.csv(f.file(.cozart)).dropFirst() where r.count == 17 && !r[0].isEmpty {
            written.append(("cozart:" + r[0], r[4]))
        }
        for r in f.csv(f.file(.prison), utf8: false).dropFirst() where r.count == 10 && !r[0].isEmpty {
            let d = r[6].contains("/") ? String(r[6].suffix(4) + "-" + r[6].dropFirst(3).prefix(2) + "-" + r[6].prefix(2)) : r[6]
            written.append(("prison:" + r[0] + "@" + d, r[1]))
        }
        let jtrack = String(decoding: f.bytes(f.file(.jtrack)), as: UTF8.self)
        var current = ""
        for line in jtrack.split(separator: "\n") {
            if let r = line.range(of: "id=\"") { current = "jtrack:" + line[r.upperBound...].prefix(8) }
            if line.contains("<PNCId>") {
                written.append((current, String(line.split(separator: ">")[1].split(separator: "<")[0])))
            }
        }
        var invalid = 0, checked = 0
        for (record, text) in written where !text.isEmpty {
            checked += 1
            if PNCIdentifier(text) != nil { continue }
            invalid += 1
            guard let person = persons[record] else { Issue.record("\(record) not in people.csv"); continue }
            if anchors.contains(record) { continue }
            #expect(!f.world.inScope(person - 1), "\(record) carries invalid PNC ID \(text) for an in-scope person")
        }
        #expect(checked > 1000)
        #expect(invalid >= anchors.count)
        // PNC subjects: all valid.
        let pnc = String(decoding: f.bytes(f.file(.pnc)), as: UTF8.self)
        for line in pnc.split(separator: "\n") where line.contains("<PNCID>") {
            let text = String(line.split(separator: ">")[1].split(separator: "<")[0])
            #expect(PNCIdentifier(text) != nil, "PNC nominal with invalid ID \(text)")
        }
    }

    @Test("Niche is Windows-1252 with CRLF; MiCase starts with a BOM; prison is single-byte", arguments: SampleGeneratorFixture.names)
    func encodings(_ fixture: String) {
        let f = SampleGeneratorFixture.named(fixture)
        let niche = f.bytes(f.file(.niche))
        #expect(niche.contains(0x92) || niche.contains(0xE9))
        #expect(niche.contains(0x92) && niche.contains(0xE9) && niche.contains(0xEB))
        // No UTF-8 multi-byte sequence: a lead byte followed by as many continuation bytes as it needs
        // (Windows-1252 "Tomáš" has á 0xE1 then š 0x9A, but not the second continuation byte 0xE1 needs).
        // The one exception: a Windows-1252 capital with an accent followed by Š, Ž, Œ or the like, which a
        // name outside Latin-1 stored in Windows-1252 can hold (KŘÍŽ is written KRÍŽ: 0xCD 0x8E).
        var lineStart = 0
        for i in 0..<(niche.count - 1) {
            if niche[i] == 10 { lineStart = i + 1 }
            guard niche[i] >= 0xC2 && niche[i] <= 0xF4 else { continue }
            let need = niche[i] < 0xE0 ? 1 : niche[i] < 0xF0 ? 2 : 3
            guard i + need < niche.count, (1...need).allSatisfy({ niche[i + $0] >= 0x80 && niche[i + $0] <= 0xBF }) else { continue }
            let id = String(decoding: niche[lineStart...].prefix { $0 != 44 }, as: UTF8.self)
            let person = f.personOfRecord["niche:" + id].map { f.world.people[$0 - 1] }
            #expect(person?.has(SampleFlag.nonLatin) == true, "UTF-8 sequence in Windows-1252 Niche row \(id)")
        }
        var lf = 0, crlf = 0
        for i in niche.indices where niche[i] == 10 { lf += 1; if i > 0 && niche[i - 1] == 13 { crlf += 1 } }
        #expect(lf > 2000 && lf == crlf)
        let micase = f.bytes(f.file(.micase))
        #expect(micase.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(validating: micase, as: UTF8.self) != nil)
        let prison = f.bytes(f.file(.prison))
        #expect(!prison.contains(0x92))
        for name in [f.file(.pnc), f.file(.jtrack), f.file(.cozart)] {
            #expect(String(validating: f.bytes(name), as: UTF8.self) != nil, "\(name) is not UTF-8")
        }
    }

    @Test("XML: PNC carries the default namespace and owner units; JTrack has none; text is escaped", arguments: SampleGeneratorFixture.names)
    func xml(_ fixture: String) {
        let f = SampleGeneratorFixture.named(fixture)
        let pnc = String(decoding: f.bytes(f.file(.pnc)), as: UTF8.self)
        #expect(pnc.contains("<PNCExtract xmlns=\"urn:wyp:iom:pnc-extract:1\""))
        #expect(pnc.contains("<Subject owner=\"13LD\">"))
        #expect(pnc.contains("&apos;") && pnc.contains("&amp;"))
        #expect(!pnc.contains("O'"))
        let jtrack = String(decoding: f.bytes(f.file(.jtrack)), as: UTF8.self)
        #expect(!jtrack.contains("xmlns"))
        #expect(jtrack.contains("<TrackedOffender id=\"JT"))
    }

    @Test("every extract loads through its mapping; quarantined and issue rows are exactly the listed broken rows", arguments: SampleGeneratorFixture.names)
    func loadsThroughMappings(_ fixture: String) throws {
        let f = SampleGeneratorFixture.named(fixture)
        let broken = f.csv("truth/broken_rows.csv").dropFirst()
        let persons = f.personOfRecord
        let anchors = Set(f.csv("truth/findings.csv").dropFirst().filter { $0[0] == "ID-PNC-INVALID" }.map { $0[1] })
        let croAnchors = Set(f.csv("truth/findings.csv").dropFirst().filter { $0[0] == "ID-CRO-INVALID" }.map { $0[1] })
        let mappings = ["pnc-subjects-xml", "niche-nominals-csv", "micase-cases-csv", "jtrack-tracking-xml",
                        "cozart-tests-csv", "prison-movements-csv"]
        for kind in SampleFile.allCases {
            let name = f.file(kind)
            let mapping = try Mapping.load(path: SampleGeneratorFixture.root + "/Mappings/\(mappings[kind.rawValue]).json")
            var quarantined = Set<Int>(), withIssue = Set<Int>(), loaded = 0
            for outcome in try SampleGeneratorFixture.load(mapping, f.bytes(name)) {
                switch outcome {
                case .quarantined(let q):
                    quarantined.insert(q.line)
                case .record(let r):
                    loaded += 1
                    let record = "\(mapping.system.rawValue):\(r.recordID)"
                    guard let person = persons[record] else { Issue.record("\(record) not in people.csv"); continue }
                    for issue in r.issues {
                        switch issue.code {
                        case "BAD-DATE", "BAD-VALUE": withIssue.insert(r.origin.line)
                        case "ID-PNC-INVALID":
                            #expect(anchors.contains(record) || !f.world.inScope(person - 1), "\(record): \(issue.value)")
                        case "ID-CRO-INVALID":
                            #expect(croAnchors.contains(record) || !f.world.inScope(person - 1), "\(record): \(issue.value)")
                        case "BAD-ENCODING" where f.world.people[person - 1].has(SampleFlag.nonLatin):
                            // A name outside Latin-1 in Windows-1252 that happens to be valid UTF-8 (KRÍŽ:
                            // 0xCD 0x8E): the loader's mis-declared-UTF-8 check reads it so. Known, see
                            // SampleNonLatinNames.
                            break
                        default:
                            Issue.record("\(record): unexpected field issue \(issue.code) \(issue.field) \(issue.value)")
                        }
                    }
                }
            }
            let mine = broken.filter { $0[0] == name }
            #expect(quarantined == Set(mine.filter { $0[2] == "quarantined" }.map { Int($0[1])! }), "\(name)")
            #expect(withIssue == Set(mine.filter { $0[2] == "loaded-with-issue" }.map { Int($0[1])! }), "\(name)")
            #expect(loaded == f.summary.files[kind.rawValue].rows - quarantined.count, "\(name)")
        }
    }

    @Test("ID-REVIEW: the married-surname Niche nominal has no PNC ID but carries the person's own CRO number", arguments: SampleGeneratorFixture.names)
    func reviewCarriesCRO(_ fixture: String) throws {
        let f = SampleGeneratorFixture.named(fixture)
        let anchors = f.csv("truth/findings.csv").dropFirst().filter { $0[0] == "ID-REVIEW" }.map { $0[1] }
        #expect(anchors.count >= 2)
        let niche = Dictionary(f.csv(f.file(.niche), utf8: false).dropFirst().filter { $0.count == 9 }.map { ("niche:" + $0[0], $0) },
                               uniquingKeysWith: { a, _ in a })
        for anchor in anchors {
            let row = try #require(niche[anchor])
            let p = f.world.people[try #require(f.personOfRecord[anchor]) - 1]
            #expect(p.hasCRO && p.hasPNC)
            #expect(row[1].isEmpty, "\(anchor) carries a PNC ID")
            #expect(CRONumber(row[2])?.canonical == p.cro.canonical, "\(anchor): CRO \(row[2]), person's \(p.cro.canonical)")
            #expect(PersonName.normalise(row[3]) != f.world.names.surnameKey(p.surname), "\(anchor) is under the person's own surname")
        }
        let readme = String(decoding: f.bytes("truth/README.md"), as: UTF8.self)
        #expect(readme.contains("ID-REVIEW: the person's Niche nominal is under a married surname"))
    }

    @Test("broken rows point at the rows they describe", arguments: SampleGeneratorFixture.names)
    func brokenRows(_ fixture: String) {
        let f = SampleGeneratorFixture.named(fixture)
        let rows = f.csv("truth/broken_rows.csv").dropFirst()
        #expect(!rows.isEmpty)
        var kinds: [String: Set<String>] = [:]
        for r in rows {
            let lines = f.csv(r[0], utf8: !r[0].hasPrefix("niche") && !r[0].hasPrefix("prison"))
            let line = Int(r[1])!
            let header = lines[0].count
            let row = lines[line - 1]
            kinds[r[0], default: []].insert(r[3].hasPrefix("ragged") ? "ragged" : r[3].hasPrefix("no ") ? "key" : r[3].hasPrefix("unparseable") ? "date" : "value")
            if r[3].hasPrefix("ragged") {
                #expect(row.count < header && r[2] == "quarantined")
            } else if r[3].hasPrefix("no ") {
                #expect(row.count == header && row[0].isEmpty && r[2] == "quarantined")
            } else {
                #expect(row.count == header && !row[0].isEmpty && r[2] == "loaded-with-issue")
            }
        }
        for kind in [SampleFile.niche, .micase, .cozart, .prison] {
            #expect(kinds[f.file(kind)] == ["ragged", "key", "date", "value"], "\(f.file(kind))")
        }
    }

    @Test("people.csv lists every record once", arguments: SampleGeneratorFixture.names)
    func people(_ fixture: String) {
        let f = SampleGeneratorFixture.named(fixture)
        let rows = f.csv("truth/people.csv").dropFirst()
        let records = rows.map { $0[1] }
        #expect(Set(records).count == records.count)
        let niche = f.csv(f.file(.niche), utf8: false).dropFirst().filter { $0.count == 9 && !$0[0].isEmpty }
        #expect(niche.allSatisfy { f.personOfRecord["niche:" + $0[0]] != nil })
        #expect(records.filter { $0.hasPrefix("niche:") }.count == niche.count)
        #expect(records.filter { $0.hasPrefix("micase:") }.count == f.world.members.count)
    }

    @Test("the built-in lead agency table equals seeds/lead_agency.csv")
    func leadAgencyTable() throws {
        let text = try String(contentsOfFile: SampleGeneratorFixture.root + "/seeds/lead_agency.csv", encoding: .utf8)
        var n = 0
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let c = line.split(separator: ",").map(String.init)
            let got = sampleExpectedLead(CohortType(rawValue: c[0])!, statutory: c[1] == "Y",
                                         age: AgeGroup(rawValue: c[2])!, strand: Strand(rawValue: c[3])!)
            #expect(got.rawValue == c[4], "\(line)")
            n += 1
        }
        #expect(n == 48)
    }

    @Test("PP marker texts read as intended against the agreed wordings")
    func markerWordings() {
        let reader = PPMarkerWording(rules: [
            PPMarkerWordingRule(pattern: "PROLIFIC OFFENDER PPO PREMIUM SERVICE REQUIRED", cohort: .ppo, active: true,
                                standardText: "Prolific Offender - PPO Premium Service Required. Contact"),
            PPMarkerWordingRule(pattern: "PROLIFIC OFFENDER IOM", cohort: .iom, active: true, standardText: "Prolific Offender - IOM Contact"),
            PPMarkerWordingRule(pattern: "PROLIFIC OFFENDER REMOVED", cohort: nil, active: false, standardText: "Prolific Offender - REMOVED"),
            PPMarkerWordingRule(pattern: "PROLIFIC OFFENDER DEREGISTERED NO PREMIUM SERVICE REQUIRED", cohort: nil, active: false,
                                standardText: "Prolific Offender - DEREGISTERED. No Premium Service Required. Contact"),
        ])
        for d in 0..<5 {
            for v in 0..<5 {
                #expect(reader.read(SampleText.marker(.ppo, variant: v, division: d)) == .marker(cohort: .ppo, active: true, standardWording: true))
                #expect(reader.read(SampleText.marker(.iom, variant: v, division: d)) == .marker(cohort: .iom, active: true, standardWording: true))
            }
            for v in SampleText.ppoWording.indices {
                #expect(reader.read(SampleText.marker(.ppoWording, variant: v, division: d)) == .marker(cohort: .ppo, active: true, standardWording: false))
            }
            for v in SampleText.iomWording.indices {
                #expect(reader.read(SampleText.marker(.iomWording, variant: v, division: d)) == .marker(cohort: .iom, active: true, standardWording: false))
            }
            #expect(reader.read(SampleText.marker(.removed, variant: 0, division: d)) == .marker(cohort: nil, active: false, standardWording: true))
            #expect(reader.read(SampleText.marker(.deregistered, variant: 0, division: d)) == .marker(cohort: nil, active: false, standardWording: true))
        }
        for text in SampleText.infoMarkers { #expect(reader.read(text) == .notPPMarker) }
    }

    @Test("name banks: normalised names unique; outside and married surnames never in the main bank")
    func nameBanks() {
        let main = SampleNameBank.surnames.map { PersonName.normalise($0) }
        #expect(Set(main).count == main.count)
        let extra = (SampleNameBank.visitorSurnames + SampleNameBank.marriedSurnames).map { PersonName.normalise($0) }
        #expect(Set(extra).count == extra.count)
        #expect(Set(main).isDisjoint(with: extra))
        for bank in [SampleNameBank.maleForenames, SampleNameBank.femaleForenames] {
            let keys = bank.map { PersonName.normalise($0) }
            #expect(Set(keys).count == keys.count)
        }
        // Every bank name reads the same after normalisation in each encoding used.
        for name in SampleNameBank.surnames + SampleNameBank.femaleForenames + SampleNameBank.maleForenames {
            let e = SampleEncodedName(name)
            let fromASCII = PersonName.normalise(String(decoding: e.asciiUpper, as: UTF8.self))
            let from1252 = PersonName.normalise(String(e.mixed1252.map { $0 == 0x92 ? "’" : Character(Unicode.Scalar($0)) }))
            #expect(fromASCII == PersonName.normalise(name) && from1252 == fromASCII, "\(name)")
        }
    }

    @Test("world invariants: scope, uniqueness of identifiers")
    func worldInvariants() {
        let w = f.world
        var pnc = Set<PNCIdentifier>(), cro = Set<String>(), prison = Set<[UInt8]>()
        for (i, p) in w.people.enumerated() {
            if p.hasPNC { #expect(pnc.insert(p.pnc).inserted) }
            if p.hasCRO { #expect(cro.insert(p.cro.canonical).inserted) }
            #expect(prison.insert(w.prisonNumber(Int32(i))).inserted)
            let age = CalendarDate(dayNumber: Int(p.dob)).age(on: SampleGeneratorFixture.asOf)
            #expect((10...70).contains(age))
        }
        let members = Double(w.members.count) / Double(w.residents)
        #expect(members > 0.025 && members < 0.1)
        #expect(w.findings.count >= 44)
    }
}
