import Foundation

/// `iomaudit samples`: writes the synthetic force and prints what it wrote.
enum SamplesCommand {
    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        let args = try ParsedArguments(arguments, command: "samples", options: ["out", "people", "seed", "as-of"])
        guard let out = args.options["out"] else { throw UsageError(message: "--out is required", command: "samples") }
        let people = try args.integer("people", range: 200...5_000_000) ?? 2000
        let seed = try args.integer("seed", range: 0...Int.max) ?? 1
        let asOf = try args.date("as-of") ?? CalendarDate(iso: "2026-11-20")!
        let started = Date()
        let summary = try SampleGenerator.write(to: out, options: SampleOptions(people: people, seed: UInt64(seed), asOf: asOf))
        for f in summary.files {
            stdout("\(f.name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(String(f.rows).leftPadded(9)) rows \(String(f.bytes).leftPadded(12)) bytes")
        }
        stdout("\(summary.injectedFindings) findings injected across \(summary.findingsByCode.count) codes (see \(out)/truth/findings.csv); \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        return .success
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
