import Foundation

/// The 12-month trend as inline SVG: one small chart per division on a shared scale, open findings in
/// each month's last run. A month without a run is a gap in the line, marked "no run". No script.
enum TrendChart {
    static let width = 340.0, height = 176.0
    static let left = 42.0, right = 12.0, top = 24.0, bottom = 40.0

    /// The smallest 1, 2 or 5 × 10^k at or above `n` (at least 1).
    static func niceMax(_ n: Int) -> Int {
        guard n > 1 else { return 1 }
        var p = 1
        while true {
            for m in [1, 2, 5] where m * p >= n { return m * p }
            p *= 10
        }
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// One chart. `values` holds one entry per month (nil: no run that month).
    static func svg(id: String, title: String, months: [ReportMonth], values: [Int?], yMax: Int) -> String {
        let plotW = width - left - right, plotH = height - top - bottom
        let n = max(months.count, 2)
        func x(_ i: Int) -> Double { left + plotW * Double(i) / Double(n - 1) }
        func y(_ v: Int) -> Double { top + plotH - plotH * Double(v) / Double(max(yMax, 1)) }
        let e = ReportText.html
        var s = "<svg class=\"trend\" id=\"\(e(id))\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
        s += "width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-labelledby=\"\(e(id))-title\">"
        let described = zip(months, values).map { "\($0.shortLabel): \($1.map(String.init) ?? "no run")" }.joined(separator: "; ")
        s += "<title id=\"\(e(id))-title\">\(e(title)): open findings by month. \(e(described))</title>"
        s += "<text x=\"\(f(left))\" y=\"14\" class=\"chart-title\">\(e(title))</text>"
        // Y axis: gridlines and labels.
        var ticks = [0, yMax]
        if yMax % 2 == 0 && yMax >= 2 { ticks.insert(yMax / 2, at: 1) }
        for t in ticks {
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(t)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(t)))\" class=\"grid\"/>"
            s += "<text x=\"\(f(left - 4))\" y=\"\(f(y(t) + 3))\" class=\"tick\" text-anchor=\"end\">\(t)</text>"
        }
        s += "<text x=\"10\" y=\"\(f(top + plotH / 2))\" class=\"axis-title\" text-anchor=\"middle\" "
        s += "transform=\"rotate(-90 10 \(f(top + plotH / 2)))\">Open findings</text>"
        // X axis: month labels, the year under January and the first month.
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotH))\" class=\"axis\"/>"
        for (i, m) in months.enumerated() {
            s += "<text x=\"\(f(x(i)))\" y=\"\(f(top + plotH + 11))\" class=\"tick\" text-anchor=\"middle\">\(m.abbreviation)</text>"
            if i == 0 || m.month == 1 {
                s += "<text x=\"\(f(x(i)))\" y=\"\(f(top + plotH + 21))\" class=\"tick\" text-anchor=\"middle\">\(m.year)</text>"
            }
        }
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 4))\" class=\"axis-title\" text-anchor=\"middle\">Month (last audit run of each month)</text>"
        // The line, broken where a month had no run.
        var segment: [String] = []
        func closeSegment() {
            if segment.count > 1 { s += "<polyline class=\"line\" points=\"\(segment.joined(separator: " "))\"/>" }
            segment = []
        }
        for (i, v) in values.enumerated() {
            guard let v else {
                closeSegment()
                s += "<text x=\"\(f(x(i)))\" y=\"\(f(top + plotH - 3))\" class=\"no-run\" text-anchor=\"middle\">\u{00D7}<title>\(e(months[i].shortLabel)): no run</title></text>"
                continue
            }
            segment.append("\(f(x(i))),\(f(y(v)))")
        }
        closeSegment()
        for (i, v) in values.enumerated() {
            guard let v else { continue }
            s += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"2.5\" class=\"point\"><title>\(e(months[i].shortLabel)): \(v) open</title></circle>"
        }
        s += "</svg>"
        return s
    }
}
