import Foundation
import IOMAudit
import Testing

/// Names outside Latin-1 are kept exactly as the source wrote them (Unicode NFC) in the store, the
/// tables, `explain` and the audit, while linking matches them through a separate key: Nguyễn on PNC
/// links to Nguyen on a Windows-1252 Niche extract, ИВАНОВ to Ivanov. Planted in the committed
/// samples, run through the built binary; the findings must be exactly the samples' truth (a damaged
/// name that failed to link would add a false ID-UNMATCHED or NICHE-FLAG-STALE).
@Suite struct WrittenNamesTests {
    /// PNC-MARKER-MISSING in Leeds, so its name is in the audit's findings list; linked by PNC ID.
    static let marked = (pnc: "08/0015521R", niche: "N10016863", micase: "MC100238")
    /// Niche nominals with no identifier, linked to their PNC nominal by names and date of birth only.
    static let vietnamese = (pnc: "26/0010624T", niche: "N10000415")
    static let russian = (pnc: "96/0000964H", niche: "N10002695")
    /// "Wiśniewski" as a Mac or a web form may send it: s followed by a combining acute (NFD).
    static let decomposed = "Wis\u{301}niewski"

    struct Outputs { let out: String; let run: Binary.Result; let report: Binary.Result; let explain: Binary.Result }

    static let outputs: Result<Outputs, Error> = Result { try makeOutputs() }

    static func makeOutputs() throws -> Outputs {
        let (input, out) = try Binary.samplesToEdit()
        func edit(_ path: String, _ encoding: String.Encoding, _ body: (inout String) throws -> Void) throws {
            try HostilePayloadTests.edit(path, encoding: encoding, body)
        }
        let replaceOnce = HostilePayloadTests.replaceOnce
        try edit(input + "/pnc_subjects_20261120.xml", .utf8) { text in
            try replaceOnce(&text, "<PNCID>08/15521R</PNCID>\n    <Name><Surname>SINGH</Surname><Forenames>DAVID</Forenames>",
                            "<PNCID>08/15521R</PNCID>\n    <Name><Surname>WIŚNIEWSKI</Surname><Forenames>ŁUKASZ</Forenames>")
            try replaceOnce(&text, "<PNCID>26/10624T</PNCID>\n    <Name><Surname>KAUR</Surname>",
                            "<PNCID>26/10624T</PNCID>\n    <Name><Surname>NGUYỄN</Surname>")
            try replaceOnce(&text, "<Name><Surname>STEVENS</Surname><Forenames>RANJIT</Forenames>",
                            "<Name><Surname>ИВАНОВ</Surname><Forenames>RANJIT</Forenames>")
        }
        // Windows-1252 cannot hold Ś, Ł or ễ: the force's Niche holds the plain letters.
        try edit(input + "/niche_nominals_20261120.csv", .windowsCP1252) { text in
            try replaceOnce(&text, "\nN10016863,08/15521R,,Singh,David,", "\nN10016863,08/15521R,,Wisniewski,Lukasz,")
            try replaceOnce(&text, "\nN10000415,,,Kaur,Zubair,", "\nN10000415,,,Nguyen,Zubair,")
            try replaceOnce(&text, "\nN10002695,,,Stevens,Ranjit,", "\nN10002695,,,Ivanov,Ranjit,")
        }
        try edit(input + "/micase_cases_20261120.csv", .utf8) { text in
            try replaceOnce(&text, "\nMC100238,08/15521R,N10016863,Singh,David,", "\nMC100238,08/15521R,N10016863,\(decomposed),Łukasz,")
        }
        let run = try Binary.run(["run", "--input", input, "--out", out, "--as-of", "2026-11-20"])
        let report = try Binary.run(["report", "--month", "2026-11", "--out", out])
        let explain = try Binary.run(["explain", "pnc:" + russian.pnc, "--out", out])
        return Outputs(out: out, run: run, report: report, explain: explain)
    }

    static func store(_ o: Outputs) throws -> SQLiteDatabase { try SQLiteDatabase(path: o.out + "/current/store.sqlite") }

    @Test func theRunFindsExactlyTheSamplesTruth() throws {
        let o = try Self.outputs.get()
        #expect(o.run.status == 3, "the samples' broken rows make it a warning; stderr: \(o.run.stderr)")
        let truth = try Binary.csvRows(Binary.repoRoot + "/Samples/truth/findings.csv")
        let found = Set(try Self.store(o).rows("SELECT code || ' ' || anchor FROM findings").map { $0[0] ?? "" })
        #expect(found == Set(truth.map { "\($0[0]) \($0[1])" }))
    }

    @Test func theStoreKeepsEachNameAsWritten() throws {
        let db = try Self.store(try Self.outputs.get())
        func name(_ table: String, _ id: String) throws -> [String?] {
            try db.rows("SELECT surname, forenames FROM \(table) WHERE record_id = ?", [id]).first ?? []
        }
        #expect(try name("pnc_nominals", Self.marked.pnc) == ["WIŚNIEWSKI", "ŁUKASZ"])
        #expect(try name("pnc_nominals", Self.vietnamese.pnc) == ["NGUYỄN", "ZUBAIR"])
        #expect(try name("pnc_nominals", Self.russian.pnc) == ["ИВАНОВ", "RANJIT"])
        #expect(try name("niche_nominals", Self.vietnamese.niche) == ["Nguyen", "Zubair"])
        // Composed once (NFC), whatever form the extract used: one spelling for one name.
        let micase = try name("micase_cases", Self.marked.micase)
        #expect(micase.first??.unicodeScalars.map(\.value) == "Wiśniewski".precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value))
        #expect(micase.last == "Łukasz")
    }

    @Test func namesInOtherScriptsLinkThroughTheirMatchingKey() throws {
        let db = try Self.store(try Self.outputs.get())
        for (pnc, niche) in [Self.vietnamese, Self.russian] {
            let masters = try db.rows("SELECT DISTINCT master_id FROM links WHERE record IN (?, ?)", ["pnc:" + pnc, "niche:" + niche])
            #expect(masters.count == 1, "pnc:\(pnc) and niche:\(niche) are one nominal")
        }
    }

    @Test func tablesExplainAndTheAuditShowTheNameAsWritten() throws {
        let o = try Self.outputs.get()
        let nominals = try String(contentsOfFile: o.out + "/current/tables/nominals.csv", encoding: .utf8)
        for written in ["WIŚNIEWSKI", "ŁUKASZ", "NGUYỄN", "ИВАНОВ"] { #expect(nominals.contains(written), "nominals.csv holds \(written)") }
        #expect(o.explain.status == 0, "\(o.explain.stderr)")
        #expect(o.explain.stdout.contains("ИВАНОВ") && o.explain.stdout.contains("Ivanov"), "\(o.explain.stdout)")
        #expect(o.report.status == 0, "\(o.report.stderr)")
        let html = try String(contentsOfFile: o.out + "/reports/2026-11/audit-2026-11.html", encoding: .utf8)
        #expect(html.contains("WIŚNIEWSKI"), "the Leeds findings list names the nominal as PNC writes it")
        #expect(!html.contains("WINIEWSKI") && !html.contains("UKASZ,"), "no letter dropped")
    }
}
