#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// What to generate: how many resident people, the seed and the as-of date, and optionally the
/// volume of each other system (`volumes`; left empty, every volume is derived from `people` as it
/// always was, so `--people N` output is unchanged).
public struct SampleOptions: Sendable {
    public var people: Int = 2000
    public var seed: UInt64 = 1
    public var asOf: CalendarDate
    public var volumes = SampleVolumes()
    /// Share of records (in every system) that get one hand-entry slip (0 to 0.5; 0: none, and the
    /// output is byte-identical to a generator without slips). See `SampleSlipKind`.
    public var slipRate: Double = 0
    /// Share of people given a name outside Latin-1; nil: `defaultNonLatinShare` when there are slips,
    /// else none.
    public var nonLatinShare: Double? = nil
    /// Whose layouts the extracts are written in (`SampleOtherForce`); the world is the same either way.
    public var layout: SampleLayout = .westYorkshire

    static let defaultNonLatinShare = 0.015

    /// The share of people with names outside Latin-1 these options give.
    var effectiveNonLatinShare: Double { nonLatinShare ?? (slipRate > 0 ? SampleOptions.defaultNonLatinShare : 0) }

    public init(people: Int = 2000, seed: UInt64 = 1, asOf: CalendarDate) {
        self.people = people
        self.seed = seed
        self.asOf = asOf
    }

    /// A named profile (`force`, `tenth`) scaled by `scale` (1 = as named; tests use 0.001–0.01).
    public init(profile: SampleProfile, scale: Double = 1, seed: UInt64 = 1, asOf: CalendarDate) {
        self.init(people: 0, seed: seed, asOf: asOf)
        let f = profile.factor * scale
        func scaled(_ v: Int) -> Int { Int((Double(v) * f).rounded()) }
        people = max(200, scaled(SampleProfile.forceResidents))
        volumes = SampleVolumes(pncSubjects: scaled(SampleProfile.forcePNC), cases: max(1, scaled(SampleProfile.forceCases)),
                                drugTests: scaled(SampleProfile.forceTests), movements: scaled(SampleProfile.forceMovements))
    }

    /// The `iomaudit samples` options that reproduce these (for the truth README).
    var commandOptions: String {
        var slips = ""
        if slipRate > 0 { slips += " --slip-rate \(slipRate)" }
        if let share = nonLatinShare { slips += " --non-latin-share \(share)" }
        for p in SampleProfile.allCases {
            let o = SampleOptions(profile: p, seed: seed, asOf: asOf)
            if o.people == people, o.volumes == volumes { return "--profile \(p.rawValue)\(slips) --seed \(seed) --as-of \(asOf.iso)" }
        }
        var s = "--people \(people)"
        if let v = volumes.pncSubjects { s += " --pnc \(v)" }
        if let v = volumes.cases { s += " --cases \(v)" }
        if let v = volumes.drugTests { s += " --tests \(v)" }
        if let v = volumes.movements { s += " --movements \(v)" }
        return s + slips + " --seed \(seed) --as-of \(asOf.iso)"
    }
}

/// The layout set the extracts are written in.
public enum SampleLayout: String, Sendable, CaseIterable {
    /// West Yorkshire's: `Pipelines/nightly.json`.
    case westYorkshire = "west-yorkshire"
    /// An invented second force's: `Pipelines/other-force.json`.
    case otherForce = "other-force"
}

/// Per-system volume targets. Each one left nil is derived from the resident count as before
/// (PNC: about 80% of residents; MiCase: 3%; drug-tested people: 2%; people with prison movements: 1%).
/// Targets are approximate: the generator aims at them and the summary reports what it wrote.
public struct SampleVolumes: Sendable, Equatable {
    /// PNC subjects (people with a conviction); the background residents' PNC share is set to reach it.
    public var pncSubjects: Int?
    /// MiCase cohort cases (at least twice the cases that carry injected findings). Also sets the
    /// injected findings per code to cases / 100 (at least 2); JTrack follows the PPO and DYO cases.
    public var cases: Int?
    /// Cozart drug tests (about two per tested person).
    public var drugTests: Int?
    /// Prison movements (about 1.2 per person with any).
    public var movements: Int?

    public init(pncSubjects: Int? = nil, cases: Int? = nil, drugTests: Int? = nil, movements: Int? = nil) {
        self.pncSubjects = pncSubjects
        self.cases = cases
        self.drugTests = drugTests
        self.movements = movements
    }

    var isDefault: Bool { self == SampleVolumes() }
}

/// Named volume profiles: `force` is West Yorkshire at full scale (2.3 M residents, about three Niche
/// person records each), `tenth` one tenth of it.
public enum SampleProfile: String, Sendable, CaseIterable {
    case force, tenth

    static let forceResidents = 7_000_000  // Niche nominals (before duplicates and junk rows)
    static let forcePNC = 2_000_000
    static let forceCases = 5_000         // MiCase cases; JTrack gets about 0.45 of them
    static let forceTests = 50_000
    static let forceMovements = 20_000

    var factor: Double { self == .force ? 1 : 0.1 }
}

/// What was written: every file with its data rows and size, and the injected findings.
public struct SampleSummary: Sendable {
    /// Extracts first (in pipeline order), then the truth files; `rows` excludes header lines.
    public var files: [(name: String, rows: Int, bytes: Int)]
    public var injectedFindings: Int
    public var findingsByCode: [String: Int]
    /// Out-of-scope data-quality conditions (not findings, not in the truth), counted only.
    public var backgroundIssues: [String: Int]
}

/// Deterministic synthetic West Yorkshire force: six source extracts plus the truth about them.
/// Same options give byte-identical output.
public enum SampleGenerator {
    public static func write(to directory: String, options: SampleOptions) throws -> SampleSummary {
        if options.layout == .otherForce { return try writeOtherForce(to: directory, options: options) }
        // The builder (and its identity sets) is released before writing starts.
        let world = try self.world(options)
        try makeDirectory(directory)
        try makeDirectory(directory + "/truth")

        // Three independent writers at once (each file's bytes do not depend on the others or on
        // timing): PNC and JTrack; the four CSV extracts; the truth's findings and people.
        let jobs = SampleWriteJobs(world: world, directory: directory)
        DispatchQueue.concurrentPerform(iterations: 3) { jobs.run($0) }
        if let error = jobs.xmlError ?? jobs.csvError ?? jobs.truthError { throw error }
        let xml = jobs.xml!, csv = jobs.csv!
        var truth = jobs.truth!
        // Files in pipeline order: PNC, Niche, MiCase, JTrack, Cozart, prison.
        let files = [xml.files[0], csv.files[0], csv.files[1], xml.files[1], csv.files[2], csv.files[3]]
        let broken = xml.broken + csv.broken
        try truth.writeBrokenRows(broken)
        var slipCounts: [SampleSlipKind: (drawn: Int, harmless: Int)] = [:]
        if options.slipRate > 0 {
            let slips = (xml.slips + csv.slips).sorted { $0.record < $1.record }
            for s in slips {
                var c = slipCounts[s.kind] ?? (0, 0)
                if s.harmless { c.harmless += 1 } else { c.drawn += 1 }
                slipCounts[s.kind] = c
            }
            try truth.writeSlips(slips.map { ($0.record, $0.kind) })
        }
        if options.effectiveNonLatinShare > 0 { try truth.writeNonLatinPeople() }
        try truth.writeReadme(extracts: files, broken: broken, slips: slipCounts)

        var byCode: [String: Int] = [:]
        for f in world.findings { byCode[f.code, default: 0] += 1 }
        var background: [String: Int] = [:]
        for (k, v) in world.background { background[k] = v }
        return SampleSummary(files: files + truth.files, injectedFindings: world.findings.count,
                             findingsByCode: byCode, backgroundIssues: background)
    }

    /// The same world in the other force's layouts: West Yorkshire's extracts are written to a staging
    /// folder and rewritten value by value (`SampleOtherForce`); the truth follows, with the other
    /// force's divisions and file names.
    static func writeOtherForce(to directory: String, options: SampleOptions) throws -> SampleSummary {
        try makeDirectory(directory + "/truth")
        let staging = directory + "/.west-yorkshire-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        var westYorkshire = options
        westYorkshire.layout = .westYorkshire
        let summary = try write(to: staging, options: westYorkshire)
        let stamp = SampleWorld.stamp(options.asOf)
        let extracts = try SampleOtherForce.rewrite(from: staging, to: directory, stamp: stamp)
        var names: [String: String] = [:]
        for f in SampleFile.allCases { names[f.name(stamp)] = SampleOtherForce.fileName(f, stamp) }
        var truth: [(name: String, rows: Int, bytes: Int)] = []
        for f in summary.files where f.name.hasPrefix("truth/") {
            var text = try String(contentsOfFile: staging + "/" + f.name, encoding: .utf8)
            switch f.name {
            case "truth/findings.csv":
                // The division is the last column.
                text = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in
                    guard i > 0, let comma = line.lastIndex(of: ",") else { return String(line) }
                    return line[...comma] + SampleOtherForce.division(String(line[line.index(after: comma)...]))
                }.joined(separator: "\n")
            case "truth/broken_rows.csv", "truth/README.md":
                for (from, to) in names { text = text.replacingOccurrences(of: from, with: to) }
                if f.name == "truth/README.md" {
                    text = text.replacingOccurrences(of: "## The extracts", with: "## The extracts\n\nWritten in the other force's layouts (`--layout other-force`, read by "
                        + "`Pipelines/other-force.json`): the same world, values and lines as West Yorkshire's layouts of it, with the other "
                        + "force's file names, headers, encodings, date layouts and unit codes. The table below describes West Yorkshire's "
                        + "files it was rewritten from; divisions in findings.csv are the other force's (\(SampleOtherForce.divisions.map { "\($0.westYorkshire)→\($0.code)" }.joined(separator: ", "))).")
                }
            default: break
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + f.name))
            truth.append((f.name, f.rows, text.utf8.count))
        }
        var out = summary
        out.files = extracts + truth
        return out
    }

    /// The world alone, for tests.
    static func world(_ options: SampleOptions) throws -> SampleWorld {
        var builder = try SampleWorldBuilder(options: options)
        return try builder.build(options: options)
    }

    static func makeDirectory(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) != S_IFDIR { throw SampleGeneratorError("\(path): exists and is not a directory") }
            return
        }
        // Create parents first.
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectory(String(path[..<slash]))
        }
        if mkdir(path, 0o750) != 0, errno != EEXIST { throw SampleGeneratorError.system(path, "cannot create directory") }
    }
}

/// The writers `SampleGenerator.write` runs at once, each on its own copy-on-write view of the world;
/// every slot is written by exactly one job and read only after all have finished.
private final class SampleWriteJobs: @unchecked Sendable {
    let world: SampleWorld
    let directory: String
    var xml: SampleExtractWriters?
    var csv: SampleExtractWriters?
    var truth: SampleTruthWriter?
    var xmlError: Error?, csvError: Error?, truthError: Error?

    init(world: SampleWorld, directory: String) {
        self.world = world
        self.directory = directory
    }

    func run(_ job: Int) {
        switch job {
        case 0:
            do {
                var w = SampleExtractWriters(world: world, directory: directory)
                try w.writePNC()
                try w.writeJTrack()
                xml = w
            } catch { xmlError = error }
        case 1:
            do {
                var w = SampleExtractWriters(world: world, directory: directory)
                try w.writeNiche()
                try w.writeMiCase()
                try w.writeCozart()
                try w.writePrison()
                csv = w
            } catch { csvError = error }
        default:
            do {
                var t = SampleTruthWriter(world: world, directory: directory + "/truth")
                try t.writeFindings()
                try t.writePeople()
                truth = t
            } catch { truthError = error }
        }
    }
}
