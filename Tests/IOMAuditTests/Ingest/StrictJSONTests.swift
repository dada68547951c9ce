import Foundation
import Testing
@testable import IOMAudit

/// Configuration files are read strictly, with the line and column of the first thing wrong.
@Suite struct StrictJSONTests {
    func problem(_ text: String) -> StrictJSON.Problem? {
        do { try StrictJSON.check(Data(text.utf8)); return nil } catch { return error as? StrictJSON.Problem }
    }

    @Test func validJSONPasses() {
        #expect(problem(#"{"a": [1, -2.5e3, true, null, "x\"\u00e9"], "b": {}}"#) == nil)
    }

    @Test(arguments: [
        ("{\n  \"a\": 1,\n  \"b\": 2,\n}", 4, 1, "trailing commas"),
        ("{\n  \"a\": [1, 2,]\n}", 2, 14, "trailing commas"),
        ("{\n  \"files\": \"a\",\n  \"files\": \"b\"\n}", 3, 3, "given twice in one object (first at line 2, column 3)"),
        ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}' after the value of \"a\""),
        ("{\n  // comment\n}", 2, 3, "expected a key"),
        ("{'a': 1}", 1, 2, "expected a key in double quotes"),
        ("{\"a\": 01}", 1, 8, "expected ',' or '}'"),
        ("{\"a\": \"open\n}", 1, 12, "line break inside text"),
        ("[1, 2", 1, 6, "not closed"),
    ])
    func problemsAreNamedWithLineAndColumn(_ text: String, _ line: Int, _ column: Int, _ says: String) {
        let p = problem(text)
        #expect(p?.line == line && p?.column == column, "\(String(describing: p))")
        #expect(p?.message.contains(says) == true, "\(String(describing: p))")
    }

    @Test func aPipelineWithADuplicateKeyIsRefusedNamingTheLine() throws {
        let dir = tempDirectory()
        let path = dir + "/pipeline.json"
        try #"{"pipeline": "x",\n "input": "in",\n "input": "elsewhere"}"#.replacingOccurrences(of: "\\n", with: "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PipelineError.self) { try PipelineDefinition.load(path: path) }
        do { _ = try PipelineDefinition.load(path: path) } catch {
            #expect("\(error)".contains("line 3, column 2: key \"input\" given twice"), "\(error)")
        }
    }

    @Test(arguments: ["../secret/*.csv", "sub/niche_*.csv", "..niche*.csv"])
    func aFilePatternCannotLeaveTheInputFolder(_ pattern: String) throws {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Repo.path("Mappings/niche-nominals-csv.json")))) as! [String: Any]
        json["files"] = pattern
        let dir = tempDirectory()
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: dir + "/m.json"))
        do { _ = try Mapping.load(path: dir + "/m.json"); Issue.record("accepted \(pattern)") } catch let e as MappingError {
            #expect(e.field == "files" && e.message.contains("input folder itself"), "\(e)")
        }
    }
}
