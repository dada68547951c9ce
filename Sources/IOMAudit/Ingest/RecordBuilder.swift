/// Applies a mapping to source rows: the one place where a layout becomes canonical records.
public struct RecordBuilder: Sendable {
    public let mapping: Mapping
    let schema: CanonicalSchema
    /// For each mapped field: its index in the schema.
    let slots: [Int]
    let idSlots: [Int]
    /// Checks the unit code against the force's reference data; nil when no reference data is given.
    let unitCodes: UnitCodeCheck?
    /// Each mapped field's converter, in the extract's encoding (CSV) and in UTF-8 (XML, which the
    /// parser decodes): made once, not for every field of every row.
    let converters: [FieldConverter]
    let utf8Converters: [FieldConverter]
    /// Each mapped group: its schema group, where its fields go in the group's row, their converters.
    let groupPlans: [(schemaGroup: Int, fieldSlots: [Int], converters: [FieldConverter])]

    public init(mapping: Mapping, unitCodes: UnitDivisionMap? = nil) {
        self.unitCodes = unitCodes.flatMap { UnitCodeCheck(system: mapping.system, units: $0) }
        self.mapping = mapping
        let schema = mapping.schema
        self.schema = schema
        slots = mapping.fields.map { schema.fieldIndex($0.field.name)! }
        idSlots = schema.idFields.map { schema.fieldIndex($0)! }
        converters = mapping.fields.map { FieldConverter(mapping: $0, encoding: mapping.encoding) }
        utf8Converters = mapping.fields.map { FieldConverter(mapping: $0, encoding: .utf8) }
        groupPlans = mapping.groups.map { gm in
            (schema.groupIndex(gm.group.name)!, gm.fields.map { f in gm.group.fields.firstIndex { $0.name == f.field.name }! },
             gm.fields.map { FieldConverter(mapping: $0, encoding: .utf8) })
        }
    }

    // MARK: CSV

    /// Column positions for each mapped field, resolved from the header before any row is read.
    public struct CSVColumns: Sendable {
        /// Each mapped field's first column.
        public let indices: [Int]
        public let headerCount: Int
        /// Each mapped field's columns, for the fields that take several (empty otherwise).
        public var combined: [[Int]] = []
    }

    /// Every missing or duplicated column at once, so one fix round suffices.
    public func resolve(header: [String], file: String) throws -> CSVColumns {
        var positions: [String: [Int]] = [:]
        for (i, h) in header.enumerated() { positions[Mapping.headerKey(h), default: []].append(i + 1) }
        var problems: [String] = []
        var indices: [Int] = [], combined: [[Int]] = []
        for f in mapping.fields {
            var mine: [Int] = []
            for column in f.columns {
                let found = positions[Mapping.headerKey(column)] ?? []
                if found.isEmpty {
                    problems.append("column \"\(column)\" (for \(f.field.name)) is missing")
                } else if found.count > 1 {
                    problems.append("column \"\(column)\" (for \(f.field.name)) appears \(found.count) times (columns \(found.map(String.init).joined(separator: ", ")))")
                }
                mine.append((found.first ?? 0) - 1)
            }
            indices.append(mine[0])
            combined.append(f.columns.count > 1 ? mine : [])
        }
        if !problems.isEmpty {
            var message = "header does not fit mapping \(mapping.file): " + problems.joined(separator: "; ")
            // One column holding another separator: the usual cause is an extract saved with the wrong delimiter.
            if header.count == 1, let other = RecordBuilder.otherDelimiter(in: header[0], than: mapping.delimiter) {
                message = "the header is one column that contains \(other.name): the file seems to be separated by \(other.name), "
                    + "the mapping \(mapping.file) expects \(RecordBuilder.delimiterName(mapping.delimiter)). " + message
            }
            throw IngestError(file: file, line: 1, field: nil, message: message)
        }
        return CSVColumns(indices: indices, headerCount: header.count, combined: combined)
    }

    /// Adds one of several cells to the value they make: blank cells add nothing; joined cells are
    /// separated; with `firstNonBlank` only the first non-blank counts.
    @inline(__always)
    static func combine(_ cell: UnsafeBufferPointer<UInt8>, _ how: FieldMapping.Combine, into out: inout [UInt8]) {
        guard cell.contains(where: { $0 != 32 && $0 != 9 }) else { return }
        switch how {
        case .firstNonBlank:
            if out.isEmpty { out.append(contentsOf: cell) }
        case .join(let separator):
            if !out.isEmpty { out.append(contentsOf: separator.utf8) }
            out.append(contentsOf: cell)
        }
    }

    static func otherDelimiter(in header: String, than expected: UInt8) -> (byte: UInt8, name: String)? {
        for c in [UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"), UInt8(ascii: ",")] where c != expected && header.utf8.contains(c) {
            return (c, delimiterName(c))
        }
        return nil
    }

    static func delimiterName(_ c: UInt8) -> String {
        switch c {
        case UInt8(ascii: "\t"): return "tabs"
        case UInt8(ascii: ","): return "commas (',')"
        case UInt8(ascii: ";"): return "semicolons (';')"
        case UInt8(ascii: "|"): return "bars ('|')"
        default: return "'\(Character(Unicode.Scalar(c)))'"
        }
    }

    public func build(row: borrowing CSVRow, problem: CSVRowProblem?, columns: CSVColumns, file: String) -> RowOutcome {
        if let problem {
            return .quarantined(quarantine(file: file, line: row.line, field: nil, reason: "\(problem)", raw: rawText(row)))
        }
        if row.count != columns.headerCount {
            return .quarantined(quarantine(file: file, line: row.line, field: nil,
                                           reason: "row has \(row.count) field\(row.count == 1 ? "" : "s"), the header has \(columns.headerCount)", raw: rawText(row)))
        }
        var values = [FieldValue?](repeating: nil, count: schema.fields.count)
        var issues: [FieldIssue] = []
        var rawKeys: [Int: String] = [:]
        var joined: [UInt8] = []
        for m in converters.indices {
            let outcome: FieldConverter.Outcome
            if m < columns.combined.count, !columns.combined[m].isEmpty {
                // Straight from the row's cells into one reused buffer: no array of cells per row.
                joined.removeAll(keepingCapacity: true)
                for c in columns.combined[m] { RecordBuilder.combine(row.bytes(c), converters[m].mapping.combine, into: &joined) }
                outcome = joined.withUnsafeBufferPointer { converters[m].convert($0) }
            } else {
                let cell = row.bytes(columns.indices[m])
                if converters[m].mapping.field.multiValued {
                    var list: [FieldValue] = []
                    converters[m].convertAll(cell, into: &list, issues: &issues)
                    if !list.isEmpty { values[slots[m]] = .list(list) }
                    continue
                }
                outcome = converters[m].convert(cell)
            }
            switch outcome {
            case .value(let v): values[slots[m]] = v
            case .absent: break
            case .issue(let issue):
                issues.append(issue)
                if idSlots.contains(slots[m]) { rawKeys[slots[m]] = issue.value }
            }
        }
        // A CSV row has no repeated elements, but every schema group is present (empty) all the same: the typed
        // views read them by position.
        switch finish(values: values, groups: Array(repeating: [], count: schema.groups.count), issues: issues, rawKeys: rawKeys, file: file, line: row.line) {
        case .success(let r): return .record(r)
        case .failure(let q): return .quarantined(quarantine(file: file, line: row.line, field: q.field, reason: q.reason, raw: rawText(row)))
        }
    }

    func rawText(_ row: borrowing CSVRow) -> String {
        var parts: [String] = []
        for i in 0..<row.count { parts.append(row.string(i)) }
        return String(parts.joined(separator: String(UnicodeScalar(mapping.delimiter))).prefix(1000))
    }

    // MARK: XML

    /// The element paths the XML reader must collect for this mapping.
    public var xmlSpec: XMLRecordSpec {
        XMLRecordSpec(recordElement: mapping.recordElement ?? "", namespace: mapping.namespace,
                      fields: mapping.fields.map(\.source),
                      groups: mapping.groups.map { XMLGroupSpec(path: $0.path, fields: $0.fields.map(\.source)) })
    }

    public func build(xml: XMLRecord, file: String) -> RowOutcome {
        var values = [FieldValue?](repeating: nil, count: schema.fields.count)
        var issues: [FieldIssue] = []
        var rawKeys: [Int: String] = [:]
        for (m, converter) in utf8Converters.enumerated() {
            let f = converter.mapping
            let found = xml.fields[m]
            if f.field.multiValued {
                var list: [FieldValue] = []
                for text in found { text.withBytes { converter.convertAll($0, into: &list, issues: &issues) } }
                if !list.isEmpty { values[slots[m]] = .list(list) }
                continue
            }
            // Blank occurrences do not count; checked on bytes, once per value.
            func blank(_ s: String) -> Bool { !s.utf8.contains { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 } }
            guard let first = found.first(where: { !blank($0) }) else { continue }
            if found.count > 1, found.lazy.filter({ !blank($0) }).count > 1 {
                issues.append(FieldIssue(code: "EXTRA-VALUE", field: f.field.name, value: found.joined(separator: " | "),
                                         message: "appears more than once; the first value was used"))
            }
            switch first.withBytes({ converter.convert($0) }) {
            case .value(let v): values[slots[m]] = v
            case .absent: break
            case .issue(let issue):
                issues.append(issue)
                if idSlots.contains(slots[m]) { rawKeys[slots[m]] = issue.value }
            }
        }
        var groups: [[[FieldValue?]]] = Array(repeating: [], count: schema.groups.count)
        for (g, gm) in mapping.groups.enumerated() {
            let (gi, fieldSlots, groupConverters) = groupPlans[g]
            for occurrence in xml.groups[g] {
                var row = [FieldValue?](repeating: nil, count: gm.group.fields.count)
                for k in gm.fields.indices {
                    guard let text = occurrence[k] else { continue }
                    switch text.withBytes({ groupConverters[k].convert($0) }) {
                    case .value(let v): row[fieldSlots[k]] = v
                    case .absent: break
                    case .issue(let issue):
                        issues.append(FieldIssue(code: issue.code, field: "\(gm.group.name).\(issue.field)", value: issue.value, message: issue.message))
                    }
                }
                if row.contains(where: { $0 != nil }) { groups[gi].append(row) }
            }
        }
        switch finish(values: values, groups: groups, issues: issues, rawKeys: rawKeys, file: file, line: xml.line) {
        case .success(let r): return .record(r)
        case .failure(let q):
            let raw = xml.fields.enumerated().map { "\(mapping.fields[$0.offset].source)=\($0.element.joined(separator: "|"))" }
            return .quarantined(quarantine(file: file, line: xml.line, field: q.field, reason: q.reason,
                                           raw: String(raw.joined(separator: "; ").prefix(1000))))
        }
    }

    // MARK: Shared

    struct Rejection: Error { let field: String?; let reason: String }

    /// Key and required-field checks decide between a record and quarantine.
    private func finish(values: [FieldValue?], groups: [[[FieldValue?]]], issues: [FieldIssue], rawKeys: [Int: String],
                        file: String, line: Int) -> Result<CanonicalRecord, Rejection> {
        var issues = issues
        var idParts: [String] = []
        for slot in idSlots {
            let name = schema.fields[slot].name
            if let v = values[slot] {
                idParts.append(v.description)
            } else if schema.fields[slot].kind == .pncID, let rawKey = rawKeys[slot] {
                // A PNC nominal keyed by a bad PNC ID is kept: the bad ID is itself a finding.
                idParts.append(Mapping.valueKey(rawKey))
            } else {
                let column = mapping.fields.first { $0.field.name == name }?.source ?? name
                let why = rawKeys[slot] == nil && !issues.contains { $0.field == name }
                    ? "has no \(name) (column \"\(column)\"), which identifies the record"
                    : "has an unusable \(name) (column \"\(column)\"): \(issues.first { $0.field == name }?.message ?? "invalid")"
                return .failure(Rejection(field: name, reason: "row " + why))
            }
        }
        for (m, f) in mapping.fields.enumerated() where f.required && values[slots[m]] == nil && !idSlots.contains(slots[m]) {
            let detail = issues.first { $0.field == f.field.name }.map { ": \($0.message)" } ?? " is empty"
            return .failure(Rejection(field: f.field.name, reason: "required field \(f.field.name) (column \"\(f.source)\")\(detail)"))
        }
        if let issue = unitCodes?.issue(values) { issues.append(issue) }
        return .success(CanonicalRecord(system: mapping.system, values: values, groups: groups, issues: issues,
                                        origin: RecordOrigin(file: file, line: line),
                                        recordID: idParts.joined(separator: "@")))
    }

    private func quarantine(file: String, line: Int, field: String?, reason: String, raw: String) -> QuarantinedRow {
        QuarantinedRow(system: mapping.system, file: file, line: line, field: field, reason: reason, raw: raw)
    }
}
