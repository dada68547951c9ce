import Foundation
import Testing
@testable import IOMAudit

/// `iomaudit rules`: what a force reads before its first night to know what each finding asks of whom.
@Suite struct RulesCommandTests {
    @Test func everyCodeIsListedWithMeaningSystemsChangeAndDivision() throws {
        var text = ""
        #expect(IOMAuditCommand.main(arguments: ["rules"]) { text += $0 } == 0)
        for e in RuleCatalogue.entries {
            #expect(text.contains("\(e.code) (\(e.severity.rawValue))\n  means:      \(e.summary)\n"), "\(e.code)")
        }
        #expect(text.contains("PNC-MARKER-MISSING (HIGH)\n  means:      active PPO/IOM member with no active PP marker on PNC\n  reads:      PNC, MiCase\n  to change:  PNC\n  who:        Police"))

        var json = ""
        #expect(IOMAuditCommand.main(arguments: ["rules", "--json"]) { json += $0 } == 0)
        let list = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
        #expect(list.map { $0["code"] as? String } == RuleCatalogue.codes)
        let test = try #require(list.first { $0["code"] as? String == "TEST-UNLINKED" })
        #expect(test["reads"] as? [String] == ["PNC", "Niche", "Cozart"])
        #expect((test["division"] as? String)?.contains("custody suite") == true)
        let invalid = try #require(list.first { $0["code"] as? String == "ID-PNC-INVALID" })
        #expect(invalid["reads"] as? [String] == ["any system (the record's own)"])
        #expect(invalid["systemToChange"] as? String == "the record's system")
    }
}
