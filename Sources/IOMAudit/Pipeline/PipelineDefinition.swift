import Foundation

/// A configuration problem in a pipeline file, named by file and setting.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let setting: String?
    public let message: String
    public var description: String {
        "pipeline \(file): " + (setting.map { "setting \"\($0)\": " } ?? "") + message
    }
}

/// One source a pipeline reads: which system, through which mapping, and whether the run may go on without it.
public struct PipelineSource: Sendable {
    public let system: SourceSystem
    public let mappingPath: String
    public let required: Bool
}

/// Tunables the audit rules and the guards read; defaults are the domain brief's.
public struct PipelineSettings: Sendable {
    public var releaseGracePeriodDays = 14
    public var deselectedWithinMonths = 12
    public var quarantineWarningShare = 0.01
    public var maxFieldBytes = 1 << 20
    /// Probabilistic links: a match probability at or above this is accepted.
    public var linkAcceptScore = 0.95
    /// Between this and the accept score a person must confirm the link (ID-REVIEW).
    public var linkReviewScore = 0.5
    /// Extract guard: an extract dated more than this many days before the as-of date is not used.
    public var maxExtractAgeDays = 7
    /// Extract guard: rows read may fall by at most this share since the last good run of that source.
    public var maxRowDropShare = 0.25
}

/// A pipeline file (`Pipelines/*.json`). Paths inside it are relative to the file itself, so the
/// repository can be cloned anywhere.
public struct PipelineDefinition: Sendable {
    public let name: String
    public let file: String
    public let description: String
    public let input: String
    public let out: String
    /// The reference data folders, searched in order for each table: a force's own folder first
    /// (divisions, unit codes), then shared ones. `"seeds"` is one folder or a list.
    public let seeds: [String]
    public let sources: [PipelineSource]
    public let settings: PipelineSettings

    static let topKeys: Set<String> = ["pipeline", "description", "input", "out", "seeds", "sources", "settings"]
    static let sourceKeys: Set<String> = ["system", "mapping", "required"]
    static let settingKeys: Set<String> = ["releaseGracePeriodDays", "deselectedWithinMonths", "quarantineWarningShare", "maxFieldBytes", "linkAcceptScore", "linkReviewScore", "maxExtractAgeDays", "maxRowDropShare"]

    /// Reads and checks a pipeline file. With `problems`, each source's and setting's problem is kept
    /// there and reading goes on (`validate`); a problem that leaves nothing to read still throws.
    public static func load(path given: String, problems: ConfigurationProblems? = nil) throws -> PipelineDefinition {
        // Absolute first, so every path derived from it reads cleanly in logs and summaries.
        let path = given.hasPrefix("/") ? given : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(given)
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(file: path, setting: nil, message: "cannot be read")
        }
        do { try StrictJSON.check(data) } catch let p as StrictJSON.Problem {
            throw PipelineError(file: name, setting: nil, message: "is not valid JSON: \(p)")
        }
        guard let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw PipelineError(file: name, setting: nil, message: "is not a JSON object")
        }
        func fail(_ setting: String?, _ message: String) -> PipelineError { PipelineError(file: name, setting: setting, message: message) }
        for k in top.keys.sorted() where !topKeys.contains(k) {
            _ = try attempt(problems) { throw fail(k, "unknown setting; allowed: \(topKeys.sorted().joined(separator: ", "))") }
        }
        let base = ((path as NSString).deletingLastPathComponent as NSString)
        func resolve(_ p: String) -> String {
            let full = p.hasPrefix("/") ? p : base.appendingPathComponent(p)
            return (full as NSString).standardizingPath
        }
        func text(_ key: String, default d: String? = nil) throws -> String {
            if let v = top[key] {
                guard let s = v as? String, !s.isEmpty else { throw fail(key, "must be text") }
                return s
            }
            if let d { return d }
            throw fail(key, "is required")
        }
        guard let list = top["sources"] as? [[String: Any]], !list.isEmpty else {
            throw fail("sources", "must be a non-empty list of {system, mapping, required}")
        }
        var sources: [PipelineSource] = []
        for (i, s) in list.enumerated() { _ = try attempt(problems) {
            let where_ = "sources[\(i)]"
            for k in s.keys.sorted() where !sourceKeys.contains(k) { throw fail("\(where_).\(k)", "unknown setting") }
            guard let sys = s["system"] as? String, let system = SourceSystem(rawValue: sys) else {
                throw fail("\(where_).system", "must be one of \(SourceSystem.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let mapping = s["mapping"] as? String else { throw fail("\(where_).mapping", "is required (path to a mapping file)") }
            var required = true
            if let r = s["required"] {
                guard let b = Mapping.jsonBool(r) else { throw fail("\(where_).required", "must be true or false") }
                required = b
            }
            if sources.contains(where: { $0.system == system }) { throw fail("\(where_).system", "\(sys) is listed twice") }
            sources.append(PipelineSource(system: system, mappingPath: resolve(mapping), required: required))
        } }
        var settings = PipelineSettings()
        if let st = top["settings"] {
            guard let obj = st as? [String: Any] else { throw fail("settings", "must be an object") }
            for k in obj.keys.sorted() where !settingKeys.contains(k) {
                _ = try attempt(problems) { throw fail("settings.\(k)", "unknown setting; allowed: \(settingKeys.sorted().joined(separator: ", "))") }
            }
            func int(_ k: String, _ range: ClosedRange<Int>) throws -> Int? {
                guard let v = obj[k] else { return nil }
                guard let n = v as? NSNumber, Mapping.jsonBool(v) == nil, let i = Int(exactly: n.doubleValue), range.contains(i) else {
                    throw fail("settings.\(k)", "must be a whole number in \(range.lowerBound)...\(range.upperBound)")
                }
                return i
            }
            if let v = try attempt(problems, { try int("releaseGracePeriodDays", 0...365) }) ?? nil { settings.releaseGracePeriodDays = v }
            if let v = try attempt(problems, { try int("deselectedWithinMonths", 0...120) }) ?? nil { settings.deselectedWithinMonths = v }
            if let v = try attempt(problems, { try int("maxFieldBytes", 1024...(1 << 30)) }) ?? nil { settings.maxFieldBytes = v }
            if let v = try attempt(problems, { try int("maxExtractAgeDays", 0...3650) }) ?? nil { settings.maxExtractAgeDays = v }
            func share(_ k: String) throws -> Double? {
                guard let v = obj[k] else { return nil }
                guard let n = v as? NSNumber, Mapping.jsonBool(v) == nil, (0...1).contains(n.doubleValue) else {
                    throw fail("settings.\(k)", "must be a number between 0 and 1")
                }
                return n.doubleValue
            }
            if let v = try attempt(problems, { try share("quarantineWarningShare") }) ?? nil { settings.quarantineWarningShare = v }
            if let v = try attempt(problems, { try share("linkAcceptScore") }) ?? nil { settings.linkAcceptScore = v }
            if let v = try attempt(problems, { try share("linkReviewScore") }) ?? nil { settings.linkReviewScore = v }
            if let v = try attempt(problems, { try share("maxRowDropShare") }) ?? nil { settings.maxRowDropShare = v }
            if settings.linkReviewScore > settings.linkAcceptScore {
                _ = try attempt(problems) { throw fail("settings.linkReviewScore", "must not be above linkAcceptScore") }
            }
        }
        var seeds = [resolve("seeds")]
        if let v = top["seeds"] {
            if let one = v as? String, !one.isEmpty { seeds = [resolve(one)] }
            else if let list = v as? [Any], !list.isEmpty, list.allSatisfy({ ($0 as? String).map { !$0.isEmpty } ?? false }) {
                seeds = list.map { resolve($0 as! String) }
            } else {
                throw fail("seeds", "must be a folder, or a list of folders searched in order (a force's own first)")
            }
        }
        return PipelineDefinition(
            name: try text("pipeline"), file: (path as NSString).standardizingPath,
            description: (top["description"] as? String) ?? "",
            input: resolve(try text("input", default: ".")), out: resolve(try text("out", default: "out")),
            seeds: seeds, sources: sources, settings: settings)
    }
}
