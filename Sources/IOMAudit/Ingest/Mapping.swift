import Foundation

public enum SourceFormat: String, Sendable { case csv, xml }

/// How one canonical field is found in a source layout and turned into a value.
public struct FieldMapping: Sendable {
    public let field: CanonicalField
    /// Column header (CSV) or path relative to the record element (XML).
    public let source: String
    public let required: Bool
    public let formats: [DatePattern]
    /// Source value (normalised by `valueKey`) → canonical value; nil means "treat as empty".
    public let values: [String: String?]
    public let split: UInt8?
    /// CSV only: every column the field takes, `source` first; more than one when a force keeps a field
    /// in several columns (FORENAME_1, FORENAME_2).
    public let columns: [String]
    /// How several columns make one value.
    public let combine: Combine

    public enum Combine: Sendable, Equatable {
        /// The non-blank cells joined with the separator (default one space).
        case join(String)
        /// The first non-blank cell.
        case firstNonBlank
    }

    init(field: CanonicalField, source: String, required: Bool, formats: [DatePattern], values: [String: String?], split: UInt8?,
         columns: [String]? = nil, combine: Combine = .join(" ")) {
        self.field = field; self.source = source; self.required = required; self.formats = formats
        self.values = values; self.split = split; self.columns = columns ?? [source]; self.combine = combine
    }
}

/// A repeated part of an XML record (PNC aliases, information markers).
public struct GroupMapping: Sendable {
    public let group: CanonicalGroup
    public let path: String
    public let fields: [FieldMapping]
}

/// One source layout, read from a JSON file in `Mappings/`. Onboarding a force's layout means
/// writing one of these; nothing in code knows a source's column names.
public struct Mapping: Sendable {
    public let name: String
    public let file: String
    public let system: SourceSystem
    public let description: String
    public let format: SourceFormat
    public let filePattern: String
    public let encoding: TextEncoding
    public let delimiter: UInt8
    public let recordElement: String?
    public let namespace: String?
    public let fields: [FieldMapping]
    public let groups: [GroupMapping]

    public var schema: CanonicalSchema { CanonicalSchema.of(system) }

    /// Said by `check` and logged by a run: what the records read through this mapping will lack.
    public var unmappedGroupsNote: String {
        "groups not mapped: \(unmappedGroups.joined(separator: ", "))"
            + (format == .csv ? " (a CSV layout has no repeated elements)" : "")
            + ": records read through \(name) carry none of them"
            + (unmappedGroups.contains("pncMarkers") ? ", so no PNC nominal has an information marker" : "")
    }

    /// The system's repeated groups this mapping does not fill (every group of a CSV layout, which has
    /// no repeated elements): their records carry none, and `check` and the run log say so.
    public var unmappedGroups: [String] {
        schema.groups.map(\.name).filter { g in !groups.contains { $0.group.name == g } }
    }

    /// Reads and checks a mapping file. With `problems`, every field's problem is kept there and the
    /// fields that are fine are read (`validate`); a problem that leaves nothing to read still throws.
    public static func load(path: String, problems: ConfigurationProblems? = nil) throws -> Mapping {
        let display = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MappingError(file: display, "cannot be read at \(path)")
        }
        do { try StrictJSON.check(data) } catch let p as StrictJSON.Problem {
            throw MappingError(file: display, "is not valid JSON: \(p)")
        }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw MappingError(file: display, "is not valid JSON (\(error.localizedDescription))")
        }
        return try parse(json, file: display, problems: problems)
    }

    static let topKeys: Set<String> = ["mapping", "system", "description", "format", "files", "encoding", "delimiter", "record", "namespace", "fields", "groups"]
    static let fieldKeys: Set<String> = ["column", "path", "required", "formats", "values", "split", "combine", "separator"]
    static let groupKeys: Set<String> = ["path", "fields"]

    static func parse(_ json: Any, file: String, problems: ConfigurationProblems? = nil) throws -> Mapping {
        guard let top = json as? [String: Any] else { throw MappingError(file: file, "must be a JSON object") }
        let r = Reader(file: file)
        try r.onlyKeys(top, topKeys, context: nil)
        let name = try r.string(top, "mapping", context: nil)
        let systemText = try r.string(top, "system", context: nil)
        guard let system = SourceSystem(rawValue: systemText.lowercased()) else {
            throw MappingError(file: file, "\"system\" must be one of \(SourceSystem.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(systemText)\"")
        }
        let formatText = try r.string(top, "format", context: nil)
        guard let format = SourceFormat(rawValue: formatText.lowercased()) else {
            throw MappingError(file: file, "\"format\" must be csv or xml, not \"\(formatText)\"")
        }
        let encodingText = try r.optionalString(top, "encoding", context: nil) ?? "utf-8"
        guard let encoding = TextEncoding(label: encodingText) else {
            throw MappingError(file: file, "\"encoding\" must be utf-8, windows-1252 or iso-8859-1, not \"\(encodingText)\"")
        }
        var delimiter = UInt8(ascii: ",")
        if let d = try r.optionalString(top, "delimiter", context: nil) {
            let bytes = d == "tab" || d == "\\t" ? [UInt8(9)] : Array(d.utf8)
            guard bytes.count == 1, bytes[0] != UInt8(ascii: "\""), bytes[0] != 10, bytes[0] != 13 else {
                throw MappingError(file: file, "\"delimiter\" must be one character (or \"tab\"), not \"\(d)\"")
            }
            delimiter = bytes[0]
        }
        let record = try r.optionalString(top, "record", context: nil)
        let namespace = try r.optionalString(top, "namespace", context: nil)
        switch format {
        case .xml:
            guard record != nil else { throw MappingError(file: file, "an XML mapping needs \"record\": the element that holds one record") }
        case .csv:
            if record != nil || namespace != nil { throw MappingError(file: file, "\"record\" and \"namespace\" are for XML mappings only") }
            if top["groups"] != nil { throw MappingError(file: file, "\"groups\" (repeated elements) are for XML mappings only") }
        }
        let schema = CanonicalSchema.of(system)
        guard let fieldsJSON = top["fields"] as? [String: Any] else {
            throw MappingError(file: file, "\"fields\" must be an object of canonical field name → how to read it")
        }
        var fields: [FieldMapping] = []
        for key in fieldsJSON.keys.sorted(by: { (schema.fieldIndex($0) ?? .max, $0) < (schema.fieldIndex($1) ?? .max, $1) }) {
            let f = try attempt(problems) { () throws -> FieldMapping in
                guard let f = schema.fields.first(where: { $0.name == key }) else {
                    throw MappingError(file: file, field: key, "is not a canonical \(system.rawValue) field; known fields: \(schema.fields.map(\.name).joined(separator: ", "))")
                }
                return try r.fieldMapping(fieldsJSON[key], field: f, format: format, context: key, implicitlyRequired: schema.idFields.contains(key))
            }
            if let f { fields.append(f) }
        }
        for id in schema.idFields where !fields.contains(where: { $0.field.name == id }) && fieldsJSON[id] == nil {
            _ = try attempt(problems) { throw MappingError(file: file, field: id, "is part of the record key and must be mapped") }
        }
        var groups: [GroupMapping] = []
        if let groupsJSON = top["groups"] {
            guard let g = groupsJSON as? [String: Any] else { throw MappingError(file: file, "\"groups\" must be an object") }
            for key in g.keys.sorted() { _ = try attempt(problems) {
                guard let group = schema.groups.first(where: { $0.name == key }) else {
                    throw MappingError(file: file, field: key, "is not a canonical \(system.rawValue) group; known groups: \(schema.groups.map(\.name).joined(separator: ", "))")
                }
                guard let spec = g[key] as? [String: Any] else { throw MappingError(file: file, field: key, "must be an object") }
                try r.onlyKeys(spec, groupKeys, context: key)
                let path = try r.string(spec, "path", context: key)
                let parsed = try r.xmlPath(path, context: key)
                if parsed.attribute != nil || parsed.elements.isEmpty {
                    throw MappingError(file: file, field: key, "a group's \"path\" names the repeated element, such as \"Aliases/Alias\", not \"\(path)\"")
                }
                guard let fj = spec["fields"] as? [String: Any] else { throw MappingError(file: file, field: key, "\"fields\" must be an object") }
                let gf = try fj.keys.sorted().compactMap { fk in
                    try attempt(problems) { () throws -> FieldMapping in
                        guard let f = group.fields.first(where: { $0.name == fk }) else {
                            throw MappingError(file: file, field: "\(key).\(fk)", "is not a field of group \(key); known: \(group.fields.map(\.name).joined(separator: ", "))")
                        }
                        return try r.fieldMapping(fj[fk], field: f, format: .xml, context: "\(key).\(fk)", implicitlyRequired: false)
                    }
                }
                groups.append(GroupMapping(group: group, path: path, fields: gf))
            } }
        }
        // A pattern names files in the input folder, never elsewhere: a '/' or '..' could reach any file.
        let pattern = try attempt(problems) { () throws -> String in
            let pattern = try r.string(top, "files", context: nil)
            if pattern.contains("/") || pattern.contains("\\") || pattern.contains("..") {
                throw MappingError(file: file, field: "files", "\"\(pattern)\" must name files in the input folder itself: no '/', '\\' or '..'")
            }
            return pattern
        } ?? ""
        return Mapping(name: name, file: file, system: system,
                       description: try r.optionalString(top, "description", context: nil) ?? "",
                       format: format, filePattern: pattern, encoding: encoding,
                       delimiter: delimiter, recordElement: record, namespace: namespace, fields: fields, groups: groups)
    }

    /// Case- and spacing-insensitive key for value maps and codes: upper case, runs of spaces made one,
    /// ends trimmed. ASCII is handled byte by byte; other text through the Unicode upper-casing.
    public static func valueKey(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var space = false
        for c in s.utf8 {
            if c >= 128 { return unicodeValueKey(s) }
            if c == 32 || c == 9 || c == 13 || c == 10 { space = !out.isEmpty; continue }
            if space { out.append(32); space = false }
            out.append(c >= 97 && c <= 122 ? c - 32 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unicodeValueKey(_ s: String) -> String {
        var out = ""
        var space = false
        for ch in s.uppercased() {
            if ch.isWhitespace { space = !out.isEmpty; continue }
            if space { out.append(" "); space = false }
            out.append(ch)
        }
        return out
    }

    /// Header matching: case- and space-insensitive.
    public static func headerKey(_ s: String) -> String {
        String(s.lowercased().filter { !$0.isWhitespace && $0 != "\u{FEFF}" })
    }

    /// JSON true/false; Foundation hands numbers and booleans back as NSNumber, told apart by type code.
    static func jsonBool(_ v: Any) -> Bool? {
        guard let n = v as? NSNumber, String(cString: n.objCType) == "c" else { return nil }
        return n.boolValue
    }

    /// Reads typed settings and names the field in every complaint.
    struct Reader {
        let file: String

        func onlyKeys(_ obj: [String: Any], _ allowed: Set<String>, context: String?) throws {
            for k in obj.keys.sorted() where !allowed.contains(k) {
                throw MappingError(file: file, field: context, "unknown setting \"\(k)\"; allowed: \(allowed.sorted().joined(separator: ", "))")
            }
        }

        func string(_ obj: [String: Any], _ key: String, context: String?) throws -> String {
            guard let v = try optionalString(obj, key, context: context), !v.isEmpty else {
                throw MappingError(file: file, field: context, "\"\(key)\" is required")
            }
            return v
        }

        /// An XML path, refused here, naming the field, rather than when the extract is read.
        func xmlPath(_ text: String, context: String) throws -> XMLPath {
            do { return try XMLPath(text) } catch { throw MappingError(file: file, field: context, error.description) }
        }

        func optionalString(_ obj: [String: Any], _ key: String, context: String?) throws -> String? {
            guard let v = obj[key], !(v is NSNull) else { return nil }
            guard let s = v as? String else { throw MappingError(file: file, field: context, "\"\(key)\" must be text") }
            return s
        }

        func fieldMapping(_ json: Any?, field: CanonicalField, format: SourceFormat, context: String, implicitlyRequired: Bool) throws -> FieldMapping {
            guard let spec = json as? [String: Any] else { throw MappingError(file: file, field: context, "must be an object such as {\"column\": \"…\"}") }
            try onlyKeys(spec, Mapping.fieldKeys, context: context)
            let sourceKey = format == .csv ? "column" : "path"
            let otherKey = format == .csv ? "path" : "column"
            if spec[otherKey] != nil { throw MappingError(file: file, field: context, "use \"\(sourceKey)\" in a \(format.rawValue) mapping, not \"\(otherKey)\"") }
            // A CSV field may take several columns: "column": ["FORENAME_1", "FORENAME_2"], joined by
            // "separator" (one space unless said) or, with "combine": "first", the first non-blank.
            var columns: [String]? = nil
            var combine = FieldMapping.Combine.join(" ")
            let source: String
            if let list = spec[sourceKey] as? [Any] {
                guard format == .csv else { throw MappingError(file: file, field: context, "several paths are not supported; an XML field takes one \"path\"") }
                guard !field.multiValued else { throw MappingError(file: file, field: context, "a field holding several values takes one column (use \"split\")") }
                let names = list.compactMap { $0 as? String }
                guard names.count == list.count, !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
                    throw MappingError(file: file, field: context, "\"column\" must be a column name or a list of column names")
                }
                guard Set(names.map(Mapping.headerKey)).count == names.count else {
                    throw MappingError(file: file, field: context, "\"column\" lists the same column twice")
                }
                columns = names
                source = names[0]
                switch spec["combine"] {
                case nil, is NSNull: break
                case let c as String where c == "join": break
                case let c as String where c == "first": combine = .firstNonBlank
                default: throw MappingError(file: file, field: context, "\"combine\" must be \"join\" or \"first\"")
                }
                if let sep = spec["separator"] {
                    guard let t = sep as? String, combine != .firstNonBlank else {
                        throw MappingError(file: file, field: context, "\"separator\" must be text, and only with \"combine\": \"join\"")
                    }
                    combine = .join(t)
                }
            } else {
                if spec["combine"] != nil || spec["separator"] != nil {
                    throw MappingError(file: file, field: context, "\"combine\" and \"separator\" are for a field taking several columns")
                }
                source = try string(spec, sourceKey, context: context)
                if format == .xml { _ = try xmlPath(source, context: context) }
            }
            var required = implicitlyRequired
            if let r = spec["required"] {
                guard let b = Mapping.jsonBool(r) else {
                    throw MappingError(file: file, field: context, "\"required\" must be true or false")
                }
                required = required || b
            }
            var formats: [DatePattern] = []
            if let f = spec["formats"] {
                guard field.kind.needsFormats else { throw MappingError(file: file, field: context, "\"formats\" is only for date fields") }
                guard let list = f as? [String], !list.isEmpty else { throw MappingError(file: file, field: context, "\"formats\" must be a list of date layouts such as [\"dd/MM/yyyy\"]") }
                do { formats = try list.map(DatePattern.init) } catch {
                    throw MappingError(file: file, field: context, "\(error)")
                }
            } else if field.kind.needsFormats {
                throw MappingError(file: file, field: context, "a date field needs \"formats\", e.g. [\"dd/MM/yyyy\", \"yyyy-MM-dd\"]")
            }
            var values: [String: String?] = [:]
            if let v = spec["values"] {
                guard let obj = v as? [String: Any] else { throw MappingError(file: file, field: context, "\"values\" must be an object of source value → canonical value") }
                // Keys are matched ignoring case and spacing, so two keys that differ only so must agree:
                // otherwise which one wins would follow the JSON object's order, which differs from run to run.
                var writtenAs: [String: String] = [:]
                for (k, target) in obj.sorted(by: { $0.key < $1.key }) {
                    let key = Mapping.valueKey(k)
                    defer { writtenAs[key] = k }
                    if target is NSNull {
                        if let other = writtenAs[key], values[key] != .some(nil) {
                            throw MappingError(file: file, field: context, "values \"\(other)\" and \"\(k)\" are the same source value (case and spaces are ignored) but map to different values")
                        }
                        values[key] = .some(nil); continue
                    }
                    let canonical: String
                    switch field.kind {
                    case .bool:
                        guard let b = Mapping.jsonBool(target) else {
                            throw MappingError(file: file, field: context, "value \"\(k)\" must map to true, false or null")
                        }
                        canonical = b ? "Y" : "N"
                    case .choice(let allowed):
                        guard let s = target as? String, allowed.contains(s) else {
                            throw MappingError(file: file, field: context, "value \"\(k)\" maps to \(target), which is not one of \(allowed.joined(separator: ", "))")
                        }
                        canonical = s
                    default:
                        guard let s = target as? String else { throw MappingError(file: file, field: context, "value \"\(k)\" must map to text or null") }
                        canonical = s
                    }
                    if let other = writtenAs[key], values[key] != .some(canonical) {
                        throw MappingError(file: file, field: context, "values \"\(other)\" and \"\(k)\" are the same source value (case and spaces are ignored) but map to different values")
                    }
                    values[key] = .some(canonical)
                }
            }
            var split: UInt8?
            if let s = spec["split"] {
                guard field.multiValued else { throw MappingError(file: file, field: context, "\"split\" is only for fields holding several values") }
                guard let t = s as? String, t.utf8.count == 1 else { throw MappingError(file: file, field: context, "\"split\" must be one character") }
                split = t.utf8.first
            }
            return FieldMapping(field: field, source: source, required: required, formats: formats, values: values, split: split,
                                columns: columns, combine: combine)
        }
    }
}
