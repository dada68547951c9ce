import Foundation

/// A seed file that is missing or malformed: names the file and, where known, the line and column (1-based).
public struct ReferenceDataError: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    public let line: Int?
    public let column: Int?
    public let message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s + ": " + message
    }
}

/// The product's reference tables, loaded from `seeds/` (see seeds/README.md).
public struct ReferenceData: Sendable {
    public let divisions: [Division]
    public let unitDivisions: UnitDivisionMap
    public let leadAgency: LeadAgencyTable
    public let markerWording: PPMarkerWording
    public let offences: OffenceCatalogue
    public let jtrackCohorts: JTrackCohorts
    /// Nicknames and short forms of given names, for the linker; empty when the force ships none.
    public let givenNameVariants: GivenNameVariants
    /// SHA-256 (hex) of each seed file read, by file name, for run provenance.
    public let seedDigests: [String: String]

    public static let divisionsFile = "divisions.csv"
    public static let unitDivisionsFile = "unit_divisions.csv"
    public static let leadAgencyFile = "lead_agency.csv"
    public static let markerWordingFile = "pp_marker_wording.csv"
    public static let offencesFile = "offences.csv"
    public static let jtrackCohortsFile = "jtrack_cohorts.csv"
    /// Optional: without it the linker knows no nicknames.
    public static let givenNameVariantsFile = "given_name_variants.csv"

    public init(divisions: [Division], unitDivisions: UnitDivisionMap, leadAgency: LeadAgencyTable,
                markerWording: PPMarkerWording, offences: OffenceCatalogue, jtrackCohorts: JTrackCohorts,
                givenNameVariants: GivenNameVariants = GivenNameVariants(pairs: []), seedDigests: [String: String] = [:]) {
        self.divisions = divisions
        self.unitDivisions = unitDivisions
        self.leadAgency = leadAgency
        self.markerWording = markerWording
        self.offences = offences
        self.jtrackCohorts = jtrackCohorts
        self.givenNameVariants = givenNameVariants
        self.seedDigests = seedDigests
    }

    /// The division with this code; `Division.unknown` for "UNKNOWN"; nil otherwise.
    public func division(code: String) -> Division? {
        let c = code.trimmedOfSpaces.uppercased()
        if c == Division.unknown.code { return .unknown }
        return divisions.first { $0.code == c }
    }

    /// Reads and checks every seed file in `seedsDirectory`. Throws `ReferenceDataError` on the first
    /// missing file, bad header, unreadable row, bad value or duplicate key.
    /// With `problems`, every table's and every row's problem is kept there and reading goes on (`validate`).
    public static func load(from seedsDirectory: String, problems: ConfigurationProblems? = nil) throws -> ReferenceData {
        try load(from: [seedsDirectory], problems: problems)
    }

    /// The folder each table is read from: the first of `folders` that holds it. A force's own folder
    /// comes first (its divisions and unit codes), the shared national tables after it.
    public static func folder(of file: String, in folders: [String]) -> String {
        let trimmed = folders.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        return trimmed.first { FileManager.default.fileExists(atPath: $0 + "/" + file) } ?? trimmed.first ?? "."
    }

    /// Every table from `folders`, each from the first folder that holds it (`folder(of:in:)`).
    public static func load(from folders: [String], problems: ConfigurationProblems? = nil) throws -> ReferenceData {
        func dir(_ file: String) -> String { folder(of: file, in: folders) }
        var digests: [String: String] = [:]

        // Divisions.
        var divisions: [Division] = []
        var divisionByCode: [String: Division] = [:]
        digests[divisionsFile] = try attempt(problems) { try SeedTable.read(dir(divisionsFile), divisionsFile, ["division", "name", "force_code"], problems: problems) { r in
            let code = try r.nonEmpty(0).uppercased()
            let name = try r.nonEmpty(1)
            let force = try r.nonEmpty(2)
            guard force.allSatisfy(\.isNumber) else { throw r.error(2, "force code \"\(force)\" is not a number") }
            guard code != Division.unknown.code else { throw r.error(0, "\(code) is reserved") }
            guard divisionByCode[code] == nil else { throw r.error(0, "duplicate division \(code)") }
            let d = Division(code: code, name: name)
            divisionByCode[code] = d
            divisions.append(d)
        } }

        // Unit codes → division.
        var units: [UnitDivisionEntry] = []
        var seenUnits = Set<String>()
        digests[unitDivisionsFile] = try attempt(problems) { try SeedTable.read(dir(unitDivisionsFile), unitDivisionsFile,
                                                        ["system", "unit_code", "division", "unit_name", "basis"], problems: problems) { r in
            let systemText = try r.nonEmpty(0)
            guard let system = SourceSystem(rawValue: systemText.lowercased()) else {
                throw r.error(0, "unknown system \"\(systemText)\"")
            }
            let code = try r.nonEmpty(1)
            let divCode = try r.nonEmpty(2).uppercased()
            guard let division = divisionByCode[divCode] else {
                throw r.error(2, "division \"\(divCode)\" is not in \(divisionsFile)")
            }
            let key = system.rawValue + "\u{0}" + UnitDivisionMap.normalise(code, system: system)
            guard seenUnits.insert(key).inserted else { throw r.error(1, "duplicate unit \(system.rawValue) \(code)") }
            units.append(UnitDivisionEntry(system: system, unitCode: code, division: division,
                                           unitName: r.value(3), basis: r.value(4)))
        } }

        // Lead agency.
        var rules: [LeadAgencyRule] = []
        var seenCells = Set<String>()
        digests[leadAgencyFile] = try attempt(problems) { try SeedTable.read(dir(leadAgencyFile), leadAgencyFile,
                                                     ["cohort", "statutory", "age_group", "strand", "lead_agency"], problems: problems) { r in
            let rule = LeadAgencyRule(cohort: try r.parse(0, CohortType.self), statutory: try r.flag(1),
                                      ageGroup: try r.parse(2, AgeGroup.self), strand: try r.parse(3, Strand.self),
                                      leadAgency: try r.parse(4, LeadAgency.self))
            let key = "\(rule.cohort.rawValue) \(rule.statutory) \(rule.ageGroup.rawValue) \(rule.strand.rawValue)"
            guard seenCells.insert(key).inserted else { throw r.error(0, "duplicate cell \(key)") }
            rules.append(rule)
        } }

        // PP marker wording.
        var wordings: [PPMarkerWordingRule] = []
        var seenPatterns = Set<String>()
        digests[markerWordingFile] = try attempt(problems) { try SeedTable.read(dir(markerWordingFile), markerWordingFile,
                                                        ["pattern", "cohort", "active", "standard_text"], problems: problems) { r in
            let pattern = PPMarkerWording.normalise(try r.nonEmpty(0))
            let words = pattern.split(separator: " ")
            guard words.count >= 3, words[0] == "PROLIFIC", words[1] == "OFFENDER" else {
                throw r.error(0, "pattern must be PROLIFIC OFFENDER and at least one more word")
            }
            let cohort = r.value(1).isEmpty ? nil : try r.parse(1, CohortType.self)
            let active = try r.flag(2)
            let standard = try r.nonEmpty(3)
            guard PPMarkerWording.normalise(standard).split(separator: " ").starts(with: words) else {
                throw r.error(3, "standard text does not start with the pattern \"\(pattern)\"")
            }
            guard seenPatterns.insert(pattern).inserted else { throw r.error(0, "duplicate pattern \(pattern)") }
            wordings.append(PPMarkerWordingRule(pattern: pattern, cohort: cohort, active: active, standardText: standard))
        } }

        // Offences.
        var offences: [OffenceEntry] = []
        var seenCodes = Set<String>()
        digests[offencesFile] = try attempt(problems) { try SeedTable.read(dir(offencesFile), offencesFile, ["cjs_code", "title", "trigger", "burglary"], problems: problems) { r in
            let code = OffenceCatalogue.normalise(try r.nonEmpty(0))
            guard code.count == 7 || code.count == 8,
                  code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
                throw r.error(0, "\"\(code)\" is not a CJS offence code")
            }
            guard seenCodes.insert(code).inserted else { throw r.error(0, "duplicate code \(code)") }
            offences.append(OffenceEntry(cjsCode: code, title: r.value(1), trigger: try r.flag(2), burglary: try r.flag(3)))
        } }

        // JTrack cohorts.
        var tracked = Set<CohortType>()
        var seenCohorts = Set<CohortType>()
        digests[jtrackCohortsFile] = try attempt(problems) { try SeedTable.read(dir(jtrackCohortsFile), jtrackCohortsFile, ["cohort", "tracked"], problems: problems) { r in
            let cohort = try r.parse(0, CohortType.self)
            guard seenCohorts.insert(cohort).inserted else { throw r.error(0, "duplicate cohort \(cohort.rawValue)") }
            if try r.flag(1) { tracked.insert(cohort) }
        } }

        // Given-name variants (optional).
        var variantPairs: [(name: String, variant: String)] = []
        if FileManager.default.fileExists(atPath: dir(givenNameVariantsFile) + "/" + givenNameVariantsFile) {
            digests[givenNameVariantsFile] = try attempt(problems) { try SeedTable.read(dir(givenNameVariantsFile), givenNameVariantsFile, ["name", "variant"], problems: problems) { r in
                let name = PersonName.normalise(try r.nonEmpty(0)), variant = PersonName.normalise(try r.nonEmpty(1))
                guard !name.isEmpty, !variant.isEmpty else { throw r.error(name.isEmpty ? 0 : 1, "not a name") }
                variantPairs.append((name, variant))
            } }
        }

        return ReferenceData(divisions: divisions, unitDivisions: UnitDivisionMap(entries: units),
                             leadAgency: LeadAgencyTable(rules: rules), markerWording: PPMarkerWording(rules: wordings),
                             offences: OffenceCatalogue(entries: offences), jtrackCohorts: JTrackCohorts(tracked: tracked),
                             givenNameVariants: GivenNameVariants(pairs: variantPairs), seedDigests: digests)
    }
}

/// Reading one seed CSV: header check, row-shape check, and field errors with line and column.
private enum SeedTable {
    struct Row {
        let file: String
        let line: Int
        let fields: [String]
        let columns: [String]

        func value(_ i: Int) -> String { fields[i].trimmedOfSpaces }

        func error(_ i: Int, _ message: String) -> ReferenceDataError {
            ReferenceDataError(file: file, line: line, column: i + 1, message: "\(columns[i]): \(message)")
        }

        func nonEmpty(_ i: Int) throws -> String {
            let v = value(i)
            if v.isEmpty { throw error(i, "empty") }
            return v
        }

        func flag(_ i: Int) throws -> Bool {
            switch value(i).uppercased() {
            case "Y": return true
            case "N": return false
            default: throw error(i, "\"\(value(i))\" is not Y or N")
            }
        }

        func parse<T: RawRepresentable>(_ i: Int, _ type: T.Type) throws -> T where T.RawValue == String {
            let v = value(i)
            if let t = T(rawValue: v) ?? T(rawValue: v.uppercased()) { return t }
            throw error(i, "unknown value \"\(v)\"")
        }
    }

    /// Reads `dir/name`, whose header must be exactly `columns`, calling `body` per data row.
    /// Returns the file's SHA-256.
    static func read(_ dir: String, _ name: String, _ columns: [String], problems: ConfigurationProblems? = nil,
                     _ body: (Row) throws -> Void) throws -> String {
        let path = dir + "/" + name
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path)
        } catch let e as CSVError {
            throw ReferenceDataError(file: path, message: e.message)
        }
        do {
            guard let header = try reader.readHeader() else {
                throw ReferenceDataError(file: path, line: 1, message: "empty file: expected header \(columns.joined(separator: ","))")
            }
            let found = header.map { $0.trimmedOfSpaces.lowercased() }
            for (i, c) in columns.enumerated() where i >= found.count || found[i] != c {
                throw ReferenceDataError(file: path, line: 1, column: i + 1,
                                         message: "expected header \(columns.joined(separator: ",")), found \(header.joined(separator: ","))")
            }
            if found.count > columns.count {
                throw ReferenceDataError(file: path, line: 1, column: columns.count + 1,
                                         message: "unexpected column \"\(header[columns.count])\"")
            }
            var rows = 0
            try reader.forEachRow { row, problem in
                if let problem {
                    throw ReferenceDataError(file: path, line: row.line, message: problem.description)
                }
                if row.count != columns.count {
                    throw ReferenceDataError(file: path, line: row.line, column: min(row.count, columns.count) + 1,
                                             message: "expected \(columns.count) fields, found \(row.count)")
                }
                for i in 0..<row.count where !row.isValidText(i) {
                    throw ReferenceDataError(file: path, line: row.line, column: i + 1, message: "invalid UTF-8")
                }
                rows += 1
                _ = try attempt(problems) { try body(Row(file: path, line: row.line, fields: row.strings(), columns: columns)) }
            }
            if rows == 0 {
                throw ReferenceDataError(file: path, line: 2, message: "no rows")
            }
        } catch let e as CSVError {
            throw ReferenceDataError(file: path, line: e.line, message: e.message)
        }
        return reader.sha256Hex
    }
}

