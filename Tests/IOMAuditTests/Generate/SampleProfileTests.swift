import Foundation
import Testing
@testable import IOMAudit

/// The force-scale profile (`samples --profile force|tenth`) and the per-system volume options.
@Suite("Sample generator: force profile and volumes")
struct GenerateProfileTests {
    static let asOf = SampleGeneratorFixture.asOf

    @Test("the committed Samples/ are byte for byte what --people 2000 --seed 20261121 makes")
    func committedSamplesUnchanged() throws {
        let f = SampleGeneratorFixture.shared
        let root = SampleGeneratorFixture.root + "/Samples"
        let fm = FileManager.default
        // Samples/other-force/ is the same world in the other force's layouts (TwoForcesTests checks it).
        let names = try fm.subpathsOfDirectory(atPath: root).filter { !$0.hasSuffix("truth") && !$0.hasPrefix("other-force") }.sorted()
        #expect(names == (try fm.subpathsOfDirectory(atPath: f.directory).filter { !$0.hasSuffix("truth") }.sorted()))
        for name in names {
            #expect(fm.contents(atPath: root + "/" + name) == fm.contents(atPath: f.directory + "/" + name), "Samples/\(name) differs")
        }
    }

    @Test("profiles: force has the force's volumes, tenth a tenth of them; --people alone derives them as before")
    func profileOptions() {
        let force = SampleOptions(profile: .force, seed: 1, asOf: Self.asOf)
        #expect(force.people == 7_000_000)
        #expect(force.volumes == SampleVolumes(pncSubjects: 2_000_000, cases: 5_000, drugTests: 50_000, movements: 20_000))
        let tenth = SampleOptions(profile: .tenth, seed: 1, asOf: Self.asOf)
        let scaled = SampleOptions(profile: .force, scale: 0.1, seed: 1, asOf: Self.asOf)
        #expect(tenth.people == 700_000 && tenth.volumes == scaled.volumes && tenth.people == scaled.people)
        #expect(tenth.volumes == SampleVolumes(pncSubjects: 200_000, cases: 500, drugTests: 5_000, movements: 2_000))
        #expect(force.commandOptions == "--profile force --seed 1 --as-of 2026-11-20")
        #expect(tenth.commandOptions == "--profile tenth --seed 1 --as-of 2026-11-20")
        let plain = SampleOptions(people: 2000, seed: 20261121, asOf: Self.asOf)
        #expect(plain.volumes.isDefault)
        #expect(plain.commandOptions == "--people 2000 --seed 20261121 --as-of 2026-11-20")
        let small = SampleOptions(profile: .force, scale: 0.001, seed: 5, asOf: Self.asOf)
        #expect(small.commandOptions == "--people 7000 --pnc 2000 --cases 5 --tests 50 --movements 20 --seed 5 --as-of 2026-11-20")
    }

    @Test("force profile at 1/100: Niche, PNC, drug tests and prison movements in the force's proportions, same messiness")
    func forceRatios() throws {
        let w = try SampleGenerator.world(SampleOptions(profile: .force, scale: 0.01, seed: 3, asOf: Self.asOf))
        #expect(w.residents == 70_000)
        let niche = w.residents + w.duplicates.count
        let pnc = w.people.filter(\.hasPNC).count
        func near(_ got: Int, _ want: Int, _ tolerance: Double) -> Bool { abs(Double(got - want)) <= tolerance * Double(want) }
        #expect(niche >= 70_000 && niche <= 70_700, "Niche nominals \(niche)")
        #expect(near(pnc, 20_000, 0.03), "PNC subjects \(pnc)")
        #expect(near(w.tests.count, 500, 0.15), "drug tests \(w.tests.count)")
        #expect(near(w.movements.count, 200, 0.15), "prison movements \(w.movements.count)")
        // 50 cases asked for; the cases that carry findings (2 per code) need about twice that.
        #expect(w.perCode == 2)
        #expect(w.members.count >= 50 && w.members.count <= 120, "MiCase cases \(w.members.count)")
        #expect(w.trackings.count > w.members.count / 4 && w.trackings.count < w.members.count, "JTrack \(w.trackings.count)")
        // Niche:PNC is about 3.5 here (the force's 7 M : 2 M), against 1.25 from --people alone.
        let ratio = Double(niche) / Double(pnc)
        #expect(ratio > 3.3 && ratio < 3.7, "Niche/PNC \(ratio)")
        // Same findings and messiness as the --people sets: every code, every background condition, junk rows.
        var codes = Set<String>()
        for f in w.findings { codes.insert(f.code) }
        #expect(codes.count == SampleCode.allCases.count)
        #expect(w.findings.count == 2 * SampleCode.allCases.count)
        for (name, count) in w.background { #expect(count > 0, "\(name)") }
        for kind in [SampleFile.niche, .micase, .cozart, .prison] {
            #expect(w.junk.filter { $0.file == kind }.count == 2, "\(kind)")
        }
        #expect(w.tests.contains { $0.broken != 0 } && w.movements.contains { $0.broken != 0 })
    }

    @Test("volume options alone reach their targets at --people 20000")
    func volumeOptions() throws {
        var o = SampleOptions(people: 20_000, seed: 4, asOf: Self.asOf)
        o.volumes = SampleVolumes(pncSubjects: 4_000, cases: 1_000, drugTests: 3_000, movements: 1_000)
        let w = try SampleGenerator.world(o)
        func near(_ got: Int, _ want: Int, _ tolerance: Double) -> Bool { abs(Double(got - want)) <= tolerance * Double(want) }
        #expect(near(w.people.filter(\.hasPNC).count, 4_000, 0.05))
        #expect(w.members.count == 1_000)
        #expect(w.perCode == 10)
        #expect(near(w.tests.count, 3_000, 0.1), "drug tests \(w.tests.count)")
        #expect(near(w.movements.count, 1_000, 0.1), "prison movements \(w.movements.count)")
        o.volumes.cases = 30_000
        #expect(throws: SampleGeneratorError.self) { try SampleGenerator.world(o) }
    }

    @Test("the command line: --profile with --scale, and the volume options the truth README names, give the same bytes")
    func commandLine() throws {
        let f = SampleGeneratorFixture.forceScaled
        let readme = String(decoding: f.bytes("truth/README.md"), as: UTF8.self)
        let made = "--people 7000 --pnc 2000 --cases 5 --tests 50 --movements 20 --seed 5 --as-of 2026-11-20"
        #expect(readme.contains("Made by `iomaudit samples --out DIR \(made)`"))
        #expect(readme.contains("7000 resident people (every one has a Niche nominal; "))
        let fm = FileManager.default
        for args in [["--profile", "force", "--scale", "0.001", "--seed", "5"], made.split(separator: " ").map(String.init)] {
            let dir = SampleGeneratorFixture.tempDirectory("cli")
            defer { try? fm.removeItem(atPath: dir) }
            let code = try SamplesCommand.run(["--out", dir] + args, stdout: { _ in })
            #expect(code == .success, "\(args)")
            for name in try fm.subpathsOfDirectory(atPath: f.directory) where !name.hasSuffix("truth") {
                #expect(fm.contents(atPath: dir + "/" + name) == fm.contents(atPath: f.directory + "/" + name), "\(args): \(name)")
            }
        }
        for bad in [["--profile", "county"], ["--scale", "0.5"], ["--profile", "force", "--scale", "2"]] {
            #expect(throws: UsageError.self, "\(bad)") { try SamplesCommand.run(["--out", "/nonexistent/x"] + bad, stdout: { _ in }) }
        }
    }
}
