import Foundation

/// This process's memory as the kernel counts it (`/proc/self/status`), so a run's manifest can say
/// which stage made the peak. Linux only; zero where the file cannot be read.
public enum ProcessMemory {
    /// Peak resident set size so far, in MiB (`VmHWM`).
    public static var peakMiB: Double { field("VmHWM:") }
    /// Resident set size now, in MiB (`VmRSS`).
    public static var currentMiB: Double { field("VmRSS:") }

    private static func field(_ name: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let kB = line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Double($0) } ?? 0
            return (kB / 1024).rounded()
        }
        return 0
    }
}
