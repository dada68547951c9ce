/// What `iomaudit check` found in an extract, by field: each quarantine reason and each field issue code
/// with its count, its first lines, and (for fields that are not personal data) the first offending value,
/// so an analyst onboarding a layout sees why without querying a store.
struct CheckReasons {
    /// Lines kept per reason or issue code.
    static let linesShown = 3

    struct Entry {
        var count = 0
        var lines: [Int] = []
        /// The first offending value; nil for personal data (names, dates of birth, free text).
        var example: String?
    }

    private(set) var quarantined: [String: [String: Entry]] = [:]
    private(set) var issues: [String: [String: Entry]] = [:]

    mutating func add(_ outcome: RowOutcome) {
        switch outcome {
        case .quarantined(let q):
            var e = quarantined[q.field ?? "row", default: [:]][q.reason, default: Entry()]
            e.count += 1
            if e.lines.count < CheckReasons.linesShown { e.lines.append(q.line) }
            quarantined[q.field ?? "row", default: [:]][q.reason] = e
        case .record(let r):
            for i in r.issues {
                var e = issues[i.field, default: [:]][i.code, default: Entry()]
                e.count += 1
                if e.lines.count < CheckReasons.linesShown { e.lines.append(r.origin.line) }
                if e.example == nil, CheckReasons.mayShow(i.field, of: r.schema) { e.example = String(i.value.prefix(60)) }
                issues[i.field, default: [:]][i.code] = e
            }
        }
    }

    /// Codes, identifiers, yes/no and vocabulary values, and dates other than a date of birth: never a
    /// name, a date of birth or free text.
    static func mayShow(_ field: String, of schema: CanonicalSchema) -> Bool {
        guard field != "dateOfBirth", let f = schema.fields.first(where: { $0.name == field }) else { return false }
        switch f.kind {
        case .code, .pncID, .croNumber, .prisonNumber, .bool, .choice, .date, .dateTime: return true
        case .text, .name: return false
        }
    }

    /// The lines `check` prints under its summary.
    var text: [String] {
        var out: [String] = []
        func where_(_ e: Entry) -> String {
            (e.count > e.lines.count ? "first lines " : e.lines.count == 1 ? "line " : "lines ")
                + e.lines.map(String.init).joined(separator: ", ")
        }
        for (field, reasons) in quarantined.sorted(by: { $0.key < $1.key }) {
            for (reason, e) in reasons.sorted(by: { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }) {
                out.append("  quarantined for \(field): \(e.count) (\(where_(e))): \(reason)")
            }
        }
        for (field, codes) in issues.sorted(by: { $0.key < $1.key }) {
            for (code, e) in codes.sorted(by: { $0.key < $1.key }) {
                out.append("  field issue \(code) on \(field): \(e.count) (\(where_(e)))" + (e.example.map { ", e.g. \"\($0)\"" } ?? ""))
            }
        }
        return out
    }

    /// The same for `check --json`.
    var json: JSONValue {
        func entry(_ e: Entry) -> [String: JSONValue] {
            var o: [String: JSONValue] = ["count": .int(e.count), "firstLines": .array(e.lines.map { .int($0) })]
            if let x = e.example { o["example"] = .string(x) }
            return o
        }
        var q: [JSONValue] = [], f: [JSONValue] = []
        for (field, reasons) in quarantined.sorted(by: { $0.key < $1.key }) {
            for (reason, e) in reasons.sorted(by: { $0.key < $1.key }) {
                q.append(.object(entry(e).merging(["field": .string(field), "reason": .string(reason)]) { a, _ in a }))
            }
        }
        for (field, codes) in issues.sorted(by: { $0.key < $1.key }) {
            for (code, e) in codes.sorted(by: { $0.key < $1.key }) {
                f.append(.object(entry(e).merging(["field": .string(field), "code": .string(code)]) { a, _ in a }))
            }
        }
        return ["quarantined": .array(q), "fieldIssues": .array(f)]
    }
}
