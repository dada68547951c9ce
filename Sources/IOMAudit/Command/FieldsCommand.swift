/// `iomaudit fields`: the canonical fields a mapping fills, per system, as the Markdown table that
/// `Mappings/README.md` carries (a test keeps the two in step).
enum FieldsCommand {
    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        _ = try ParsedArguments(arguments, command: "fields", options: [])
        stdout(table)
        return .success
    }

    /// What a mapping gives for a field of this kind.
    static func kind(_ f: CanonicalField) -> String {
        let base: String
        switch f.kind {
        case .text: base = "text"
        case .code: base = "code (upper case, spaces collapsed)"
        case .name: base = "name"
        case .date: base = "date (needs \"formats\")"
        case .dateTime: base = "date and time (needs \"formats\")"
        case .bool: base = "yes/no (Y, Yes, True, 1 / N, No, False, 0, or \"values\")"
        case .pncID: base = "PNC ID"
        case .croNumber: base = "CRO number"
        case .prisonNumber: base = "prison number"
        case .choice(let allowed): base = "one of " + allowed.joined(separator: ", ")
        }
        return f.multiValued ? base + "; several per record" : base
    }

    static var table: String {
        var lines = ["| system | field | what the mapping gives | required | meaning |", "|---|---|---|---|---|"]
        for system in SourceSystem.allCases {
            let schema = CanonicalSchema.of(system)
            for f in schema.fields {
                let key = schema.idFields.contains(f.name) ? "yes (record key)" : ""
                lines.append("| \(system.rawValue) | `\(f.name)` | \(kind(f)) | \(key) | \(CanonicalSchema.note(system: system, field: f.name)) |")
            }
            for g in schema.groups {
                for f in g.fields {
                    lines.append("| \(system.rawValue) | `\(g.name).\(f.name)` | \(kind(f)); in the group's repeated element | | \(CanonicalSchema.note(system: system, field: "\(g.name).\(f.name)")) |")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
