import Foundation

/// Publishing a finished run, with the history's transaction as the one commit point.
///
/// Before it, everything that can fail is done or checked: the run is built and synced in a private
/// folder; `current` must be a link or absent; the history's write lock is taken and its rows written;
/// the folder is moved beside its final place as `runs/.pending-RUN@ATTEMPT`. The history then commits
/// the run with its attempt id. After the commit, the rest only carries out what the history already
/// says (an earlier run of the same date moved aside, the pending folder renamed into place, `current`
/// switched), and `recover` carries it out at the next start if the process dies part-way. A pending
/// folder the history does not name never committed and is removed, so a failure anywhere leaves the
/// published runs, `current` and the history as they were, or all three moved on together.
struct Publication {
    let out: String
    let runID: String
    let attempt: String

    var runs: String { (out as NSString).appendingPathComponent("runs") }
    var final: String { (runs as NSString).appendingPathComponent(runID) }
    var pending: String { Publication.pending(runs: runs, runID: runID, attempt: attempt) }

    /// Where a run waits for the history's commit: hidden, like the private folder it was built in.
    static func pending(runs: String, runID: String, attempt: String) -> String {
        (runs as NSString).appendingPathComponent(".pending-" + runID + "@" + attempt)
    }
    var current: String { (out as NSString).appendingPathComponent("current") }

    /// A fresh attempt id: the run, the moment and the process (unique on the machine).
    static func attemptID() -> String {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return "\(t.tv_sec)\(String(format: "%09d", t.tv_nsec))-\(getpid())"
    }

    /// The new `current` link, made before the commit point so that switching after it is a rename
    /// (which needs no room on a full disk).
    var newCurrent: String { current + ".new-\(getpid())" }

    /// Refuses, before the commit point, what would stop publication after it, and makes the link that
    /// `current` becomes: to `latest`, the run the history's latest will be once this run is in it.
    func check(latest: String) throws {
        var st = stat()
        if lstat(current, &st) == 0 && (st.st_mode & S_IFMT) != S_IFLNK {
            throw IngestError(file: current, line: nil, field: nil,
                              message: "is not the link iomaudit keeps to the latest run (a folder or file is in its place): move it away and run again")
        }
        unlink(newCurrent)
        guard symlink("runs/" + latest, newCurrent) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(newCurrent)
            throw IngestError(file: newCurrent, line: nil, field: nil, message: "cannot make the link that current becomes: \(why)")
        }
    }

    /// Inside the history transaction, before it commits: the built run beside its final place.
    func stage(_ building: String) throws {
        try FaultInjection.point("stage-run", file: pending)
        guard rename(building, pending) == 0 else {
            throw IngestError(file: pending, line: nil, field: nil, message: "cannot move the built run into runs/: \(String(cString: strerror(errno)))")
        }
    }

    /// The history did not commit: the staged run and the new link go.
    func unstage() {
        try? FileManager.default.removeItem(atPath: pending)
        unlink(newCurrent)
    }

    /// After the commit point: the run in place (and the later runs a backfill restated), and `current`
    /// switched to the link `check` made.
    func complete(restated: [String] = []) throws {
        try Publication.moveIn(runs: runs, runID: runID, attempt: attempt)
        for later in restated { try Publication.moveIn(runs: runs, runID: later, attempt: attempt) }
        try FaultInjection.point("switch-current", file: current)
        guard rename(newCurrent, current) == 0 else {
            throw IngestError(file: current, line: nil, field: nil, message: "cannot switch current: \(String(cString: strerror(errno)))")
        }
    }

    /// `runs/.pending-RUN@ATTEMPT` renamed to `runs/RUN`, the run it replaces moved aside first and then removed.
    static func moveIn(runs: String, runID: String, attempt: String) throws {
        let fm = FileManager.default
        let final = (runs as NSString).appendingPathComponent(runID), pending = Publication.pending(runs: runs, runID: runID, attempt: attempt)
        guard fm.fileExists(atPath: pending) else { return }
        let old = final + ".old-" + attempt
        if fm.fileExists(atPath: final) {
            try FaultInjection.point("move-aside", file: final)
            guard rename(final, old) == 0 else {
                throw IngestError(file: final, line: nil, field: nil, message: "cannot move the replaced run aside: \(String(cString: strerror(errno)))")
            }
        }
        try FaultInjection.point("move-in", file: final)
        guard rename(pending, final) == 0 else {
            throw IngestError(file: final, line: nil, field: nil, message: "cannot move the run into place: \(String(cString: strerror(errno)))")
        }
        try? fm.removeItem(atPath: old)
    }

    /// Points `current` at `runs/RUN` with an atomic rename of a fresh link.
    static func switchCurrent(_ current: String, to runID: String) throws {
        let link = current + ".new-\(getpid())"
        unlink(link)
        guard symlink("runs/" + runID, link) == 0, rename(link, current) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(link)
            throw IngestError(file: current, line: nil, field: nil, message: "cannot switch current: \(why)")
        }
    }

    /// At start, under the run lock: what a run killed or failed part-way left is completed if the
    /// history committed it and undone if not; `current` is put back on the latest run the history holds.
    static func recover(out: String, history: FindingHistory, log: RunLog) throws {
        let fm = FileManager.default
        let runs = (out as NSString).appendingPathComponent("runs")
        let committed = try history.attempts()
        let names = ((try? fm.contentsOfDirectory(atPath: runs)) ?? []).sorted()
        for name in names {
            let path = (runs as NSString).appendingPathComponent(name)
            // The lock on the folder keeps a live run's folders safe; never touch one whose process still
            // lives all the same (its pid ends the name).
            if name.hasPrefix("."), let pid = Int32(name.split(separator: "-").last ?? ""), pid != getpid(),
               kill(pid, 0) == 0 || errno == EPERM { continue }
            if name.hasPrefix(".building-") {
                try? fm.removeItem(atPath: path)
            } else if name.hasPrefix(".pending-"), let at = name.firstIndex(of: "@") {
                let run = String(name[name.index(name.startIndex, offsetBy: 9)..<at]), attempt = String(name[name.index(after: at)...])
                if committed[run] == .some(attempt) {
                    try moveIn(runs: runs, runID: run, attempt: attempt)
                    log.info("run", "completed the publication of a run the history committed", ["run": run])
                } else {
                    try? fm.removeItem(atPath: path)
                    log.info("run", "removed a run that was never committed to the history", ["run": run])
                }
            }
        }
        for name in ((try? fm.contentsOfDirectory(atPath: runs)) ?? []).sorted() {
            guard let r = name.range(of: ".old-") else { continue }
            let path = (runs as NSString).appendingPathComponent(name)
            let original = (runs as NSString).appendingPathComponent(String(name[..<r.lowerBound]))
            if fm.fileExists(atPath: original) { try? fm.removeItem(atPath: path) } else { try? fm.moveItem(atPath: path, toPath: original) }
        }
        for name in (try? fm.contentsOfDirectory(atPath: out)) ?? [] where name.hasPrefix("current.new-") {
            unlink((out as NSString).appendingPathComponent(name))
        }
        let current = (out as NSString).appendingPathComponent("current")
        if let latest = try history.latestRunID(), fm.fileExists(atPath: (runs as NSString).appendingPathComponent(latest)) {
            var st = stat()
            let isLink = lstat(current, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
            let absent = lstat(current, &st) != 0
            if absent || (isLink && (try? fm.destinationOfSymbolicLink(atPath: current)) != "runs/" + latest) {
                try switchCurrent(current, to: latest)
                log.info("run", "current put back on the latest run the history holds", ["run": latest])
            }
        }
    }
}
