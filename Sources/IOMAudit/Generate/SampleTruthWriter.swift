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

    /// `record,kind`: every record given a slip (sorted by record).
    mutating func writeSlips(_ slips: [(record: String, kind: SampleSlipKind)]) throws {
        let o = try SampleByteWriter(path: directory + "/slips.csv")
        o.ascii("record,kind"); try o.endLine()
        for s in slips {
            o.text(s.record); o.comma(); o.text(s.kind.name)
            try o.endLine()
        }
        try o.close()
        files.append(("truth/slips.csv", slips.count, o.bytesWritten))
    }

    /// `person`: the people given a name outside Latin-1 (numbered as in people.csv).
    mutating func writeNonLatinPeople() throws {
        let o = try SampleByteWriter(path: directory + "/non_latin_people.csv")
        o.ascii("person"); try o.endLine()
        var rows = 0
        for i in w.people.indices where w.people[i].has(SampleFlag.nonLatin) {
            o.int(i + 1); try o.endLine(); rows += 1
        }
        try o.close()
        files.append(("truth/non_latin_people.csv", rows, o.bytesWritten))
    }

    mutating func writeReadme(extracts: [(name: String, rows: Int, bytes: Int)], broken: [SampleBrokenRow],
                              slips: [SampleSlipKind: (drawn: Int, harmless: Int)] = [:]) throws {
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

        ID-REVIEW: the person's Niche nominal is under a married surname (one no other resident has), without
        the PNC ID, but with the person's own CRO number, the one on their PNC nominal; their MiCase case has
        no Niche reference. Forename, date of birth and CRO number agree, the surname does not: a link a data
        manager must confirm (anchor: the Niche nominal).

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
        if opts.slipRate > 0 { s += slipsSection(slips) }
        if opts.effectiveNonLatinShare > 0 { s += nonLatinSection() }
        o.text(s)
        try o.close()
        files.append(("truth/README.md", 0, o.bytesWritten))
    }

    func slipsSection(_ counts: [SampleSlipKind: (drawn: Int, harmless: Int)]) -> String {
        var drawn = 0, harmless = 0
        for c in counts.values { drawn += c.drawn; harmless += c.harmless }
        var s = """

        ## `slips.csv`

        `record,kind`: every record that carries a hand-entry slip, as `system:id` (as in `findings.csv`),
        sorted by record, with the kind of slip. Made with slip rate \(w.options.slipRate): each record in
        every system, whether or not it carries a PNC ID, independently got one slip with that probability,
        of a kind drawn at the relative weights below among the kinds that can apply to it (a nickname needs a
        forename that has one, a surname part a double-barrelled surname, a day/month transposition a day of
        12 or less, a dropped middle name a record that would have written it). The slip is on that record
        only: `people.csv` says whose record it is, and the person is unchanged. One slip per record at most.
        No slip is on a record of a person who carries a finding in `findings.csv` or is the other side of one
        (the ID-CONFLICT target, the ID-DUPLICATE pair, the ID-REVIEW record), nor on a row in
        `broken_rows.csv`, so the findings stay exactly right. A date-of-birth slip never moves the date
        across the person's 18th birthday on the as-of date, or to under five or over a hundred years old.
        The records that carry the harmless variation above (a surname typo, a swap or a transposed date on a
        record with the right PNC ID: the generator makes these at any slip rate) are listed too, under the
        same kinds, and get no second slip. Records that still carry a valid PNC ID link on it anyway.

        A record counts as linked correctly when it is in the same person as at least one other record of
        its person in `people.csv` (or its person has only that record).

        `slips` counts the records given a slip at the slip rate, `harmless` those with the harmless variation.

        | kind | weight | what the record shows | slips | harmless |
        |---|---:|---|---:|---:|

        """
        let what: [SampleSlipKind: String] = [
            .forenameNickname: "a nickname or short form of the first forename (Jim for James, Peggy for Margaret), the generator's own table",
            .forenameInitial: "the first forename (and a written middle name) as initials",
            .surnameTypo: "one typo in the surname: a wrong, transposed, dropped or doubled letter (never the first)",
            .forenameTypo: "one typo in the first forename, the same way",
            .bothTypo: "one typo in the surname and one in the first forename",
            .surnamePart: "one part of a double-barrelled surname only",
            .surnameHyphenation: "hyphen as a space or left out, space as a hyphen or left out, apostrophe left out or a space, Mc/Mac split off",
            .nameSwap: "surname and forenames swapped",
            .dobDay: "date of birth one day out (across month ends)",
            .dobYear: "birth year one out, same day and month",
            .dobDayMonth: "day and month transposed (a different valid date)",
            .dobDigit: "one digit of the date of birth wrong (a valid date)",
            .dobMissing: "date of birth left empty",
            .middleDropped: "the middle name left out",
            .middleAsForename: "the middle name given as the only forename",
        ]
        for k in SampleSlipKind.allCases {
            let c = counts[k] ?? (0, 0)
            s += "| `\(k.name)` | \(SampleSlipKind.weights[k.rawValue]) | \(what[k]!) | \(c.drawn) | \(c.harmless) |\n"
        }
        s += "| all | 100 | | \(drawn) | \(harmless) |\n"
        return s
    }

    func nonLatinSection() -> String {
        var count = 0
        for p in w.people where p.has(SampleFlag.nonLatin) { count += 1 }
        return """

        ## `non_latin_people.csv`

        `person`: the \(count) people (share \(w.options.effectiveNonLatinShare) of everyone not involved in a
        finding) given a Polish, Czech, Turkish, Romanian or Vietnamese name with letters outside Latin-1
        (Łukasz Wiśniewski, Dvořák, Şahin, Ștefan, Nguyễn). They are the same person in every system and must
        link. The UTF-8 extracts (MiCase, Cozart) write the names as they are; Niche (Windows-1252) and the
        prison extract (ISO-8859-1) write them as those systems store them: letters the code page has are kept,
        the others lose their diacritics (Lukasz Wisniewski; Dvorák; Š kept in Windows-1252, S in ISO-8859-1);
        PNC and JTrack write upper-case ASCII (LUKASZ WISNIEWSKI).

        """
    }
}
