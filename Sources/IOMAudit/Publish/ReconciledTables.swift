import Foundation

/// The reconciled tables: written into the run's SQLite store and as Excel-safe CSV beside it.
/// Column names are what a data manager or analyst reads, so they say what they hold.
/// Rows stream straight to both (`TableWriter`): at force scale the nominals and links tables have
/// millions of rows, which must never be held in memory.
public struct ReconciledTables {
    public struct Table: Sendable {
        public let name: String
        public let columns: [String]
    }

    public typealias Emit = ([String?]) throws -> Void

    public let context: AuditContext
    var asOf: CalendarDate { context.asOf }
    var reference: ReferenceData { context.reference }

    public init(context: AuditContext) { self.context = context }

    // MARK: Building

    public static let nominalsTable = Table(name: "nominals", columns: [
        "master_id", "pnc_id", "surname", "forenames", "date_of_birth", "sex", "division", "systems", "records", "open_findings"])

    /// `divisionCodes` are the audit's, one per person in `link.persons` order.
    func nominals(_ link: LinkResult, findings: [Finding], divisionCodes: [String], into w: TableWriter) throws {
        var open: [String: Int] = [:]
        for f in findings { if let m = f.masterID { open[m, default: 0] += 1 } }
        // "PNC;NICHE": one text per combination of systems, not one per person.
        var systemsText = [String?](repeating: nil, count: 64)
        for (i, p) in link.persons.enumerated() {
            // Canonical identity: the PNC nominal's, else the first record that has a name.
            let best = p.pnc.first?.identity ?? p.firstIdentity { !$0.name.isEmpty } ?? p.firstIdentity { _ in true }
            var mask = 0   // the systems held, as bits: no array per person
            if !p.pnc.isEmpty { mask |= 1 }
            if !p.niche.isEmpty { mask |= 2 }
            if !p.micase.isEmpty { mask |= 4 }
            if !p.jtrack.isEmpty { mask |= 8 }
            if !p.tests.isEmpty { mask |= 16 }
            if !p.prison.isEmpty { mask |= 32 }
            if systemsText[mask] == nil { systemsText[mask] = p.systems.map(\.rawValue).joined(separator: ";") }
            w.rows.append(p.masterID)
            w.rows.append(p.pncID?.canonical)
            w.rows.append(best?.name.surname)
            w.rows.append(best?.name.forenames)
            w.rows.append(best?.dateOfBirth)
            w.rows.append(best?.sex?.rawValue)
            w.rows.append(i < divisionCodes.count ? divisionCodes[i] : Division.unknown.code)
            w.rows.append(systemsText[mask])
            w.rows.append(p.recordCount)
            w.rows.append(open.isEmpty ? 0 : open[p.masterID] ?? 0)
            try w.endRow()
        }
    }

    public static let linksTable = Table(name: "links", columns: [
        "record", "system", "record_id", "master_id", "method", "score", "matched_to", "evidence"])

    func links(_ link: LinkResult, into w: TableWriter) throws {
        for k in ReconciledTables.recordKeyOrder(link.links) {
            link.links.appendRow(k, to: &w.rows)
            try w.endRow()
        }
    }

    /// Positions of `links` in record-key order. Each key's first sixteen bytes, as two big-endian words,
    /// settle nearly every comparison; only keys alike that far compare as strings. Sorting the records
    /// themselves copied a link and compared two strings per step: about 6% of publishing's CPU samples
    /// at a force's size (`perf record` of one run).
    static func recordKeyOrder(_ links: RecordLinks) -> [Int] {
        var order: [(hi: UInt64, lo: UInt64, index: Int)] = []
        order.reserveCapacity(links.count)
        for i in links.indices {
            var key = links.record(at: i)
            let (hi, lo) = key.withUTF8 { LinkRecordTable.orderKey($0) }
            order.append((hi, lo, i))
        }
        order.sort { a, b in
            if a.hi != b.hi { return a.hi < b.hi }
            if a.lo != b.lo { return a.lo < b.lo }
            let x = links.record(at: a.index), y = links.record(at: b.index)
            return x != y ? x < y : a.index < b.index
        }
        return order.map(\.index)
    }

    /// `0.973` without Foundation's formatter, which costs microseconds a row.
    static func threeDecimals(_ x: Double) -> String {
        guard x.isFinite, x >= 0, x < 1e15 else { return MatchModel.decimals(x, 3) }
        let thousandths = Int((x * 1000).rounded())
        let whole = thousandths / 1000, frac = thousandths % 1000
        return "\(whole)." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + String(frac)
    }

    /// Active and recently deselected members: MiCase's view next to what the other systems say.
    public static let cohortTable = Table(name: "cohort", columns: [
            "case_id", "master_id", "pnc_id", "division", "cohort", "status", "selected_on", "deselected_on", "deselection_reason",
            "statutory", "age_group", "strand", "lead_agency", "expected_lead_agency", "pnc_pp_marker", "niche_flags",
            "jtrack", "custody", "open_findings"])

    public func cohort(_ link: LinkResult, findings: [Finding], emit: Emit) throws {
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
                try emit([
                    c.identity.recordID, p.masterID, p.pncID?.canonical, division, c.cohort?.rawValue, active ? "ACTIVE" : "DESELECTED",
                    c.selectedOn?.iso, c.deselectedOn?.iso, c.deselectionReason, c.statutory.map { $0 ? "Y" : "N" },
                    c.ageGroup?.rawValue, c.strand?.rawValue, c.leadAgency?.rawValue, expected?.rawValue,
                    markerSummary(p), p.niche.flatMap(\.cohortFlags).map(\.rawValue).joined(separator: ";"),
                    jtrackSummary(p), custodySummary(p), (openByCase[c.identity.key] ?? []).sorted().joined(separator: ";"),
                ])
            }
        }
    }

    /// This run's findings with their status against the previous run; CORRECTED and NOT-EVALUATED
    /// rows are last run's findings this run no longer raised.
    public static let findingsTable = Table(name: "findings", columns: [
        "finding_id", "code", "status", "first_seen", "age_days", "severity", "division",
        "system", "owner", "pnc_id", "anchor", "record_ids", "master_id", "detail", "evidence"])

    public static func findings(_ rows: [HistoryRow], emit: Emit) throws {
        for r in rows {
            let f = r.finding
            try emit([f.findingID, f.code, r.status, r.firstSeen.iso, String(r.ageDays), f.severity.rawValue, f.division,
                           f.system.rawValue, f.owner, f.pncID, f.anchor, f.recordIDs.joined(separator: ";"), f.masterID, f.detail, f.evidence])
        }
    }

    /// Counts anyone can check the run by: per source, quarantine and field issues, and the
    /// out-of-scope conditions the audit counted but did not list.
    public static let dataQualitySummaryTable = Table(name: "data_quality_summary", columns: ["area", "system", "condition", "count"])

    public func dataQualitySummary(reports: [SourceReport], outOfScope: [(condition: String, count: Int)], emit: Emit) throws {
        for r in reports {
            try emit(["source", r.system.rawValue, "rows read", String(r.rowsRead)])
            try emit(["source", r.system.rawValue, "rows loaded", String(r.loaded)])
            try emit(["source", r.system.rawValue, "rows quarantined", String(r.quarantined)])
            for (code, n) in r.fieldIssuesByCode.sorted(by: { $0.key < $1.key }) {
                try emit(["field issue", r.system.rawValue, code, String(n)])
            }
        }
        for (condition, n) in outOfScope { try emit(["out of scope (counted, not listed)", nil, condition, String(n)]) }
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

    /// Replaces table `t` in the store and writes `directory/NAME.csv`, row by row as `body` emits them.
    /// Returns the number of rows.
    @discardableResult
    public static func write(_ t: Table, to db: SQLiteDatabase, csvDirectory: String, _ body: (Emit) throws -> Void) throws -> Int {
        try write(t, to: db, csvDirectory: csvDirectory, rows: { try body($0.emit) }).rows
    }

    /// The same, for the big tables: `body` fills the writer's batches cell by cell.
    static func write(_ t: Table, to db: SQLiteDatabase, csvDirectory: String, rows body: (TableWriter) throws -> Void) throws -> TableWriter.Written {
        let w = try TableWriter(t, db: db, csvPath: (csvDirectory as NSString).appendingPathComponent(t.name + ".csv"))
        do {
            try body(w)
            return try w.finish()
        } catch {
            w.abandon()
            throw error
        }
    }
}
