import Foundation
import Testing
@testable import IOMAudit

/// `iomaudit validate`: a force's configuration checked before its first night, every problem at once
/// with file, line and field, no extract read.
@Suite struct ValidateTests {
    /// A copy of the shipped pipeline, mappings and reference data to break.
    static func configuration() throws -> String {
        let dir = tempDirectory()
        for folder in ["Pipelines", "Mappings", "seeds"] {
            try FileManager.default.copyItem(atPath: Repo.path(folder), toPath: "\(dir)/\(folder)")
        }
        return dir
    }

    static func edit(_ path: String, _ body: (String) -> String) throws {
        try body(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
    }

    func validate(_ pipeline: String, json: Bool = false) -> (status: Int32, output: String) {
        var output = ""
        let status = IOMAuditCommand.main(arguments: ["validate", "--pipeline", pipeline] + (json ? ["--json"] : [])) { output += $0 + "\n" }
        return (status, output)
    }

    @Test func theShippedConfigurationIsValid() throws {
        let (status, output) = validate(Repo.path("Pipelines/nightly.json"))
        #expect(status == 0, "\(output)")
        #expect(output.contains("valid; 6 mappings and 7 reference tables read, no extract read."))
    }

    @Test func everyProblemIsListedAtOnceWithFileLineAndField() throws {
        let dir = try Self.configuration()
        try Self.edit("\(dir)/Pipelines/nightly.json") {
            $0.replacingOccurrences(of: "\"releaseGracePeriodDays\": 14,", with: "\"releaseGracePeriodDays\": 14,\n    \"colour\": \"red\",")
                .replacingOccurrences(of: "\"maxRowDropShare\": 0.25", with: "\"maxRowDropShare\": 1.25")
                .replacingOccurrences(of: "prison-movements-csv.json\", \"required\": false", with: "prison-movements-csv.json\", \"required\": \"no\"")
        }
        try Self.edit("\(dir)/Mappings/pnc-subjects-xml.json") {
            $0.replacingOccurrences(of: "\"path\": \"Name/Surname\"", with: "\"path\": \"Name[@kind=PRIMARY]/Surname\"")
                .replacingOccurrences(of: "\"ownerUnit\": { \"path\": \"@owner\" }", with: "\"ownerUnit\": { \"path\": \"@owner\" },\n    \"shoeSize\": { \"path\": \"Shoe\" }")
        }
        try Self.edit("\(dir)/Mappings/niche-nominals-csv.json") {
            $0.replacingOccurrences(of: "\"files\": \"niche_nominals_*.csv\"", with: "\"files\": \"*.csv\"")
        }
        try Self.edit("\(dir)/Mappings/micase-cases-csv.json") { $0.replacingOccurrences(of: "\"system\": \"micase\"", with: "\"system\": \"jtrack\"") }
        try Self.edit("\(dir)/seeds/divisions.csv") { $0 + "XX,,13\n" }
        try Self.edit("\(dir)/seeds/unit_divisions.csv") { $0 + "niche,ZZ9,QQ,Nowhere,test\nmars,ZZ8,LD,Nowhere,test\n" }

        let (status, output) = validate("\(dir)/Pipelines/nightly.json")
        #expect(status == ExitCode.configuration.rawValue)
        let lines = output.split(separator: "\n").map(String.init)
        func has(_ file: String, _ line: Int?, _ field: String?, _ part: String) {
            let head = "\(dir)/\(file)" + (line.map { ":\($0)" } ?? "") + ": " + (field.map { "\"\($0)\": " } ?? "")
            #expect(lines.contains { $0.hasPrefix(head) && $0.contains(part) }, "\(head)…\(part) in\n\(output)")
        }
        has("Pipelines/nightly.json", 13, "sources[5].required", "must be true or false")
        has("Pipelines/nightly.json", 17, "settings.colour", "unknown setting")
        has("Pipelines/nightly.json", 24, "settings.maxRowDropShare", "between 0 and 1")
        has("Mappings/pnc-subjects-xml.json", 13, "surname", "must be in quotes")
        has("Mappings/pnc-subjects-xml.json", 18, "shoeSize", "is not a canonical pnc field")
        has("Mappings/micase-cases-csv.json", 3, "system", "the pipeline lists this mapping under micase")
        has("Mappings/cozart-tests-csv.json", 6, "files", "can pick the same file")
        has("seeds/divisions.csv", 7, nil, "column 2: name: empty")
        has("seeds/unit_divisions.csv", 118, nil, "division \"QQ\" is not in divisions.csv")
        has("seeds/unit_divisions.csv", 119, nil, "unknown system \"mars\"")
        #expect(lines.last == "10 problems in 6 files: a run would refuse this configuration.", "\(output)")

        // The same as JSON, and a run refuses the configuration validate refused.
        let (_, json) = validate("\(dir)/Pipelines/nightly.json", json: true)
        let o = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(o["valid"] as? Bool == false)
        let problems = o["problems"] as! [[String: Any]]
        #expect(problems.count == 10)
        #expect(problems.contains { $0["field"] as? String == "shoeSize" && $0["line"] as? Int == 18 && ($0["file"] as? String)?.hasSuffix("pnc-subjects-xml.json") == true })
        #expect(IOMAuditCommand.main(arguments: ["run", "--pipeline", "\(dir)/Pipelines/nightly.json", "--input", Repo.path("Samples"),
                                                  "--out", "\(dir)/out", "--as-of", "2026-11-20"]) { _ in } == ExitCode.configuration.rawValue)
    }

    @Test func aFileThatIsNotJSONOrIsMissingIsNamedWithItsLine() throws {
        let dir = try Self.configuration()
        try Self.edit("\(dir)/Mappings/jtrack-tracking-xml.json") { $0.replacingOccurrences(of: "\"record\"", with: "record", options: [], range: nil) }
        try FileManager.default.removeItem(atPath: "\(dir)/Mappings/prison-movements-csv.json")
        try FileManager.default.removeItem(atPath: "\(dir)/seeds/lead_agency.csv")
        let (status, output) = validate("\(dir)/Pipelines/nightly.json")
        #expect(status == ExitCode.configuration.rawValue)
        let jtrackLine = try String(contentsOfFile: "\(dir)/Mappings/jtrack-tracking-xml.json", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("record:") }.map { $0 + 1 }
        #expect(output.contains("\(dir)/Mappings/jtrack-tracking-xml.json:\(jtrackLine!): is not valid JSON"), "\(output)")
        #expect(output.contains("\(dir)/Mappings/prison-movements-csv.json: cannot be read"), "\(output)")
        #expect(output.contains("\(dir)/seeds/lead_agency.csv: cannot open"), "\(output)")

        try "{ \"pipeline\": \"x\", \"sources\": [ ] ".write(toFile: "\(dir)/Pipelines/broken.json", atomically: true, encoding: .utf8)
        let broken = validate("\(dir)/Pipelines/broken.json")
        #expect(broken.status == ExitCode.configuration.rawValue)
        #expect(broken.output.contains("\(dir)/Pipelines/broken.json:1: is not valid JSON: line 1"), "\(broken.output)")
    }

    @Test func keyLinesFindEveryKeyByItsPath() throws {
        let text = "{\n \"a\": 1,\n \"list\": [\n  {\"x\": true},\n  {\n   \"x\": false}\n ],\n \"o\": {\"p\": {\n  \"q\": null}}\n}"
        let lines = StrictJSON.keyLines(Data(text.utf8))
        #expect(lines == ["a": 2, "list": 3, "list/0/x": 4, "list/1/x": 6, "o": 8, "o/p": 8, "o/p/q": 9])
        #expect(StrictJSON.keyLines(Data("{\"a\": ".utf8)).isEmpty)
    }
}
