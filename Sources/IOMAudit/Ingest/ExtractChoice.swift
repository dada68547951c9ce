import Foundation

/// Which file in the input folder is a source's extract tonight, and why the others matching its pattern
/// are not read.
///
/// Only regular files are read (a FIFO or a device would hang the run; a symbolic link counts as what it
/// points to). Among them the latest date in the name (`YYYYMMDD`) wins; without dates in any name, the
/// newest modification time, if it is clearly newest. When two files share the deciding date or time (a
/// `_partial` or `_copy` beside the real extract) nothing is read: the source fails naming every candidate,
/// for a person to move the wrong one away.
public struct ExtractChoice: Sendable, Equatable {
    /// The file to read, or nil (none matched, or the choice was refused).
    public var file: String?
    /// Files matching the pattern that are not read, each with why.
    public var ignored: [String] = []
    /// Why nothing was read although files matched.
    public var refusal: String?

    /// Modification times closer than this do not tell two undated files apart.
    static let clearlyNewerSeconds = 60.0

    public static func choose(pattern: String, in directory: String) -> ExtractChoice {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { glob(pattern, matches: $0) }.sorted()
        var choice = ExtractChoice()
        struct Candidate { var name: String; var date: CalendarDate?; var modified: Double }
        var candidates: [Candidate] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            var st = stat()
            guard stat(path, &st) == 0 else {
                choice.ignored.append("\(name) (cannot be read: \(String(cString: strerror(errno))))")
                continue
            }
            guard st.st_mode & S_IFMT == S_IFREG else {
                choice.ignored.append("\(name) (not a regular file: \(ExtractChoice.kind(st.st_mode)))")
                continue
            }
            candidates.append(Candidate(name: name, date: ExtractGuard.dateInName(name),
                                        modified: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9))
        }
        guard !candidates.isEmpty else {
            if !names.isEmpty {
                choice.refusal = "no regular file matches \(pattern): " + choice.ignored.joined(separator: "; ")
            }
            return choice
        }
        let dated = candidates.filter { $0.date != nil }
        let pick: Candidate
        if !dated.isEmpty {
            let latest = dated.map { $0.date! }.max()!
            let top = dated.filter { $0.date == latest }
            guard top.count == 1 else {
                choice.refusal = "\(top.count) files matching \(pattern) are dated \(latest.iso): " + top.map(\.name).joined(separator: ", ")
                    + "; move all but tonight's extract out of the input folder"
                return choice
            }
            pick = top[0]
            for c in candidates where c.name != pick.name {
                choice.ignored.append(c.name + (c.date.map { " (dated \($0.iso); the file read is dated \(latest.iso))" }
                                                ?? " (no date in its name; the file read is dated \(latest.iso))"))
            }
        } else {
            let ordered = candidates.sorted { $0.modified > $1.modified }
            if ordered.count > 1, ordered[0].modified - ordered[1].modified < ExtractChoice.clearlyNewerSeconds {
                choice.refusal = "\(ordered.count) files match \(pattern), none with a date in its name, and \(ordered[0].name) and "
                    + "\(ordered[1].name) were modified within a minute of each other: move all but tonight's extract out of the input folder"
                return choice
            }
            pick = ordered[0]
            for c in ordered.dropFirst() { choice.ignored.append("\(c.name) (modified earlier than \(pick.name); no dates in the names)") }
        }
        choice.file = (directory as NSString).appendingPathComponent(pick.name)
        return choice
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a named pipe"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFDIR: return "a folder"
        case S_IFSOCK: return "a socket"
        default: return "not a plain file"
        }
    }
}
