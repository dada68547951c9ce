import Foundation

/// The log a person reads the next morning: one line per event with counts and timings.
/// Only counts, codes, file names and record keys go in; never a name or a date of birth.
public final class RunLog: @unchecked Sendable {
    public enum Format: String, Sendable { case text, json }

    let format: Format
    let write: (String) -> Void
    private let lock = NSLock()

    public init(format: Format = .text, write: @escaping (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
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
            var s = "\(stamp) \(level.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)) \(stage): \(message)"
            if !fields.isEmpty { s += " (" + fields.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")" }
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

    static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }
}
