import Foundation

/// The log a person reads the next morning: one line per event with counts and timings.
/// Only counts, codes, file names and record keys go in; never a name or a date of birth.
public final class RunLog: @unchecked Sendable {
    public enum Format: String, Sendable { case text, json }

    let format: Format
    let write: (String) -> Void
    private let lock = NSLock()

    public init(format: Format = .text, write: @escaping (String) -> Void = RunLog.writeStandardError) {
        self.format = format
        self.write = write
    }

    /// `stage` is the pipeline step (ingest, link, audit, publish); `fields` are counts and keys.
    public func info(_ stage: String, _ message: String, _ fields: KeyValuePairs<String, Any> = [:]) {
        emit("info", stage, message, fields)
    }

    public func warning(_ stage: String, _ message: String, _ fields: KeyValuePairs<String, Any> = [:]) {
        emit("warning", stage, message, fields)
    }

    public func error(_ stage: String, _ message: String, _ fields: KeyValuePairs<String, Any> = [:]) {
        emit("error", stage, message, fields)
    }

    private func emit(_ level: String, _ stage: String, _ message: String, _ fields: KeyValuePairs<String, Any>) {
        let stamp = RunLog.timestamp(Date())
        let line: String
        switch format {
        case .text:
            // One event, one line: a file name with a line break cannot forge a line of its own.
            var s = "\(stamp) \(level.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)) \(RunLog.escaped(stage)): \(RunLog.escaped(message))"
            if !fields.isEmpty { s += " (" + fields.map { "\($0.key)=\(RunLog.escaped("\($0.value)"))" }.joined(separator: ", ") + ")" }
            line = s
        case .json:
            var obj: [String: Any] = ["time": stamp, "level": level, "stage": stage, "message": message]
            for (k, v) in fields { obj[k] = v is Int || v is Double || v is Bool ? v : "\(v)" }
            let data = (try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])) ?? Data()
            line = String(decoding: data, as: UTF8.self)
        }
        lock.lock(); defer { lock.unlock() }
        write(line)
    }

    /// Seconds to the hundredth, as a number: JSON logs carry numbers as numbers.
    static func seconds(_ s: Double) -> Double { (s * 100).rounded() / 100 }

    /// Control characters as escapes (`\n`, `\r`, `\t`, `\u{1B}`): what a log line quotes stays on it.
    static func escaped(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) || $0 == "\u{2028}" || $0 == "\u{2029}" })
        else { return s }
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0) || u == "\u{2028}" || u == "\u{2029}":
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// On a terminal a line starts by clearing the progress shown in place (`Progress`).
    static let clearsLine = isatty(2) == 1

    /// Writes a line to standard error; a closed or full stream loses the line, never the run.
    public static func writeStandardError(_ line: String) {
        var bytes = Array(((clearsLine ? "\r\u{1B}[K" : "") + line + "\n").utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + done, $0.count - done) }
            if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }

    static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }
}
