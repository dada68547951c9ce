/// A command-line usage error, printed with the subcommand's help.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let command: String?
    public var description: String { message }
}

/// `--option value` and `--flag` arguments of one subcommand, checked against what it accepts.
public struct ParsedArguments: Sendable {
    public private(set) var options: [String: String] = [:]
    public private(set) var flags: Set<String> = []
    public private(set) var positionals: [String] = []

    public init(_ args: [String], command: String, options allowed: Set<String>, flags allowedFlags: Set<String> = [], positionals maxPositionals: Int = 0) throws {
        var i = 0
        while i < args.count {
            let a = args[i]
            if a.hasPrefix("--") {
                var name = String(a.dropFirst(2))
                var value: String?
                if let eq = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if allowedFlags.contains(name) {
                    guard value == nil else { throw UsageError(message: "--\(name) takes no value", command: command) }
                    flags.insert(name)
                } else if allowed.contains(name) {
                    if value == nil {
                        guard i + 1 < args.count, !args[i + 1].hasPrefix("--") else {
                            throw UsageError(message: "--\(name) needs a value", command: command)
                        }
                        i += 1
                        value = args[i]
                    }
                    options[name] = value
                } else {
                    throw UsageError(message: "unknown option --\(name) for '\(command)'", command: command)
                }
            } else {
                guard positionals.count < maxPositionals else {
                    throw UsageError(message: "unexpected argument '\(a)' for '\(command)'", command: command)
                }
                positionals.append(a)
            }
            i += 1
        }
    }

    public func date(_ name: String) throws -> CalendarDate? {
        guard let v = options[name] else { return nil }
        guard let d = CalendarDate(iso: v) else {
            throw UsageError(message: "--\(name) must be a date like 2026-11-20 (year-month-day), not '\(v)'" + ParsedArguments.whyNotADate(v), command: nil)
        }
        return d
    }

    /// Why a year-month-day that reads as one is still no date: ": there is no month 13", ": February 2026 has 28 days".
    static func whyNotADate(_ v: String) -> String {
        let parts = v.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return "" }
        guard (1...12).contains(m) else { return ": there is no month \(m)" }
        let days = (28...31).last { CalendarDate(year: y, month: m, day: $0) != nil } ?? 31
        guard (1...days).contains(d) else {
            let month = CalendarDate(year: y, month: m, day: 1).map { ReportMonth($0).label } ?? "that month"
            return ": \(month) has \(days) days"
        }
        return ""
    }

    public func integer(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let v = options[name] else { return nil }
        guard let n = Int(v), range.contains(n) else {
            throw UsageError(message: "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(v)'", command: nil)
        }
        return n
    }
}
