import Foundation

/// The reconciled tables: written into the run's SQLite store and as Excel-safe CSV beside it.
/// Column names are what a data manager or analyst reads, so they say what they hold.
public struct ReconciledTables {
    public struct Table {
        public let name: String
        public let columns: [String]
        public var rows: [[String?]] = []
    }

    public let context: AuditContext
    var asOf: CalendarDate { context.asOf }
    var reference: ReferenceData { context.reference }

    public init(context: AuditContext) { self.context = context }

    // MARK: Building

    public func nominals(_ link: LinkResult, findings: [Finding], divisions: [String: String]) -> Table {
        var t = Table(name: "nominals", columns: ["master_id", "pnc_id", "surname", "forenames", "date_of_birth", "sex",
                                                  "division", "systems", "records", "open_findings"])
        var open: [String: Int] = [:]
        for f in findings { if let m = f.masterID { open[m, default: 0] += 1 } }
        for p in link.persons {
            // Canonical identity: the PNC nominal's, else the first record that has a name.
            let ids = p.identities
            let best = p.pnc.first?.identity ?? ids.first { !$0.name.isEmpty } ?? ids.first
            t.rows.append([p.masterID, p.pncID?.canonical, best?.name.surname, best?.name.forenames, best?.dateOfBirth?.iso,
                           best?.sex?.rawValue, divisions[p.masterID] ?? Division.unknown.code,
                           p.systems.map(\.rawValue).joined(separator: ";"), String(ids.count), String(open[p.masterID] ?? 0)])
        }
        return t
    }

    public func links(_ link: LinkResult) -> Table {
        var t = Table(name: "links", columns: ["record", "system", "record_id", "master_id", "method", "score", "matched_to", "evidence"])
        for l in link.links.sorted(by: { $0.record < $1.record }) {
            let parts = l.record.split(separator: ":", maxSplits: 1).map(String.init)
            t.rows.append([l.record, parts.first, parts.count > 1 ? parts[1] : nil, l.masterID, l.method.rawValue,
                           l.method == .probabilistic ? String(format: "%.3f", l.score) : nil, l.matchedTo, l.evidence])
        }
        return t
    }

    /// Active and recently deselected members: MiCase's view next to what the other systems say.
    public func cohort(_ link: LinkResult, findings: [Finding]) -> Table {
        var t = Table(name: "cohort", columns: [
            "case_id", "master_id", "pnc_id", "division", "cohort", "status", "selected_on", "deselected_on", "deselection_reason",
            "statutory", "age_group", "strand", "lead_agency", "expected_lead_agency", "pnc_pp_marker", "niche_flags",
            "jtrack", "custody", "open_findings"])
        var openByCase: [String: [String]] = [:]
        for f in findings { for r in f.recordIDs where r.hasPrefix("micase:") { openByCase[r, default: []].append(f.code) } }
        let cutoff = context.deselectionCutoff
        for p in link.persons {
            for c in p.micase.sorted(by: { $0.identity.recordID < $1.identity.recordID }) {
                let active = c.isActive(on: asOf)
                let recent = !active && c.deselectedOn.map { $0 >= cutoff && $0 <= asOf } == true
                guard active || recent else { continue }
                let division = c.hub.flatMap { reference.unitDivisions.division(system: .micase, unitCode: $0)?.code } ?? Division.unknown.code
                var expected: LeadAgency?
                if let cohort = c.cohort, let st = c.statutory, let ag = c.ageGroup, let strand = c.strand {
                    expected = reference.leadAgency.expected(cohort: cohort, statutory: st, ageGroup: ag, strand: strand)
                }
                let inCustody = p.prison.contains { $0.inCustody(on: asOf) }
                if inCustody { expected = LeadAgencyTable.custodyLeadAgency }
                t.rows.append([
                    c.identity.recordID, p.masterID, p.pncID?.canonical, division, c.cohort?.rawValue, active ? "ACTIVE" : "DESELECTED",
                    c.selectedOn?.iso, c.deselectedOn?.iso, c.deselectionReason, c.statutory.map { $0 ? "Y" : "N" },
                    c.ageGroup?.rawValue, c.strand?.rawValue, c.leadAgency?.rawValue, expected?.rawValue,
                    markerSummary(p), p.niche.flatMap(\.cohortFlags).map(\.rawValue).joined(separator: ";"),
                    jtrackSummary(p), custodySummary(p), (openByCase[c.identity.key] ?? []).sorted().joined(separator: ";"),
                ])
            }
        }
        return t
    }

    /// This run's findings with their status against the previous run; CORRECTED and NOT-EVALUATED
    /// rows are last run's findings this run no longer raised.
    public func findings(_ rows: [HistoryRow]) -> Table {
        var t = Table(name: "findings", columns: ["finding_id", "code", "status", "first_seen", "age_days", "severity", "division",
                                                  "system", "owner", "pnc_id", "anchor", "record_ids", "master_id", "detail", "evidence"])
        for r in rows {
            let f = r.finding
            t.rows.append([f.findingID, f.code, r.status, r.firstSeen.iso, String(r.ageDays), f.severity.rawValue, f.division,
                           f.system.rawValue, f.owner, f.pncID, f.anchor, f.recordIDs.joined(separator: ";"), f.masterID, f.detail, f.evidence])
        }
        return t
    }

    /// Counts anyone can check the run by: per source, quarantine and field issues, and the
    /// out-of-scope conditions the audit counted but did not list.
    public func dataQualitySummary(reports: [SourceReport], outOfScope: [(condition: String, count: Int)]) -> Table {
        var t = Table(name: "data_quality_summary", columns: ["area", "system", "condition", "count"])
        for r in reports {
            t.rows.append(["source", r.system.rawValue, "rows read", String(r.rowsRead)])
            t.rows.append(["source", r.system.rawValue, "rows loaded", String(r.loaded)])
            t.rows.append(["source", r.system.rawValue, "rows quarantined", String(r.quarantined)])
            for (code, n) in r.fieldIssuesByCode.sorted(by: { $0.key < $1.key }) {
                t.rows.append(["field issue", r.system.rawValue, code, String(n)])
            }
        }
        for (condition, n) in outOfScope { t.rows.append(["out of scope (counted, not listed)", nil, condition, String(n)]) }
        return t
    }

    func markerSummary(_ p: Person) -> String {
        var parts: [String] = []
        for n in p.pnc {
            for m in n.markers {
                guard case .marker(let cohort, let active, let standard) = reference.markerWording.read(m.text) else { continue }
                parts.append("\(cohort?.rawValue ?? "PP") \(active ? "active" : "removed")\(standard ? "" : " (non-standard wording)")")
            }
        }
        if p.pnc.isEmpty { return "no PNC nominal" }
        return parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }

    func jtrackSummary(_ p: Person) -> String {
        let active = p.jtrack.filter { $0.isActive(on: asOf) }
        if !active.isEmpty { return active.map { "\($0.cohort?.rawValue ?? "?") active" }.joined(separator: "; ") }
        return p.jtrack.isEmpty ? "not tracked" : "ended"
    }

    func custodySummary(_ p: Person) -> String {
        if let m = p.prison.first(where: { $0.inCustody(on: asOf) }) { return "in custody since \(m.receivedOn?.iso ?? "?")" }
        if let last = p.prison.compactMap(\.releasedOn).filter({ $0 <= asOf }).max() { return "released \(last.iso)" }
        return ""
    }

    // MARK: Writing

    /// Replaces the table in the store and writes `directory/NAME.csv`.
    public static func write(_ t: Table, to db: SQLiteDatabase, csvDirectory: String) throws {
        try db.execute("DROP TABLE IF EXISTS \(t.name); CREATE TABLE \(t.name) (\(t.columns.map { "\"\($0)\" TEXT" }.joined(separator: ", ")));")
        try db.transaction {
            let st = try db.prepare("INSERT INTO \(t.name) VALUES (\(Array(repeating: "?", count: t.columns.count).joined(separator: ",")))")
            for row in t.rows {
                for (i, v) in row.enumerated() { try st.bind(i + 1, v) }
                try st.run()
            }
        }
        let csv = try CSVWriter(path: (csvDirectory as NSString).appendingPathComponent(t.name + ".csv"), header: t.columns)
        for row in t.rows { try csv.write(row) }
        try csv.close()
    }
}
