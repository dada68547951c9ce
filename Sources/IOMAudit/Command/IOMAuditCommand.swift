import Foundation

/// The command line: parses the subcommand, runs it, maps every error to an exit code and a message
/// a person can act on. The executable only calls `main`.
public enum IOMAuditCommand {
    /// Subcommands in the order `--help` lists them.
    static let subcommands: [(name: String, summary: String, usage: String, details: String)] = [
        ("run", "the nightly job: ingest, link, audit and publish one as-of date",
         "iomaudit run [--pipeline Pipelines/nightly.json] [--input DIR] [--out DIR] [--as-of YYYY-MM-DD] [--threads N] [--log-format text|json] [--new-history] [--backfill]",
         """
         Reads every source, links each person's records across the systems, raises the findings
         for the people in the audit's scope, and publishes OUT/runs/asof-DATE/ (store.sqlite,
         tables/*.csv, manifest.json), then points OUT/current at it. A run that fails publishes
         nothing and leaves the previous outputs as they were. Prints findings by code and division.

           --pipeline FILE   pipeline definition (default Pipelines/nightly.json)
           --input DIR       folder holding the extracts (default: the pipeline's "input")
           --out DIR         output folder (default: the pipeline's "out")
           --as-of DATE      reference date of the audit (default: today)
           --threads N       extracts read at once (default: one per core; 1 reads them one after
                             another); the findings are the same whatever N is
           --log-format F    text (default) or json, one line per event on standard error
           --new-history     start a new history although runs/ holds earlier runs (only when
                             history.sqlite is lost for good: every finding starts again as NEW)
           --backfill        record an as-of date earlier than the latest run (a missed night);
                             without it such a date is refused. The later runs' statuses are
                             computed again in date order and their folders restated; current
                             stays on the latest run
         """),
        ("explain", "show a person's records, how each was linked and why, and their open findings",
         "iomaudit explain KEY [--out DIR] [--pipeline FILE]",
         """
         KEY is a PNC ID in any accepted form (00/1082A, 2000/0001082A) or system:record_id
         (niche:N00000001, micase:MC100001). Reads OUT/current/store.sqlite of the last published run.
         Shows names and dates of birth: it is for data managers, not for circulation.
         """),
        ("report", "write the monthly Data Systems Audit Report (HTML, Markdown, CSV) from the finding history",
         ReportCommand.usage, ReportCommand.details),
        ("ingest", "read every source a pipeline names into the store; write the manifest",
         "iomaudit ingest [--pipeline Pipelines/nightly.json] [--input DIR] [--out DIR] [--threads N] [--log-format text|json]",
         """
         Reads each source the pipeline lists through its mapping file, turns every row into a canonical
         record or quarantines it with file, line, field and reason, and writes OUT/store.sqlite and
         OUT/manifest.json (per file: bytes, SHA-256, rows read, loaded, quarantined).

           --pipeline FILE   pipeline definition (default Pipelines/nightly.json)
           --input DIR       folder holding the extracts (default: the pipeline's "input")
           --out DIR         where the store and manifest go (default: the pipeline's "out")
           --threads N       extracts read at once (default: one per core)
           --log-format F    text (default) or json, one line per event on standard error
         """),
        ("samples", "write a deterministic synthetic force: six extracts and the truth file",
         "iomaudit samples --out DIR [--people N | --profile force|tenth] [--pnc N] [--cases N] [--tests N] [--movements N] [--slip-rate R] [--non-latin-share S] [--layout L] [--seed S] [--as-of YYYY-MM-DD]",
         """
         Writes all six extracts in the shipped layouts with realistic messiness and injected
         discrepancies of every finding code, plus DIR/truth/ listing each injected finding.
         Every person is synthetic. The same options always give the same bytes.

           --out DIR         folder to write (created if missing)
           --people N        residents in the synthetic force (default 2000)
           --profile P       force (7,000,000 Niche nominals, 2,000,000 PNC subjects, 5,000 MiCase
                             cases, 50,000 drug tests, 20,000 prison movements) or tenth (a tenth
                             of each): the benchmark's sets
           --pnc N, --cases N, --tests N, --movements N
                             one system's volume, with or without a profile; without them every
                             volume follows --people
           --slip-rate R     share of records (0 to 0.5, default 0) given one hand-entry slip:
                             nickname, initial, typo, surname part or hyphenation, swapped
                             names, date of birth a day, a year or a digit out, transposed or
                             missing, middle name dropped or used; listed in truth/slips.csv
           --non-latin-share S
                             share of people (0 to 0.2; default 0.015 with slips, else 0) with a
                             Polish, Czech, Turkish, Romanian or Vietnamese name outside Latin-1
           --layout L        west-yorkshire (default: Pipelines/nightly.json reads them) or
                             other-force: the same world in an invented second force's layouts,
                             read by Pipelines/other-force.json
           --seed S          random seed (default 1)
           --as-of DATE      reference date of the extracts (default 2026-11-20)
         """),
        ("check", "read one extract through a mapping and print its accounting (no store)",
         "iomaudit check --mapping MAPPING.json FILE [--pipeline FILE | --seeds DIR] [--as-of DATE] [--reader-only [--no-digest]] [--json]",
         """
         Reads FILE through the mapping exactly as ingest would, in memory, and prints rows read,
         loaded, quarantined and field issues. Use it to try a new layout's mapping. Each quarantine
         reason and each field issue code is listed by field with its count and first lines, and
         with the first offending value unless the field is personal data (names, dates of birth,
         free text). Notes say what a run would do otherwise: groups the mapping does not fill, a
         file name the mapping's files pattern would not pick, an extract with no rows. Unit codes
         (owner unit, owning unit, hub, area, test site, release area) are checked against the
         force's reference data; each one that maps to no division is listed with its rows.

           --mapping FILE    the mapping file for FILE's layout
           --pipeline FILE   take the reference data from this pipeline's "seeds" (default
                             Pipelines/nightly.json, where it exists)
           --seeds DIR       take the reference data from this folder
           --as-of DATE      also say whether a run on that date would hold the extract back
                             (dated after it, or more days before it than the pipeline allows)
           --reader-only     only time the CSV/XML reader (no mapping of values): benchmark use
           --no-digest       with --reader-only on CSV: skip the file's SHA-256 (parse speed alone)
           --json            one JSON object instead of text (the same, under "reasons")

         EXIT CODES
           0   read; nothing quarantined
           3   read; some rows quarantined (listed above)
           4   the file could not be read through (missing, not a regular file, header or XML broken)
           64  wrong arguments
           78  the mapping file is wrong (named with its field)
         """),
        ("validate", "check a pipeline, its mappings and its reference data, reporting every problem at once",
         "iomaudit validate [--pipeline FILE] [--json]",
         """
         Reads the pipeline, every mapping it names and the reference data in its "seeds" folder,
         and lists every problem with its file, line and setting or field, without reading any
         extract: run it before a force's first night and in the force's own CI. It also notes
         what a run would do that may not be meant (groups a mapping does not fill, an input folder
         missing on this machine), and refuses two sources whose file patterns pick the same file.

           --pipeline FILE   pipeline definition (default: $IOMAUDIT_PIPELINE, else
                             Pipelines/nightly.json)
           --json            one JSON object: valid, problems (file, line, field, message), notes

         EXIT CODES
           0   valid
           64  wrong arguments
           78  at least one problem (each listed)
         """),
        ("rules", "list the finding codes: meaning, systems read, what must change and where, division",
         "iomaudit rules [--json]",
         """
         The finding catalogue: for each code its severity, what it means, the systems it reads (a
         rule whose systems were not loaded is 'not evaluated'), the system and agency that must
         change, and how its findings are given a division.

           --json            a JSON list with the same, one object per code
         """),
        ("fields", "list the canonical fields a mapping fills, per system (a Markdown table)",
         "iomaudit fields", "The table Mappings/README.md carries: system, field, what the mapping gives, whether it is the record key, meaning."),
        ("help", "show help for a subcommand", "iomaudit help [SUBCOMMAND]", ""),
    ]

    /// Each subcommand's entry point, by name (the help text is in `subcommands`).
    static func runner(_ name: String) -> (([String], (String) -> Void) throws -> ExitCode)? {
        switch name {
        case "run": RunCommand.run
        case "explain": ExplainCommand.run
        case "report": ReportCommand.run
        case "ingest": IngestCommand.run
        case "check": CheckCommand.run
        case "samples": SamplesCommand.run
        case "fields": FieldsCommand.run
        case "rules": RulesCommand.run
        case "validate": ValidateCommand.run
        default: nil
        }
    }

    public static var overview: String {
        var s = """
        iomaudit \(IOMAuditVersion.current): IOM data-systems reconciliation and audit.

        USAGE: iomaudit <subcommand> [options]

        SUBCOMMANDS:

        """
        for c in subcommands { s += "  " + c.name.padding(toLength: 10, withPad: " ", startingAt: 0) + c.summary + "\n" }
        s += "\nEXIT CODES:\n"
        for e in ExitCode.allCases { s += "  \(String(e.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0))\(e.meaning)\n" }
        s += "\nSee 'iomaudit help <subcommand>' for its options."
        return s
    }

    public static func help(for name: String) -> String? {
        guard let c = subcommands.first(where: { $0.name == name }) else { return nil }
        return "USAGE: \(c.usage)\n\n\(c.summary.prefix(1).uppercased() + c.summary.dropFirst()).\n" + (c.details.isEmpty ? "" : "\n\(c.details)\n")
    }

    /// Runs one command line; returns the process exit code.
    public static func main(arguments: [String], stdout: (String) -> Void = { print($0) }) -> Int32 {
        // Outputs hold personal data: owner and group only.
        umask(0o027)
        Interruption.install()
        guard let sub = arguments.first else { stdout(overview); return ExitCode.usage.rawValue }
        let rest = Array(arguments.dropFirst())
        do {
            switch sub {
            case "--help", "-h":
                stdout(overview); return ExitCode.success.rawValue
            case "--version":
                stdout(IOMAuditVersion.current); return ExitCode.success.rawValue
            case "help":
                guard let name = rest.first else { stdout(overview); return ExitCode.success.rawValue }
                guard let text = help(for: name) else { throw UsageError(message: "no subcommand '\(name)'", command: nil) }
                stdout(text); return ExitCode.success.rawValue
            case _ where runner(sub) != nil:
                if rest.contains("--help") { stdout(help(for: sub)!); return ExitCode.success.rawValue }
                return try runner(sub)!(rest, stdout).rawValue
            default:
                throw UsageError(message: "unknown subcommand '\(sub)'", command: nil)
            }
        } catch let e as UsageError {
            printError("error: \(e.message)")
            printError(e.command.flatMap(help(for:)).map { "\n" + $0 } ?? "\nRun 'iomaudit --help' for the subcommands.")
            return ExitCode.usage.rawValue
        } catch let e as MappingError {
            printError("error: \(e)"); return ExitCode.configuration.rawValue
        } catch let e as PipelineError {
            printError("error: \(e)"); return ExitCode.configuration.rawValue
        } catch let e as ReferenceDataError {
            printError("error: \(e)"); return ExitCode.configuration.rawValue
        } catch {
            printError("error: \(error)"); return ExitCode.nothingPublished.rawValue
        }
    }

    static func printError(_ s: String) {
        RunLog.writeStandardError(s)
    }

    /// `--pipeline`, defaulting to the nightly pipeline in the current folder.
    static func pipeline(_ args: ParsedArguments) throws -> PipelineDefinition {
        try PipelineDefinition.load(path: pipelinePath(args))
    }

    /// --pipeline, else the IOMAUDIT_PIPELINE variable, else Pipelines/nightly.json in this folder.
    static func pipelinePath(_ args: ParsedArguments) -> String {
        args.options["pipeline"] ?? ProcessInfo.processInfo.environment["IOMAUDIT_PIPELINE"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPipeline
    }

    static let defaultPipeline = "Pipelines/nightly.json"

    static func log(_ args: ParsedArguments) throws -> RunLog {
        guard let f = args.options["log-format"] else { return RunLog() }
        guard let format = RunLog.Format(rawValue: f) else { throw UsageError(message: "--log-format must be text or json", command: nil) }
        return RunLog(format: format)
    }
}
