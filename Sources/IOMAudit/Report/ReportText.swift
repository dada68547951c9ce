/// Escaping for the report's HTML, SVG and Markdown. Every piece of text that comes from data (names,
/// detail, owner, record ids, division names) goes through one of these: a name such as
/// `<script>alert(1)</script> & "O'Neil"` must show as text and never run.
enum ReportText {
    /// Text for an HTML/SVG element body or a quoted attribute value: `& < > " '` become entities and
    /// control characters (other than tab and newline) become U+FFFD.
    static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80..<0xA0).contains(u.value) { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// Text for a Markdown table cell: HTML-escaped (Markdown passes raw HTML through), pipes and
    /// backslashes escaped, line breaks flattened, and the characters that start emphasis, links or code escaped.
    static func markdownCell(_ s: String) -> String {
        var out = ""
        for ch in html(s) {
            switch ch {
            case "|", "\\", "*", "_", "`", "[", "]": out += "\\" + String(ch)
            case "\n", "\r", "\t": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    /// A count, or "no run" when there was no run to compare with.
    static func count(_ n: Int?) -> String { n.map(String.init) ?? "no run" }

    /// A trend cell: the count, or an en dash when there was no run that month.
    static func trendCount(_ n: Int?) -> String { n.map(String.init) ?? "\u{2013}" }

    /// A stored ISO date as dd/MM/yyyy (the text unchanged when it is not one).
    static func date(_ iso: String) -> String { CalendarDate(iso: iso)?.britishShort ?? iso }

    /// A division code made safe as a file name or HTML id: letters, digits and `-` only.
    static func slug(_ s: String) -> String {
        let t = String(s.unicodeScalars.map { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) ? Character($0) : "-" })
        return t.isEmpty ? "-" : t
    }

    static func statusLabel(_ status: String) -> String {
        switch status {
        case "NEW": return "New"
        case "OPEN": return "Open"
        case "REOPENED": return "Reopened"
        case "CORRECTED": return "Corrected"
        case "NOT-EVALUATED": return "Not evaluated"
        default: return status
        }
    }

    static func severityLabel(_ s: String) -> String {
        switch s {
        case "HIGH": return "High"
        case "MEDIUM": return "Medium"
        case "LOW": return "Low"
        default: return s
        }
    }
}
