import Foundation

/// `iomaudit validate [--pipeline P] [--json]`: reads a pipeline, every mapping it names and its
/// reference data, and reports every problem at once with file, line and field, without reading any
/// extract: what a force runs before its first night and in its own CI. What it accepts, a run's
/// configuration stage accepts; what a run would refuse as configuration, it refuses first.
enum ValidateCommand {
    struct Problem: Equatable {
        var file: String
        var line: Int?
        var field: String?
        var message: String

        var text: String {
            file + (line.map { ":\($0)" } ?? "") + ": " + (field.map { "\"\($0)\": " } ?? "") + message
        }

        var json: JSONValue {
            var o: [String: JSONValue] = ["file": .string(file), "message": .string(message)]
            o["line"] = line.map { .int($0) } ?? .null
            o["field"] = field.map { .string($0) } ?? .null
            return .object(o)
        }
    }

    struct Findings {
        var problems: [Problem] = []
        /// Things a run would do that the force may not intend; they do not fail validation.
        var notes: [String] = []
        /// Files read, in order.
        var files: [String] = []
    }

    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        let args = try ParsedArguments(arguments, command: "validate", options: ["pipeline"], flags: ["json"])
        let path = IOMAuditCommand.pipelinePath(args)
        let found = validate(pipeline: path)
        if args.flags.contains("json") {
            let o: JSONValue = .object([
                "pipeline": .string(path), "valid": .bool(found.problems.isEmpty),
                "problems": .array(found.problems.map(\.json)), "notes": .array(found.notes.map { .string($0) }),
                "files": .array(found.files.map { .string($0) }),
            ])
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            stdout(String(decoding: try enc.encode(o), as: UTF8.self))
        } else {
            for p in found.problems { stdout(p.text) }
            for n in found.notes { stdout("note: " + n) }
            let mappings = found.files.filter { $0.hasSuffix(".json") }.count - 1
            let tables = found.files.count - mappings - 1
            if found.problems.isEmpty {
                stdout("\(path): valid; \(max(mappings, 0)) mapping\(mappings == 1 ? "" : "s") and \(max(tables, 0)) reference table\(tables == 1 ? "" : "s") read, no extract read.")
            } else {
                let files = Set(found.problems.map(\.file)).count
                stdout("\(found.problems.count) problem\(found.problems.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s"): a run would refuse this configuration.")
            }
        }
        return found.problems.isEmpty ? .success : .configuration
    }

    /// Every problem of the pipeline at `path`, its mappings and its reference data.
    static func validate(pipeline path: String) -> Findings {
        var f = Findings()
        let full = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        f.files.append(full)
        let pipelineProblems = ConfigurationProblems()
        let pipeline: PipelineDefinition
        do {
            pipeline = try PipelineDefinition.load(path: full, problems: pipelineProblems)
        } catch {
            f.problems += problems([error], in: full)
            return f
        }
        f.problems += problems(pipelineProblems.found, in: full)

        var mappings: [(PipelineSource, Mapping)] = []
        for source in pipeline.sources {
            f.files.append(source.mappingPath)
            let found = ConfigurationProblems()
            do {
                let m = try Mapping.load(path: source.mappingPath, problems: found)
                if m.system != source.system {
                    // Its fields were read against the other system's fields: that list would only mislead.
                    let wrong = MappingError(file: m.file, field: "system", "is \(m.system.rawValue), but the pipeline lists this mapping under \(source.system.rawValue)")
                    f.problems += problems([wrong], in: source.mappingPath)
                    continue
                }
                mappings.append((source, m))
                if !m.unmappedGroups.isEmpty { f.notes.append("\(m.file): " + m.unmappedGroupsNote) }
            } catch {
                found.add(error)
            }
            f.problems += problems(found.found, in: source.mappingPath)
        }
        // Two sources whose patterns pick the same file: one system's extract would be read as another's.
        for (i, (a, ma)) in mappings.enumerated() {
            for (b, mb) in mappings[(i + 1)...] where glob(ma.filePattern, matches: example(mb.filePattern)) || glob(mb.filePattern, matches: example(ma.filePattern)) {
                f.problems.append(Problem(file: b.mappingPath, line: line(of: ["files"], in: b.mappingPath), field: "files",
                                          message: "\"\(mb.filePattern)\" and \(a.system.displayName)'s \"\(ma.filePattern)\" (\(ma.file)) can pick the same file; give each system its own pattern"))
            }
        }

        let referenceProblems = ConfigurationProblems()
        do {
            _ = try ReferenceData.load(from: pipeline.seeds, problems: referenceProblems)
        } catch {
            referenceProblems.add(error)
        }
        f.problems += problems(referenceProblems.found, in: pipeline.seeds.joined(separator: ", "))
        for name in [ReferenceData.divisionsFile, ReferenceData.unitDivisionsFile, ReferenceData.leadAgencyFile, ReferenceData.markerWordingFile,
                     ReferenceData.offencesFile, ReferenceData.jtrackCohortsFile, ReferenceData.givenNameVariantsFile] {
            let p = (ReferenceData.folder(of: name, in: pipeline.seeds) as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: p) { f.files.append(p) }
        }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: pipeline.input, isDirectory: &isDirectory) || !isDirectory.boolValue {
            f.notes.append("the input folder \(pipeline.input) does not exist here: a run on this machine needs --input")
        }
        return f
    }

    /// A file name the pattern picks: `*` and `?` filled in.
    static func example(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "*", with: "20261120").replacingOccurrences(of: "?", with: "1")
    }

    /// The problems as file, line and field; `file` is the file they were found in.
    static func problems(_ errors: [Error], in file: String) -> [Problem] {
        errors.map { error in
            switch error {
            case let e as MappingError:
                let keys: [[String]] = e.field.map { f in
                    let parts = f.split(separator: ".").map(String.init)
                    return parts.count == 2 ? [["groups", parts[0], "fields", parts[1]]] : [["fields", f], ["groups", f], [f]]
                } ?? []
                return Problem(file: file, line: keys.lazy.compactMap { line(of: $0, in: file) }.first ?? jsonLine(e.message), field: e.field, message: e.message)
            case let e as PipelineError:
                let key = e.setting.map { $0.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "").split(separator: ".").map(String.init) }
                return Problem(file: file, line: key.flatMap { line(of: $0, in: file) } ?? jsonLine(e.message), field: e.setting, message: e.message)
            case let e as ReferenceDataError:
                return Problem(file: e.file, line: e.line, field: nil, message: e.column.map { "column \($0): " + e.message } ?? e.message)
            default:
                return Problem(file: file, line: nil, field: nil, message: "\(error)")
            }
        }
    }

    /// Line of a key path in a JSON file; nil when it is not there (or the file is not valid JSON).
    static func line(of key: [String], in file: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return StrictJSON.keyLines(data)[key.joined(separator: "/")]
    }

    /// The line a "not valid JSON: line N, column C: …" message names.
    static func jsonLine(_ message: String) -> Int? {
        guard let r = message.range(of: "not valid JSON: line ") else { return nil }
        return Int(message[r.upperBound...].prefix { $0.isNumber })
    }
}
