import Foundation

/// Named points on the publication path where a test can make the run fail or die, to prove that a
/// failure at any of them leaves outputs and history agreeing. `IOMAUDIT_FAULT` lists the points,
/// comma-separated; `NAME` makes the step fail with an error, `NAME:kill` kills the process there
/// (as `kill -9` would). Unset, every point is a no-op.
public enum FaultInjection {
    /// The points, in the order a run reaches them.
    public static let points = ["stage-run", "stage-restated", "history-commit", "move-aside", "move-in", "switch-current"]
    /// Reached only by a backfill, which restates the later runs' folders.
    public static let backfillOnly: Set<String> = ["stage-restated"]

    static let requested: [String: Bool] = {
        guard let spec = ProcessInfo.processInfo.environment["IOMAUDIT_FAULT"], !spec.isEmpty else { return [:] }
        var out: [String: Bool] = [:]
        for item in spec.split(separator: ",") {
            let parts = item.split(separator: ":")
            out[String(parts[0])] = parts.count > 1 && parts[1] == "kill"
        }
        return out
    }()

    /// Fails or dies here when asked to; else nothing.
    static func point(_ name: String, file: String) throws {
        guard let kill = requested[name] else { return }
        if kill { dieNow() }
        throw IngestError(file: file, line: nil, field: nil, message: "injected fault at \(name) (IOMAUDIT_FAULT)")
    }

    private static func dieNow() -> Never {
        raise(SIGKILL)
        fatalError("SIGKILL did not stop the process")
    }
}
