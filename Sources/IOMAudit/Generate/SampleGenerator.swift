#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What to generate: how many resident people, the seed and the as-of date.
public struct SampleOptions: Sendable {
    public var people: Int = 2000
    public var seed: UInt64 = 1
    public var asOf: CalendarDate

    public init(people: Int = 2000, seed: UInt64 = 1, asOf: CalendarDate) {
        self.people = people
        self.seed = seed
        self.asOf = asOf
    }
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
        var builder = try SampleWorldBuilder(options: options)
        let world = try builder.build(options: options)
        try makeDirectory(directory)
        try makeDirectory(directory + "/truth")

        var writers = SampleExtractWriters(world: world, directory: directory)
        try writers.writePNC()
        try writers.writeNiche()
        try writers.writeMiCase()
        try writers.writeJTrack()
        try writers.writeCozart()
        try writers.writePrison()

        var truth = SampleTruthWriter(world: world, directory: directory + "/truth")
        try truth.writeFindings()
        try truth.writePeople()
        try truth.writeBrokenRows(writers.broken)
        try truth.writeReadme(extracts: writers.files, broken: writers.broken)

        var byCode: [String: Int] = [:]
        for f in world.findings { byCode[f.code, default: 0] += 1 }
        var background: [String: Int] = [:]
        for (k, v) in world.background { background[k] = v }
        return SampleSummary(files: writers.files + truth.files, injectedFindings: world.findings.count,
                             findingsByCode: byCode, backgroundIssues: background)
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
