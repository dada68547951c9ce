import Foundation
import Testing
@testable import IOMAudit

@Suite struct MappingTests {
    @Test(arguments: ["pnc-subjects-xml", "niche-nominals-csv", "micase-cases-csv", "jtrack-tracking-xml", "cozart-tests-csv", "prison-movements-csv",
                      "other-force-pnc-persons-xml", "other-force-niche-nominals-txt", "other-force-micase-caselist-tsv",
                      "other-force-jtrack-offenders-xml", "other-force-cozart-results-csv", "other-force-prison-releases-csv"])
    func shippedMappingLoads(_ name: String) throws {
        let m = try Repo.mapping(name)
        #expect(m.name == name)
        #expect(!m.fields.isEmpty)
    }

    @Test func nightlyPipelineNamesAllSixSystems() throws {
        let p = try PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json"))
        #expect(Set(p.sources.map(\.system)) == Set(SourceSystem.allCases))
        for s in p.sources { #expect(try Mapping.load(path: s.mappingPath).system == s.system) }
        #expect(p.settings.releaseGracePeriodDays == 14)
    }

    func parse(_ json: String) throws -> Mapping {
        try Mapping.parse(try JSONSerialization.jsonObject(with: Data(json.utf8)), file: "force-x.json")
    }

    func mappingError(_ json: String) -> MappingError? {
        do { _ = try parse(json); return nil } catch let e as MappingError { return e } catch { return nil }
    }

    let base = #"{"mapping":"x","system":"niche","format":"csv","files":"n_*.csv","fields":{"nominalId":{"column":"ID"}"#

    @Test func unknownCanonicalFieldNamesFileAndField() {
        let e = mappingError(base + #","favouriteColour":{"column":"C"}}}"#)
        #expect(e?.file == "force-x.json")
        #expect(e?.field == "favouriteColour")
        #expect(e?.description.contains("not a canonical niche field") == true)
    }

    /// Source values are matched ignoring case and spaces: "Male", "MALE" and "male" are one value. Mapped
    /// to different codes, which won followed the JSON object's order, different in every process, so
    /// one night stored the Niche nominals as men and the next as unknown. Refused, naming both keys;
    /// spellings that agree stay allowed.
    @Test func valuesThatAreOneSourceValueMustAgree() throws {
        let e = mappingError(base + #","sex":{"column":"G","values":{"Male":"M","MALE":"F","Female":"F"}}}}"#)
        #expect(e?.field == "sex")
        #expect(e?.message.contains(#""MALE" and "Male" are the same source value"#) == true, "\(String(describing: e))")
        #expect(mappingError(base + #","sex":{"column":"G","values":{"Unknown":null,"UNKNOWN":"U"}}}}"#) != nil)
        let m = try parse(base + #","sex":{"column":"G","values":{"Male":"M","MALE":"M","male":"M"}}}}"#)
        #expect(m.fields.first { $0.field.name == "sex" } != nil)
    }

    @Test func unknownSettingIsAnError() {
        let e = mappingError(base + #","surname":{"column":"S","colour":"red"}}}"#)
        #expect(e?.field == "surname")
        #expect(e?.message.contains("unknown setting \"colour\"") == true)
        #expect(mappingError(base + #"},"sheet":"1"}"#)?.message.contains("unknown setting \"sheet\"") == true)
    }

    @Test func typeErrorsNameTheField() {
        #expect(mappingError(base + #","surname":{"column":"S","required":"yes"}}}"#)?.field == "surname")
        #expect(mappingError(base + #","surname":{"column":42}}}"#)?.field == "surname")
        #expect(mappingError(base + #","dateOfBirth":{"column":"DOB"}}}"#)?.message.contains("needs \"formats\"") == true)
        #expect(mappingError(base + #","dateOfBirth":{"column":"DOB","formats":["dd/qq/yyyy"]}}}"#)?.field == "dateOfBirth")
        #expect(mappingError(base + #","sex":{"column":"G","values":{"Male":"BLOKE"}}}}"#)?.message.contains("not one of M, F, U") == true)
        #expect(mappingError(base + #","surname":{"column":"S","split":";"}}}"#)?.field == "surname")
    }

    @Test func keyFieldMustBeMapped() {
        let e = mappingError(#"{"mapping":"x","system":"niche","format":"csv","files":"n.csv","fields":{"surname":{"column":"S"}}}"#)
        #expect(e?.field == "nominalId")
    }

    @Test func xmlNeedsARecordElementAndPaths() {
        #expect(mappingError(#"{"mapping":"x","system":"jtrack","format":"xml","files":"j.xml","fields":{"trackingId":{"path":"@id"}}}"#)?.message.contains("\"record\"") == true)
        #expect(mappingError(#"{"mapping":"x","system":"jtrack","format":"xml","record":"T","files":"j.xml","fields":{"trackingId":{"column":"ID"}}}"#)?.field == "trackingId")
    }

    @Test func badEncodingAndSystemAreNamed() {
        #expect(mappingError(#"{"mapping":"x","system":"niche","format":"csv","files":"n.csv","encoding":"ebcdic","fields":{"nominalId":{"column":"ID"}}}"#)?.message.contains("encoding") == true)
        #expect(mappingError(#"{"mapping":"x","system":"crystal-ball","format":"csv","files":"n.csv","fields":{}}"#)?.message.contains("system") == true)
    }

    @Test func unreadableFileIsNamed() {
        #expect(throws: MappingError.self) { try Mapping.load(path: "/nonexistent/force-y.json") }
        let dir = tempDirectory()
        let p = dir + "/broken.json"
        FileManager.default.createFile(atPath: p, contents: Data("{ not json".utf8))
        do { _ = try Mapping.load(path: p); Issue.record("expected an error") } catch let e as MappingError {
            #expect(e.file == "broken.json")
            #expect(e.message.contains("not valid JSON"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func valueKeysIgnoreCaseAndSpacing() {
        #expect(Mapping.valueKey("  catch   and control ") == "CATCH AND CONTROL")
        #expect(Mapping.headerKey(" Date of  Birth ") == "dateofbirth")
    }
}
