/// One typed field value after normalisation.
public enum FieldValue: Hashable, Sendable, CustomStringConvertible {
    case text(String)
    case date(CalendarDate)
    case dateTime(LocalDateTime)
    case bool(Bool)
    case pncID(PNCIdentifier)
    case cro(CRONumber)
    case prisonNumber(PrisonNumber)
    case list([FieldValue])

    /// The form stored in SQLite and written to CSV.
    public var description: String {
        switch self {
        case .text(let s): return s
        case .date(let d): return d.iso
        case .dateTime(let t): return t.iso
        case .bool(let b): return b ? "Y" : "N"
        case .pncID(let p): return p.canonical
        case .cro(let c): return c.canonical
        case .prisonNumber(let p): return p.canonical
        case .list(let l): return l.map(\.description).joined(separator: ";")
        }
    }

    public var text: String? { if case .text(let s) = self { return s }; return nil }
    public var date: CalendarDate? { if case .date(let d) = self { return d }; return nil }
    public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
}

/// A problem with one field of a record that was still loaded (the field is left empty).
public struct FieldIssue: Hashable, Sendable {
    /// `ID-PNC-INVALID`, `ID-CRO-INVALID`, `BAD-DATE`, `BAD-VALUE`, `BAD-ENCODING`, `BAD-IDENTIFIER`, `EXTRA-VALUE`.
    public let code: String
    public let field: String
    /// The text as found in the extract: may be personal data, so it goes to the store, never to a log.
    public let value: String
    public let message: String
}

/// Where a record came from, for explanations and for the data manager who must fix it.
public struct RecordOrigin: Hashable, Sendable {
    public let file: String
    public let line: Int
}

/// A source row after mapping: typed values in the order of its system's `CanonicalSchema`.
public struct CanonicalRecord: Sendable {
    public let system: SourceSystem
    public var values: [FieldValue?]
    /// groups[g][occurrence][field]
    public var groups: [[[FieldValue?]]]
    public var issues: [FieldIssue]
    public var origin: RecordOrigin
    /// `system:id` key text; for an invalid PNC key it is the text as found.
    public var recordID: String

    public var schema: CanonicalSchema { CanonicalSchema.of(system) }

    /// The occurrences of group `g`, none when the record's layout did not fill it.
    public func group(_ g: Int) -> [[FieldValue?]] { g < groups.count ? groups[g] : [] }

    public subscript(_ field: String) -> FieldValue? {
        guard let i = schema.fieldIndex(field) else { preconditionFailure("no field \(field) in \(system)") }
        return values[i]
    }

    /// Everything but where it came from: two layouts of the same data must agree on this.
    public var content: CanonicalContent {
        CanonicalContent(system: system, recordID: recordID, values: values, groups: groups, issues: issues)
    }
}

public struct CanonicalContent: Hashable, Sendable {
    public let system: SourceSystem
    public let recordID: String
    public let values: [FieldValue?]
    public let groups: [[[FieldValue?]]]
    public let issues: [FieldIssue]
}
