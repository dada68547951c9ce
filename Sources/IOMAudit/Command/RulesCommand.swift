import Foundation

/// `iomaudit rules [--json]`: the finding catalogue as a force reads it before its first night: each
/// code, what it means, the systems it reads, the system and agency that must change, and how its
/// findings reach a division.
enum RulesCommand {
    /// How a rule's findings are given a division (`DivisionAttribution`).
    static func attribution(_ e: RuleEntry) -> String {
        e.code == "TEST-UNLINKED"
            ? "the division of the custody suite where the test was taken (its test site code)"
            : "the person's division: the MiCase hub for cohort members, else the Niche owning unit, PNC owner unit, prison release area, JTrack area, drug test site"
    }

    static func reads(_ e: RuleEntry) -> [String] {
        let systems = SourceSystem.allCases.filter(e.rule.requiredSystems.contains)
        return systems.isEmpty ? ["any system (the record's own)"] : systems.map(\.displayName)
    }

    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        let args = try ParsedArguments(arguments, command: "rules", options: [], flags: ["json"])
        if args.flags.contains("json") {
            let list: [JSONValue] = RuleCatalogue.entries.map { e in
                .object(["code": .string(e.code), "severity": .string(e.severity.rawValue), "meaning": .string(e.summary),
                         "reads": .array(reads(e).map { .string($0) }), "systemToChange": .string(e.changes.description),
                         "agency": .string(e.owner), "division": .string(attribution(e))])
            }
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            stdout(String(decoding: try enc.encode(JSONValue.array(list)), as: UTF8.self))
            return .success
        }
        var lines = ["\(RuleCatalogue.entries.count) finding codes. A finding is evaluated only when the systems it reads were loaded; otherwise it is 'not evaluated', never 'corrected'.", ""]
        for e in RuleCatalogue.entries {
            lines.append("\(e.code) (\(e.severity.rawValue))")
            lines.append("  means:      \(e.summary)")
            lines.append("  reads:      \(reads(e).joined(separator: ", "))")
            lines.append("  to change:  \(e.changes.description)")
            lines.append("  who:        \(e.owner)")
            lines.append("  division:   \(attribution(e))")
            lines.append("")
        }
        stdout(lines.joined(separator: "\n"))
        return .success
    }
}
