import Foundation

/// A second, invented force ("other force", force 99) whose six extracts hold the same synthetic
/// world in layouts of its own: other file names and headers, other encodings, delimiters and line
/// ends, other date layouts, a namespaced PNC download whose names carry `kind="PRIMARY"` or
/// `kind="ALIAS"`, forenames in two columns, and its own unit codes and divisions. Its mappings
/// (`Mappings/other-force-*.json`), reference folder (`seeds/other-force/`) and pipeline
/// (`Pipelines/other-force.json`) ship beside West Yorkshire's; read through them, the extracts give
/// the same findings as West Yorkshire's layouts of the same world (divisions renamed).
///
/// Written by rewriting the West Yorkshire extracts value by value, so every piece of messiness
/// (typos, invalid identifiers, impossible dates, broken rows) carries over unchanged: values are
/// kept as written except dates (laid out again when they read as dates in the source's layouts) and
/// unit codes (recoded).
enum SampleOtherForce {
    static let pncNamespace = "urn:example:other-force:pnc:2"
    static let trackingNamespace = "urn:example:other-force:tracking:1"

    /// West Yorkshire division → the other force's.
    static let divisions: [(westYorkshire: String, code: String, name: String)] = [
        ("BD", "NO", "Northern"), ("CD", "EA", "Eastern"), ("KD", "SO", "Southern"), ("LD", "WE", "Western"), ("WD", "CE", "Central"),
    ]

    static func division(_ westYorkshire: String) -> String {
        divisions.first { $0.westYorkshire == westYorkshire }?.code ?? westYorkshire
    }

    /// The other force's code for a West Yorkshire unit code (one to one, so nothing merges).
    static func unitCode(_ system: SourceSystem, _ code: String) -> String {
        let key = Mapping.valueKey(code)
        switch system {
        case .pnc: return key.hasPrefix("13") ? "99" + key.dropFirst(2) : "99" + key
        case .niche: return "U/" + key.replacingOccurrences(of: "-", with: "/")
        case .micase: return "HUB " + key.replacingOccurrences(of: " HUB", with: "")
        case .jtrack: return "AREA:" + key.replacingOccurrences(of: "WEST YORKSHIRE - ", with: "")
        case .cozart: return "CS-" + key
        case .prison: return "RA " + key
        }
    }

    static func fileName(_ file: SampleFile, _ stamp: String) -> String {
        switch file {
        case .pnc: return "pnc-persons-\(stamp).xml"
        case .niche: return "niche_nominal_export_\(stamp).txt"
        case .micase: return "micase-caselist-\(stamp).tsv"
        case .jtrack: return "jtrack-offenders-\(stamp).xml"
        case .cozart: return "cozart-results-\(stamp).csv"
        case .prison: return "prison-releases-\(stamp).csv"
        }
    }

    /// The other force's `unit_divisions.csv`, made from West Yorkshire's (`seeds/other-force/` ships it).
    static func unitDivisionsCSV(westYorkshire units: UnitDivisionMap) -> String {
        var lines = ["system,unit_code,division,unit_name,basis"]
        for e in units.entries.sorted(by: { ($0.system.rawValue, unitCode($0.system, $0.unitCode)) < ($1.system.rawValue, unitCode($1.system, $1.unitCode)) }) {
            let name = e.unitName.contains(",") || e.unitName.contains("\"") ? "\"" + e.unitName.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : e.unitName
            lines.append("\(e.system.rawValue),\(unitCode(e.system, e.unitCode)),\(division(e.division.code)),\(name),example: West Yorkshire \(e.unitCode)")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: Rewriting

    /// Rewrites the six West Yorkshire extracts in `from` into `to` in the other force's layouts.
    /// Returns each written file with its rows and bytes, in pipeline order.
    static func rewrite(from: String, to: String, stamp: String) throws -> [(name: String, rows: Int, bytes: Int)] {
        var files: [(String, Int, Int)] = []
        files.append(try rewritePNC(from + "/" + SampleFile.pnc.name(stamp), to + "/" + fileName(.pnc, stamp)))
        files.append(try rewriteCSV(from + "/" + SampleFile.niche.name(stamp), .windows1252, to + "/" + fileName(.niche, stamp),
                                    OutputCSV(delimiter: ";", encoding: .windows1252, crlf: false, bom: false),
                                    header: ["NOMINAL_REF", "PNC_NO", "CRO_NO", "SURNAME", "FORENAME_1", "FORENAME_2", "BIRTH_DATE", "SEX", "OWNING_UNIT", "FLAGS"]) { c in
            let forenames = c[4].split(separator: " ", maxSplits: 1).map(String.init)
            return [c[0], c[1], c[2], c[3], forenames.first ?? "", forenames.count > 1 ? forenames[1] : "", date(c[5], .dotted), c[6],
                    code(.niche, c[7]), c[8].replacingOccurrences(of: ";", with: "|")]
        })
        files.append(try rewriteCSV(from + "/" + SampleFile.micase.name(stamp), .utf8, to + "/" + fileName(.micase, stamp),
                                    OutputCSV(delimiter: "\t", encoding: .utf8, crlf: true, bom: false),
                                    header: ["CASE_NO", "HUB", "PNC", "RMS_ID", "FAMILY_NAME", "GIVEN_NAMES", "DOB", "SEX", "SCHEME", "STATUTORY",
                                             "AGE_BAND", "STRAND", "LEAD", "START_DATE", "END_DATE", "END_REASON", "TIER"]) { c in
            [c[0], code(.micase, c[12]), c[1], c[2], c[3], c[4], date(c[5], .monthName), c[6], c[7], c[8], c[9], c[10], c[11],
             date(c[13], .monthName), date(c[14], .monthName), c[15], c[16]]
        })
        files.append(try rewriteJTrack(from + "/" + SampleFile.jtrack.name(stamp), to + "/" + fileName(.jtrack, stamp)))
        files.append(try rewriteCSV(from + "/" + SampleFile.cozart.name(stamp), .utf8, to + "/" + fileName(.cozart, stamp),
                                    OutputCSV(delimiter: "|", encoding: .utf8, crlf: false, bom: true),
                                    header: ["TEST_REF", "SUITE", "OFFICER", "TESTED", "PNC", "SURNAME", "FORENAMES", "DOB", "SEX", "OFFENCE",
                                             "TRIGGER", "IA", "OPIATES", "COCAINE", "DISPUTED", "OVERTURNED", "CHAIN_FAILED"]) { c in
            [c[0], code(.cozart, c[1]), c[2], date(c[3], .isoT), c[4], c[5], c[6], date(c[7], .dotted), c[8], c[9], c[10], c[11],
             c[12], c[13], c[14], c[15], c[16]]
        })
        files.append(try rewriteCSV(from + "/" + SampleFile.prison.name(stamp), .iso88591, to + "/" + fileName(.prison, stamp),
                                    OutputCSV(delimiter: ",", encoding: .windows1252, crlf: true, bom: false),
                                    header: ["NOMS_NO", "PNC_ID", "LAST_NAME", "FIRST_NAMES", "BIRTH_DATE", "PRISON", "RECEIVED", "RELEASED",
                                             "RELEASE_REASON", "RESETTLEMENT_AREA"]) { c in
            [c[0], c[1], c[2], c[3], date(c[4], .compact), c[5], date(c[6], .compact), date(c[7], .compact), c[8], code(.prison, c[9])]
        })
        return files
    }

    static func code(_ system: SourceSystem, _ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).isEmpty ? text : unitCode(system, text)
    }

    // MARK: Dates

    enum DateLayout { case dotted, monthName, compact, isoT }

    /// The layouts West Yorkshire's extracts write dates in.
    static let sourceLayouts = ["dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "yyyy-MM-dd HH:mm:ss", "dd/MM/yyyy", "yyyy-MM-dd", "dd-MMM-yyyy"]
        .map { try! DatePattern($0) }

    /// A date laid out again; text that is no date in the source's layouts (an impossible date, a
    /// blank) is kept as written, so it is as wrong in this layout as in that one.
    static func date(_ text: String, _ layout: DateLayout) -> String {
        guard let t = sourceLayouts.lazy.compactMap({ $0.parse(text) }).first else { return text }
        // yyyy-MM-dd, taken apart and laid out again.
        let p = t.date.iso.split(separator: "-")
        switch layout {
        case .dotted: return "\(p[2]).\(p[1]).\(p[0])"
        case .monthName: return "\(p[2])-\(ReportMonth.monthNames[t.date.month - 1].prefix(3))-\(p[0])"
        case .compact: return "\(p[0])\(p[1])\(p[2])"
        case .isoT: return t.iso
        }
    }

    // MARK: CSV

    struct OutputCSV {
        var delimiter: Character
        var encoding: TextEncoding
        var crlf: Bool
        var bom: Bool
    }

    /// Every row of a West Yorkshire CSV extract through `transform`; a broken row (wrong shape) is
    /// written cell for cell as it was read, so it stays broken and lands on the same line.
    static func rewriteCSV(_ source: String, _ encoding: TextEncoding, _ target: String, _ out: OutputCSV, header: [String],
                           _ transform: ([String]) -> [String]) throws -> (String, Int, Int) {
        let reader = try CSVReader(path: source, options: CSVReaderOptions(encoding: encoding))
        let sourceHeader = try reader.readHeader() ?? []
        var text = out.bom ? "\u{FEFF}" : ""
        let end = out.crlf ? "\r\n" : "\n"
        func line(_ cells: [String]) -> String {
            cells.map { c in
                c.contains(out.delimiter) || c.contains("\"") || c.contains("\n") || c.contains("\r")
                    ? "\"" + c.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : c
            }.joined(separator: String(out.delimiter)) + end
        }
        text += line(header)
        var rows = 0
        try reader.forEachRow { row, problem in
            let cells = row.strings()
            text += line(problem == nil && cells.count == sourceHeader.count ? transform(cells) : cells)
            rows += 1
        }
        let bytes = try encoded(text, out.encoding, target)
        try bytes.write(to: URL(fileURLWithPath: target))
        return ((target as NSString).lastPathComponent, rows, bytes.count)
    }

    static func encoded(_ text: String, _ encoding: TextEncoding, _ file: String) throws -> Data {
        switch encoding {
        case .utf8: return Data(text.utf8)
        case .windows1252, .iso88591:
            guard let d = text.data(using: encoding == .iso88591 ? .isoLatin1 : .windowsCP1252) else {
                throw SampleGeneratorError("\(file): a value cannot be written in \(encoding.rawValue)")
            }
            return d
        }
    }

    // MARK: XML

    /// XML text and attribute values: the report's escaping serves (`& < > " '`).
    static func escaped(_ s: String) -> String { ReportText.html(s) }

    static func rewritePNC(_ source: String, _ target: String) throws -> (String, Int, Int) {
        let spec = XMLRecordSpec(recordElement: "Subject", fields: ["@owner", "PNCID", "CRONumber", "Name/Surname", "Name/Forenames", "DateOfBirth", "Sex"],
                                 groups: [XMLGroupSpec(path: "Aliases/Alias", fields: ["Surname", "Forenames", "DateOfBirth"]),
                                          XMLGroupSpec(path: "InformationMarkers/Marker", fields: ["Text", "@date"])])
        let reader = try XMLRecordReader(path: source, spec: spec)
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pnc:Download xmlns:pnc=\"\(pncNamespace)\" force=\"99\">\n"
        var rows = 0
        while let r = try reader.next() {
            rows += 1
            let f = r.fields
            x += "  <pnc:Person>\n"
            for v in f[1] { x += "    <pnc:Id scheme=\"PNC\">\(escaped(v))</pnc:Id>\n" }
            for v in f[2] { x += "    <pnc:Id scheme=\"CRO\">\(escaped(v))</pnc:Id>\n" }
            // Aliases come first, so only the kind tells the subject's own name apart.
            for a in r.groups[0] {
                x += "    <pnc:Name kind=\"ALIAS\"><pnc:Family>\(escaped(a[0] ?? ""))</pnc:Family><pnc:Given>\(escaped(a[1] ?? ""))</pnc:Given>"
                if let born = a[2] { x += "<pnc:Born>\(escaped(date(born, .dotted)))</pnc:Born>" }
                x += "</pnc:Name>\n"
            }
            for i in 0..<max(f[3].count, f[4].count) {
                let s = i < f[3].count ? f[3][i] : "", g = i < f[4].count ? f[4][i] : ""
                x += "    <pnc:Name kind=\"PRIMARY\"><pnc:Family>\(escaped(s))</pnc:Family><pnc:Given>\(escaped(g))</pnc:Given></pnc:Name>\n"
            }
            for v in f[5] { x += "    <pnc:Born>\(escaped(date(v, .dotted)))</pnc:Born>\n" }
            for v in f[6] {
                let code = ["M": "1", "MALE": "1", "F": "2", "FEMALE": "2", "U": "9", "UNKNOWN": "9"][Mapping.valueKey(v)] ?? v
                x += "    <pnc:Gender code=\"\(escaped(code))\"/>\n"
            }
            for v in f[0] { x += "    <pnc:Owner unit=\"\(escaped(code(.pnc, v)))\"/>\n" }
            for m in r.groups[1] {
                x += "    <pnc:Marker" + (m[1].map { " added=\"\(escaped(date($0, .compact)))\"" } ?? "") + ">\(escaped(m[0] ?? ""))</pnc:Marker>\n"
            }
            x += "  </pnc:Person>\n"
        }
        x += "</pnc:Download>\n"
        try Data(x.utf8).write(to: URL(fileURLWithPath: target))
        return ((target as NSString).lastPathComponent, rows, x.utf8.count)
    }

    static func rewriteJTrack(_ source: String, _ target: String) throws -> (String, Int, Int) {
        let spec = XMLRecordSpec(recordElement: "TrackedOffender",
                                 fields: ["@id", "PNCId", "Surname", "Forename", "DOB", "Cohort", "Status", "TrackingStart", "TrackingEnd", "Area"])
        let reader = try XMLRecordReader(path: source, spec: spec)
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Offenders xmlns=\"\(trackingNamespace)\">\n"
        var rows = 0
        while let r = try reader.next() {
            rows += 1
            let f = r.fields.map { $0.first }
            func attribute(_ name: String, _ v: String?) -> String { v.map { " \(name)=\"\(escaped($0))\"" } ?? "" }
            x += "  <Offender\(attribute("ref", f[0]))>\n"
            x += "    <Person\(attribute("pnc", f[1]))\(attribute("family", f[2]))\(attribute("given", f[3]))\(attribute("born", f[4].map { date($0, .dotted) }))/>\n"
            x += "    <Tracking\(attribute("scheme", f[5]))\(attribute("status", f[6]))\(attribute("from", f[7].map { date($0, .dotted) }))"
                + "\(attribute("to", f[8].map { date($0, .dotted) }))\(attribute("area", f[9].map { code(.jtrack, $0) }))/>\n"
            x += "  </Offender>\n"
        }
        x += "</Offenders>\n"
        try Data(x.utf8).write(to: URL(fileURLWithPath: target))
        return ((target as NSString).lastPathComponent, rows, x.utf8.count)
    }
}
