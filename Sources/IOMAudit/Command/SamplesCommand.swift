import Foundation

/// `iomaudit samples`: writes the synthetic force and prints what it wrote.
///
/// `--profile force|tenth` sets every volume at once (force: 7 M Niche nominals, 2 M PNC subjects,
/// 5,000 MiCase cases, 50,000 drug tests, 20,000 prison movements; tenth: a tenth of each);
/// `--people`, `--pnc`, `--cases`, `--tests` and `--movements` set one volume, with or without a
/// profile. With `--people` alone every other volume is derived from it, as it always was.
/// `--scale F` (not in the help: for tests and trials) multiplies a profile's volumes. `--slip-rate R`
/// gives each record a hand-entry slip with probability R (`SampleSlipKind`); `--non-latin-share S`
/// gives a share of people names outside Latin-1 (default 0.015 with slips, else 0).
enum SamplesCommand {
    static let volumeOptions: Set<String> = ["pnc", "cases", "tests", "movements"]

    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        let args = try ParsedArguments(arguments, command: "samples",
                                       options: Set(["out", "people", "seed", "as-of", "profile", "scale", "slip-rate", "non-latin-share", "layout"]).union(volumeOptions))
        guard let out = args.options["out"] else { throw UsageError(message: "--out is required", command: "samples") }
        let maxPeople = SampleWorldBuilder.maxPeople
        let people = try args.integer("people", range: 200...maxPeople)
        let seed = try args.integer("seed", range: 0...Int.max) ?? 1
        let asOf = try args.date("as-of") ?? CalendarDate(iso: "2026-11-20")!
        // The generator draws people aged up to 70 and dates up to 18 years ahead; outside these years
        // its draws could never land inside the calendar it works in, and it would search for ever.
        guard (1900...2150).contains(asOf.year) else {
            throw UsageError(message: "--as-of \(asOf.iso) is outside the years the generator works in (1900 to 2150)", command: "samples")
        }
        var options: SampleOptions
        if let name = args.options["profile"] {
            guard let profile = SampleProfile(rawValue: name) else {
                throw UsageError(message: "--profile must be one of \(SampleProfile.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'", command: "samples")
            }
            var scale = 1.0
            if let text = args.options["scale"] {
                guard let v = Double(text), v > 0, v <= 1 else {
                    throw UsageError(message: "--scale must be a number above 0 and at most 1, not '\(text)'", command: "samples")
                }
                scale = v
            }
            options = SampleOptions(profile: profile, scale: scale, seed: UInt64(seed), asOf: asOf)
            if let people { options.people = people }
        } else {
            if args.options["scale"] != nil { throw UsageError(message: "--scale needs --profile", command: "samples") }
            options = SampleOptions(people: people ?? 2000, seed: UInt64(seed), asOf: asOf)
        }
        if let v = try args.integer("pnc", range: 0...maxPeople) { options.volumes.pncSubjects = v }
        if let v = try args.integer("cases", range: 1...maxPeople) { options.volumes.cases = v }
        if let v = try args.integer("tests", range: 0...maxPeople) { options.volumes.drugTests = v }
        if let v = try args.integer("movements", range: 0...maxPeople) { options.volumes.movements = v }
        if let text = args.options["slip-rate"] {
            guard let v = Double(text), v >= 0, v <= 0.5 else {
                throw UsageError(message: "--slip-rate must be a number from 0 to 0.5, not '\(text)'", command: "samples")
            }
            options.slipRate = v
        }
        if let text = args.options["non-latin-share"] {
            guard let v = Double(text), v >= 0, v <= 0.2 else {
                throw UsageError(message: "--non-latin-share must be a number from 0 to 0.2, not '\(text)'", command: "samples")
            }
            options.nonLatinShare = v
        }
        if let name = args.options["layout"] {
            guard let layout = SampleLayout(rawValue: name) else {
                throw UsageError(message: "--layout must be one of \(SampleLayout.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'", command: "samples")
            }
            options.layout = layout
        }
        let started = Date()
        let summary = try SampleGenerator.write(to: out, options: options)
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
