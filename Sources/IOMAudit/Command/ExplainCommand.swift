import Foundation

/// `iomaudit explain KEY`: a person's records, how each was linked and why, and their open findings,
/// from the current published run. KEY is a PNC ID in any accepted form or `system:record_id`.
enum ExplainCommand {
    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        let args = try ParsedArguments(arguments, command: "explain", options: ["pipeline", "out"], positionals: 1)
        guard let key = args.positionals.first else { throw UsageError(message: "name a PNC ID or system:record_id", command: "explain") }
        let out = try args.options["out"] ?? IOMAuditCommand.pipeline(args).out
        let storePath = (out as NSString).appendingPathComponent("current/store.sqlite")
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw IngestError(file: storePath, line: nil, field: nil, message: "no published run: run 'iomaudit run' first")
        }
        let db = try SQLiteDatabase(path: storePath)
        guard let master = try ExplainCommand.masterID(for: key, in: db) else {
            stdout("No record or PNC ID \"\(key)\" in the published run.")
            stdout(try ExplainCommand.hint(for: key, in: db))
            return .notFound
        }
        stdout(try ExplainCommand.explain(master: master, db: db))
        return .success
    }

    /// What to try instead: the same id under the systems that hold it, or what a key looks like.
    static func hint(for key: String, in db: SQLiteDatabase) throws -> String {
        let bare = key.firstIndex(of: ":").map { String(key[key.index(after: $0)...]) } ?? key
        let systems = try db.rows("SELECT DISTINCT system FROM links WHERE upper(record_id) = ? ORDER BY system", [Mapping.valueKey(bare)]).compactMap { $0.first ?? nil }
        if !systems.isEmpty {
            return "Did you mean " + systems.map { "\($0):\(bare)" }.joined(separator: " or ") + "? A record id is given with its system."
        }
        var text = "A key is a PNC ID in any accepted form (00/1082A, 2000/0001082A) or system:record_id (niche:N00000001, micase:MC100001); "
            + "the systems are \(SourceSystem.allCases.map(\.rawValue).joined(separator: ", "))."
        if let colon = key.firstIndex(of: ":"), SourceSystem(rawValue: key[..<colon].lowercased()) == nil {
            text += " \"\(key[..<colon])\" is not one of them."
        } else if key.contains("/"), case .failure(let why) = PNCIdentifier.parse(key) {
            text += " \"\(key)\" is not a valid PNC ID: \(why)."
        }
        return text
    }

    static func masterID(for key: String, in db: SQLiteDatabase) throws -> String? {
        if let pnc = PNCIdentifier(key) {
            if let m = try db.rows("SELECT master_id FROM nominals WHERE pnc_id = ?", [pnc.canonical]).first?.first { return m }
            return try db.rows("SELECT master_id FROM links WHERE record = ?", ["pnc:" + pnc.canonical]).first?.first ?? nil
        }
        guard let colon = key.firstIndex(of: ":") else { return nil }
        let system = key[..<colon].lowercased(), id = Mapping.valueKey(String(key[key.index(after: colon)...]))
        return try db.rows("SELECT master_id FROM links WHERE system = ? AND upper(record_id) = ?", [system, id]).first?.first ?? nil
    }

    static func explain(master: String, db: SQLiteDatabase) throws -> String {
        var lines: [String] = []
        let n = try db.rows("SELECT pnc_id, surname, forenames, date_of_birth, division, systems FROM nominals WHERE master_id = ?", [master]).first
        lines.append("Person \(master)")
        if let n {
            lines.append("  PNC ID \(n[0] ?? "none"); \(n[1] ?? "")\(n[2].map { ", " + $0 } ?? ""); born \(n[3] ?? "unknown"); division \(n[4] ?? "UNKNOWN"); held on \(n[5] ?? "")")
        }
        lines.append("\nRecords and how they were linked:")
        var records: [String] = []
        for l in try db.rows("SELECT record, system, record_id, method, score, matched_to, evidence FROM links WHERE master_id = ? ORDER BY system, record_id", [master]) {
            let schema = SourceSystem(rawValue: l[1] ?? "").map(CanonicalSchema.of)
            var origin = ""
            var identity = ""
            if let schema, let r = try db.rows("SELECT file, line, pnc_id, surname, forenames, date_of_birth FROM \(schema.table) WHERE record_id = ? LIMIT 1", [l[2]]).first {
                origin = " (\(r[0] ?? ""):\(r[1] ?? ""))"
                identity = "      PNC ID \(r[2] ?? "none"); \(r[3] ?? "")\(r[4].map { ", " + $0 } ?? ""); born \(r[5] ?? "unknown")"
            }
            let how = l[3] == RecordLink.Method.anchor.rawValue ? "anchor of this person"
                : "\(l[3] ?? "")\(l[4].map { " score " + $0 } ?? "") to \(l[5] ?? "?")"
            records.append(l[0] ?? "")
            lines.append("  \(l[0] ?? "")\(origin): \(how)")
            if !identity.isEmpty { lines.append(identity) }
            if let e = l[6], !e.isEmpty {
                if l[3] == RecordLink.Method.probabilistic.rawValue {
                    lines.append("      how the score adds up:")
                    lines += waterfall(e).map { "        " + $0 }
                } else {
                    lines.append("      evidence: \(e)")
                }
            }
        }
        // The person's own findings, and questions about one of their records raised against the person
        // it probably belongs to (an ID-REVIEW is listed under the person in scope).
        let marks = records.map { _ in "?" }.joined(separator: ", ")
        let findings = try db.rows("SELECT finding_id, code, system, owner, detail, status, first_seen, evidence FROM findings "
                                   + "WHERE (master_id = ? OR anchor IN (\(marks.isEmpty ? "''" : marks))) AND status IN ('NEW', 'OPEN', 'REOPENED') ORDER BY code",
                                   [master] + records.map { Optional($0) })
        lines.append("\nOpen findings: \(findings.isEmpty ? "none" : String(findings.count))")
        for f in findings {
            lines.append("  \(f[0] ?? "") \(f[5] ?? "") since \(f[6] ?? "?") [\(f[2] ?? "") / \(f[3] ?? "")] \(f[4] ?? "")")
            // An identity question shows the linker's arithmetic for the pair it asks about.
            if f[1] == IdentityQuestion.Kind.review.rawValue || f[1] == IdentityQuestion.Kind.conflict.rawValue, let e = f[7], e.contains("prior") {
                lines.append("      how the score adds up:")
                lines += waterfall(e.hasPrefix("linker: ") ? String(e.dropFirst(8)) : e).map { "        " + $0 }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The model's evidence text ("surname equal +13.9; …; prior −20.7; total +3.2 → probability 0.90")
    /// one comparison a line, weights in a column, as Splink's waterfall chart in text.
    static func waterfall(_ evidence: String) -> [String] {
        let parts = evidence.components(separatedBy: "; ")
        var rows: [(String, String)] = []
        for p in parts {
            // "label +1.2 (…)" → label and the rest from the sign on.
            if let r = p.range(of: #" [+−][0-9]"#, options: .regularExpression) {
                rows.append((String(p[..<r.lowerBound]), String(p[p.index(after: r.lowerBound)...])))
            } else {
                rows.append((p, ""))
            }
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.1.isEmpty ? $0.0 : $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
    }
}
