import Foundation
import Testing
@testable import IOMAudit

/// Another force's PNC download writes every name as `<Name kind="...">`, primary and aliases alike.
/// Without predicates the first `Name` was taken as the subject's name (often an alias) and the alias
/// group took in the primary name too; with them a mapping says which is which.
@Suite struct XMLPathTests {
    @Test func pathsParseIntoStepsPredicatesAndAnAttribute() throws {
        let p = try XMLPath("ns:Names/Name[@kind='PRIMARY'][ @lang != \"cy\" ]/Surname")
        #expect(p.elements.map(\.name) == ["Names", "Name", "Surname"])
        #expect(p.elements[1].predicates == [[.init(attribute: "kind", test: .equals("PRIMARY"))],
                                              [.init(attribute: "lang", test: .notEquals("cy"))]])
        #expect(p.attribute == nil)
        let q = try XMLPath("Alias[@type='AKA' or @type = 'ALIAS' or not(@type)]/@date")
        #expect(q.elements[0].predicates == [[.init(attribute: "type", test: .equals("AKA")),
                                              .init(attribute: "type", test: .equals("ALIAS")),
                                              .init(attribute: "type", test: .absent)]])
        #expect(q.attribute == "date")
        #expect(try XMLPath("Name[@current]").elements[0].predicates == [[.init(attribute: "current", test: .present)]])
        #expect(try XMLPath("Code[@scheme='a/b]c']").elements.count == 1, "a quoted value may hold '/' and ']'")
        #expect(try XMLPath(".").elements.isEmpty)
        #expect(try XMLPath("@owner").attribute == "owner")
    }

    @Test(arguments: [
        ("", "is empty"), ("a//b", "expected an element name"), ("@x/y", "can only be the last step"), ("/a", "expected an element name"),
        ("@", "attribute name"), ("a/", "ends with '/'"), ("Name[@kind=PRIMARY]", "must be in quotes"), ("Name[@kind='PRIMARY'", "not closed with ']'"),
        ("Name[kind='P']", "tests an attribute"), ("Name[@kind='P' and @x]", "expected ']' or 'or'"), ("Name[@kind='P]", "quoted value is not closed"),
        ("Name[not(kind)]", "not(…) takes an attribute"), ("Name[@a!]", "expected '=' after '!'"),
    ])
    func badPathsSayWhatIsWrong(_ path: String, _ reason: String) {
        do { _ = try XMLPath(path); Issue.record("\(path) accepted") } catch {
            #expect(error.description.contains(reason), "\(path): \(error)")
            #expect(error.description.hasPrefix("path '\(path)'"))
        }
    }

    let kinded = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Extract xmlns="urn:other-force:pnc:2">
      <Person id="P1">
        <Name kind="ALIAS"><Surname>SMYTHE</Surname><Forenames>JON</Forenames></Name>
        <Name kind=" PRIMARY "><Surname>SMITH</Surname><Forenames>JOHN</Forenames></Name>
        <Name kind="ALIAS" lang="cy"><Surname>GOF</Surname><Forenames>SIÔN</Forenames></Name>
        <Name><Surname>SMITH-JONES</Surname></Name>
      </Person>
    </Extract>
    """

    @Test func predicatesSelectKindedElementsAndOneElementMayServeSeveralPaths() throws {
        let spec = XMLRecordSpec(recordElement: "Person", fields: [
            "Name[@kind='PRIMARY']/Surname", "Name[@kind='PRIMARY']/Forenames", "Name/Surname", "Name[not(@kind)]/Surname",
            "Name[@kind!='PRIMARY']/@kind", "Name[@lang]/Surname",
        ], groups: [
            XMLGroupSpec(path: "Name[@kind='ALIAS' or not(@kind)]", fields: ["Surname", "Forenames"]),
            XMLGroupSpec(path: "Name", fields: ["@kind"]),
        ])
        let reader = try XMLRecordReader(bytes: Array(kinded.utf8), name: "kinded.xml", spec: spec)
        let r = try #require(try reader.next())
        #expect(r.fields == [["SMITH"], ["JOHN"], ["SMYTHE", "SMITH", "GOF", "SMITH-JONES"], ["SMITH-JONES"], ["ALIAS", "ALIAS"], ["GOF"]])
        #expect(r.groups[0] == [["SMYTHE", "JON"], ["GOF", "SIÔN"], ["SMITH-JONES", nil]])
        #expect(r.groups[1] == [["ALIAS"], ["PRIMARY"], ["ALIAS"], [nil]])
        #expect(try reader.next() == nil)
    }

    /// The mapping a force writes for such a download: the subject's name from the primary `Name`, the
    /// aliases from the others, and no extra-value issues; a bad predicate is refused when the mapping
    /// loads (exit 78), naming the field, not when the extract is read.
    @Test func aKindedPNCMappingTakesThePrimaryNameAndTheAliasesApart() throws {
        let json = #"""
        {"mapping":"other-pnc","system":"pnc","format":"xml","files":"p.xml","record":"Person","namespace":"urn:other-force:pnc:2",
         "fields":{"pncId":{"path":"@id"},"surname":{"path":"Name[@kind='PRIMARY']/Surname"},"forenames":{"path":"Name[@kind='PRIMARY']/Forenames"}},
         "groups":{"pncAliases":{"path":"Name[@kind!='PRIMARY']","fields":{"surname":{"path":"Surname"},"forenames":{"path":"Forenames"}}}}}
        """#
        let mapping = try Mapping.parse(try JSONSerialization.jsonObject(with: Data(json.utf8)), file: "other-pnc.json")
        let text = kinded.replacingOccurrences(of: "id=\"P1\"", with: "id=\"03/9907N\"")
        let records = try outcomes(mapping, text).compactMap(\.record)
        let r = try #require(records.first)
        #expect(r.issues.isEmpty, "\(r.issues)")
        let nominal = PNCNominal(r)
        #expect(nominal.identity.name == PersonName(forenames: "JOHN", surname: "SMITH"))
        #expect(nominal.aliases.map(\.display) == ["SMYTHE, JON", "GOF, SIÔN", "SMITH-JONES"])

        let bad = json.replacingOccurrences(of: "Name[@kind='PRIMARY']/Surname", with: "Name[@kind=PRIMARY]/Surname")
        do { _ = try Mapping.parse(try JSONSerialization.jsonObject(with: Data(bad.utf8)), file: "other-pnc.json"); Issue.record("accepted") }
        catch let e as MappingError {
            #expect(e.field == "surname")
            #expect(e.message.contains("must be in quotes"))
        }
        let badGroup = json.replacingOccurrences(of: #""path":"Name[@kind!='PRIMARY']""#, with: #""path":"Name/@kind""#)
        do { _ = try Mapping.parse(try JSONSerialization.jsonObject(with: Data(badGroup.utf8)), file: "other-pnc.json"); Issue.record("accepted") }
        catch let e as MappingError { #expect(e.field == "pncAliases") }
    }
}
