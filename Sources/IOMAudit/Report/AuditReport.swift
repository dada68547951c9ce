import Foundation

/// A report that cannot be produced: no history, no run in the month asked for. Nothing is written.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// One published run as the report sees it.
public struct ReportRun: Hashable, Sendable {
    public let runID: String
    public let asOf: CalendarDate
}

/// A division as the report shows it: seeded divisions in seed order, then any other code found in the
/// history, then `UNKNOWN` as "Unattributed".
public struct ReportDivision: Hashable, Sendable {
    public let code: String
    public let name: String
}

/// One finding row of the history (one run), without names: the subject is its PNC ID and record ids.
public struct ReportFinding: Hashable, Sendable {
    public let findingID: String
    public let code: String
    public let severity: String
    public let division: String
    /// `SourceSystem` raw value as stored (pnc, niche, …).
    public let system: String
    public let owner: String
    public let pncID: String?
    /// `system:id` list as stored (`;`-separated).
    public let recordIDs: String
    public let masterID: String?
    /// What is wrong and what to change.
    public let detail: String
    public let status: String
    public let firstSeen: String
    public let ageDays: Int

    /// "PNC", "Niche", … for display.
    public var systemName: String { SourceSystem(rawValue: system)?.displayName ?? system }

    /// Catalogue order, then severity, then oldest first: the order a data manager works through.
    static func workOrder(_ a: ReportFinding, _ b: ReportFinding) -> Bool {
        let sa = severityRank(a.severity), sb = severityRank(b.severity)
        if sa != sb { return sa < sb }
        if a.ageDays != b.ageDays { return a.ageDays > b.ageDays }
        let ca = codeRank(a.code), cb = codeRank(b.code)
        if ca != cb { return ca < cb }
        return a.findingID < b.findingID
    }

    static func severityRank(_ s: String) -> Int { ["HIGH": 0, "MEDIUM": 1, "LOW": 2][s] ?? 3 }

    static func codeRank(_ code: String) -> Int { RuleCatalogue.codes.firstIndex(of: code) ?? RuleCatalogue.codes.count }
}

/// A subject's name and date of birth from the run's own store: only for the per-division list pages.
public struct NominalIdentity: Hashable, Sendable {
    public let surname: String
    public let forenames: String
    /// ISO `yyyy-MM-dd` as stored, or nil.
    public let dateOfBirth: String?

    /// "SURNAME, Forenames".
    public var displayName: String {
        [surname, forenames].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// "dd/MM/yyyy", or the stored text when it is not an ISO date.
    public var displayDateOfBirth: String {
        guard let d = dateOfBirth else { return "" }
        return CalendarDate(iso: d)?.britishShort ?? d
    }
}

/// The seven counts the report gives for the force, a division, or a division's code and system.
/// Comparisons with last month are nil when there was no run last month.
public struct ReportCounts: Hashable, Sendable {
    public var open = 0
    public var openLastMonth: Int?
    public var newThisMonth: Int?
    public var corrected: Int?
    public var notEvaluated: Int?
    public var openOver30Days = 0
    public var openOver90Days = 0

    /// The measures in display order: CSV column, HTML/Markdown heading, and the value (nil: no run).
    public static let measures: [(column: String, heading: String)] = [
        ("open", "Open now"),
        ("open_last_month", "Open last month"),
        ("new_this_month", "New this month"),
        ("corrected", "Corrected since last month"),
        ("not_evaluated", "Not evaluated"),
        ("open_over_30_days", "Open over 30 days"),
        ("open_over_90_days", "Open over 90 days"),
    ]

    public var values: [Int?] { [open, openLastMonth, newThisMonth, corrected, notEvaluated, openOver30Days, openOver90Days] }
}

/// One month's Data Systems Audit Report, computed from the finding history: this month's last run
/// against last month's last run.
public struct AuditReport: Sendable {
    /// A finding open last month that this month's run no longer raises.
    public struct Closed: Hashable, Sendable {
        /// The finding as last month's run raised it (its division, code and system count).
        public let finding: ReportFinding
        /// The last thing the history says about it up to this month's run: CORRECTED or NOT-EVALUATED.
        public let outcome: String
        /// As-of date of the run that said so.
        public let on: String
    }

    public struct TrendPoint: Hashable, Sendable {
        public let month: ReportMonth
        /// The month's last run; nil: no run that month (a gap in the trend).
        public let run: ReportRun?
        /// Open findings by division code in that run.
        public let openByDivision: [String: Int]

        public func open(_ division: String?) -> Int? {
            guard run != nil else { return nil }
            guard let division else { return openByDivision.values.reduce(0, +) }
            return openByDivision[division] ?? 0
        }
    }

    public let month: ReportMonth
    public let run: ReportRun
    /// Last month's last run; nil: none (comparisons show "no run").
    public let previous: ReportRun?
    public let divisions: [ReportDivision]
    /// Findings open in this month's run.
    public let open: [ReportFinding]
    /// Findings open in last month's run.
    public let openLastMonth: [ReportFinding]
    /// Ids open now and not open in last month's run (empty when there was no run last month).
    public let newIDs: Set<String>
    public let corrected: [Closed]
    public let notEvaluated: [Closed]
    /// Twelve months ending with this one, oldest first.
    public let trend: [TrendPoint]
    /// Names and dates of birth by master id; empty when redacted.
    public let identities: [String: NominalIdentity]
    public let redacted: Bool
    /// Set when the run's store could not be read for names (the lists then show none).
    public let identityNote: String?
    /// The unit codes this month's run found that the reference data maps to no division, commonest
    /// first (from the run's manifest): why findings are Unattributed, and what to add to fix it.
    public var unmappedCodes: [UnmappedUnitCode] = []

    public struct UnmappedUnitCode: Hashable, Sendable {
        public let system: SourceSystem
        public let field: String
        public let code: String
        public let rows: Int
    }

    /// One sentence for the report's division totals; nil when every code mapped.
    public var unmappedCodesSummary: String? {
        guard !unmappedCodes.isEmpty else { return nil }
        let shown = unmappedCodes.prefix(5).map { "\($0.system.displayName) \($0.code) (\($0.rows) record\($0.rows == 1 ? "" : "s"))" }
        let more = unmappedCodes.count - shown.count
        return "This month's extracts carried \(unmappedCodes.count) unit code\(unmappedCodes.count == 1 ? "" : "s") that the force's "
            + "reference data does not map to a division, so findings that rest on them may be Unattributed: "
            + shown.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
            + ". Adding them to \(ReferenceData.unitDivisionsFile) attributes them from the next run."
    }

    /// The unmapped codes of a run, commonest first, read from `runs/RUN/manifest.json`; none when the
    /// manifest is missing or names none.
    static func unmappedCodes(out: String, run: ReportRun) -> [UnmappedUnitCode] {
        let path = (((out as NSString).appendingPathComponent("runs") as NSString).appendingPathComponent(run.runID) as NSString)
            .appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path), let manifest = try? JSONDecoder().decode(RunManifest.self, from: data) else { return [] }
        return manifest.sources.flatMap { s in (s.unmappedCodes ?? []).map { UnmappedUnitCode(system: s.system, field: $0.field, code: $0.code, rows: $0.rows) } }
            .sorted { ($0.rows, $1.system.rawValue, $1.code) > ($1.rows, $0.system.rawValue, $0.code) }
    }

    /// Counts for the force (division nil), a division, or a division's code and system.
    public func counts(division: String? = nil, code: String? = nil, system: String? = nil) -> ReportCounts {
        func matches(_ f: ReportFinding) -> Bool {
            (division == nil || f.division == division) && (code == nil || f.code == code) && (system == nil || f.system == system)
        }
        var c = ReportCounts()
        for f in open where matches(f) {
            c.open += 1
            if f.ageDays > 30 { c.openOver30Days += 1 }
            if f.ageDays > 90 { c.openOver90Days += 1 }
        }
        if previous != nil {
            c.openLastMonth = openLastMonth.filter(matches).count
            c.newThisMonth = open.filter { matches($0) && newIDs.contains($0.findingID) }.count
            c.corrected = corrected.filter { matches($0.finding) }.count
            c.notEvaluated = notEvaluated.filter { matches($0.finding) }.count
        }
        return c
    }

    /// The (code, system) pairs a division's table lists: every pair with anything to count, in
    /// catalogue order.
    public func codeSystems(division: String?) -> [(code: String, system: String)] {
        var keys = Set<String>()
        var pairs: [(code: String, system: String)] = []
        let all = open + openLastMonth + corrected.map(\.finding) + notEvaluated.map(\.finding)
        for f in all where division == nil || f.division == division {
            if keys.insert(f.code + "\u{1}" + f.system).inserted { pairs.append((f.code, f.system)) }
        }
        return pairs.sorted { a, b in
            let ra = ReportFinding.codeRank(a.code), rb = ReportFinding.codeRank(b.code)
            if ra != rb { return ra < rb }
            if a.code != b.code { return a.code < b.code }
            let sa = SourceSystem(rawValue: a.system), sb = SourceSystem(rawValue: b.system)
            if let sa, let sb, sa != sb { return sa < sb }
            return a.system < b.system
        }
    }

    /// This month's open findings of one division, in work order.
    public func openFindings(division: String) -> [ReportFinding] {
        open.filter { $0.division == division }.sorted(by: ReportFinding.workOrder)
    }

    public func division(named code: String) -> ReportDivision {
        divisions.first { $0.code == code } ?? ReportDivision(code: code, name: code)
    }
}

/// Reads `OUT/history.sqlite` (and the month's run store for names) into an `AuditReport`.
public enum AuditReportLoader {
    static let openList = HistorySchema.openStatuses.map { "'\($0)'" }.joined(separator: ",")

    /// - Parameters:
    ///   - out: the pipeline's out folder (holds `history.sqlite` and `runs/`).
    ///   - divisions: the seeded divisions, in the order the report lists them.
    ///   - redact: leave names and dates of birth out (they are then not even read).
    public static func load(out: String, month: ReportMonth, divisions seeded: [Division], redact: Bool) throws -> AuditReport {
        let historyPath = (out as NSString).appendingPathComponent(HistorySchema.fileName)
        guard FileManager.default.fileExists(atPath: historyPath) else {
            throw ReportError(message: "no finding history at \(historyPath): run 'iomaudit run' first, or name the folder with --out")
        }
        let db = try SQLiteDatabase(path: historyPath)
        let runs = try db.rows("SELECT run_id, as_of FROM runs ORDER BY as_of, run_id").compactMap { r -> ReportRun? in
            guard let id = r[0], let d = r[1].flatMap(CalendarDate.init(iso:)) else { return nil }
            return ReportRun(runID: id, asOf: d)
        }
        // The last run of each month.
        var lastRun: [ReportMonth: ReportRun] = [:]
        for r in runs { lastRun[ReportMonth(r.asOf)] = r }
        guard let run = lastRun[month] else {
            let months = lastRun.keys.sorted().map(\.iso)
            let known = months.isEmpty ? "the history holds no runs" : "runs exist for " + months.suffix(13).joined(separator: ", ")
            throw ReportError(message: "no published run in \(month.label) (\(month.iso)) in \(historyPath); \(known)")
        }
        let previous = lastRun[month.previous]

        let open = try findings(db, run: run.runID, statuses: "status IN (\(openList))")
        let openLast = try previous.map { try findings(db, run: $0.runID, statuses: "status IN (\(openList))") } ?? []
        let openIDs = Set(open.map(\.findingID))
        let lastIDs = Set(openLast.map(\.findingID))
        let newIDs = previous == nil ? [] : openIDs.subtracting(lastIDs)

        // Open last month, not open now: corrected when the last thing the history says about it in
        // (last month's run, this month's run] is CORRECTED; otherwise not evaluated (a missing extract,
        // or corrected then raised again and then not evaluated), never counted as corrected.
        var corrected: [AuditReport.Closed] = [], notEvaluated: [AuditReport.Closed] = []
        if let previous {
            let gone = openLast.filter { !openIDs.contains($0.findingID) }
            var lastWord: [String: (status: String, on: String)] = [:]
            let st = try db.prepare("""
                SELECT f.finding_id, f.status, r.as_of FROM run_findings f JOIN runs r ON r.run_id = f.run_id
                WHERE r.as_of > ? AND r.as_of <= ? ORDER BY r.as_of, r.run_id
                """)
            try st.bind(1, previous.asOf.iso)
            try st.bind(2, run.asOf.iso)
            let goneIDs = Set(gone.map(\.findingID))
            while try st.step() {
                guard let id = st.text(0), goneIDs.contains(id) else { continue }
                lastWord[id] = (st.text(1) ?? "", st.text(2) ?? "")
            }
            for f in gone {
                let w = lastWord[f.findingID]
                if w?.status == "CORRECTED" {
                    corrected.append(.init(finding: f, outcome: "CORRECTED", on: w?.on ?? ""))
                } else {
                    notEvaluated.append(.init(finding: f, outcome: "NOT-EVALUATED", on: w?.on ?? run.asOf.iso))
                }
            }
        }

        // Trend: the twelve months ending with this one.
        var trend: [AuditReport.TrendPoint] = []
        for k in stride(from: 11, through: 0, by: -1) {
            let m = month.adding(months: -k)
            guard let r = lastRun[m] else { trend.append(.init(month: m, run: nil, openByDivision: [:])); continue }
            var byDivision: [String: Int] = [:]
            for row in try db.rows("SELECT division, COUNT(*) FROM run_findings WHERE run_id = ? AND status IN (\(openList)) GROUP BY division", [r.runID]) {
                byDivision[row[0] ?? Division.unknown.code, default: 0] += Int(row[1] ?? "0") ?? 0
            }
            trend.append(.init(month: m, run: r, openByDivision: byDivision))
        }

        // Divisions: seeded ones, then any other code the history uses, then Unattributed.
        var list = seeded.filter { !$0.isUnknown }.map { ReportDivision(code: $0.code, name: $0.name) }
        var seen = Set(list.map(\.code))
        seen.insert(Division.unknown.code)
        var others = Set<String>()
        for f in open + openLast { if !seen.contains(f.division) { others.insert(f.division) } }
        for p in trend { for d in p.openByDivision.keys where !seen.contains(d) { others.insert(d) } }
        list += others.sorted().map { ReportDivision(code: $0, name: $0) }
        list.append(ReportDivision(code: Division.unknown.code, name: "Unattributed"))

        var identities: [String: NominalIdentity] = [:]
        var note: String?
        if !redact {
            // This month's run store; a subject of a corrected or not-evaluated finding who is no longer
            // in it is looked up in last month's run store.
            var wanted = Set((open + corrected.map(\.finding) + notEvaluated.map(\.finding)).compactMap(\.masterID))
            for (i, r) in [run, previous].compactMap({ $0 }).enumerated() where !wanted.isEmpty {
                let storePath = ((out as NSString).appendingPathComponent("runs/\(r.runID)") as NSString).appendingPathComponent("store.sqlite")
                guard FileManager.default.fileExists(atPath: storePath) else {
                    if i == 0 { note = "The store of run \(r.runID) was not found, so names and dates of birth are not shown." }
                    break
                }
                for (m, id) in try readIdentities(storePath, wanted) {
                    identities[m] = id
                    wanted.remove(m)
                }
            }
        }

        var report = AuditReport(month: month, run: run, previous: previous, divisions: list, open: open, openLastMonth: openLast,
                                 newIDs: newIDs, corrected: corrected.sorted { ReportFinding.workOrder($0.finding, $1.finding) },
                                 notEvaluated: notEvaluated.sorted { ReportFinding.workOrder($0.finding, $1.finding) },
                                 trend: trend, identities: identities, redacted: redact, identityNote: note)
        report.unmappedCodes = AuditReport.unmappedCodes(out: out, run: run)
        return report
    }

    /// Surname, forenames and date of birth of the wanted master ids from a run store's `nominals`.
    static func readIdentities(_ storePath: String, _ wanted: Set<String>) throws -> [String: NominalIdentity] {
        let store = try SQLiteDatabase(path: storePath)
        let st = try store.prepare("SELECT master_id, surname, forenames, date_of_birth FROM nominals")
        var out: [String: NominalIdentity] = [:]
        while try st.step() {
            guard let m = st.text(0), wanted.contains(m) else { continue }
            out[m] = NominalIdentity(surname: st.text(1) ?? "", forenames: st.text(2) ?? "", dateOfBirth: st.text(3))
        }
        return out
    }

    static func findings(_ db: SQLiteDatabase, run: String, statuses: String) throws -> [ReportFinding] {
        try db.rows("""
            SELECT finding_id, code, severity, division, system, owner, pnc_id, record_ids, master_id, detail, status, first_seen, age_days
            FROM run_findings WHERE run_id = ? AND \(statuses) ORDER BY finding_id
            """, [run]).map { c in
            ReportFinding(findingID: c[0] ?? "", code: c[1] ?? "", severity: c[2] ?? "", division: c[3] ?? Division.unknown.code,
                          system: c[4] ?? "", owner: c[5] ?? "", pncID: c[6], recordIDs: c[7] ?? "", masterID: c[8],
                          detail: c[9] ?? "", status: c[10] ?? "", firstSeen: c[11] ?? "", ageDays: Int(c[12] ?? "0") ?? 0)
        }
    }
}
