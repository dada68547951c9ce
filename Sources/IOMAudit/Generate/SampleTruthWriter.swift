/// Writes truth/findings.csv, truth/people.csv, truth/broken_rows.csv and truth/README.md.
struct SampleTruthWriter {
    let w: SampleWorld
    let directory: String
    var files: [(name: String, rows: Int, bytes: Int)] = []

    init(world: SampleWorld, directory: String) {
        w = world
        self.directory = directory
    }

    mutating func writeFindings() throws {
        let o = try SampleByteWriter(path: directory + "/findings.csv")
        o.ascii("code,anchor,record_ids,pnc_id,division"); try o.endLine()
        for f in w.findings {
            o.text(f.code); o.comma(); o.text(f.anchor); o.comma()
            o.text(f.recordIds.joined(separator: ";")); o.comma(); o.text(f.pncId); o.comma(); o.text(f.division)
            try o.endLine()
        }
        try o.close()
        files.append(("truth/findings.csv", w.findings.count, o.bytesWritten))
    }

    /// One row per generated record that loads: `person,system:id`, people numbered from 1.
    mutating func writePeople() throws {
        let o = try SampleByteWriter(path: directory + "/people.csv")
        o.ascii("person,record"); try o.endLine()
        var rows = 0
        var t = 0, c = 0, m = 0
        for i in w.people.indices {
            let p = w.people[i]
            func start() { o.int(i + 1); o.comma() }
            if p.hasPNC { start(); o.ascii("pnc:"); o.text(p.pnc.canonical); try o.endLine(); rows += 1 }
            if !p.has(SampleFlag.visitor) {
                start(); o.ascii("niche:N"); o.padded(Int(p.nicheId), 8); try o.endLine(); rows += 1
                if let s = w.special(p), s.duplicate {
                    start(); o.ascii("niche:N"); o.padded(Int(s.duplicateNicheId), 8); try o.endLine(); rows += 1
                }
            }
            if let mem = w.member(p) {
                start(); o.ascii("micase:MC"); o.padded(Int(mem.caseId), 6); try o.endLine(); rows += 1
            }
            while t < w.trackings.count, w.trackings[t].person == Int32(i) {
                start(); o.ascii("jtrack:JT"); o.padded(Int(w.trackings[t].id), 6); try o.endLine(); rows += 1; t += 1
            }
            while c < w.tests.count, w.tests[c].person == Int32(i) {
                start(); o.ascii("cozart:CZ"); o.padded(Int(w.tests[c].id), 7); try o.endLine(); rows += 1; c += 1
            }
            while m < w.movements.count, w.movements[m].person == Int32(i) {
                start(); o.ascii("prison:"); o.bytes(w.prisonNumber(Int32(i))); o.byte(64); o.date(w.movements[m].received, .iso)
                try o.endLine(); rows += 1; m += 1
            }
        }
        try o.close()
        files.append(("truth/people.csv", rows, o.bytesWritten))
    }

    mutating func writeBrokenRows(_ rows: [SampleBrokenRow]) throws {
        let sorted = rows.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
        let o = try SampleByteWriter(path: directory + "/broken_rows.csv")
        o.ascii("file,line,outcome,reason"); try o.endLine()
        for r in sorted {
            o.text(r.file); o.comma(); o.int(r.line); o.comma(); o.text(r.outcome); o.comma()
            o.csvField(Array(r.reason.utf8))
            try o.endLine()
        }
        try o.close()
        files.append(("truth/broken_rows.csv", sorted.count, o.bytesWritten))
    }

    mutating func writeReadme(extracts: [(name: String, rows: Int, bytes: Int)], broken: [SampleBrokenRow]) throws {
        let o = try SampleByteWriter(path: directory + "/README.md")
        let opts = w.options
        var byCode: [String: Int] = [:]
        for f in w.findings { byCode[f.code, default: 0] += 1 }
        var pncShare = "about 80%"
        if !opts.volumes.isDefault {
            var withPNC = 0
            for i in 0..<w.residents where w.people[i].hasPNC { withPNC += 1 }
            pncShare = "\(Int((100 * Double(withPNC) / Double(max(1, w.residents))).rounded()))%"
        }
        var s = """
        # Truth for this synthetic sample set

        Made by `iomaudit samples --out DIR \(opts.commandOptions)`.
        Everyone here is invented by the generator; no real person is described. The same options
        always give byte-identical files.

        ## The extracts

        | file | rows | bytes | layout |
        |---|---:|---:|---|

        """
        let layouts = [
            "XML, UTF-8, default namespace `urn:wyp:iom:pnc-extract:1`, one `Subject owner=\"13XX\"` per PNC nominal",
            "CSV, Windows-1252, CRLF",
            "CSV, UTF-8 with byte-order mark",
            "XML, UTF-8, no namespace, one `TrackedOffender id=\"JT…\"` per tracking record",
            "CSV, UTF-8",
            "CSV, ISO-8859-1",
        ]
        for (k, f) in extracts.enumerated() {
            s += "| `\(f.name)` | \(f.rows) | \(f.bytes) | \(k < layouts.count ? layouts[k] : "") |\n"
        }
        s += """

        Rows are data rows (XML: records); CSV rows include the junk rows listed in `broken_rows.csv`.
        \(w.residents) resident people (every one has a Niche nominal; \(pncShare) a PNC nominal) plus \(w.people.count - w.residents)
        people from outside the force who only appear as drug-test subjects. \(w.members.count) MiCase cohort cases.

        ## `findings.csv`

        `code,anchor,record_ids,pnc_id,division`: every finding the audit must report, sorted by code, then anchor.

        - `anchor` is the record the finding is about, as `system:id` (`pnc`, `niche`, `micase`, `jtrack`,
          `cozart`, `prison`). PNC ids are canonical `YY/NNNNNNNA` (serial padded to seven digits); prison ids
          are `A1234BC@yyyy-MM-dd` (reception date).
        - `record_ids`: the records involved, `;`-separated and sorted (the anchor alone for one-record findings;
          ID-CONFLICT: the Niche nominal and the PNC nominal whose ID it carries; ID-DUPLICATE: both Niche
          nominals; DIVISION-MISMATCH: the MiCase case and the Niche nominal).
        - `pnc_id`: the subject's own PNC ID (canonical), empty when they have none. For ID-PNC-INVALID and
          ID-CONFLICT it is the ID they really have, not the one written on the faulty record.
        - `division`: the subject's true division (the MiCase hub for cohort members, the test site's division
          for an unlinked drug test).

        Each finding is on a different person; no person carries two. Counts by code:

        | code | count |
        |---|---:|

        """
        for code in SampleCode.allCases {
            s += "| `\(code.code)` | \(byCode[code.code] ?? 0) |\n"
        }
        s += """

        Semantics used (as-of date A = \(opts.asOf.iso)): active = selected, not deselected; recently deselected =
        deselected within 330 days of A (older deselections are 400 days or more before A, so "within 12 months"
        is never borderline); RELEASED-STILL-PRISON = released 15 or more days before A and MiCase still R&R with
        lead agency Prison; custody = received before A and no release date, or one after A.

        ## Scope

        Findings are listed for: active cohort members, people deselected in the last 12 months, anyone with an
        active PP marker, a Niche cohort flag or an active JTrack record, and drug-test subjects. Findings are only
        injected on the first groups; drug-test subjects only carry TEST-UNLINKED (so the truth holds whether an
        audit treats them as in scope for every rule or only for TEST-UNLINKED). Everyone in scope, and every
        drug-test subject, is kept free of any other finding condition: only harmless variation touches them.

        ## Harmless variation (must not produce findings)

        - names in upper or mixed case; Niche names in Windows-1252 (’ 0x92, é 0xE9, ë 0xEB); prison names in
          ISO-8859-1 (’ written as '); PNC and JTrack names upper-case ASCII with accents folded
        - on a record that carries the right PNC ID: a one-letter surname typo, forename and surname swapped,
          middle names dropped, or (never on MiCase) the date of birth with day and month transposed
        - PNC IDs in long form (`2004/0012345K`), zero-padded or unpadded, lower-case check letter, with spaces
        - PP markers in the agreed wording in upper case, with an en dash, other contact text or none
        - alternative date layouts the mappings list, vocabulary synonyms the mappings list, hub names in any case,
          historical PNC owner units (13AA, 13GA, 13DA, 13EA, 13FA)
        - REMOVED / DEREGISTERED markers and ENDED JTrack records on deselected members; extra ENDED JTrack
          records from an earlier stint; non-PP information markers on PNC
        - an active member released from prison 3–13 days before A whose MiCase still says R&R / Prison

        ## Out of scope, counted only

        Background people (not in scope) also carry the conditions below. An audit will see them, but they are
        not findings to list, so they are not in `findings.csv`:

        | condition | people |
        |---|---:|

        """
        for (name, count) in w.background { s += "| \(name) | \(count) |\n" }
        s += """

        ## `people.csv`

        `person,record`: one row per generated record that loads, with the number of the person it belongs to
        (residents 1–\(w.residents), then the outside drug-test subjects). Two records belong together exactly when
        their person numbers are equal, so linkage precision and recall can be computed over record pairs. Junk
        rows that are quarantined are not listed; rows that load with a field issue are, under their person.

        ## `broken_rows.csv`

        `file,line,outcome,reason`: rows deliberately broken (`line` is the 1-based physical line; the header is
        line 1). `quarantined`: a ragged row (too few fields) or a row without its key field, not tied to anyone.
        `loaded-with-issue`: an impossible date of birth (the field loads empty) or a value outside the
        mapping's vocabulary; these rows belong to out-of-scope people (or carry a PNC ID that links them), so
        they change no finding. Invalid PNC IDs and CRO numbers are findings or background conditions, not
        broken rows, although the loader records them as field issues too. \(broken.count) rows in all.

        """
        o.text(s)
        try o.close()
        files.append(("truth/README.md", 0, o.bytesWritten))
    }
}
